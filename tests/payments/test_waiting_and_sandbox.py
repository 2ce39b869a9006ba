"""The page the payer comes back to, and the sandbox's gateway-like checkout."""

import pytest
from django.urls import reverse

from payments.models import Payment, PaymentNotification, SandboxInvoice
from tests.factories import UserFactory
from tests.payments.conftest import a_payment, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer(client):
    user = UserFactory()
    client.force_login(user)
    return user


def waiting_url(payment):
    return reverse("payments:waiting", args=[payment.reference])


def status_of(client, payment):
    return client.get(reverse("payments:status", args=[payment.reference])).json()


def test_a_buyer_back_before_the_notification_sees_waiting_never_paid(client, payer, fake_xendit):
    payment, invoice = started(fake_xendit, payer=payer, return_url="/series/1/")
    fake_xendit.pay(invoice["id"])  # paid at Xendit, not yet told

    page = client.get(waiting_url(payment))

    assert "Waiting for payment" in page.text
    assert "Payment received" not in page.text
    assert "js/payment-waiting" in page.text
    assert f'href="{waiting_url(payment)}"' in page.text  # the no-JS refresh
    assert status_of(client, payment) == {
        "status": "pending",
        "label": "Waiting for payment",
        "final": False,
    }


def test_after_the_notification_the_page_says_paid_and_links_on(client, payer, fake_xendit):
    payment, invoice = started(fake_xendit, payer=payer, return_url="/series/1/")
    fake_xendit.pay(invoice["id"])
    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    page = client.get(waiting_url(payment))

    assert "Payment received" in page.text
    assert 'href="/series/1/"' in page.text
    assert "js/payment-waiting" not in page.text
    assert status_of(client, payment)["final"] is True


def test_an_expired_payment_says_so_and_offers_to_try_again(client, payer, fake_xendit):
    payment, invoice = started(fake_xendit, payer=payer, return_url="/series/1/")
    fake_xendit.expire(invoice["id"])
    fake_xendit.deliver(client, fake_xendit.notification(invoice["id"]))

    page = client.get(waiting_url(payment))

    assert "The payment expired" in page.text
    assert "Try again" in page.text


def test_a_return_address_off_the_site_is_not_linked(client, payer):
    payment = a_payment(payer=payer, return_url="https://evil.example/")
    Payment.objects.filter(pk=payment.pk).update(status="paid", completed_at="2026-01-01T00:00:00Z")

    page = client.get(waiting_url(payment))

    assert "evil.example" not in page.text


def test_another_user_gets_a_404(client, payer):
    payment = a_payment()

    assert client.get(waiting_url(payment)).status_code == 404
    assert client.get(reverse("payments:status", args=[payment.reference])).status_code == 404


@pytest.mark.parametrize("others", [0, 20])
def test_the_waiting_page_and_status_cost_the_same_queries_however_many_payments(
    client, payer, django_assert_num_queries, others
):
    for _ in range(others):
        a_payment(payer=payer)
    payment = a_payment(payer=payer)

    # The session, the user, the payment.
    with django_assert_num_queries(3):
        client.get(waiting_url(payment))
    with django_assert_num_queries(3):
        client.get(reverse("payments:status", args=[payment.reference]))


# --- The sandbox checkout ------------------------------------------------------------


def sandbox_url(payment):
    return reverse("payments:sandbox_checkout", args=[payment.reference])


def test_the_sandbox_offers_qris_e_wallets_and_virtual_accounts(client, payer):
    payment = a_payment(payer=payer)

    page = client.get(sandbox_url(payment))
    qris = client.get(sandbox_url(payment), {"method": "qris"})
    bca = client.get(sandbox_url(payment), {"method": "virtual_account", "channel": "BCA"})

    assert "E-wallet: OVO" in page.text and "Virtual account: BCA" in page.text
    assert "<svg" in qris.text and 'aria-label="QR code to scan' in qris.text
    assert "3901" in bca.text  # a BCA-looking virtual account number
    assert "Let it expire" in page.text


def test_approving_an_e_wallet_in_the_sandbox_goes_through_the_notification_handler(client, payer):
    payment = a_payment(payer=payer, return_url="/somewhere/")

    response = client.post(
        sandbox_url(payment), {"decision": "approve", "method": "ewallet", "channel": "OVO"}
    )

    assert response.url == "/somewhere/"
    payment.refresh_from_db()
    assert (payment.status, payment.method, payment.channel) == ("paid", "ewallet", "OVO")
    assert SandboxInvoice.objects.get(payment=payment).status == "PAID"
    notification = PaymentNotification.objects.get()
    assert (notification.outcome, notification.remote_addr) == ("applied", "sandbox")


def test_letting_it_expire_in_the_sandbox_expires_the_payment(client, payer):
    payment = a_payment(payer=payer)

    response = client.post(sandbox_url(payment), {"decision": "expire"}, follow=True)

    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    assert "The payment expired" in response.text


def test_a_channel_the_sandbox_does_not_offer_is_qris(client, payer):
    payment = a_payment(payer=payer)

    client.post(sandbox_url(payment), {"decision": "approve", "method": "gold", "channel": "x"})

    payment.refresh_from_db()
    assert (payment.method, payment.channel) == ("qris", "QRIS")


def test_the_sandbox_checkout_is_gone_when_xendit_is_the_gateway(client, payer, fake_xendit):
    payment = a_payment(payer=payer)
    Payment.objects.filter(pk=payment.pk).update(provider="sandbox")

    assert client.get(sandbox_url(payment)).status_code == 404
    assert client.post(sandbox_url(payment), {"decision": "approve"}).status_code == 404


def test_the_sandbox_checkout_is_the_payers_alone(client, payer):
    payment = a_payment()

    assert client.post(sandbox_url(payment), {"decision": "approve"}).status_code == 404
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING


def test_the_sandbox_expires_an_invoice_left_unpaid(client, payer):
    from payments.notifications import check_overdue_payments
    from payments.providers import get_provider

    payment = a_payment(payer=payer)
    get_provider().checkout_url(payment)
    Payment.objects.filter(pk=payment.pk).update(expires_at="2000-01-01T00:00:00Z")

    check_overdue_payments()

    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
