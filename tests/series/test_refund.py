"""Staff refund purchases from the admin: confirmed first, recorded with who and
when, access revoked, the buyer told; and the buyer may buy again."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from payments.services import create_payment, handle_webhook, sign_webhook_body, webhook_body
from series.models import Purchase
from series.services.sales import PURCHASE_PURPOSE, refund_purchase
from tests.factories import StaffFactory, UserFactory
from tests.series.factories import EpisodeFactory, PurchaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:series_purchase_changelist"


@pytest.fixture
def staff(client, settings):
    settings.STAFF_REQUIRE_MFA = False
    user = StaffFactory()
    client.force_login(user)
    return user


def refund_action(client, purchases, confirmed):
    data = {"action": "refund", "_selected_action": [purchase.pk for purchase in purchases]}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(reverse(CHANGELIST), data)


def test_the_refund_action_asks_for_confirmation_first(client, staff):
    purchase = PurchaseFactory(series__title="Batik basics")

    response = refund_action(client, [purchase], confirmed=False)

    assert response.status_code == 200
    assert "Batik basics" in response.text
    assert "Yes, refund" in response.text
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.PAID


def test_a_confirmed_refund_is_recorded_and_revokes_access(
    client, staff, django_capture_on_commit_callbacks
):
    episode = EpisodeFactory()
    purchase = PurchaseFactory(series=episode.series, buyer__language="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = refund_action(client, [purchase], confirmed=True)

    assert response.status_code == 302
    purchase.refresh_from_db()
    assert purchase.status == Purchase.Status.REFUNDED
    assert purchase.refunded_by == staff
    assert purchase.refunded_at is not None
    assert [message.to for message in mail.outbox] == [[purchase.buyer.email]]
    assert "has been refunded" in mail.outbox[0].body
    client.force_login(purchase.buyer)
    file_url = reverse("series:episode_file", args=[episode.series_id, episode.pk])
    assert client.get(file_url).status_code == 404
    assert episode.series.title not in client.get(reverse("series:library")).text


def test_refunding_twice_changes_nothing_the_second_time(client, staff):
    purchase = PurchaseFactory()
    refund_action(client, [purchase], confirmed=True)
    purchase.refresh_from_db()
    first_refund = purchase.refunded_at

    response = refund_action(client, [purchase], confirmed=True)

    purchase.refresh_from_db()
    assert purchase.refunded_at == first_refund
    assert response.status_code == 302


def test_a_refunded_buyer_may_buy_again(client):
    purchase = PurchaseFactory()
    refund_purchase(purchase=purchase, staff=StaffFactory())
    client.force_login(purchase.buyer)

    response = client.post(
        reverse("series:buy", args=[purchase.series_id]), {"attempt": str(uuid.uuid4())}
    )

    assert response.url.startswith("/payments/sandbox/")


def test_staff_cannot_add_or_delete_purchases(client, staff):
    purchase = PurchaseFactory()

    add = client.get(reverse("admin:series_purchase_add"))
    delete = client.get(reverse("admin:series_purchase_delete", args=[purchase.pk]))

    assert add.status_code == 403
    assert delete.status_code == 403


def test_a_paid_purchase_emails_the_buyer_a_receipt(django_capture_on_commit_callbacks):
    episode = EpisodeFactory(series__title="Sambal secrets")
    payment = create_payment(
        payer=UserFactory(language="en"),
        amount=episode.series.price,
        currency="IDR",
        description="Series",
        purpose=PURCHASE_PURPOSE,
        purpose_reference=str(episode.series_id),
        idempotency_key="receipt-test",
        return_url="/",
    )
    body = webhook_body(payment=payment, event="payment.succeeded")

    with django_capture_on_commit_callbacks(execute=True):
        handle_webhook(body=body, signature=sign_webhook_body(body))

    assert mail.outbox[0].subject == "Your Series: Sambal secrets"
    assert "Every episode is now unlocked." in mail.outbox[0].body


def test_the_admin_pages_of_series_and_purchases_open(client, staff):
    purchase = PurchaseFactory()
    EpisodeFactory(series=purchase.series)

    pages = [
        reverse("admin:series_series_changelist"),
        reverse("admin:series_series_change", args=[purchase.series_id]),
        reverse(CHANGELIST),
        reverse("admin:series_purchase_change", args=[purchase.pk]),
    ]

    assert [client.get(url).status_code for url in pages] == [200, 200, 200, 200]


def test_the_refund_email_is_written_in_the_buyers_language(django_capture_on_commit_callbacks):
    purchase = PurchaseFactory(series__title="Sambal", buyer__language="id")

    with django_capture_on_commit_callbacks(execute=True):
        refund_purchase(purchase=purchase, staff=StaffFactory())

    assert mail.outbox[0].to == [purchase.buyer.email]
    assert "has been refunded" not in mail.outbox[0].body
    assert "Sambal" in mail.outbox[0].body
