"""The episodes of a Series and their limits."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from series.models.catalogue import Series
from series.storage import episode_storage, episode_upload_path

MAX_EPISODES = 80
MIN_EPISODE_MILLISECONDS = 30 * 1000
MAX_EPISODE_MILLISECONDS = 20 * 60 * 1000


class Episode(models.Model):
    """One video of a Series. Its file lives in private storage and is served
    only through ``series.views.watching.episode_file``; its duration was read from the file."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="episodes", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=120)
    position = models.PositiveSmallIntegerField(_("number"))
    video = models.FileField(
        _("video file"), storage=episode_storage, upload_to=episode_upload_path, max_length=200
    )
    duration_ms = models.PositiveIntegerField(_("duration (milliseconds)"))
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"))
    is_free_preview = models.BooleanField(
        _("free preview"),
        default=False,
        help_text=_("Anyone can watch a free preview, without buying the Series."),
    )
    # Set when staff approve the Series or the changes that added the episode;
    # buyers and visitors see approved episodes only.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Set by the one task run that emails buyers about this new episode.
    buyers_notified_at = models.DateTimeField(_("buyers told"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")
        ordering = ["series", "position"]
        constraints = [
            # Checked per statement, not per row, so one UPDATE can swap numbers
            # (PostgreSQL; SQLite has no deferrable constraints and relies on the lock).
            models.UniqueConstraint(
                fields=["series", "position"],
                name="episode_unique_position",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            # With the unique number, this caps a Series at MAX_EPISODES episodes.
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_EPISODES),
                name="episode_position_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(
                    duration_ms__gte=MIN_EPISODE_MILLISECONDS,
                    duration_ms__lte=MAX_EPISODE_MILLISECONDS,
                ),
                name="episode_duration_within_limits",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def duration_seconds(self):
        return self.duration_ms // 1000
