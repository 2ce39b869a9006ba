"""Purchases of a whole Series."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.transitions import StatusMachine
from series.models.catalogue import STAFF, Series


class Purchase(StatusMachine, models.Model):
    """A paid purchase of a whole Series, created once per successful payment.

    ``price`` is what the buyer paid, whatever the Series costs today. A buyer
    has access while one of their purchases of the Series is ``PAID``; a second
    payment for a Series already owned is kept as ``DUPLICATE`` for staff to refund.
    """

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        DUPLICATE = "duplicate", _("Paid twice: refund due")
        REFUNDED = "refunded", _("Refunded")

    TRANSITIONS = {
        Status.PAID: {Status.REFUNDED: {STAFF}},
        Status.DUPLICATE: {Status.REFUNDED: {STAFF}},
        Status.REFUNDED: {},
    }

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="purchases", verbose_name=_("series")
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="series_purchases",
        verbose_name=_("buyer"),
    )
    payment_reference = models.UUIDField(_("payment reference"), unique=True)
    price = models.DecimalField(_("price paid"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Series.Currency.choices)
    platform_fee = models.DecimalField(_("platform share"), max_digits=12, decimal_places=2)
    payment_fee = models.DecimalField(_("payment fee"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PAID
    )
    paid_at = models.DateTimeField(_("paid"))
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refunded by"),
    )
    notify_new_episodes = models.BooleanField(
        _("email me about new episodes"),
        default=True,
        help_text=_("The buyer receives an email when the Series gets a new episode."),
    )

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-paid_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "buyer"],
                condition=Q(status="paid"),
                name="purchase_one_paid_per_buyer",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="purchase_price_positive"),
            models.CheckConstraint(
                condition=Q(platform_fee__gte=0, payment_fee__gte=0)
                & Q(price__gte=models.F("platform_fee") + models.F("payment_fee")),
                name="purchase_fees_within_price",
            ),
            models.CheckConstraint(
                condition=Q(status="refunded", refunded_at__isnull=False)
                | (~Q(status="refunded") & Q(refunded_at__isnull=True)),
                name="purchase_refunded_at_when_refunded",
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "status"]),
            models.Index(fields=["series", "status", "paid_at"]),
        ]

    def __str__(self):
        return f"{self.series} · {self.buyer} ({self.get_status_display()})"

    @property
    def net(self):
        return self.price - self.platform_fee - self.payment_fee
