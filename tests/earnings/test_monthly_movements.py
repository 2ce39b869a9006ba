"""The earnings page's month-by-month figures, sorted into figures in Python,
agree with the statements' sums in SQL (both follow ``MOVEMENT_RULES``)."""

import dataclasses
from decimal import Decimal

import pytest

from earnings import selectors, services
from earnings.models import Payout
from tests.creators.factories import CreatorProfileFactory
from tests.earnings import factories as money

pytestmark = pytest.mark.django_db


def test_each_months_figures_are_the_statements_sums():
    creator = CreatorProfileFactory()
    money.ready_for_payouts(creator)
    money.sell(creator, "900000.00", when=money.at(2025, 1, 5), platform_fee="90000.00")
    money.sell(creator, "20.00", when=money.at(2025, 1, 6), currency="USD", platform_fee="2.00")
    money.refund(creator, "300000.00", when=money.at(2025, 1, 20), platform_fee="30000.00")
    money.pay_fee(creator, "500000.00", when=money.at(2025, 2, 3))
    money.hold_fee(creator, "250000.00", when=money.at(2025, 2, 4))
    services.make_statements(creator_id=creator.pk, month=money.first_of(2025, 1))
    for payout in Payout.objects.filter(creator=creator, status=Payout.Status.PROCESSING):
        services.send_payout(payout_id=payout.pk)

    since, _ = selectors.month_bounds(money.first_of(2025, 1))
    monthly = selectors.monthly_movements(creator.pk, since=since)

    assert [(row.month, row.currency) for row in monthly] == sorted(
        [(row.month, row.currency) for row in monthly],
        key=lambda key: (-key[0].toordinal(), key[1]),
    )
    assert {row.month for row in monthly} >= {money.first_of(2025, 1), money.first_of(2025, 2)}
    for row in monthly:
        start, end = selectors.month_bounds(row.month)
        stated = selectors.movements(creator.pk, start, end)[row.currency]
        assert row == dataclasses.replace(stated, month=row.month)
    january = next(r for r in monthly if r.month == money.first_of(2025, 1) and r.currency == "IDR")
    assert january.sales_gross == Decimal("900000.00")
    assert january.refunds_gross == Decimal("-300000.00")


def test_balances_sort_each_account_kind_into_its_figure():
    creator = CreatorProfileFactory()
    money.sell(creator, "900000.00", when=money.at(2025, 1, 5))
    money.hold_fee(creator, "250000.00", when=money.at(2025, 2, 4))

    (idr,) = selectors.balances(creator.pk)

    assert (idr.currency, idr.available, idr.held, idr.on_the_way) == (
        "IDR",
        Decimal("900000.00"),
        Decimal("250000.00"),
        Decimal("0.00"),
    )
