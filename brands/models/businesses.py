"""Businesses, their members and invitations."""

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creators.models import Province

nib_validator = RegexValidator(
    r"^[0-9]{13}$", _("A business registration number (NIB) has exactly 13 digits.")
)


class Business(models.Model):
    """A small business (UMKM) on the portal; several users may share one."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        FASHION = "fashion", _("Fashion")
        BEAUTY = "beauty", _("Beauty and personal care")
        CRAFTS = "crafts", _("Crafts and home")
        ELECTRONICS = "electronics", _("Electronics and gadgets")
        SERVICES = "services", _("Services")
        TRAVEL = "travel", _("Travel and hospitality")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other")

    class Size(models.TextChoices):
        # Indonesian UMKM classes (PP 7/2021), by yearly sales.
        MICRO = "micro", _("Micro (yearly sales up to Rp 2 billion)")
        SMALL = "small", _("Small (yearly sales Rp 2–15 billion)")
        MEDIUM = "medium", _("Medium (yearly sales Rp 15–50 billion)")

    name = models.CharField(_("business name"), max_length=120)
    logo = models.ImageField(_("logo"), upload_to="brands/logos/", blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    size = models.CharField(_("business size"), max_length=10, choices=Size.choices, blank=True)
    nib = models.CharField(
        _("business registration number (NIB)"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[nib_validator],
        help_text=_("Optional. The 13-digit Nomor Induk Berusaha from OSS."),
    )
    website = models.URLField(_("website or marketplace shop link"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(nib__isnull=True) | Q(nib__regex=r"^[0-9]{13}$"),
                name="business_nib_is_13_digits",
            ),
        ]
        indexes = [models.Index(fields=["city"]), models.Index(fields=["size"])]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verified_at is not None


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


def new_invitation_token():
    return secrets.token_urlsafe(32)


class BusinessInvitation(models.Model):
    """An owner's invitation for someone to join the business, sent by email."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("business")
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=BusinessMembership.Role.choices,
        default=BusinessMembership.Role.MEMBER,
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
        ]

    def __str__(self):
        return self.email
