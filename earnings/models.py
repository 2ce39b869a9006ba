"""A creator's payout details and the documents made from the ledger.

Balances are never stored here: ``payments.ledger`` holds every movement, and a
``Statement`` is a dated summary of it (made once a month, never changed). A
``Payout`` records one transfer to the creator; the money itself moves through
ledger entries that reference it (``payout:<id>``).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments.models import LedgerEntry

# Statements cover calendar months in Indonesian western time, whatever the
# server's zone: a sale at 23:30 WIB on the last day belongs to that month.
STATEMENT_TIME_ZONE = ZoneInfo("Asia/Jakarta")


class Bank(models.TextChoices):
    BCA = "bca", "BCA"
    BRI = "bri", "BRI"
    BNI = "bni", "BNI"
    MANDIRI = "mandiri", "Mandiri"
    CIMB_NIAGA = "cimb_niaga", "CIMB Niaga"
    BSI = "bsi", _("BSI (Bank Syariah Indonesia)")
    PERMATA = "permata", "Permata"
    DANAMON = "danamon", "Danamon"
    BTN = "btn", "BTN"
    OCBC_NISP = "ocbc_nisp", "OCBC NISP"
    JAGO = "jago", "Bank Jago"
    SEABANK = "seabank", "SeaBank"
    MAYBANK = "maybank", "Maybank Indonesia"
    PANIN = "panin", "Panin"
    BJB = "bjb", "bank bjb"
    MEGA = "mega", "Bank Mega"
    BLU = "blu", "blu by BCA Digital"


class Wallet(models.TextChoices):
    GOPAY = "gopay", "GoPay"
    OVO = "ovo", "OVO"
    DANA = "dana", "DANA"
    SHOPEEPAY = "shopeepay", "ShopeePay"
    LINKAJA = "linkaja", "LinkAja"


class PayoutMethodQuerySet(models.QuerySet):
    def waiting(self, now=None):
        """Current methods that payouts do not go to yet (``PayoutMethod.waiting``)."""
        return self.filter(is_current=True, usable_from__gt=now or timezone.now())


class PayoutMethod(models.Model):
    """Where a creator's payouts go: a bank account or an e-wallet. A creator
    has at most one current method; replaced ones are kept (``is_current`` off)
    so that past payouts can be traced."""

    class Kind(models.TextChoices):
        BANK = "bank", _("Bank account")
        WALLET = "wallet", _("E-wallet")

    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="payout_methods",
        verbose_name=_("creator"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    bank = models.CharField(_("bank"), max_length=20, choices=Bank.choices, blank=True)
    account_number = models.CharField(_("account number"), max_length=20, blank=True)
    account_holder = models.CharField(_("account holder name"), max_length=100, blank=True)
    wallet = models.CharField(_("e-wallet"), max_length=20, choices=Wallet.choices, blank=True)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    usable_from = models.DateTimeField(
        _("payouts go here from"),
        default=timezone.now,
        help_text=_(
            "Payouts go to this method from this time on. A method that replaces "
            "another waits EARNINGS_NEW_METHOD_WAIT_DAYS, so that its owner can stop "
            "a change they did not make."
        ),
    )

    objects = PayoutMethodQuerySet.as_manager()

    class Meta:
        verbose_name = _("payout method")
        verbose_name_plural = _("payout methods")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator"],
                condition=Q(is_current=True),
                name="payout_method_one_current_per_creator",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="bank")
                    & ~Q(bank="")
                    & Q(account_number__regex=r"^[0-9]{6,20}$")
                    & ~Q(account_holder="")
                    & Q(wallet="", phone="")
                )
                | (
                    Q(kind="wallet")
                    & ~Q(wallet="")
                    & Q(phone__regex=r"^\+628[0-9]{8,12}$")
                    & Q(bank="", account_number="", account_holder="")
                ),
                name="payout_method_complete_for_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.creator_id}: {self.masked}"

    @property
    def masked(self):
        """The method as shown back to its owner: only the last four digits."""
        if self.kind == self.Kind.BANK:
            return f"{self.get_bank_display()} ••••{self.account_number[-4:]}"
        return f"{self.get_wallet_display()} ••••{self.phone[-4:]}"

    def waiting(self, now=None):
        """Whether payouts must still wait before going to this method."""
        return self.usable_from > (now or timezone.now())

    def snapshot(self):
        """What a payout keeps of the method it was sent to."""
        return {
            "kind": self.kind,
            "bank": self.bank,
            "account_number": self.account_number,
            "account_holder": self.account_holder,
            "wallet": self.wallet,
            "phone": self.phone,
            "label": self.masked,
        }


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


class NoPayout(models.TextChoices):
    """Why a statement's available money was not paid out."""

    NOTHING_AVAILABLE = "nothing_available", _("There was nothing available to pay out.")
    BELOW_THRESHOLD = "below_threshold", _("Your available money is below the payout minimum.")
    NO_METHOD = "no_method", _("Add a bank account or e-wallet to be paid.")
    NO_IDENTITY_CHECK = "no_identity_check", _("Our team has not checked your identity yet.")
    FROZEN = "frozen", _("Your payouts are on hold; our team will contact you.")
    NEW_METHOD = (
        "new_method",
        _(
            "Your payout method had just been changed: for your safety, payouts go to "
            "a new method a few days after the change."
        ),
    )
    NEEDS_NPWP = (
        "needs_npwp",
        _("Your earnings this year are above the limit without an NPWP: add your tax details."),
    )


class Statement(models.Model):
    """One creator's month in one currency, made from the ledger.

    Movements are signed as they change the available money: refunds and
    payouts are zero or below. The database checks that they add up from the
    opening to the closing figure.
    """

    creator = models.ForeignKey(
        "creators.CreatorProfile",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=_("creator"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    currency = models.CharField(_("currency"), max_length=3)
    opening_available = models.DecimalField(
        _("available at the start"), max_digits=14, decimal_places=2
    )
    sales_gross = models.DecimalField(_("Series sales, gross"), max_digits=14, decimal_places=2)
    sales_fees = models.DecimalField(_("Series sales, fees"), max_digits=14, decimal_places=2)
    sales_net = models.DecimalField(_("Series sales, net"), max_digits=14, decimal_places=2)
    refunds = models.DecimalField(_("refunds"), max_digits=14, decimal_places=2)
    collaboration_gross = models.DecimalField(
        _("collaboration fees, gross"), max_digits=14, decimal_places=2
    )
    collaboration_fees = models.DecimalField(
        _("collaboration fees, platform fee"), max_digits=14, decimal_places=2
    )
    collaboration_net = models.DecimalField(
        _("collaboration fees, net"), max_digits=14, decimal_places=2
    )
    payouts = models.DecimalField(_("payouts"), max_digits=14, decimal_places=2)
    # Movements of the earnings of any other kind (none today): kept so that a
    # new kind of entry still adds up rather than failing the statement.
    adjustments = models.DecimalField(
        _("other adjustments"), max_digits=14, decimal_places=2, default=0
    )
    closing_available = models.DecimalField(
        _("available at the end"), max_digits=14, decimal_places=2
    )
    pending_held = models.DecimalField(
        _("pending (held) at the end"), max_digits=14, decimal_places=2
    )
    no_payout_reasons = models.JSONField(_("why no payout"), default=list, blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["creator", "month", "currency"], name="statement_one_per_creator_month"
            ),
            models.CheckConstraint(
                condition=Q(
                    closing_available=F("opening_available")
                    + F("sales_net")
                    + F("refunds")
                    + F("collaboration_net")
                    + F("payouts")
                    + F("adjustments")
                ),
                name="statement_adds_up",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="statement_month_first_day"),
        ]

    def __str__(self):
        return f"{self.creator_id} {self.month:%Y-%m} {self.currency}"

    def figures(self):
        """``[(label, amount)]`` in the order a statement reads."""
        rows = [
            (_("Available at the start of the month"), self.opening_available),
            (_("Series sales, gross"), self.sales_gross),
            (_("Series sales, fees"), -self.sales_fees),
            (_("Series sales, net"), self.sales_net),
            (_("Refunds"), self.refunds),
            (_("Collaboration fees, gross"), self.collaboration_gross),
            (_("Collaboration fees, platform fee"), -self.collaboration_fees),
            (_("Collaboration fees, net"), self.collaboration_net),
            (_("Payouts"), self.payouts),
        ]
        if self.adjustments:
            rows.append((_("Other adjustments"), self.adjustments))
        return rows + [
            (_("Available at the end of the month"), self.closing_available),
            (_("Pending (held in collaborations) at the end of the month"), self.pending_held),
        ]

    def reasons(self):
        """The no-payout reasons as translated sentences."""
        return [NoPayout(code).label for code in self.no_payout_reasons if code in NoPayout.values]


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
