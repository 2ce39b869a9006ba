"""One transfer of a creator's money, and the ledger entries staff read."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.transitions import ANY_SIDE, StatusMachine
from earnings.models.methods import PayoutMethod
from earnings.models.statements import Statement
from payments.models import LedgerEntry

# The ledger entry of a payout the bank sent back after it was paid: the money
# goes from "paid out" back to the creator's earnings.
PAYOUT_REVERSED = LedgerEntry.Kind.PAYOUT_REVERSED


class Payout(StatusMachine, models.Model):
    """One transfer of a creator's available money to their payout method.

    Processing until the provider says where it ended: paid or failed; a paid
    payout the bank sends back is reversed. Only the provider's answers move
    it (``earnings.payouts.book``)."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        # Paid, then sent back by the bank or e-wallet: the money is the
        # creator's available money again.
        REVERSED = "reversed", _("Returned by the bank")

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

        INSUFFICIENT_BALANCE = (
            "insufficient_balance",
            _(
                "We could not send this payout on our side. Nothing is wrong with your "
                "payout method; the money goes out with your next payout."
            ),
        )
        TRANSFER_ERROR = (
            "transfer_error",
            _(
                "The bank or e-wallet could not take the transfer at the time. Nothing "
                "needs to change; the money goes out with your next payout."
            ),
        )
        CANCELLED = (
            "cancelled",
            _("The transfer was cancelled before it reached your account."),
        )

    TRANSITIONS = {
        Status.PROCESSING: {Status.PAID: ANY_SIDE, Status.FAILED: ANY_SIDE},
        Status.PAID: {Status.REVERSED: ANY_SIDE},
        Status.FAILED: {},
        Status.REVERSED: {},
    }

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


class PayoutNotification(models.Model):
    """A payout notification as it reached us, and what became of it: the
    record staff read when a creator asks about a payout, or when a forged or
    odd notification arrives. Kept whatever the outcome."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Nothing new (duplicate, late or out of order)")
        FORGED = "forged", _("Forged (wrong token)")
        UNKNOWN = "unknown", _("Unknown payout")
        MISMATCH = "mismatch", _("Does not match the payout")
        DEFERRED = "deferred", _("Deferred (status check failed; the provider retries)")

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    gateway_id = models.CharField(_("provider's payout id"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    claimed_status = models.CharField(_("claimed status"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    payout = models.ForeignKey(
        Payout,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("payout"),
    )

    class Meta:
        verbose_name = _("payout notification")
        verbose_name_plural = _("payout notifications")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.gateway_id or '?'} {self.claimed_status} ({self.outcome})"


class CreatorLedgerEntry(LedgerEntry):
    """The ledger's entries that concern a creator, for staff to read in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("creator ledger entry")
        verbose_name_plural = _("creator ledger entries")
