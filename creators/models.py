from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CreatorProfile(models.Model):
    """A creator's public identity on the portal; one per creator account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="creator_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=80)
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_(
            "Letters, numbers, hyphens and underscores; used in your public profile address."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("creator profile")
        verbose_name_plural = _("creator profiles")
        ordering = ["display_name"]

    def __str__(self):
        return f"{self.display_name} (@{self.handle})"
