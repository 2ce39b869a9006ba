"""A creator's figures day by day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from creators.models.profiles import CreatorProfile, FigureSource


class FigureSnapshot(models.Model):
    """A creator's figures as they were on one day, from one source.

    One row per creator, day and source: a later update the same day replaces
    that day's row, so a platform sync can upsert into the same table.
    """

    Source = FigureSource

    profile = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="figure_snapshots",
        verbose_name=_("creator"),
    )
    recorded_on = models.DateField(_("recorded on"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    follower_count = models.PositiveIntegerField(_("followers"))
    public_video_count = models.PositiveIntegerField(_("public videos in the last 30 days"))
    views_last_30_days = models.PositiveBigIntegerField(_("video views in the last 30 days"))
    # Read from TikTok only: empty for figures typed in or imported.
    likes_count = models.PositiveBigIntegerField(_("likes (all time)"), null=True, blank=True)
    videos_counted = models.PositiveIntegerField(
        _("videos counted"),
        null=True,
        blank=True,
        help_text=_("The public videos read from TikTok that the views and engagement sum up."),
    )
    engagement_rate = models.DecimalField(
        _("engagement rate (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    method = models.TextField(
        _("how the figures were worked out"),
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        ordering = ["-recorded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "recorded_on", "source"], name="figure_snapshot_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.profile_id} {self.recorded_on}: {self.follower_count}"
