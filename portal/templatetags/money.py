from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()

SYMBOLS = {"IDR": "Rp"}


@register.filter
def money(amount, currency="IDR"):
    """An amount as people read it, grouped for the active language:
    ``Rp 45.000`` (rupiah show cents only when there are any), ``USD 1,99``."""
    if amount is None or amount == "":
        return "—"
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    places = 0 if currency == "IDR" and whole else 2
    return f"{SYMBOLS.get(currency, currency)} {number_format(amount, places, force_grouping=True)}"
