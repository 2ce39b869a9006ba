"""Fans follow creators and hear about their new episodes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from creators.models import CreatorProfile
from series.models import Episode


class Follow(models.Model):
    """``fan`` follows ``creator``: new episodes of the creator's Series show on
    the fan's home and, for Series the fan does not own, come by email."""

    fan = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("fan"),
    )
    creator = models.ForeignKey(
        CreatorProfile,
        on_delete=models.CASCADE,
        related_name="followers",
        verbose_name=_("creator"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fan", "creator"], name="follow_once"),
        ]
        indexes = [models.Index(fields=["creator", "fan"])]

    def __str__(self):
        return f"{self.fan} → {self.creator}"


class EpisodeAnnouncement(models.Model):
    """Followers were emailed about ``episode`` (once: the task that emails
    them writes this row first, under a lock)."""

    episode = models.OneToOneField(
        Episode,
        on_delete=models.CASCADE,
        related_name="announcement",
        verbose_name=_("episode"),
    )
    followers_emailed = models.PositiveIntegerField(_("followers emailed"), default=0)
    created_at = models.DateTimeField(_("announced"), auto_now_add=True)

    class Meta:
        verbose_name = _("episode announcement")
        verbose_name_plural = _("episode announcements")

    def __str__(self):
        return str(self.episode)
