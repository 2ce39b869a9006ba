"""A creator's monthly statement, made from the ledger, and why it paid nothing out."""

from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Statements cover calendar months in Indonesian western time, whatever the
# server's zone: a sale at 23:30 WIB on the last day belongs to that month.
STATEMENT_TIME_ZONE = ZoneInfo("Asia/Jakarta")


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
