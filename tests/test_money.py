from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def render(amount, currency):
    template = Template("{% load money %}{{ amount|money:currency }}")
    return template.render(Context({"amount": amount, "currency": currency}))


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("id", Decimal("45000.00"), "IDR", "Rp 45.000"),
        ("en", Decimal("45000.00"), "IDR", "Rp 45,000"),
        ("id", Decimal("1250000.50"), "IDR", "Rp 1.250.000,50"),
        ("en", Decimal("1.99"), "USD", "USD 1.99"),
        ("id", Decimal("189.99"), "USD", "USD 189,99"),
        ("id", Decimal("2"), "USD", "USD 2,00"),
        ("en", None, "IDR", "—"),
    ],
)
def test_amounts_read_as_people_write_them_in_each_language(language, amount, currency, expected):
    with translation.override(language):
        assert render(amount, currency) == expected
