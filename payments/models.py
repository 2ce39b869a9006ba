import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.transitions import ANY_SIDE, StatusMachine


class Payment(StatusMachine, models.Model):
    """One payment asked of a user through a payment provider.

    ``purpose`` and ``purpose_reference`` say what the money is for in terms the
    paying app understands (``"business_top_up"``, a business id); this app does
    not interpret them. Its status moves only as the gateway confirms (see
    ``payments.notifications``) or as staff refund it (``services.refund_payment``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")
        REVERSED = "reversed", _("Reversed (chargeback)")

    class Method(models.TextChoices):
        QRIS = "qris", _("QRIS")
        EWALLET = "ewallet", _("E-wallet")
        VIRTUAL_ACCOUNT = "virtual_account", _("Bank virtual account")
        CARD = "card", _("Card")
        OTHER = "other", _("Other")

    TRANSITIONS = {
        Status.PENDING: {
            Status.PAID: ANY_SIDE,
            Status.DECLINED: ANY_SIDE,
            Status.EXPIRED: ANY_SIDE,
        },
        Status.PAID: {
            Status.REFUNDED: ANY_SIDE,
            Status.PARTIALLY_REFUNDED: ANY_SIDE,
            Status.REVERSED: ANY_SIDE,
        },
        Status.PARTIALLY_REFUNDED: {
            Status.REFUNDED: ANY_SIDE,
            Status.PARTIALLY_REFUNDED: ANY_SIDE,
            Status.REVERSED: ANY_SIDE,
            Status.PAID: ANY_SIDE,
        },
        Status.DECLINED: {},
        Status.EXPIRED: {},
        # A gateway refund that fails afterwards gives the refunded amount back
        # to the payment (``payments.notifications.apply_refund_status``).
        Status.REFUNDED: {
            Status.PAID: ANY_SIDE,
            Status.PARTIALLY_REFUNDED: ANY_SIDE,
        },
        Status.REVERSED: {},
    }
    # Statuses in which the money was received (and may be refunded).
    RECEIVED = {Status.PAID, Status.PARTIALLY_REFUNDED}

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, unique=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("payer"),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    fee = models.DecimalField(
        _("provider's fee"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_(
            "What the gateway kept of the amount, from its transactions report "
            "(0 until known; daily reconciliation checks it)."
        ),
    )
    currency = models.CharField(_("currency"), max_length=3)
    description = models.CharField(_("description"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=50)
    purpose_reference = models.CharField(_("purpose reference"), max_length=50)
    provider = models.CharField(_("provider"), max_length=50)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    return_url = models.CharField(_("return address"), max_length=300)
    gateway_reference = models.CharField(
        _("gateway reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The gateway's id of the checkout (Xendit's invoice id)."),
    )
    checkout_url = models.URLField(_("checkout address"), max_length=500, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, blank=True)
    channel = models.CharField(
        _("channel"), max_length=40, blank=True, help_text=_("e.g. OVO, BCA, DANA.")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=14, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(fee__gte=0, fee__lte=F("amount")), name="payment_fee_within_amount"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", completed_at__isnull=True)
                | (~Q(status="pending") & Q(completed_at__isnull=False)),
                name="payment_completed_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0, refunded_amount__lte=F("amount")),
                name="payment_refunds_within_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["purpose", "purpose_reference"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.get_status_display()})"

    @property
    def refundable(self):
        """What may still be refunded."""
        return self.amount - self.refunded_amount if self.status in self.RECEIVED else Decimal(0)


class PaymentNotification(models.Model):
    """One notification received from the gateway, whatever became of it: the
    log staff search when a payer says they paid (admin, filter by outcome)."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        REFUND = "refund", _("Refund")

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Duplicate (already applied)")
        FORGED = "forged", _("Forged (bad token)")
        UNKNOWN = "unknown", _("Unknown payment")
        MISMATCH = "mismatch", _("Amount differs")
        DEFERRED = "deferred", _("Deferred (gateway unreachable)")
        IGNORED = "ignored", _("Ignored (late or out of order)")

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    gateway_id = models.CharField(_("gateway object"), max_length=100, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True, db_index=True)
    claimed_status = models.CharField(_("claimed status"), max_length=30, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    remote_addr = models.CharField(_("from address"), max_length=45, blank=True)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("payment"),
    )

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.gateway_id or self.external_id} ({self.outcome})"


class PaymentRefund(models.Model):
    """Money given back to the payer, by the gateway or (when the channel cannot
    refund, e.g. a virtual account) by staff through a bank transfer."""

    class Method(models.TextChoices):
        GATEWAY = "gateway", _("Through the gateway")
        MANUAL = "manual", _("Manual (bank transfer by staff)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        TO_PAY = "to_pay", _("To pay by bank transfer")

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=30)
    note = models.CharField(_("note"), max_length=300, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_positive"),
        ]

    def __str__(self):
        return f"{self.amount} ({self.get_status_display()})"


class SandboxInvoice(models.Model):
    """The sandbox gateway's own side of a checkout (what Xendit keeps for an
    invoice): the sandbox's status call reads it, its checkout page changes it."""

    payment = models.OneToOneField(
        Payment, on_delete=models.CASCADE, related_name="sandbox_invoice", verbose_name=_("payment")
    )
    status = models.CharField(_("status"), max_length=10, default="PENDING")
    method = models.CharField(_("method"), max_length=20, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("sandbox invoice")
        verbose_name_plural = _("sandbox invoices")

    def __str__(self):
        return f"{self.payment_id} {self.status}"


# --- The ledger ------------------------------------------------------------------
#
# One append-only, double-entry ledger for every rupiah (or dollar) that moves
# between businesses, creators and the platform. An entry is one movement; its
# lines move amounts between accounts and always sum to zero. Balances are sums
# of lines, never stored. ``payments.ledger`` is the only code that writes here.


def _owner(model, related_name, verbose_name):
    """A link from an account or an entry to whom it concerns (optional)."""
    return models.ForeignKey(
        model,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Account(models.Model):
    """Where money sits. An account belongs to a business, a campaign, a
    collaboration or a creator, or to the platform; ``key`` names it uniquely.

    The outside world (payers, the credit programme, banks paid out to) is kept as
    accounts too, so that every entry balances: those are the ``EXTERNAL`` kinds
    and go negative as money comes in from outside.
    """

    class Kind(models.TextChoices):
        BUSINESS_BALANCE = "business_balance", _("Business paid balance")
        BUSINESS_CREDIT = "business_credit", _("Business credit")
        CAMPAIGN_RESERVE = "campaign_reserve", _("Campaign reserve")
        COLLABORATION_HOLD = "collaboration_hold", _("Collaboration hold")
        CREATOR_EARNINGS = "creator_earnings", _("Creator earnings")
        PAYOUTS = "payouts", _("Payouts on their way")
        PLATFORM_FEES = "platform_fees", _("Platform fees")
        PAYMENT_FEES = "payment_fees", _("Payment provider fees")
        REFUNDS_DUE = "refunds_due", _("Refunds due to buyers")
        MONEY_IN = "money_in", _("Money received from payers")
        MONEY_OUT = "money_out", _("Money paid out")
        CREDIT_PROGRAMME = "credit_programme", _("Back to Business programme")

    class Pool(models.TextChoices):
        BALANCE = "balance", _("Paid balance")
        CREDIT = "credit", _("Back to Business credit")

    # Kinds that stand for the outside world and so may go below zero. Every other
    # account holds money the platform looks after and never goes below zero
    # (``payments.ledger.check_ledger`` says so when one does).
    EXTERNAL = {Kind.MONEY_IN, Kind.MONEY_OUT, Kind.CREDIT_PROGRAMME}
    # Creator earnings may go below zero when a Series sale is refunded after the
    # money was paid out: the creator then owes it from later earnings. The
    # platform's fees are the platform's own result: they pay the gateway's fee
    # of a refunded sale (Xendit keeps it), so on a day of refunds and few sales
    # they may show a loss.
    MAY_GO_NEGATIVE = EXTERNAL | {Kind.CREATOR_EARNINGS, Kind.PLATFORM_FEES}

    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # For a campaign reserve or a collaboration hold: the business's pool the
    # money came from, and goes back to.
    pool = models.CharField(_("pool"), max_length=10, choices=Pool.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    business = _owner("brands.Business", "accounts", _("business"))
    campaign = _owner("brands.Campaign", "accounts", _("campaign"))
    collaboration = _owner("collaborations.Collaboration", "accounts", _("collaboration"))
    creator = _owner("creators.CreatorProfile", "accounts", _("creator"))

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["key"]
        indexes = [
            models.Index(fields=["business", "kind"]),
            models.Index(fields=["creator", "kind"]),
        ]

    def __str__(self):
        return self.key


class LedgerEntry(models.Model):
    """One movement of money: its lines (``LedgerLine``) sum to zero.

    Append-only: entries are never changed or deleted. The owner fields (business,
    campaign, collaboration, creator) say whom the movement concerns, for the
    pages that list them; ``reference``, when set, makes a movement happen once
    (the database refuses a second entry with it).
    """

    class Kind(models.TextChoices):
        GRANT = "grant", _("Credit granted")
        MATCH = "match", _("Top-up matched with credit")
        TOP_UP = "top_up", _("Top-up")
        RESERVE = "reserve", _("Reserved for a campaign")
        RELEASE = "release", _("Released from a campaign")
        SPEND = "spend", _("Spent")
        EXPIRE = "expire", _("Credit expired")
        HOLD = "hold", _("Fee held for a collaboration")
        RETURN = "return", _("Held fee returned")
        PAY = "pay", _("Fee paid to the creator")
        SALE = "sale", _("Series sale")
        REFUND = "refund", _("Series sale refunded")
        PAYOUT = "payout", _("Payout sent")
        PAYOUT_PAID = "payout_paid", _("Payout received by the bank")
        PAYOUT_FAILED = "payout_failed", _("Payout failed and returned")
        PAYOUT_REVERSED = "payout_reversed", _("Payout returned by the bank")
        PARTIAL_REFUND = "partial_refund", _("Series sale partly refunded")
        TOP_UP_REFUND = "top_up_refund", _("Top-up refunded")
        REFUND_FAILED = "refund_failed", _("Refund failed at the gateway and undone")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    business = _owner("brands.Business", "ledger", _("business"))
    campaign = _owner("brands.Campaign", "ledger", _("campaign"))
    collaboration = _owner("collaborations.Collaboration", "ledger", _("collaboration"))
    creator = _owner("creators.CreatorProfile", "ledger", _("creator"))
    payment_reference = models.CharField(_("payment"), max_length=50, blank=True)
    expires_at = models.DateTimeField(_("credit expires"), null=True, blank=True)
    is_welcome = models.BooleanField(_("welcome credit"), default=False)
    nib = models.CharField(_("NIB at the time"), max_length=13, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="ledger_one_entry_per_reference",
            ),
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(is_welcome=True),
                name="ledger_one_welcome_credit_per_business",
            ),
            models.UniqueConstraint(
                fields=["nib"],
                condition=Q(is_welcome=True) & ~Q(nib=""),
                name="ledger_one_welcome_credit_per_nib",
            ),
            models.UniqueConstraint(
                fields=["payment_reference", "kind"],
                condition=~Q(payment_reference=""),
                name="ledger_one_entry_of_a_kind_per_payment",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "kind"]),
            models.Index(fields=["creator", "kind", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Ledger entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger entries cannot be deleted."))

    def amount_on(self, kind):
        """What this entry moved into accounts of ``kind`` (below zero: out of them)."""
        return sum(
            (line.amount for line in self.lines.all() if line.account.kind == kind),
            Decimal("0.00"),
        )


class LedgerLine(models.Model):
    """One side of an entry: ``amount`` added to (or, below zero, taken from) ``account``."""

    entry = models.ForeignKey(
        LedgerEntry, on_delete=models.PROTECT, related_name="lines", verbose_name=_("entry")
    )
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="lines", verbose_name=_("account")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")
        ordering = ["entry_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_line_not_zero"),
        ]
        indexes = [models.Index(fields=["account", "entry"])]

    def __str__(self):
        return f"{self.account} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Ledger lines cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ledger lines cannot be deleted."))


class LedgerCheck(models.Model):
    """The result of one run of the ledger check (``payments.ledger.check_ledger``)."""

    started_at = models.DateTimeField(_("started"))
    seconds = models.DecimalField(_("took (seconds)"), max_digits=10, decimal_places=3)
    entries = models.PositiveBigIntegerField(_("entries checked"))
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # The last daily reconciliation with the gateway when this check ran (its
    # day, outcome, open differences and admin address), for staff reading
    # the two together; empty for checks run by hand.
    reconciliation = models.JSONField(_("last reconciliation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ledger check")
        verbose_name_plural = _("ledger checks")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}"

    @property
    def passed(self):
        return not self.problems
