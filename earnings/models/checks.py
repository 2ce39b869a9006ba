"""What stands between a creator and their payouts: tax details, staff's
identity check and payout freezes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TaxDetails(models.Model):
    """The creator's NPWP (Indonesian taxpayer number), needed before payouts
    once their gross earnings in a year exceed ``EARNINGS_NPWP_REQUIRED_ABOVE``."""

    creator = models.OneToOneField(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="tax_details",
        verbose_name=_("creator"),
    )
    npwp = models.CharField(_("NPWP"), max_length=16)
    name = models.CharField(_("name on the NPWP"), max_length=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("tax details")
        verbose_name_plural = _("tax details")
        constraints = [
            models.CheckConstraint(
                condition=Q(npwp__regex=r"^[0-9]{15,16}$"), name="tax_details_npwp_digits"
            ),
        ]

    def __str__(self):
        return f"{self.creator_id}: ••••{self.npwp[-4:]}"

    @property
    def masked(self):
        return f"••••{self.npwp[-4:]}"


class IdentityCheck(models.Model):
    """Staff have checked who the creator is (an ID document matching the name
    payouts go to). Only staff record it, in the admin."""

    creator = models.OneToOneField(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="identity_check",
        verbose_name=_("creator"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.creator_id} ({self.checked_at:%Y-%m-%d})"


class PayoutFreeze(models.Model):
    """Staff stop a creator's payouts, with a reason, until they lift it. Lifted
    freezes stay as the record of who froze and who lifted, and when."""

    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="payout_freezes",
        verbose_name=_("creator"),
    )
    reason = models.TextField(_("reason"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout freeze")
        verbose_name_plural = _("payout freezes")
        ordering = ["-frozen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator"],
                condition=Q(lifted_at__isnull=True),
                name="payout_freeze_one_active_per_creator",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True, lifted_by__isnull=True)
                | Q(lifted_at__isnull=False, lifted_by__isnull=False),
                name="payout_freeze_lifted_by_someone",
            ),
        ]

    def __str__(self):
        return f"{self.creator_id} ({self.frozen_at:%Y-%m-%d})"

    @property
    def is_active(self):
        return self.lifted_at is None
