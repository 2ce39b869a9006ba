"""Numbered documents: receipts for buyers, monthly invoices for businesses.

Numbers come from one counter row per kind and year (``DocumentCounter``),
locked in the transaction that creates the document, so they run 1, 2, 3… in
each year with no gap and are never given twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from payments.models import Payment


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year (Asia/Jakarta)."""

    class Kind(models.TextChoices):
        RECEIPT = "R", _("Receipt")
        INVOICE = "INV", _("Invoice")

    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("document counter")
        verbose_name_plural = _("document counters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="billing_one_counter_per_year")
        ]

    def __str__(self):
        return f"{self.kind}-{self.year}: {self.last}"


class Receipt(models.Model):
    """What a buyer paid for, once per paid payment: a snapshot, so that the
    receipt reads the same whatever later happens to the Series or business."""

    class Kind(models.TextChoices):
        SERIES_PURCHASE = "series_purchase", _("Series purchase")
        TOP_UP = "business_top_up", _("Top-up of the business balance")

    number = models.CharField(_("number"), max_length=20, unique=True)
    payment = models.OneToOneField(
        "payments.Payment",
        on_delete=models.PROTECT,
        related_name="receipt",
        verbose_name=_("payment"),
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("payer"),
    )
    payer_name = models.CharField(_("payer's name"), max_length=254)
    kind = models.CharField(_("what was paid for"), max_length=20, choices=Kind.choices)
    # The Series' title and its creator's name, or the business's name.
    item = models.CharField(_("item"), max_length=200)
    item_detail = models.CharField(_("item detail"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    method = models.CharField(_("paid with"), max_length=100, blank=True)
    paid_at = models.DateTimeField(_("paid"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-paid_at", "-pk"]
        indexes = [models.Index(fields=["payer", "paid_at"])]

    def __str__(self):
        return self.number

    @property
    def method_label(self):
        """``method`` in the reader's language: "E-wallet · OVO", "QRIS"."""
        code, _colon, channel = self.method.partition(":")
        if code not in Payment.Method.values:
            return self.method
        label = str(Payment.Method(code).label)
        return f"{label} · {channel}" if channel else label


class Invoice(models.Model):
    """A business's month of money movements, summed from the ledger when it was
    issued. ``items`` keeps each movement (date, kind, note, amount as strings)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    business = models.ForeignKey(
        "brands.Business",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("business"),
    )
    business_name = models.CharField(_("business's name"), max_length=200)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    currency = models.CharField(_("currency"), max_length=3)
    top_ups = models.DecimalField(_("top-ups"), max_digits=14, decimal_places=2)
    credit_granted = models.DecimalField(_("credit granted"), max_digits=14, decimal_places=2)
    credit_used = models.DecimalField(_("credit used"), max_digits=14, decimal_places=2)
    credit_expired = models.DecimalField(_("credit expired"), max_digits=14, decimal_places=2)
    fees_held = models.DecimalField(_("collaboration fees held"), max_digits=14, decimal_places=2)
    paid_to_creators = models.DecimalField(_("paid to creators"), max_digits=14, decimal_places=2)
    returned = models.DecimalField(_("held fees returned"), max_digits=14, decimal_places=2)
    platform_fees = models.DecimalField(_("platform fees"), max_digits=14, decimal_places=2)
    items = models.JSONField(_("movements"), default=list, blank=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-month", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["business", "month", "currency"], name="billing_one_invoice_per_month"
            ),
        ]

    def __str__(self):
        return self.number
