"""The credit ledger: welcome credit, matching, spending order, expiry; exact decimals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import override_settings
from django.utils import timezone

from brands import services
from brands.selectors import balances_for_business
from brands.tasks import expire_credit
from payments.models import Account, LedgerEntry, LedgerLine, Payment
from tests.brands.factories import (
    BusinessFactory,
    BusinessMembershipFactory,
    CampaignFactory,
    give_credit,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
D = Decimal


def paid_top_up(business, amount, payer=None):
    """A top-up payment the provider has confirmed, recorded as the signal would."""
    payer = payer or BusinessMembershipFactory(business=business).user
    payment = Payment.objects.create(
        payer=payer,
        amount=D(amount),
        currency="IDR",
        description="Top-up",
        purpose=services.TOP_UP_PURPOSE,
        purpose_reference=str(business.pk),
        idempotency_key=f"test:{Payment.objects.count()}",
        provider="sandbox",
        status=Payment.Status.PAID,
        completed_at=timezone.now(),
        return_url="/",
    )
    services.record_top_up(payment=payment)
    return payment


@override_settings(BUSINESS_WELCOME_CREDIT="4500000.00", BUSINESS_CREDIT_EXPIRY_DAYS=90)
def test_verifying_a_business_grants_the_welcome_credit_with_an_expiry_date(
    mailoutbox, django_capture_on_commit_callbacks
):
    business = BusinessMembershipFactory(user__email="owner@example.com").business

    with django_capture_on_commit_callbacks(execute=True):
        entry = services.verify_business(business=business, staff=StaffFactory())

    assert entry.amount_on(Account.Kind.BUSINESS_CREDIT) == D("4500000.00")
    assert entry.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
    assert balances_for_business(business.pk).credit == D("4500000.00")
    business.refresh_from_db()
    assert business.is_verified
    assert mailoutbox[-1].to == ["owner@example.com"]
    assert "verified" in mailoutbox[-1].subject


def test_the_welcome_credit_is_given_once_per_business():
    business, staff = BusinessFactory(), StaffFactory()
    services.verify_business(business=business, staff=staff)

    assert services.verify_business(business=business, staff=staff) is None
    assert LedgerEntry.objects.filter(business=business, is_welcome=True).count() == 1


def test_the_welcome_credit_is_given_once_per_nib_even_to_another_business():
    staff = StaffFactory()
    first = BusinessFactory(nib="1234567890123")
    services.verify_business(business=first, staff=staff)
    first.nib = None  # the NIB moves to a new account of the same entity
    first.save()
    second = BusinessFactory(nib="1234567890123")

    assert services.verify_business(business=second, staff=staff) is None
    assert balances_for_business(second.pk).credit == D("0.00")


def test_the_database_refuses_a_second_welcome_credit_for_one_nib():
    fields = {"kind": "grant", "currency": "IDR", "is_welcome": True}
    LedgerEntry.objects.create(business=BusinessFactory(), nib="1234567890123", **fields)

    with pytest.raises(IntegrityError):
        LedgerEntry.objects.create(business=BusinessFactory(), nib="1234567890123", **fields)


@override_settings(BUSINESS_CREDIT_MATCH_CAP="1000000.00")
def test_top_ups_are_matched_one_to_one_up_to_the_cap():
    business = BusinessFactory()

    paid_top_up(business, "400000.10")
    paid_top_up(business, "500000.45")
    paid_top_up(business, "300000.00")

    balances = balances_for_business(business.pk)
    assert balances.balance == D("1200000.55")
    assert balances.matched == D("1000000.00")
    assert balances.credit == D("1000000.00")
    matches = LedgerEntry.objects.filter(business=business, kind="match").order_by("pk")
    assert [entry.amount_on(Account.Kind.BUSINESS_CREDIT) for entry in matches] == [
        D("400000.10"),
        D("500000.45"),
        D("99999.45"),
    ]


def test_a_top_up_is_recorded_once_however_often_it_is_reported():
    business = BusinessFactory()
    payment = paid_top_up(business, "100000.00")

    services.record_top_up(payment=payment)

    assert balances_for_business(business.pk).balance == D("100000.00")
    assert list(
        LedgerEntry.objects.filter(business=business).order_by("pk").values_list("kind", flat=True)
    ) == ["top_up", "match"]


@pytest.mark.parametrize(
    ("balance", "credit", "budget", "from_balance", "from_credit"),
    [
        ("300000.00", "900000.00", "1000000.00", "300000.00", "700000.00"),
        ("1500000.00", "900000.00", "1000000.00", "1000000.00", "0.00"),
        ("0.00", "1000000.00", "1000000.00", "0.00", "1000000.00"),
        ("0.01", "999999.99", "1000000.00", "0.01", "999999.99"),
    ],
)
def test_the_paid_balance_is_spent_before_credit(
    balance, credit, budget, from_balance, from_credit
):
    business = BusinessFactory()
    if D(balance):
        give_credit(business, balance, pool="balance")
    give_credit(business, credit)

    split = services.split_payment(amount=D(budget), balances=balances_for_business(business.pk))

    assert (split.from_balance, split.from_credit) == (D(from_balance), D(from_credit))


def test_spending_more_than_the_business_holds_is_refused():
    business = BusinessFactory()
    give_credit(business, "999999.99")

    with pytest.raises(services.InsufficientFunds, match="you have Rp 999,999.99 available"):
        services.split_payment(amount=D("1000000.00"), balances=balances_for_business(business.pk))


def test_expired_credit_is_removed_and_running_again_changes_nothing():
    business = BusinessFactory()
    give_credit(business, "500000.00")
    later = timezone.now() + timedelta(days=31)

    assert services.expire_credit(business_id=business.pk, now=later) == D("500000.00")
    assert services.expire_credit(business_id=business.pk, now=later) == D("0.00")
    assert balances_for_business(business.pk).credit == D("0.00")


def test_only_the_unused_part_of_expired_credit_expires_and_paid_balance_never_does():
    business = BusinessFactory()
    give_credit(business, "500000.00")
    give_credit(business, "200000.00", pool="balance")
    campaign_budget = D("300000.00")
    campaign = CampaignFactory(business=business, budget=campaign_budget)
    services.launch_campaign(campaign=campaign, user=StaffFactory())
    later = timezone.now() + timedelta(days=31)

    expired = services.expire_credit(business_id=business.pk, now=later)

    # 200,000 came from the balance and 100,000 from credit: 400,000 credit was unused.
    assert expired == D("400000.00")
    balances = balances_for_business(business.pk)
    assert (balances.balance, balances.credit, balances.reserved) == (
        D("0.00"),
        D("0.00"),
        D("300000.00"),
    )


def test_credit_released_after_its_expiry_date_expires_on_the_next_run():
    business = BusinessFactory()
    give_credit(business, "500000.00")
    campaign = CampaignFactory(business=business, budget=D("500000.00"))
    user = BusinessMembershipFactory(business=business).user
    services.launch_campaign(campaign=campaign, user=user)
    later = timezone.now() + timedelta(days=31)
    assert services.expire_credit(business_id=business.pk, now=later) == D("0.00")

    services.cancel_campaign(campaign=campaign, user=user)

    assert services.expire_credit(business_id=business.pk, now=later) == D("500000.00")
    assert balances_for_business(business.pk).available == D("0.00")


def test_the_expiry_task_expires_credit_of_every_business_that_has_some():
    stale, fresh = BusinessFactory(), BusinessFactory()
    give_credit(stale, "100000.00", expires_at=timezone.now() - timedelta(minutes=1))
    give_credit(fresh, "100000.00")

    assert expire_credit.delay().get() == 1
    assert expire_credit.delay().get() == 0
    assert balances_for_business(stale.pk).credit == D("0.00")
    assert balances_for_business(fresh.pk).credit == D("100000.00")


def test_ledger_entries_cannot_be_changed_or_deleted():
    entry = give_credit(BusinessFactory(), "100000.00")

    line = entry.lines.first()

    entry.note = "changed"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    line.amount = D("999999999.00")
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        line.delete()
    entry.refresh_from_db()
    assert entry.note == ""
    assert entry.amount_on(Account.Kind.BUSINESS_CREDIT) == D("100000.00")


def test_the_database_refuses_a_line_that_moves_nothing():
    entry = give_credit(BusinessFactory(), "100000.00")

    with pytest.raises(IntegrityError):
        LedgerLine.objects.create(entry=entry, account=entry.lines.first().account, amount=0)


def test_a_staff_grant_records_who_gave_it_and_why():
    business, staff = BusinessFactory(), StaffFactory()

    entry = services.grant_credit(
        business=business, amount="250000", staff=staff, note="Flood relief"
    )

    assert (entry.amount_on(Account.Kind.BUSINESS_CREDIT), entry.created_by, entry.note) == (
        D("250000.00"),
        staff,
        "Flood relief",
    )
    assert entry.expires_at is not None
