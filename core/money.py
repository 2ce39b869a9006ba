"""Money, exact: arithmetic on ``Decimal`` amounts rounded to the cent, and the
one way an amount is written for people (``Rp 45,000``, ``USD 1.99``).

Domain code imports these functions; templates use the ``money`` filter, which
calls :func:`format_money`."""

from decimal import Decimal

from django.utils.formats import number_format

CENT = Decimal("0.01")
SYMBOLS = {"IDR": "Rp"}


def cents(value):
    """``value`` as a ``Decimal`` rounded to the cent (half to even, the
    ``Decimal`` default the ledger has always used)."""
    return Decimal(value).quantize(CENT)


def share(amount, percent):
    """``percent`` of ``amount``, rounded to the cent."""
    return cents(Decimal(amount) * Decimal(percent) / 100)


def format_money(amount, currency="IDR"):
    """An amount as people read it, grouped for the active language:
    ``Rp 45.000`` (rupiah show cents only when there are any), ``USD 1,99``."""
    if amount is None or amount == "":
        return "—"
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    places = 0 if currency == "IDR" and whole else 2
    return f"{SYMBOLS.get(currency, currency)} {number_format(amount, places, force_grouping=True)}"
