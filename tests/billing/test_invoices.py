"""Each business with money movements in a month gets one numbered invoice on
the 1st of the next, summed from the ledger and emailed to its members; its
members read it and download it as a PDF."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import month_bounds, previous_month
from billing.services.invoices import issue_invoice, issue_monthly_invoices
from billing.services.numbering import JAKARTA
from billing.tasks import monthly_invoices
from brands.models import BusinessMembership
from brands.services import pool_spec
from collaborations.models import Collaboration
from collaborations.services.holds import return_hold
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.billing.factories import pdf_text, top_up
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory, live_campaign

pytestmark = pytest.mark.django_db
D = Decimal


def this_month():
    return timezone.localtime(timezone.now(), JAKARTA).date().replace(day=1)


def top_up_in(business, month, amount):
    """A top-up recorded in ``month`` (as the provider's would be)."""
    start, _end = month_bounds(month)
    return ledger.post(
        LedgerEntry.Kind.TOP_UP,
        ledger.moves(
            [({"kind": Account.Kind.MONEY_IN}, pool_spec(business.pk, "balance"), D(amount))]
        ),
        business=business,
        created_at=start + timedelta(days=3),
    )


@pytest.fixture
def owner():
    return BusinessMembershipFactory(business__name="Keripik Bu Sri", user__full_name="Sri")


@pytest.fixture
def busy_month(owner, settings):
    """This month: a paid top-up matched with credit, a campaign launched on
    credit, one fee held and paid to its creator, another held and returned."""
    settings.BUSINESS_CREDIT_MATCH_CAP = "100000.00"
    top_up(owner.business, owner.user, "500000.00")
    campaign = live_campaign(member=owner, budget="1000000.00")
    CollaborationFactory(campaign=campaign, status=Collaboration.Status.APPROVED)
    cancelled = CollaborationFactory(campaign=campaign, status=Collaboration.Status.ACCEPTED)
    return_hold(cancelled, by=None)
    return owner.business


def test_the_invoice_sums_the_months_movements_from_the_ledger(busy_month):
    top_up_in(busy_month, previous_month(), "999000.00")

    invoice, created = issue_invoice(business_id=busy_month.pk, month=this_month(), currency="IDR")

    assert created
    assert invoice.number.startswith("INV-") and invoice.number.endswith("-000001")
    assert invoice.business_name == "Keripik Bu Sri"
    assert {
        "top_ups": invoice.top_ups,
        "credit_granted": invoice.credit_granted,
        "credit_used": invoice.credit_used,
        "credit_expired": invoice.credit_expired,
        "fees_held": invoice.fees_held,
        "paid_to_creators": invoice.paid_to_creators,
        "platform_fees": invoice.platform_fees,
        "returned": invoice.returned,
    } == {
        "top_ups": D("500000.00"),
        "credit_granted": D("1100000.00"),  # the launch's grant and the matched top-up
        "credit_used": D("1000000.00"),  # reserved for the campaign
        "credit_expired": D("0.00"),
        "fees_held": D("500000.00"),
        "paid_to_creators": D("225000.00"),
        "platform_fees": D("25000.00"),
        "returned": D("250000.00"),
    }
    kinds = [item["kind"] for item in invoice.items]
    assert kinds.count("top_up") == 1 and kinds.count("hold") == 2


def test_issuing_twice_gives_the_same_invoice(busy_month):
    first, _ = issue_invoice(business_id=busy_month.pk, month=this_month(), currency="IDR")
    again, created = issue_invoice(business_id=busy_month.pk, month=this_month(), currency="IDR")

    assert (again, created) == (first, False)
    assert Invoice.objects.count() == 1


def test_the_monthly_run_invoices_each_business_with_movements_once(
    owner, django_capture_on_commit_callbacks
):
    BusinessMembershipFactory(business=owner.business, role=BusinessMembership.Role.MEMBER)
    quiet = BusinessMembershipFactory()
    top_up_in(owner.business, previous_month(), "300000.00")

    with django_capture_on_commit_callbacks(execute=True):
        issued = monthly_invoices.delay().get()
    again = issue_monthly_invoices()

    invoice = Invoice.objects.get()
    assert (issued, again) == (1, 0)
    assert (invoice.business, invoice.month, invoice.top_ups) == (
        owner.business,
        previous_month(),
        D("300000.00"),
    )
    assert not Invoice.objects.filter(business=quiet.business).exists()
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == sorted(owner.business.memberships.values_list("user__email", flat=True))
    assert invoice.number in mail.outbox[0].subject
    assert reverse("billing:invoice", args=[invoice.number]) in mail.outbox[0].body


def test_a_member_reads_the_invoice_and_its_pdf_shows_the_totals(client, busy_month, owner):
    invoice, _ = issue_invoice(business_id=busy_month.pk, month=this_month(), currency="IDR")
    client.force_login(owner.user)

    listing = client.get(reverse("billing:invoices"))
    page = client.get(reverse("billing:invoice", args=[invoice.number]))
    document = client.get(reverse("billing:invoice_pdf", args=[invoice.number]))

    assert invoice.number in listing.text
    assert "Rp 225,000" in page.text
    text = pdf_text(document.content)
    assert invoice.number in text and "Keripik Bu Sri" in text
    for amount in ("Rp 500,000", "Rp 1,100,000", "Rp 225,000", "Rp 25,000", "Rp 250,000"):
        assert amount in text


def test_another_business_gets_a_404_for_the_invoice(client, busy_month):
    invoice, _ = issue_invoice(business_id=busy_month.pk, month=this_month(), currency="IDR")
    other = BusinessMembershipFactory()
    client.force_login(other.user)

    assert client.get(reverse("billing:invoice", args=[invoice.number])).status_code == 404
    assert client.get(reverse("billing:invoice_pdf", args=[invoice.number])).status_code == 404
    assert invoice.number not in client.get(reverse("billing:invoices")).text


def test_the_invoices_page_says_so_when_there_are_none(client, owner):
    client.force_login(owner.user)

    assert "No invoices yet." in client.get(reverse("billing:invoices")).text


@pytest.mark.parametrize("months", [1, 24])
def test_the_invoices_page_takes_the_same_queries_however_many(
    client, owner, months, django_assert_num_queries
):
    month = this_month()
    for _ in range(months):
        top_up_in(owner.business, month, "100000.00")
        issue_invoice(business_id=owner.business.pk, month=month, currency="IDR")
        month = (month - timedelta(days=1)).replace(day=1)
    client.force_login(owner.user)

    # Session, user, the businesses, one page of invoices, and the count when
    # more than a page; then the page is kept until an invoice is issued.
    with django_assert_num_queries(5 if months > 20 else 4):
        client.get(reverse("billing:invoices"))
    with django_assert_num_queries(2):
        page = client.get(reverse("billing:invoices"))

    assert page.text.count("INV-") >= min(months, 20)


def test_a_new_invoice_shows_at_once_on_a_kept_page(client, owner):
    month = this_month()
    top_up_in(owner.business, month, "100000.00")
    client.force_login(owner.user)
    assert "No invoices yet." in client.get(reverse("billing:invoices")).text

    invoice, _ = issue_invoice(business_id=owner.business.pk, month=month, currency="IDR")
    page = client.get(reverse("billing:invoices")).text

    assert invoice.number in page


def test_a_business_left_takes_its_invoices_off_the_kept_page_at_once(client, owner):
    month = this_month()
    top_up_in(owner.business, month, "100000.00")
    invoice, _ = issue_invoice(business_id=owner.business.pk, month=month, currency="IDR")
    member = BusinessMembershipFactory(business=owner.business, role="member")
    client.force_login(member.user)
    assert invoice.number in client.get(reverse("billing:invoices")).text

    member.delete()  # staff remove a member in the admin
    BusinessMembershipFactory(user=member.user)  # still a business person elsewhere

    assert invoice.number not in client.get(reverse("billing:invoices")).text


def test_a_business_joined_puts_its_invoices_on_the_kept_page_at_once(client, owner):
    month = this_month()
    top_up_in(owner.business, month, "100000.00")
    invoice, _ = issue_invoice(business_id=owner.business.pk, month=month, currency="IDR")
    newcomer = BusinessMembershipFactory()  # a member of another business
    client.force_login(newcomer.user)
    assert invoice.number not in client.get(reverse("billing:invoices")).text

    BusinessMembershipFactory(business=owner.business, user=newcomer.user, role="member")

    assert invoice.number in client.get(reverse("billing:invoices")).text
