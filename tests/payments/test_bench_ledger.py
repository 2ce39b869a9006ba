"""The ledger check finds books that do not add up, and the benchmark that
times it at a million entries loads clean books it passes, then leaves nothing
behind."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from brands.models import Business
from devtools.ledger_books import copy_many
from payments import ledger
from payments.models import Account, LedgerEntry, LedgerLine
from tests.brands.factories import BusinessFactory
from tests.conftest import require
from tests.creators.factories import CreatorProfileFactory

D = Decimal
Kind = Account.Kind


def a_top_up(business, amount):
    return ledger.post(
        LedgerEntry.Kind.TOP_UP,
        [
            (ledger.account(Kind.MONEY_IN), -amount),
            (ledger.account(Kind.BUSINESS_BALANCE, business=business), amount),
        ],
        business=business,
    )


@pytest.mark.django_db
def test_the_check_passes_balanced_books():
    a_top_up(BusinessFactory(), D("150000.00"))

    result = ledger.check_ledger()

    assert result.passed
    assert result.entries == 1


@pytest.mark.django_db
def test_the_check_finds_a_lone_line_that_unbalances_the_books():
    business = BusinessFactory()
    a_top_up(business, D("150000.00"))
    lone = LedgerEntry.objects.create(kind=LedgerEntry.Kind.TOP_UP, currency="IDR")
    # bulk_create skips the checks ``ledger.post`` makes, as a bad import or a
    # hand-written SQL fix would.
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(
                entry=lone,
                account=ledger.account(Kind.BUSINESS_BALANCE, business=business),
                amount=D("5000.00"),
            )
        ]
    )

    result = ledger.check_ledger()

    assert [(problem["code"], problem.get("entry")) for problem in result.problems] == [
        ("unbalanced_entry", lone.pk),
        ("one_sided_entry", lone.pk),
        ("books_off", None),
    ]
    assert result.problems[0]["message"] == f"Entry #{lone.pk} sums to 5000.00."
    assert result.problems[2]["message"] == "All IDR lines sum to 5000.00."
    assert not result.passed


@pytest.mark.django_db
def test_the_check_finds_a_negative_business_balance_but_not_a_creator_owing_a_refund():
    business = BusinessFactory()
    creator = CreatorProfileFactory()
    balance = ledger.account(Kind.BUSINESS_BALANCE, business=business)
    a_top_up(business, D("100000.00"))
    ledger.post(
        LedgerEntry.Kind.SPEND,
        [(balance, D("-250000.00")), (ledger.account(Kind.MONEY_OUT), D("250000.00"))],
        business=business,
    )
    # A Series sale refunded after the money was paid out: the creator owes it.
    ledger.post(
        LedgerEntry.Kind.REFUND,
        [
            (ledger.account(Kind.CREATOR_EARNINGS, creator=creator), D("-49000.00")),
            (ledger.account(Kind.MONEY_IN), D("49000.00")),
        ],
        creator=creator,
    )

    result = ledger.check_ledger()

    assert result.problems == [
        {
            "code": "negative_account",
            "message": f"Account {balance.key} is at -150000.00.",
            "account": balance.pk,
        }
    ]


@pytest.mark.django_db
def test_the_benchmarks_copy_loader_refuses_an_entry_that_does_not_balance():
    require(connection.vendor == "postgresql", "PostgreSQL")
    business = BusinessFactory()
    money_in = ledger.account(Kind.MONEY_IN)
    balance = ledger.account(Kind.BUSINESS_BALANCE, business=business)
    balanced = (LedgerEntry.Kind.TOP_UP, [(money_in, D("-100.00")), (balance, D("100.00"))], {})
    lopsided = (LedgerEntry.Kind.TOP_UP, [(money_in, D("-100.00")), (balance, D("90.00"))], {})

    with pytest.raises(ledger.UnbalancedEntry, match="lines sum to -10.00, not zero"):
        copy_many([balanced, lopsided])

    assert not LedgerEntry.objects.exists()
    assert not LedgerLine.objects.exists()
    copy_many([balanced])
    assert ledger.balance(balance) == D("100.00")
    assert ledger.check_ledger().passed


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("loader", ["copy", "post_many"])
def test_the_benchmark_loads_clean_books_in_its_own_database_and_drops_it(loader):
    require(connection.vendor == "postgresql", "PostgreSQL")
    bench_database = f"{connection.settings_dict['NAME']}_bench_ledger"
    output = StringIO()

    call_command("bench_ledger", entries=2000, loader=loader, stdout=output)

    printed = output.getvalue()
    checks = [line for line in printed.splitlines() if "check_ledger() at" in line]
    assert [line.split("check_ledger() at ")[1].split(" entries")[0] for line in checks] == [
        "200",
        "2,000",
    ]
    assert all(line.endswith("no problems)") for line in checks)
    assert "entries 2,000; lines " in printed
    assert f"load through {loader}: " in printed
    assert "check time per million entries: " in printed
    assert "10.0× the entries took " in printed
    assert printed.rstrip().endswith("Benchmark database dropped.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_database])
        assert cursor.fetchone() is None
    assert not LedgerEntry.objects.exists()
    assert not Business.objects.exists()
