"""The price range of a Series per currency, from ``SERIES_PRICE_RANGES``."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


def fee_share(amount, percent):
    """``percent`` of ``amount``, rounded to the cent."""
    return (amount * Decimal(percent) / 100).quantize(Decimal("0.01"))
