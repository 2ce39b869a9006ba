"""Buyers ask for a refund from their purchase within the window; staff
decide once, on a page with the buyer's watching beside the reason; the
buyer and the creator are emailed, each in their own language."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from payments.ledger import check_ledger
from payments.models import Payment
from payments.services import RefundRefused
from series.models import EpisodeProgress, Purchase, RefundRequest
from series.services.refund_requests import ask_for_refund, decide_refund_request
from series.services.refusals import SeriesRefused
from series.services.sales import PURCHASE_PURPOSE, record_purchase
from tests.conftest import require
from tests.factories import StaffFactory, UserFactory
from tests.payments.test_refunds import paid
from tests.series.factories import EpisodeFactory, PublishedSeriesFactory, PurchaseFactory

D = Decimal
Status = RefundRequest.Status


def ask_url(purchase):
    return reverse("series:refund_request", args=[purchase.pk])


def decide_url(request):
    return reverse("admin:series_refundrequest_decide", args=[request.pk])


@pytest.fixture
def purchase():
    episode = EpisodeFactory(series__price=D("49000.00"), series__title="Batik basics")
    return PurchaseFactory(series=episode.series, buyer__language="en")


@pytest.fixture
def buyer_client(client, purchase):
    client.force_login(purchase.buyer)
    return client


@pytest.fixture
def staff_client(settings):
    settings.STAFF_REQUIRE_MFA = False
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(StaffFactory(language="en"))
    return client


def asked(purchase, reason="The sound is broken on every episode."):
    return ask_for_refund(purchase_id=purchase.pk, buyer=purchase.buyer, reason=reason)


# --- The buyer asks -----------------------------------------------------------


@pytest.mark.django_db
def test_a_buyer_asks_for_a_refund_within_the_window(buyer_client, purchase):
    page = buyer_client.get(ask_url(purchase))
    response = buyer_client.post(ask_url(purchase), {"reason": "  Not what the trailer showed. "})

    assert 'name="reason"' in page.text
    assert response.status_code == 302
    request = RefundRequest.objects.get()
    assert (request.purchase, request.buyer, request.reason, request.status) == (
        purchase,
        purchase.buyer,
        "Not what the trailer showed.",
        Status.REQUESTED,
    )
    again = buyer_client.get(ask_url(purchase))
    assert "Waiting for a decision" in again.text
    assert 'name="reason"' not in again.text


@pytest.mark.django_db
def test_the_library_links_each_purchase_to_its_refund_page(buyer_client, purchase):
    assert ask_url(purchase) in buyer_client.get(reverse("series:library")).text


@pytest.mark.django_db
def test_past_the_window_the_form_is_not_offered_and_a_post_is_refused(
    buyer_client, purchase, settings
):
    settings.SERIES_REFUND_REQUEST_DAYS = 7
    Purchase.objects.filter(pk=purchase.pk).update(
        paid_at=timezone.now() - timedelta(days=7, minutes=1)
    )

    page = buyer_client.get(ask_url(purchase))
    response = buyer_client.post(ask_url(purchase), {"reason": "Too late?"}, follow=True)

    assert 'name="reason"' not in page.text
    assert "within 7 days of buying" in page.text
    assert "Refunds can be asked for within 7 days of buying" in response.text
    assert not RefundRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("earlier", [0, 5])
def test_the_refund_page_query_count_does_not_grow_with_past_requests(
    buyer_client, purchase, earlier, django_assert_num_queries
):
    staff = StaffFactory()
    for _n in range(earlier):
        decide_refund_request(request_id=asked(purchase).pk, staff=staff, approve=False, note="No.")

    # Session, user, the purchase with its Series and creator, the requests.
    with django_assert_num_queries(4):
        page = buyer_client.get(ask_url(purchase))

    assert page.text.count("Declined") == earlier


@pytest.mark.django_db
def test_a_reason_is_required(buyer_client, purchase):
    response = buyer_client.post(ask_url(purchase), {"reason": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not RefundRequest.objects.exists()


@pytest.mark.django_db
def test_one_open_request_per_purchase(purchase):
    asked(purchase)

    with pytest.raises(SeriesRefused, match="already asked"):
        asked(purchase)

    assert RefundRequest.objects.count() == 1


@pytest.mark.django_db
def test_another_buyers_purchase_is_not_found(client, purchase):
    client.force_login(UserFactory())

    assert client.get(ask_url(purchase)).status_code == 404
    assert client.post(ask_url(purchase), {"reason": "Mine now"}).status_code == 404
    assert not RefundRequest.objects.exists()


@pytest.mark.django_db
def test_asking_needs_the_csrf_token(purchase):
    client = Client(enforce_csrf_checks=True)
    client.force_login(purchase.buyer)

    response = client.post(ask_url(purchase), {"reason": "No token"})

    assert response.status_code == 403
    assert not RefundRequest.objects.exists()


# --- Staff decide -------------------------------------------------------------


@pytest.mark.django_db
def test_the_decide_page_shows_the_request_the_episodes_and_the_reason(staff_client, purchase):
    EpisodeFactory(series=purchase.series, title="Second dye bath")
    request = asked(purchase)

    page = staff_client.get(decide_url(request))

    assert page.status_code == 200
    assert "The sound is broken on every episode." in page.text
    assert "Second dye bath" in page.text
    assert "Batik basics" in page.text


@pytest.mark.django_db
@pytest.mark.parametrize("episodes", [1, 8])
def test_the_decide_page_query_count_does_not_grow_with_the_series(
    staff_client, purchase, episodes, django_assert_num_queries
):
    EpisodeFactory.create_batch(episodes, series=purchase.series)
    request = asked(purchase)

    # Session, user, the request, the payment, the episodes, the review, the
    # buyer's other requests.
    with django_assert_num_queries(8):
        staff_client.get(decide_url(request))


@pytest.mark.django_db
def test_approving_asks_for_a_confirmation_first(staff_client, purchase):
    request = asked(purchase)

    response = staff_client.post(decide_url(request), {"decision": "approve", "note": ""})

    assert "Yes, approve and refund" in response.text
    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "price"), [("en", "Rp 49,000"), ("id", "Rp 49.000")])
def test_an_approved_request_refunds_and_emails_buyer_and_creator(
    staff_client, purchase, language, price, django_capture_on_commit_callbacks
):
    purchase.buyer.language = language
    purchase.buyer.save(update_fields=["language"])
    creator = purchase.series.creator.user
    creator.language = language
    creator.save(update_fields=["language"])
    request = asked(purchase)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            decide_url(request), {"decision": "approve", "note": "", "confirmed": "yes"}
        )

    assert response.status_code == 302
    request.refresh_from_db()
    purchase.refresh_from_db()
    assert (request.status, purchase.status) == (Status.APPROVED, Purchase.Status.REFUNDED)
    assert request.decided_at is not None
    emails = {message.to[0]: message for message in mail.outbox}
    # One email each: the decision replaces the plain refund email.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [purchase.buyer.email, creator.email]
    )
    assert price in emails[purchase.buyer.email].body
    assert "approved" in emails[purchase.buyer.email].subject.lower() or language == "id"
    assert price in emails[creator.email].body
    assert check_ledger().passed


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "price"), [("en", "Rp 49,000"), ("id", "Rp 49.000")])
def test_a_declined_request_needs_a_note_and_emails_it(
    staff_client, purchase, language, price, django_capture_on_commit_callbacks
):
    purchase.buyer.language = language
    purchase.buyer.save(update_fields=["language"])
    request = asked(purchase)
    with translation.override("en"):
        without = staff_client.post(decide_url(request), {"decision": "decline", "note": ""})
    assert "Say why the request is declined" in without.text

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            decide_url(request), {"decision": "decline", "note": "You watched all ten episodes."}
        )

    request.refresh_from_db()
    purchase.refresh_from_db()
    assert (request.status, purchase.status) == (Status.DECLINED, Purchase.Status.PAID)
    buyer_mail = next(m for m in mail.outbox if m.to == [purchase.buyer.email])
    assert "You watched all ten episodes." in buyer_mail.body
    assert price in buyer_mail.body
    assert any(m.to == [purchase.series.creator.user.email] for m in mail.outbox)


@pytest.mark.django_db
def test_a_decided_request_cannot_be_decided_again(purchase):
    request = asked(purchase)
    decide_refund_request(request_id=request.pk, staff=StaffFactory(), approve=False, note="No.")

    with translation.override("en"), pytest.raises(SeriesRefused, match="already declined"):
        decide_refund_request(request_id=request.pk, staff=StaffFactory(), approve=True)

    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


@pytest.mark.django_db
def test_a_decided_request_offers_no_form(staff_client, purchase):
    request = asked(purchase)
    decide_refund_request(request_id=request.pk, staff=StaffFactory(), approve=False, note="No.")

    page = staff_client.get(decide_url(request))

    assert 'name="decision"' not in page.text


@pytest.mark.django_db
def test_deciding_on_the_page_after_another_staff_member_shows_who_did(staff_client, purchase):
    request = asked(purchase)
    first = StaffFactory(full_name="Sari Staff")
    decide_refund_request(request_id=request.pk, staff=first, approve=False, note="No.")

    with translation.override("en"):
        response = staff_client.post(
            decide_url(request), {"decision": "approve", "note": "", "confirmed": "yes"}
        )

    assert "This request was already declined by Sari Staff." in response.text
    assert 'name="decision"' not in response.text
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


@pytest.mark.django_db
def test_a_buyer_cannot_open_the_decide_page(client, purchase):
    request = asked(purchase)
    client.force_login(purchase.buyer)

    response = client.get(decide_url(request))

    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_at_once_decide_once():
    require(connection.vendor == "postgresql", "PostgreSQL")
    purchase = PurchaseFactory()
    request = asked(purchase)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(approve):
        try:
            barrier.wait()
            with translation.override("en"):
                decide_refund_request(
                    request_id=request.pk, staff=StaffFactory(), approve=approve, note="Late."
                )
            outcomes.append("decided")
        except SeriesRefused as refusal:
            outcomes.append("refused" if "already" in refusal.message else refusal.message)
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(flag,)) for flag in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    request.refresh_from_db()
    purchase.refresh_from_db()
    assert request.status != Status.REQUESTED
    assert (purchase.status == Purchase.Status.REFUNDED) == (request.status == Status.APPROVED)


@pytest.mark.django_db
def test_a_refund_the_gateway_refuses_leaves_the_request_open(client, fake_xendit):
    series = PublishedSeriesFactory(price=D("50000.00"))
    payment, _invoice = paid(client, fake_xendit, purpose="other", amount="50000.00")
    Payment.objects.filter(pk=payment.pk).update(
        purpose=PURCHASE_PURPOSE, purpose_reference=str(series.pk)
    )
    payment.refresh_from_db()
    purchase = record_purchase(payment=payment)
    request = asked(purchase)
    fake_xendit.fail("/refunds", "500")

    with pytest.raises(RefundRefused):
        decide_refund_request(request_id=request.pk, staff=StaffFactory(), approve=True)

    request.refresh_from_db()
    purchase.refresh_from_db()
    assert (request.status, purchase.status) == (Status.REQUESTED, Purchase.Status.PAID)


@pytest.mark.django_db
def test_the_decide_page_shows_how_far_the_buyer_watched(staff_client, purchase):
    progress = EpisodeProgress
    first = purchase.series.episodes.get()
    second = EpisodeFactory(series=purchase.series, title="Second dye bath")
    progress.objects.create(user=purchase.buyer, episode=first, finished=True)
    progress.objects.create(user=purchase.buyer, episode=second, position_seconds=15)

    page = staff_client.get(decide_url(asked(purchase)))

    assert "to the end" in page.text
    assert "(15 s)" in page.text
    assert "2 of 2 episodes watched." in page.text
