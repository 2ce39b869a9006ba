"""A numbered receipt for every paid Series purchase and top-up: issued once,
emailed in the payer's language, on a page and as a PDF for the payer alone."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse

from billing.models import Receipt
from billing.services.receipts import issue_receipt
from payments.models import Payment
from payments.signals import payment_succeeded
from tests.billing.factories import a_payment, buy, paid, pdf_text, top_up
from tests.brands.factories import BusinessMembershipFactory
from tests.conftest import require
from tests.factories import UserFactory
from tests.series.factories import PublishedSeriesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return PublishedSeriesFactory(
        title="Rendang Rumahan", creator__display_name="Sari Masak", price=Decimal("49000.00")
    )


@pytest.fixture
def buyer():
    return UserFactory(full_name="Budi Santoso", email="budi@example.com")


def test_a_paid_series_purchase_gets_one_numbered_receipt(series, buyer):
    payment = buy(series, buyer)

    receipt = Receipt.objects.get()
    assert receipt.payment == payment
    assert receipt.number.startswith("R-") and receipt.number.endswith("-000001")
    assert (receipt.payer, receipt.payer_name) == (buyer, "Budi Santoso")
    assert (receipt.item, receipt.item_detail) == ("Rendang Rumahan", "Sari Masak")
    assert (receipt.amount, receipt.currency, receipt.method) == (
        Decimal("49000.00"),
        "IDR",
        "sandbox",
    )
    assert receipt.paid_at == payment.completed_at


def test_a_paid_top_up_gets_a_receipt_naming_the_business():
    member = BusinessMembershipFactory(business__name="Keripik Bu Sri")

    top_up(member.business, member.user, "250000.00")

    receipt = Receipt.objects.get()
    assert (receipt.kind, receipt.item, receipt.amount) == (
        Receipt.Kind.TOP_UP,
        "Keripik Bu Sri",
        Decimal("250000.00"),
    )


def test_the_signal_sent_twice_still_makes_one_receipt(series, buyer):
    payment = buy(series, buyer)

    payment_succeeded.send(sender=Payment, payment=payment)
    issue_receipt(payment=payment)

    assert Receipt.objects.count() == 1


def test_a_pending_payment_or_one_for_something_else_gets_no_receipt(series, buyer):
    pending = a_payment(payer=buyer, purpose="series_purchase", reference=series.pk, amount="1")
    other = a_payment(payer=buyer, purpose="donation", reference="1", amount="1")
    other.status, other.completed_at = Payment.Status.PAID, pending.created_at

    assert issue_receipt(payment=pending) is None
    assert issue_receipt(payment=other) is None
    assert not Receipt.objects.exists()


def test_the_receipt_is_emailed_in_english(series, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        buy(series, buyer)

    receipt = Receipt.objects.get()
    message = next(m for m in mail.outbox if receipt.number in m.subject)
    assert message.to == ["budi@example.com"]
    assert message.subject == f"Your receipt {receipt.number}"
    assert "Thank you for your payment of Rp 49,000" in message.body
    assert reverse("billing:receipt", args=[receipt.number]) in message.body


def test_the_receipt_is_emailed_in_indonesian_to_an_indonesian_buyer(
    series, django_capture_on_commit_callbacks
):
    buyer = UserFactory(language="id")
    with django_capture_on_commit_callbacks(execute=True):
        buy(series, buyer)

    receipt = Receipt.objects.get()
    message = next(m for m in mail.outbox if receipt.number in m.subject)
    # The lead writes the Indonesian catalogue; amounts are written the Indonesian way now.
    assert "Rp 49.000" in message.body
    assert reverse("billing:receipt", args=[receipt.number]) in message.body


def test_the_payer_reads_the_receipt_and_downloads_it_as_pdf(client, series, buyer):
    buy(series, buyer)
    receipt = Receipt.objects.get()
    client.force_login(buyer)

    page = client.get(reverse("billing:receipt", args=[receipt.number]))
    document = client.get(reverse("billing:receipt_pdf", args=[receipt.number]))

    assert page.status_code == 200
    assert "Rendang Rumahan" in page.text and "Rp 49,000" in page.text
    assert document["Content-Type"] == "application/pdf"
    text = pdf_text(document.content)
    assert receipt.number in text
    assert "Rp 49,000" in text
    assert "Rendang Rumahan" in text and "Budi Santoso" in text
    # The provider's fee is the platform's business, not the buyer's.
    assert "1,500" not in text and "1,500" not in page.text


def test_someone_else_gets_a_404_for_the_receipt(client, series, buyer):
    buy(series, buyer)
    receipt = Receipt.objects.get()
    client.force_login(UserFactory(is_staff=True))

    for name in ("billing:receipt", "billing:receipt_pdf"):
        assert client.get(reverse(name, args=[receipt.number])).status_code == 404


def test_the_purchases_page_links_each_purchase_to_its_receipt(client, series, buyer):
    payment = buy(series, buyer)
    receipt = Receipt.objects.get()
    client.force_login(buyer)

    library = client.get(reverse("series:library"))
    link = reverse("billing:receipt_for_payment", args=[payment.reference])
    followed = client.get(link)

    assert link in library.text
    assert followed.url == reverse("billing:receipt", args=[receipt.number])


def test_the_balance_page_links_a_paid_top_up_to_its_receipt_for_the_payer(client):
    member = BusinessMembershipFactory()
    payment = top_up(member.business, member.user)
    client.force_login(member.user)

    page = client.get(reverse("brands:credit", args=[member.business.pk]))

    assert reverse("billing:receipt_for_payment", args=[payment.reference]) in page.text


def test_a_new_receipt_shows_at_once_on_my_receipts(client, series, buyer):
    buy(series, buyer)
    client.force_login(buyer)
    assert "Rendang Rumahan" in client.get(reverse("billing:receipts")).text  # rows cached now

    buy(PublishedSeriesFactory(title="Soto Betawi"), buyer)

    page = client.get(reverse("billing:receipts")).text
    assert "Series “Soto Betawi”" in page
    assert "Series “Rendang Rumahan”" in page


def test_my_receipts_rows_are_each_payers_own_and_in_each_language(client, series, buyer):
    buy(series, buyer)
    other = UserFactory()
    top_up(BusinessMembershipFactory(user=other, business__name="Keripik").business, other, "1")
    client.force_login(buyer)
    assert "Rendang Rumahan" in client.get(reverse("billing:receipts")).text

    client.force_login(other)
    page = client.get(reverse("billing:receipts")).text
    indonesian = client.get(reverse("billing:receipts"), headers={"Accept-Language": "id"}).text

    assert "Rendang Rumahan" not in page
    assert "Top-up for Keripik" in page
    assert "Isi saldo untuk Keripik" in indonesian


def test_my_receipts_says_so_when_there_are_none(client, buyer):
    client.force_login(buyer)

    page = client.get(reverse("billing:receipts"))

    assert "No receipts yet." in page.text


@pytest.mark.parametrize("count", [1, 25])
def test_my_receipts_takes_the_same_queries_however_many(
    client, buyer, count, django_assert_num_queries
):
    for _ in range(count):
        buy(PublishedSeriesFactory(), buyer)
    client.force_login(buyer)

    # Session, user, one page of receipts, and the count when more than a page;
    # then the page is kept until a receipt is issued.
    with django_assert_num_queries(4 if count > 20 else 3):
        client.get(reverse("billing:receipts"))
    with django_assert_num_queries(2):
        page = client.get(reverse("billing:receipts"))

    assert page.status_code == 200
    assert page.text.count("R-") >= min(count, 20)


def test_a_new_purchase_shows_its_receipt_at_once_on_a_kept_page(client, buyer):
    buy(PublishedSeriesFactory(), buyer)
    client.force_login(buyer)
    client.get(reverse("billing:receipts"))

    buy(PublishedSeriesFactory(title="Masak Rendang"), buyer)
    page = client.get(reverse("billing:receipts")).text

    newest = Receipt.objects.filter(payer=buyer).latest("pk")
    assert newest.number in page
    assert "Masak Rendang" in page


def test_the_pdf_is_written_in_the_payers_language(client, series):
    buyer = UserFactory(language="id")
    buy(series, buyer)
    receipt = Receipt.objects.get()
    client.force_login(buyer)

    # The site speaks English to this browser; the document is the payer's own.
    document = client.get(
        reverse("billing:receipt_pdf", args=[receipt.number]), HTTP_ACCEPT_LANGUAGE="en"
    )

    text = pdf_text(document.content)
    assert "Rp 49.000" in text and "Rp 49,000" not in text


@pytest.mark.django_db(transaction=True)
def test_two_notifications_at_once_make_one_receipt_and_payments_at_once_get_distinct_numbers():
    require(connection.vendor == "postgresql", "PostgreSQL")
    buyer = UserFactory()
    payments = [
        a_payment(payer=buyer, purpose="series_purchase", reference=s.pk, amount="49000")
        for s in PublishedSeriesFactory.create_batch(3)
    ]
    # The first payment notified twice at once, the others once each.
    targets = [payments[0], payments[0], payments[1], payments[2]]
    barrier = threading.Barrier(len(targets))
    errors = []

    def notify(payment):
        try:
            barrier.wait()
            paid(payment)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=notify, args=(p,)) for p in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = sorted(Receipt.objects.values_list("number", flat=True))
    assert len(numbers) == 3
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2, 3]
