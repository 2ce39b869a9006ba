"""Topping up a business's balance through the payment provider (the sandbox):
the paid amount lands in the ledger once, matched with credit."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from brands.selectors import balances_for_business
from payments.models import LedgerEntry, Payment
from tests.brands.factories import BusinessMembershipFactory, give_credit

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def owner(client):
    membership = BusinessMembershipFactory()
    client.force_login(membership.user)
    return membership


def start_top_up(client, business, amount="500000", key=None):
    return client.post(
        reverse("brands:credit", args=[business.pk]),
        {"amount": amount, "idempotency_key": key or str(uuid.uuid4())},
    )


def test_a_business_tops_up_through_the_sandbox_and_gets_matching_credit(client, owner):
    response = start_top_up(client, owner.business, "500000.50")
    payment = Payment.objects.get()
    assert response.url == reverse("payments:sandbox_checkout", args=[payment.reference])
    assert (payment.amount, payment.currency, payment.provider) == (
        D("500000.50"),
        "IDR",
        "sandbox",
    )

    checkout = client.get(response.url)
    back = client.post(response.url, {"decision": "approve"}, follow=True)

    assert "Approve payment" in checkout.text
    assert back.redirect_chain[-1][0] == reverse("brands:credit", args=[owner.business.pk])
    assert "Payment received." in back.text
    balances = balances_for_business(owner.business.pk)
    assert (balances.balance, balances.credit) == (D("500000.50"), D("500000.50"))


def test_clicking_approve_twice_credits_once(client, owner):
    start_top_up(client, owner.business)
    url = reverse("payments:sandbox_checkout", args=[Payment.objects.get().reference])

    client.post(url, {"decision": "approve"})
    client.post(url, {"decision": "approve"})

    assert LedgerEntry.objects.filter(kind="top_up").count() == 1
    assert balances_for_business(owner.business.pk).balance == D("500000.00")


def test_submitting_the_top_up_form_twice_makes_one_payment(client, owner):
    key = str(uuid.uuid4())

    first = start_top_up(client, owner.business, key=key)
    second = start_top_up(client, owner.business, key=key)

    assert first.url == second.url
    assert Payment.objects.count() == 1


def test_a_declined_top_up_adds_nothing(client, owner):
    start_top_up(client, owner.business)
    url = reverse("payments:sandbox_checkout", args=[Payment.objects.get().reference])

    response = client.post(url, {"decision": "decline"}, follow=True)

    assert "declined" in response.text
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("amount", ["99999", "-1", "abc", "100000000000"])
def test_a_top_up_outside_the_limits_is_refused(client, owner, amount):
    response = start_top_up(client, owner.business, amount)

    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    assert not Payment.objects.exists()


def test_another_business_cannot_top_up_or_see_the_credit_page(client, owner):
    client.force_login(BusinessMembershipFactory().user)

    assert client.get(reverse("brands:credit", args=[owner.business.pk])).status_code == 404
    assert start_top_up(client, owner.business).status_code == 404
    assert not Payment.objects.exists()


def test_the_credit_page_query_count_does_not_grow_with_the_ledger(
    client, owner, django_assert_num_queries
):
    url = reverse("brands:credit", args=[owner.business.pk])
    give_credit(owner.business, "1000.00")
    with django_assert_num_queries(5):  # a list that fits on one page is not counted
        client.get(url)
    for _ in range(25):
        give_credit(owner.business, "1000.00")

    with django_assert_num_queries(6):
        response = client.get(url)

    assert "Page 1 of 2" in response.text


def test_the_credit_page_states_the_matching_cap_as_money(client, owner, settings):
    settings.BUSINESS_CREDIT_MATCH_CAP = "30000000.00"

    page = client.get(reverse("brands:credit", args=[owner.business.pk]))

    assert "matched 1-to-1 with credit, up to Rp 30,000,000 in total." in page.text
