"""The buyer's library page is kept in the fragment cache under the version
tokens of what it shows (series.selectors_library): each service that
changes what the cards show shows the change on the next page, for that
buyer only, in their language; with the shared cache down it is read every
time."""

import pytest
from django.test import Client
from django.urls import reverse

from creators.services import update_profile
from payments.services import handle_webhook, sign_webhook_body, webhook_body
from series.models import Purchase, Submission
from series.services.catalogue import update_series
from series.services.review import decide_submission
from series.services.sales import refund_purchase, start_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import PublishedSeriesFactory, PurchaseFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def library(client, **headers):
    return client.get(reverse("series:library"), **(headers or ENGLISH)).text


def kept_library(client, **headers):
    """The page, read until it is kept: the second reading reads again under
    the versions the first one named."""
    library(client, **headers)
    return library(client, **headers)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_purchase_paid_through_the_webhook_and_its_refund_show_at_once():
    buyer = UserFactory()
    PurchaseFactory(buyer=buyer, series__title="Sambal school")
    series = PublishedSeriesFactory(title="Rendang school")
    client = signed_in(buyer)
    assert "Rendang school" not in kept_library(client)

    payment = start_purchase(series=series, buyer=buyer, attempt="w", return_url="/")
    body = webhook_body(payment=payment, event="payment.succeeded")
    handle_webhook(body=body, signature=sign_webhook_body(body))
    page = library(client)
    assert "Rendang school" in page
    assert "Sambal school" in page
    # through the gateway: payments.refund_payment, then the purchase closed
    refund_purchase(purchase=Purchase.objects.get(series=series), staff=StaffFactory())

    page = library(client)
    assert "Rendang school" not in page
    assert "Sambal school" in page


def test_a_refund_takes_the_purchase_out_of_the_library_at_once():
    buyer = UserFactory()
    PurchaseFactory(buyer=buyer, series__title="Sambal school")
    refunded = PurchaseFactory(buyer=buyer, series__title="Rendang school")
    client = signed_in(buyer)
    assert "Rendang school" in kept_library(client)

    refund_purchase(purchase=refunded, staff=StaffFactory())

    page = library(client)
    assert "Rendang school" not in page
    assert "Sambal school" in page


def test_a_new_title_approved_by_staff_shows_at_once():
    buyer = UserFactory()
    series = PurchaseFactory(buyer=buyer, series__title="Sambal school").series
    client = signed_in(buyer)
    assert "Sambal school" in kept_library(client)

    update_series(
        series=series,
        title="Sambal academy",
        description=series.description,
        price=series.price,
        currency=series.currency,
    )
    decide_submission(
        submission=Submission.objects.get(series=series, status=Submission.Status.PENDING),
        staff=StaffFactory(),
        approve=True,
    )

    page = library(client)
    assert "Sambal academy" in page
    assert "Sambal school" not in page


def test_a_renamed_creator_shows_at_once():
    buyer = UserFactory()
    series = PurchaseFactory(buyer=buyer, series__creator__display_name="Ibu Sari").series
    client = signed_in(buyer)
    assert "by Ibu Sari" in kept_library(client)

    update_profile(profile=series.creator, details={"display_name": "Dapur Sari"})

    assert "by Dapur Sari" in library(client)


def test_two_buyers_never_see_each_others_library():
    one, other = UserFactory(), UserFactory()
    PurchaseFactory(buyer=one, series__title="Sambal school")
    PurchaseFactory(buyer=other, series__title="Rendang school")
    assert "Sambal school" in library(signed_in(one))

    page = library(signed_in(other))

    assert "Rendang school" in page
    assert "Sambal school" not in page


def test_each_language_has_its_own_cards():
    buyer = UserFactory()
    PurchaseFactory(buyer=buyer, series__title="Sambal school")
    client = signed_in(buyer)
    assert "Bought on" in kept_library(client)

    assert "Bought on" not in library(client, HTTP_ACCEPT_LANGUAGE="id")


def test_the_second_page_is_its_own_fragment():
    buyer = UserFactory()
    for number in range(13):
        PurchaseFactory(buyer=buyer, series__title=f"Owned {number:02}")
    client = signed_in(buyer)
    first = kept_library(client)

    second = client.get(reverse("series:library") + "?page=2", **ENGLISH).text

    assert first.count("Bought on") == 12
    assert second.count("Bought on") == 1
    assert "Page 2 of 2" in second


def test_a_refund_shows_at_once_with_the_cache_down(cache_down):
    buyer = UserFactory()
    refunded = PurchaseFactory(buyer=buyer, series__title="Rendang school")
    client = signed_in(buyer)
    assert "Rendang school" in kept_library(client)

    refund_purchase(purchase=refunded, staff=StaffFactory())

    assert "Rendang school" not in library(client)


@pytest.mark.parametrize("purchases", [1, 13])
def test_the_kept_library_reads_nothing_past_the_session(
    client, django_assert_num_queries, purchases
):
    buyer = UserFactory()
    PurchaseFactory.create_batch(purchases, buyer=buyer)
    client.force_login(buyer)
    # session, user, the page's purchases (13 read: a count past a page)
    with django_assert_num_queries(3 if purchases <= 12 else 4):
        client.get(reverse("series:library"))
    # read again once under the versions it named, read before the reads
    client.get(reverse("series:library"))

    # the session and the user only (with Redis both come from the cache)
    with django_assert_num_queries(2):
        response = client.get(reverse("series:library"))

    assert response.text.count("Bought on") == min(purchases, 12)
