"""Money for creators in tests, moved the way the real services move it:
through ``payments.ledger.post`` with the accounts a sale, a refund or a
released collaboration fee uses."""

from datetime import date, datetime
from decimal import Decimal

import factory

from core.money import share
from earnings.models import STATEMENT_TIME_ZONE, IdentityCheck, PayoutMethod
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.factories import StaffFactory

Kind = Account.Kind


def at(year, month, day=15, hour=12):
    """An aware datetime in Jakarta."""
    return datetime(year, month, day, hour, tzinfo=STATEMENT_TIME_ZONE)


def pay_fee(creator, fee, *, when, platform_percent=10):
    """A collaboration fee released to ``creator`` (as ``collaborations.services.pay_hold``
    posts it), from a hold the test's own outside account fills first."""
    fee = Decimal(fee)
    platform = share(fee, platform_percent)
    hold = ledger.account(Kind.COLLABORATION_HOLD, pool="credit", creator=creator)
    ledger.post(
        LedgerEntry.Kind.HOLD,
        [(ledger.account(Kind.CREDIT_PROGRAMME), -fee), (hold, fee)],
        creator=creator,
        created_at=when,
    )
    return ledger.post(
        LedgerEntry.Kind.PAY,
        [
            (hold, -fee),
            (ledger.account(Kind.CREATOR_EARNINGS, creator=creator), fee - platform),
            (ledger.account(Kind.PLATFORM_FEES), platform),
        ],
        creator=creator,
        created_at=when,
    )


def hold_fee(creator, fee, *, when):
    """A fee held for a collaboration the creator accepted: pending, not available."""
    hold = ledger.account(Kind.COLLABORATION_HOLD, pool="credit", creator=creator)
    return ledger.post(
        LedgerEntry.Kind.HOLD,
        [(ledger.account(Kind.CREDIT_PROGRAMME), -Decimal(fee)), (hold, Decimal(fee))],
        creator=creator,
        created_at=when,
    )


def _sale_lines(creator, price, platform_fee, currency):
    price, platform_fee = Decimal(price), Decimal(platform_fee)
    return [
        (ledger.account(Kind.MONEY_IN, currency=currency), -price),
        (
            ledger.account(Kind.CREATOR_EARNINGS, currency=currency, creator=creator),
            price - platform_fee,
        ),
        (ledger.account(Kind.PLATFORM_FEES, currency=currency), platform_fee),
    ]


def sell(creator, price, *, when, platform_fee="0", currency="IDR"):
    """A Series sale, as ``series.services.sales.record_purchase`` posts it."""
    return ledger.post(
        LedgerEntry.Kind.SALE,
        _sale_lines(creator, price, platform_fee, currency),
        currency=currency,
        creator=creator,
        created_at=when,
    )


def refund(creator, price, *, when, platform_fee="0", currency="IDR"):
    """A Series sale refunded: the sale's lines negated."""
    return ledger.post(
        LedgerEntry.Kind.REFUND,
        [(acc, -amount) for acc, amount in _sale_lines(creator, price, platform_fee, currency)],
        currency=currency,
        creator=creator,
        created_at=when,
    )


class BankMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PayoutMethod

    kind = PayoutMethod.Kind.BANK
    bank = "bca"
    account_number = "1234567890"
    account_holder = factory.LazyAttribute(lambda method: method.creator.display_name)


def ready_for_payouts(creator, **method_fields):
    """A payout method and a staff identity check: all a creator needs below the NPWP limit."""
    method = BankMethodFactory(creator=creator, **method_fields)
    IdentityCheck.objects.create(creator=creator, checked_by=StaffFactory())
    return method


def first_of(year, month):
    return date(year, month, 1)
