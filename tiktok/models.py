from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiktok.fields import EncryptedTextField


class LinkedAccount(models.Model):
    """A creator's TikTok account linked to their portal account (separate from
    signing in). One TikTok account links to one portal account at a time; a
    disconnected or broken link keeps its history and the figures read through it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Connected")
        BROKEN = "broken", _("Needs reconnecting")
        DISCONNECTED = "disconnected", _("Disconnected")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tiktok_account",
        verbose_name=_("user"),
    )
    open_id = models.CharField(_("TikTok open id"), max_length=100)
    display_name = models.CharField(_("TikTok name"), max_length=150, blank=True)
    username = models.CharField(_("TikTok username"), max_length=100, blank=True)
    avatar_url = models.URLField(_("avatar"), max_length=1000, blank=True)
    scopes = models.CharField(_("granted scopes"), max_length=300, blank=True)
    access_token = EncryptedTextField(_("access token"), blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    access_expires_at = models.DateTimeField(_("access token expires"), null=True, blank=True)
    refresh_expires_at = models.DateTimeField(_("refresh token expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    broken_reason = models.CharField(_("why it broke"), max_length=200, blank=True)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)
    tokens_refreshed_at = models.DateTimeField(_("tokens refreshed"), null=True, blank=True)
    figures_synced_at = models.DateTimeField(_("figures read"), null=True, blank=True)
    disconnected_at = models.DateTimeField(_("disconnected"), null=True, blank=True)
    disconnected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disconnected by"),
    )

    class Meta:
        verbose_name = _("linked TikTok account")
        verbose_name_plural = _("linked TikTok accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["open_id"],
                condition=~Q(status="disconnected"),
                name="tiktok_account_links_to_one_user",
                violation_error_message=_("This TikTok account is linked to another creator."),
            ),
        ]
        indexes = [models.Index(fields=["status", "access_expires_at"])]

    def __str__(self):
        return self.username or self.display_name or self.open_id

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE
