"""Where each viewer stopped in each episode."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from series.models.episodes import Episode


class EpisodeProgress(models.Model):
    """How far ``user`` watched ``episode``: the second they stopped at (the
    watch page starts there next time) and whether they watched it to the end
    (it stays finished if they watch it again). Written by the player every few
    seconds through ``services.progress.save_progress``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="episode_progress",
        verbose_name=_("viewer"),
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="progress", verbose_name=_("episode")
    )
    position_seconds = models.PositiveIntegerField(_("stopped at (seconds)"), default=0)
    finished = models.BooleanField(_("watched to the end"), default=False)
    updated_at = models.DateTimeField(_("last watched"), auto_now=True)

    class Meta:
        verbose_name = _("episode progress")
        verbose_name_plural = _("episode progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "episode"], name="progress_one_per_episode"),
            models.CheckConstraint(
                condition=Q(position_seconds__lte=20 * 60), name="progress_within_an_episode"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.episode} · {self.position_seconds}s"
