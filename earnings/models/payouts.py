"""One transfer of a creator's money, and the ledger entries staff read."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from earnings.models.methods import PayoutMethod
from earnings.models.statements import Statement
from payments.models import LedgerEntry


class Payout(models.Model):
    """One transfer of a creator's available money to their payout method."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        ACCOUNT_NOT_FOUND = (
            "account_not_found",
            _(
                "The bank or e-wallet says this account does not exist. Check the account "
                "or phone number in your payout method."
            ),
        )
        NAME_MISMATCH = (
            "name_mismatch",
            _(
                "The name on the account does not match the account holder name you gave. "
                "Enter the name exactly as your bank or e-wallet shows it."
            ),
        )
        REJECTED = (
            "rejected",
            _(
                "The bank or e-wallet refused the transfer. Check your payout method, or "
                "add another one."
            ),
        )

    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("creator"),
    )
    statement = models.OneToOneField(
        Statement, on_delete=models.PROTECT, related_name="payout", verbose_name=_("statement")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    method = models.ForeignKey(
        PayoutMethod,
        on_delete=models.PROTECT,
        related_name="payouts",
        verbose_name=_("payout method"),
    )
    method_snapshot = models.JSONField(_("payout method at the time"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROCESSING
    )
    provider = models.CharField(_("provider"), max_length=50, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    failure_code = models.CharField(
        _("failure"), max_length=20, choices=Failure.choices, blank=True
    )
    failure_reason = models.CharField(_("provider's reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="processing", completed_at__isnull=True)
                | (~Q(status="processing") & Q(completed_at__isnull=False)),
                name="payout_completed_when_not_processing",
            ),
            models.CheckConstraint(
                condition=Q(status="failed") | Q(failure_code=""),
                name="payout_failure_only_when_failed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["creator", "created_at"]),
        ]

    def __str__(self):
        return f"{self.creator_id} {self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def reference(self):
        """The ledger reference of the entry that sent it, and the idempotency key
        the provider sees."""
        return f"payout:{self.pk}"

    @property
    def what_to_fix(self):
        return self.get_failure_code_display() if self.failure_code else ""


class CreatorLedgerEntry(LedgerEntry):
    """The ledger's entries that concern a creator, for staff to read in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("creator ledger entry")
        verbose_name_plural = _("creator ledger entries")
