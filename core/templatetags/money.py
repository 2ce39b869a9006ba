from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(amount, currency="IDR"):
    """``{{ amount|money:currency }}``: see :func:`core.money.format_money`."""
    return format_money(amount, currency)
