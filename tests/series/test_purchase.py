"""Buying a Series through the payment provider: the buy button, the sandbox,
the signed webhook (replayed and forged), and the price a buyer paid."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from payments.models import Account, LedgerEntry, Payment
from payments.services import SIGNATURE_HEADER, sign_webhook_body, webhook_body
from series.models import Purchase
from series.services.sales import PURCHASE_PURPOSE
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory, SeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return EpisodeFactory(series__price=Decimal("75000.00")).series


@pytest.fixture
def buyer(client):
    user = UserFactory()
    client.force_login(user)
    return user


def press_buy(client, series, attempt):
    return client.post(reverse("series:buy", args=[series.pk]), {"attempt": str(attempt)})


def post_webhook(client, body, signature):
    return client.post(
        reverse("payments:webhook"),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature},
    )


def test_buy_sends_the_buyer_to_the_provider_for_the_series_price(client, series, buyer):
    response = press_buy(client, series, uuid.uuid4())

    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("payments:sandbox_checkout", args=[payment.reference])
    assert (payment.payer, payment.amount, payment.currency) == (buyer, Decimal("75000.00"), "IDR")
    assert payment.purpose == PURCHASE_PURPOSE
    assert payment.purpose_reference == str(series.pk)
    assert not Purchase.objects.exists()


def test_a_double_click_asks_for_one_payment(client, series, buyer):
    attempt = uuid.uuid4()

    first = press_buy(client, series, attempt)
    second = press_buy(client, series, attempt)

    assert first.url == second.url
    assert Payment.objects.count() == 1


def test_approving_in_the_sandbox_unlocks_every_episode(client, series, buyer):
    paid_episode = EpisodeFactory(series=series)
    checkout = press_buy(client, series, uuid.uuid4()).url

    response = client.post(checkout, {"decision": "approve"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("series:detail", args=[series.pk])
    assert "You own this Series" in response.text
    purchase = Purchase.objects.get()
    assert (purchase.buyer, purchase.series, purchase.status) == (buyer, series, "paid")
    assert purchase.price == Decimal("75000.00")
    watch = client.get(reverse("series:watch", args=[series.pk, paid_episode.pk]))
    assert watch.status_code == 200


def test_declining_in_the_sandbox_grants_nothing(client, series, buyer):
    checkout = press_buy(client, series, uuid.uuid4()).url

    response = client.post(checkout, {"decision": "decline"}, follow=True)

    assert "The payment was declined" in response.text
    assert not Purchase.objects.exists()
    assert "Buy for Rp" in response.text


def test_a_replayed_webhook_grants_access_once(client, series, buyer):
    press_buy(client, series, uuid.uuid4())
    payment = Payment.objects.get()
    body = webhook_body(payment=payment, event="payment.succeeded")

    responses = [post_webhook(client, body, sign_webhook_body(body)) for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]
    assert Purchase.objects.filter(buyer=buyer, status="paid").count() == 1
    assert Purchase.objects.count() == 1


def test_a_forged_signature_is_rejected_and_changes_nothing(client, series, buyer):
    press_buy(client, series, uuid.uuid4())
    payment = Payment.objects.get()
    body = webhook_body(payment=payment, event="payment.succeeded")

    response = post_webhook(client, body, "0" * 64)

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert not Purchase.objects.exists()


def test_a_second_payment_for_an_owned_series_is_kept_for_a_refund(client, series, buyer):
    first_checkout = press_buy(client, series, uuid.uuid4()).url
    second_checkout = press_buy(client, series, uuid.uuid4()).url  # another tab

    client.post(first_checkout, {"decision": "approve"})
    client.post(second_checkout, {"decision": "approve"})

    assert sorted(Purchase.objects.values_list("status", flat=True)) == ["duplicate", "paid"]


def test_an_owner_of_the_series_cannot_buy_it_again(client, series, buyer):
    PurchaseFactory(series=series, buyer=buyer)

    response = press_buy(client, series, uuid.uuid4())

    assert response.url == reverse("series:detail", args=[series.pk])
    assert not Payment.objects.exists()


def test_a_creator_cannot_buy_their_own_series(client, series):
    client.force_login(series.creator.user)

    response = press_buy(client, series, uuid.uuid4())

    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_a_draft_cannot_be_bought(client, buyer):
    draft = SeriesFactory()

    response = press_buy(client, draft, uuid.uuid4())

    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_buying_needs_a_login(client, series):
    response = press_buy(client, series, uuid.uuid4())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Payment.objects.exists()


def test_buy_rejects_get(client, series, buyer):
    response = client.get(reverse("series:buy", args=[series.pk]))

    assert response.status_code == 405


def test_buy_without_its_key_asks_again_and_charges_nothing(client, series, buyer):
    response = client.post(reverse("series:buy", args=[series.pk]), {}, follow=True)

    assert "please press Buy again" in response.text
    assert not Payment.objects.exists()


def test_a_buyer_keeps_the_price_they_paid_when_the_price_changes(client, series, buyer):
    client.post(press_buy(client, series, uuid.uuid4()).url, {"decision": "approve"})
    # Staff may still correct a price in the admin; buyers keep what they paid.
    series.price = Decimal("120000.00")
    series.save()

    purchase = Purchase.objects.get()
    assert purchase.price == Decimal("75000.00")
    library = client.get(reverse("series:library"))
    assert "Rp 75,000" in library.text
    assert "120,000" not in library.text


def test_the_platform_share_is_taken_from_the_setting(client, series, buyer, settings):
    settings.SERIES_PLATFORM_SHARE_PERCENT = "10"

    client.post(press_buy(client, series, uuid.uuid4()).url, {"decision": "approve"})

    purchase = Purchase.objects.get()
    assert purchase.platform_fee == Decimal("7500.00")
    assert purchase.net == Decimal("67500.00")


def test_the_providers_fee_is_recorded_per_sale_and_taken_from_the_creators_share(
    client, series, buyer, settings
):
    settings.SERIES_PLATFORM_SHARE_PERCENT = "10"
    settings.PAYMENT_SANDBOX_FEE_PERCENT = "2.5"

    client.post(press_buy(client, series, uuid.uuid4()).url, {"decision": "approve"})

    purchase = Purchase.objects.get()
    assert (purchase.price, purchase.platform_fee, purchase.payment_fee, purchase.net) == (
        Decimal("75000.00"),
        Decimal("7500.00"),
        Decimal("1875.00"),
        Decimal("65625.00"),
    )
    sale = LedgerEntry.objects.get(kind=LedgerEntry.Kind.SALE)
    assert sale.amount_on(Account.Kind.PAYMENT_FEES) == Decimal("1875.00")
    assert sale.amount_on(Account.Kind.CREATOR_EARNINGS) == Decimal("65625.00")
    assert sale.amount_on(Account.Kind.MONEY_IN) == Decimal("-75000.00")


def test_a_provider_fee_above_what_is_left_after_the_platform_share_lowers_that_share(
    client, series, buyer, settings
):
    settings.SERIES_PLATFORM_SHARE_PERCENT = "10"
    press_buy(client, series, uuid.uuid4())
    payment = Payment.objects.get()
    body = webhook_body(payment=payment, event="payment.succeeded", fee=Decimal("70000.00"))

    assert post_webhook(client, body, sign_webhook_body(body)).status_code == 200

    purchase = Purchase.objects.get()
    assert (purchase.platform_fee, purchase.payment_fee, purchase.net) == (
        Decimal("5000.00"),
        Decimal("70000.00"),
        Decimal("0.00"),
    )
