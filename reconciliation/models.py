from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Run(models.Model):
    """One comparison of a day's payments and payouts with the gateway's own
    report of that day (``reconciliation.services.reconcile_day``)."""

    class Outcome(models.TextChoices):
        CLEAN = "clean", _("Everything matches")
        DIFFERENCES = "differences", _("Differences found")
        FAILED = "failed", _("Could not read the gateway's report")

    day = models.DateField(_("day"), help_text=_("A calendar day in Asia/Jakarta."))
    provider = models.CharField(_("gateway"), max_length=50)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    started_at = models.DateTimeField(_("started"))
    seconds = models.DecimalField(_("took (seconds)"), max_digits=10, decimal_places=3)
    gateway_rows = models.PositiveIntegerField(_("rows in the gateway's report"), default=0)
    payments_checked = models.PositiveIntegerField(_("payments checked"), default=0)
    payouts_checked = models.PositiveIntegerField(_("payouts checked"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["-day", "-started_at"]
        indexes = [models.Index(fields=["-day", "-started_at"])]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} ({self.get_outcome_display()})"


class Difference(models.Model):
    """One thing the ledger and the gateway disagree on, for staff to look into
    and mark resolved with a note."""

    class Kind(models.TextChoices):
        MONEY_WITHOUT_PAYMENT = "money_without_payment", _("Money received with no payment")
        PAID_NOT_AT_GATEWAY = "paid_not_at_gateway", _("Marked paid, unknown to the gateway")
        PAYMENT_STATUS = "payment_status", _("Payment status differs")
        PAYMENT_AMOUNT = "payment_amount", _("Payment amount differs")
        PAYMENT_FEE = "payment_fee", _("Gateway fee differs")
        PAYOUT_WITHOUT_RECORD = "payout_without_record", _("Payout at the gateway with no record")
        PAYOUT_NOT_AT_GATEWAY = "payout_not_at_gateway", _("Payout unknown to the gateway")
        PAYOUT_STATUS = "payout_status", _("Payout status differs")
        PAYOUT_AMOUNT = "payout_amount", _("Payout amount differs")

    run = models.ForeignKey(
        Run, on_delete=models.CASCADE, related_name="differences", verbose_name=_("reconciliation")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    reference = models.CharField(_("our reference"), max_length=100, blank=True)
    gateway_id = models.CharField(_("gateway's id"), max_length=100, blank=True)
    payment = models.ForeignKey(
        "payments.Payment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )
    payout = models.ForeignKey(
        "earnings.Payout",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payout"),
    )
    ours = models.CharField(_("in the ledger"), max_length=200, blank=True)
    theirs = models.CharField(_("at the gateway"), max_length=200, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("difference")
        verbose_name_plural = _("differences")
        ordering = ["run", "kind", "pk"]
        indexes = [models.Index(fields=["resolved_at", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.reference or self.gateway_id}"

    @property
    def resolved(self):
        return self.resolved_at is not None
