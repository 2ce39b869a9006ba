"""Xendit's invoice notifications: checked, stored, confirmed with the gateway,
applied once; every hostile one refused or harmless, with a row staff find."""

import logging
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse

from payments.models import LedgerEntry, Payment, PaymentNotification
from payments.notifications import check_overdue_payments
from tests.brands.factories import BusinessMembershipFactory
from tests.conftest import require
from tests.payments.conftest import started

pytestmark = pytest.mark.django_db
D = Decimal
PATH = "/payments/xendit/invoices/"
Outcome = PaymentNotification.Outcome


def test_the_endpoint_is_the_documented_url():
    assert reverse("payments:xendit_invoices") == PATH


def test_a_paid_notification_confirmed_by_the_gateway_marks_the_payment_paid(
    client, fake_xendit, announced
):
    payment, invoice = started(fake_xendit, amount="100000.00")
    fake_xendit.pay(invoice["id"], "QR_CODE", "QRIS")

    response = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert (payment.method, payment.channel) == ("qris", "QRIS")
    assert payment.fee == D("777.00")  # QRIS 0.7 % and 11 % VAT
    assert payment.paid_at is not None
    assert announced == [payment.pk]
    row = PaymentNotification.objects.get()
    assert (row.outcome, row.payment, row.claimed_status) == (Outcome.APPLIED, payment, "PAID")
    assert fake_xendit.calls("/v2/invoices/", "GET") == 1


def test_a_settled_invoice_is_paid_too(client, fake_xendit):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"], status="SETTLED")

    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_forged_token_is_refused_logged_and_changes_nothing(client, fake_xendit, caplog):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])

    with caplog.at_level(logging.WARNING, logger="payments.notifications"):
        forged = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]), token="x")
        missing = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]), token="")

    assert (forged.status_code, missing.status_code) == (403, 403)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert list(PaymentNotification.objects.values_list("outcome", flat=True)) == [
        Outcome.FORGED,
        Outcome.FORGED,
    ]
    assert "Forged payment notification from 127.0.0.1" in caplog.text
    assert fake_xendit.calls("/v2/invoices/", "GET") == 0


def test_a_notification_that_lies_about_the_status_is_checked_with_the_gateway(client, fake_xendit):
    payment, invoice = started(fake_xendit)

    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"], status="PAID"))

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert PaymentNotification.objects.get().outcome == Outcome.IGNORED


def test_a_replayed_notification_changes_nothing_twice(client, fake_xendit, announced):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    body = fake_xendit.notification(invoice["id"])

    answers = [fake_xendit.deliver(client, body).status_code for _ in range(3)]

    assert answers == [200, 200, 200]
    assert announced == [payment.pk]
    assert list(PaymentNotification.objects.order_by("pk").values_list("outcome", flat=True)) == [
        Outcome.APPLIED,
        Outcome.DUPLICATE,
        Outcome.DUPLICATE,
    ]


def test_an_expired_notification_after_the_payment_is_ignored(client, fake_xendit, announced):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    late = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"], status="EXPIRED"))

    assert late.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert PaymentNotification.objects.first().outcome == Outcome.IGNORED
    assert announced == [payment.pk]


def test_a_paid_notification_arriving_after_expiry_is_ignored(client, fake_xendit, announced):
    payment, invoice = started(fake_xendit)
    fake_xendit.expire(invoice["id"])
    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"], status="PAID"))

    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert announced == []


def test_an_amount_that_differs_is_not_paid_and_logged_as_an_error(
    client, fake_xendit, caplog, announced
):
    payment, invoice = started(fake_xendit, amount="100000.00")
    fake_xendit.pay(invoice["id"], amount=10000)

    with caplog.at_level(logging.ERROR, logger="payments.notifications"):
        response = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert announced == []
    assert PaymentNotification.objects.get().outcome == Outcome.MISMATCH
    assert str(payment.reference) in caplog.text


@pytest.mark.parametrize("shape", ["503", "500", "timeout"])
def test_a_status_api_down_or_slow_answers_503_and_marks_nothing_paid(
    client, fake_xendit, shape, announced
):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    fake_xendit.fail("/v2/invoices/", shape)

    response = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    assert response.status_code == 503
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert announced == []
    assert PaymentNotification.objects.get().outcome == Outcome.DEFERRED

    fake_xendit.heal()
    retried = fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    assert retried.status_code == 200
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_notification_for_an_unknown_invoice_changes_nothing(client, fake_xendit):
    body = {"id": "inv-nobody", "external_id": "nobody", "status": "PAID", "amount": 1}

    response = fake_xendit.deliver(client, body)

    assert response.status_code == 200
    assert PaymentNotification.objects.get().outcome == Outcome.UNKNOWN
    assert fake_xendit.calls("/v2/invoices/", "GET") == 0


def test_an_invoice_id_with_anothers_external_id_finds_nothing(client, fake_xendit):
    first, first_invoice = started(fake_xendit)
    _second, second_invoice = started(fake_xendit)
    fake_xendit.pay(first_invoice["id"])

    fake_xendit.deliver(
        client,
        fake_xendit.notification(first_invoice["id"], external_id=second_invoice["external_id"]),
    )

    assert PaymentNotification.objects.get().outcome == Outcome.UNKNOWN
    first.refresh_from_db()
    assert first.status == Payment.Status.PENDING


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"{}"])
def test_a_malformed_body_is_refused(client, fake_xendit, body):
    response = client.post(
        PATH,
        body,
        content_type="application/json",
        headers={"x-callback-token": "fake-callback-token"},
    )

    assert response.status_code == 400
    assert PaymentNotification.objects.get().outcome == Outcome.UNKNOWN


def test_a_reversal_the_gateway_reports_marks_the_payment_reversed(client, fake_xendit):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))
    fake_xendit.reverse(invoice["id"])

    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    payment.refresh_from_db()
    assert payment.status == Payment.Status.REVERSED


# --- Expiry ------------------------------------------------------------------------


def expire_locally(payment):
    Payment.objects.filter(pk=payment.pk).update(expires_at="2000-01-01T00:00:00Z")


def test_the_overdue_check_marks_an_invoice_xendit_expired_as_expired(fake_xendit, mailoutbox):
    payment, invoice = started(fake_xendit)
    fake_xendit.expire(invoice["id"])
    expire_locally(payment)

    counts = check_overdue_payments()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert counts["expired"] == 1
    assert mailoutbox == []


def test_the_overdue_check_applies_a_payment_xendit_says_is_paid(fake_xendit, announced):
    payment, invoice = started(fake_xendit)
    fake_xendit.pay(invoice["id"])
    expire_locally(payment)

    check_overdue_payments()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert announced == [payment.pk]


def test_the_overdue_check_leaves_what_xendit_still_has_pending(fake_xendit):
    payment, _invoice = started(fake_xendit)
    expire_locally(payment)

    counts = check_overdue_payments()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert counts["pending"] == 1


def test_the_overdue_check_waits_when_xendit_is_down(fake_xendit):
    payment, _invoice = started(fake_xendit)
    fake_xendit.expire(_invoice["id"])
    expire_locally(payment)
    fake_xendit.fail("/v2/invoices/", "503")

    counts = check_overdue_payments()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert counts["deferred"] == 1


def test_the_overdue_check_leaves_payments_not_yet_due(fake_xendit):
    payment, invoice = started(fake_xendit)
    fake_xendit.expire(invoice["id"])

    check_overdue_payments()

    assert fake_xendit.calls("/v2/invoices/", "GET") == 0


def test_the_expiry_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["expire-unpaid-payments"]
    assert entry["task"] == "payments.tasks.expire_unpaid_payments"


# --- Concurrency ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_notifications_at_once_make_one_ledger_entry(fake_xendit, live_server):
    require(connection.vendor == "postgresql", "PostgreSQL")
    owner = BusinessMembershipFactory()
    payment, invoice = started(
        fake_xendit, payer=owner.user, purpose="business_top_up", amount="500000.00"
    )
    Payment.objects.filter(pk=payment.pk).update(purpose_reference=str(owner.business_id))
    fake_xendit.pay(invoice["id"], "EWALLET", "OVO")
    body = fake_xendit.notification(invoice["id"])
    barrier = threading.Barrier(2)
    answers = []

    def deliver():
        barrier.wait()
        answers.append(fake_xendit.deliver(live_server.url, body).status_code)
        close_old_connections()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200, 200]
    assert (
        LedgerEntry.objects.filter(kind="top_up", payment_reference=str(payment.reference)).count()
        == 1
    )
    assert sorted(PaymentNotification.objects.values_list("outcome", flat=True)) == [
        Outcome.APPLIED,
        Outcome.DUPLICATE,
    ]


def test_the_sandbox_webhook_cannot_touch_a_payment_made_through_xendit(client, fake_xendit):
    from payments.services import SIGNATURE_HEADER, sign_webhook_body, webhook_body

    payment, _invoice = started(fake_xendit)
    body = webhook_body(payment=payment, event="payment.succeeded")

    response = client.post(
        reverse("payments:webhook"),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign_webhook_body(body)},
    )

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
