"""The price range of a Series per currency, from ``SERIES_PRICE_RANGES``."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.money import format_money

# Rupiah have no coins below one rupiah in use: prices are whole numbers.
WHOLE_UNIT_CURRENCIES = {"IDR"}


def price_range(currency):
    """``(lowest, highest)`` as Decimals for ``currency``."""
    low, high = settings.SERIES_PRICE_RANGES[currency]
    return Decimal(low), Decimal(high)


def validate_price(*, price, currency):
    """Raise ``ValidationError`` on the price field unless ``price`` is in range."""
    if currency not in settings.SERIES_PRICE_RANGES:
        raise ValidationError({"currency": _("Choose IDR or USD.")}, code="unknown_currency")
    low, high = price_range(currency)
    if not low <= price <= high:
        raise ValidationError(
            {
                "price": _("A price in %(currency)s must be from %(low)s to %(high)s.")
                % {
                    "currency": currency,
                    "low": number_format(low, 2, force_grouping=True),
                    "high": number_format(high, 2, force_grouping=True),
                }
            },
            code="price_out_of_range",
        )
    if currency in WHOLE_UNIT_CURRENCIES and price != price.to_integral_value():
        raise ValidationError(
            {"price": _("A price in %(currency)s is a whole number.") % {"currency": currency}},
            code="fractional_price",
        )


# Discounts are set and shown in Jakarta time, whatever the server's zone.
DISCOUNT_TIME_ZONE = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Offer:
    """What a Series costs at one instant: ``price`` is what a buyer pays."""

    price: Decimal
    full_price: Decimal
    currency: str
    discount: object = None

    @property
    def is_discounted(self):
        return self.discount is not None

    @property
    def shown(self):
        """Every value a page shows of this offer (prices, currency, the
        discount and when it ends), for the key of a cached fragment."""
        discount = self.discount
        return [
            self.price,
            self.full_price,
            self.currency,
            discount and (discount.pk, discount.percent, discount.ends_at.isoformat()),
        ]


def offer(series, now=None, discounts=None):
    """The Series' price at ``now`` (default: this instant), with the discount
    that applies then. ``discounts`` may be given when already loaded; otherwise
    one query. The one rule for the page, the checkout and the order."""
    now = now or timezone.now()
    if discounts is None:
        discounts = series.discounts.filter(starts_at__lte=now, ends_at__gt=now)
    active = next((discount for discount in discounts if discount.is_active(now)), None)
    return Offer(
        price=active.price if active else series.price,
        full_price=series.price,
        currency=series.currency,
        discount=active,
    )


def discounted_price(*, price, currency, percent):
    """``price`` less ``percent`` per cent, rounded to the currency's smallest
    unit (whole rupiah, cents of a dollar), half up."""
    unit = Decimal("1") if currency in WHOLE_UNIT_CURRENCIES else Decimal("0.01")
    return (price * (100 - percent) / 100).quantize(unit, rounding=ROUND_HALF_UP)


def validate_discount_price(*, price, full_price, currency):
    """Refuse a discounted price that is not below the full price or is below
    the currency's lowest price."""
    low, _high = price_range(currency)
    if price < low:
        raise ValidationError(
            _(
                "This discount would take the price to %(price)s, below %(low)s, the lowest "
                "price a Series can have in %(currency)s. Choose a smaller discount."
            )
            % {
                "price": format_money(price, currency),
                "low": format_money(low, currency),
                "currency": currency,
            },
            code="discount_below_minimum",
        )
    if price >= full_price:
        raise ValidationError(
            _("A discounted price must be lower than the full price."), code="discount_not_lower"
        )
    if currency in WHOLE_UNIT_CURRENCIES and price != price.to_integral_value():
        raise ValidationError(
            _("A price in %(currency)s is a whole number.") % {"currency": currency},
            code="fractional_price",
        )
