"""Limited-time prices of a Series."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from series.models.catalogue import Series


class Discount(models.Model):
    """A limited-time price of a Series: ``price`` applies from ``starts_at``
    (included) until ``ends_at`` (excluded), so at the instant it ends the page,
    the checkout and the order all use the full price again.

    ``price`` is always stored, also for a percentage (``percent`` is kept to
    show it), so what buyers pay never depends on rounding at read time. The
    services keep a Series' discounts from overlapping (under the Series' lock)
    and the price within the currency's range.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("A percentage off")
        PRICE = "price", _("A new price")

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="discounts", verbose_name=_("series")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    percent = models.PositiveSmallIntegerField(_("percentage off"), null=True, blank=True)
    price = models.DecimalField(_("discounted price"), max_digits=12, decimal_places=2)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="discount_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="discount_price_positive"),
            models.CheckConstraint(
                condition=Q(kind="percent", percent__gte=1, percent__lte=99)
                | Q(kind="price", percent__isnull=True),
                name="discount_percent_when_percentage",
            ),
        ]
        indexes = [models.Index(fields=["series", "ends_at"])]

    def __str__(self):
        return f"{self.series} · {self.price} ({self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d})"

    def is_active(self, now):
        return self.starts_at <= now < self.ends_at
