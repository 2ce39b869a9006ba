from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Business(models.Model):
    """A small business (UMKM) on the portal; several users may share one."""

    name = models.CharField(_("business name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="BusinessMembership",
        related_name="businesses",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BusinessMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("business")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="business_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("business membership")
        verbose_name_plural = _("business memberships")
        constraints = [
            models.UniqueConstraint(fields=["business", "user"], name="unique_business_member"),
        ]

    def __str__(self):
        return f"{self.user} — {self.business} ({self.get_role_display()})"
