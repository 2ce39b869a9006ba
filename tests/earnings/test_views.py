"""The creator's earnings pages: what they show, who may open them, and the
forms for payout details."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format

from earnings import services
from earnings.models import Payout, PayoutFreeze, PayoutMethod, Statement, TaxDetails
from tests.brands.factories import BusinessMembershipFactory
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import (
    at,
    first_of,
    hold_fee,
    pay_fee,
    ready_for_payouts,
    refund,
    sell,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def creator(client):
    profile = CreatorProfileFactory(display_name="Sri Rahayu")
    client.force_login(profile.user)
    return profile


def stated(creator, month, **method):
    """Money in ``month`` and its statement made (and its payout sent)."""
    sell(creator, "900000.00", when=at(month.year, month.month, 10))
    services.make_statements(creator_id=creator.pk, month=month)
    for payout in Payout.objects.filter(creator=creator, status=Payout.Status.PROCESSING):
        services.send_payout(payout_id=payout.pk)
    return Statement.objects.get(creator=creator, month=month, currency="IDR")


# --- /earnings/ -------------------------------------------------------------------------


def test_it_shows_an_empty_page_to_a_new_creator(client, creator):
    response = client.get("/earnings/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing yet." in page
    assert "No statements yet." in page
    assert "No payouts yet." in page
    assert "Add a payout method" in page


def test_it_shows_available_pending_and_each_month_by_source(client, creator):
    now = timezone.now()
    sell(creator, "100000.00", platform_fee="10000.00", when=now)
    sell(creator, "40000.00", when=now)
    refund(creator, "40000.00", when=now)
    pay_fee(creator, "250000.00", when=now)
    hold_fee(creator, "300000.00", when=now)

    response = client.get("/earnings/")

    balance = response.context["balances"][0]
    assert (balance.available, balance.held, balance.on_the_way) == (
        Decimal("315000.00"),
        Decimal("300000.00"),
        Decimal("0.00"),
    )
    [month] = response.context["monthly"]
    assert (month.sales_gross, month.sales_fees, month.sales_net) == (
        Decimal("140000.00"),
        Decimal("10000.00"),
        Decimal("130000.00"),
    )
    assert (month.refunds_gross, month.refunds_net) == (Decimal("-40000.00"), Decimal("-40000.00"))
    assert (month.collaboration_gross, month.collaboration_fees, month.collaboration_net) == (
        Decimal("250000.00"),
        Decimal("25000.00"),
        Decimal("225000.00"),
    )
    page = response.content.decode()
    assert "Rp 315,000" in page
    assert "Rp 300,000" in page


def test_it_draws_a_chart_of_net_earnings_per_month(client, creator):
    now = timezone.now()
    sell(creator, "100000.00", when=now - timedelta(days=62))
    sell(creator, "50000.00", when=now)

    response = client.get("/earnings/")

    assert response.context["chart"] is not None
    assert '<svg viewBox="0 0 600 200" role="img" aria-labelledby="earnings-chart"' in (
        response.content.decode()
    )


def _available(client):
    page = client.get("/earnings/").content.decode()
    start = page.index('data-testid="available-IDR">') + len('data-testid="available-IDR">')
    return page[start : page.index("</p>", start)]


def test_money_posted_after_the_page_was_cached_shows_at_once(client, creator):
    now = timezone.now()
    sell(creator, "100000.00", when=now)
    assert _available(client) == "Rp 100,000"  # the money's fragments are cached now

    sell(creator, "50000.00", when=now)
    assert _available(client) == "Rp 150,000"
    hold_fee(creator, "300000.00", when=now)  # a line on the creator's account only
    page = client.get("/earnings/").content.decode()
    assert "Rp 300,000" in page
    pay_fee(creator, "250000.00", when=now)
    response = client.get("/earnings/")
    assert "Rp 375,000" in response.content.decode()
    [month] = response.context["monthly"]
    assert month.collaboration_gross == Decimal("250000.00")


def test_a_payout_sent_after_the_page_was_cached_shows_at_once(client, creator):
    ready_for_payouts(creator)
    last_day = timezone.now().date().replace(day=1) - timedelta(days=1)
    last_month = first_of(last_day.year, last_day.month)
    sell(creator, "900000.00", when=at(last_month.year, last_month.month, 10))
    assert _available(client) == "Rp 900,000"

    services.make_statements(creator_id=creator.pk, month=last_month)
    for payout in Payout.objects.filter(creator=creator, status=Payout.Status.PROCESSING):
        services.send_payout(payout_id=payout.pk)

    assert _available(client) == "Rp 0"


def test_each_creator_and_language_has_its_own_money_fragments(client, creator):
    sell(creator, "100000.00", when=timezone.now())
    other = CreatorProfileFactory()
    sell(other, "70000.00", when=timezone.now())
    assert _available(client) == "Rp 100,000"

    client.force_login(other.user)
    assert _available(client) == "Rp 70,000"
    indonesian = client.get("/earnings/", headers={"Accept-Language": "id"}).content.decode()
    assert "Rp 70.000" in indonesian
    assert "Tersedia (IDR)" in indonesian


def test_a_second_visit_reads_the_money_from_the_cache(client, creator, django_assert_num_queries):
    sell(creator, "100000.00", when=timezone.now())
    client.get("/earnings/")

    # Session, user, the profile (with the money's version), nothing else:
    # the statements and payouts are counted with the profile and there are none.
    with django_assert_num_queries(3):
        response = client.get("/earnings/")
    assert "Rp 100,000" in response.content.decode()


def test_a_failed_payout_shows_what_to_fix(client, creator):
    ready_for_payouts(creator, account_number="9876540000")
    stated(creator, first_of(2025, 3))

    page = client.get("/earnings/").content.decode()

    assert "Failed" in page
    assert "Check the account or phone number in your payout method." in page
    assert "The money is back in your available balance" in page


def test_it_lists_statements_and_payouts(client, creator):
    ready_for_payouts(creator)
    statement = stated(creator, first_of(2025, 3))

    page = client.get("/earnings/").content.decode()

    assert f"/earnings/statements/{statement.pk}.csv" in page
    assert f"/earnings/payouts/{statement.payout.pk}/" in page
    assert "Rp 900,000 for March 2025" in page
    assert "Paid" in page


@pytest.mark.parametrize("months", [1, 6])
def test_the_page_costs_the_same_number_of_queries_however_much_there_is(
    client, creator, django_assert_num_queries, months
):
    ready_for_payouts(creator)
    for index in range(months):
        stated(creator, first_of(2025, 1 + index))
        pay_fee(creator, "100000.00", when=timezone.now() - timedelta(days=31 * index))
    hold_fee(creator, "50000.00", when=timezone.now())

    if months > 1:  # everything the readiness shows, and a lifted freeze beside an open one
        TaxDetails.objects.create(creator=creator, npwp="0123456789012345", name="Sri Rahayu")
        for lifted in (True, False):
            freeze = PayoutFreeze.objects.create(
                creator=creator, reason="Checking", frozen_by=StaffFactory()
            )
            if lifted:
                freeze.lifted_at, freeze.lifted_by = timezone.now(), freeze.frozen_by
                freeze.save()

    # Session, user, the profile with its payout method, tax details, identity
    # check, open freeze and its counts of statements and payouts, balances,
    # months, then the page of statements and of payouts.
    with django_assert_num_queries(7):
        response = client.get("/earnings/")
    assert response.status_code == 200
    assert len(response.context["statements"]) == months
    assert len(response.context["payouts"]) == months
    page = response.content.decode()
    assert "Change payout method" in page
    assert "Checked on" in page
    assert ("Your payouts are on hold" in page) == (months > 1)
    assert ("NPWP ••••2345" in page) == (months > 1)


def test_it_shows_the_payout_method_the_bank_named_and_when_it_takes_effect(client, creator):
    usable_from = timezone.now() + timedelta(days=2)
    ready_for_payouts(
        creator, account_number="1234567890", validated_name="SRI RAHAYU", usable_from=usable_from
    )

    page = client.get("/earnings/").content.decode()

    assert "BCA ••••7890" in page
    assert "The bank says this account belongs to SRI RAHAYU." in page
    assert "New: for your safety, payouts go to it from" in page
    assert "Change payout method" in page


def test_a_lifted_freeze_does_not_hold_payouts(client, creator):
    freeze = PayoutFreeze.objects.create(
        creator=creator, reason="Checking", frozen_by=StaffFactory()
    )
    assert "Your payouts are on hold" in client.get("/earnings/").content.decode()

    services.lift_freeze(freeze=freeze, staff=StaffFactory())

    assert "Your payouts are on hold" not in client.get("/earnings/").content.decode()


def test_it_sends_other_roles_away(client):
    business = BusinessMembershipFactory().user
    client.force_login(business)
    assert client.get("/earnings/").url == "/dashboard/"
    client.logout()
    assert client.get("/earnings/").url.startswith("/accounts/login/")


def test_it_rejects_post(client, creator):
    assert client.post("/earnings/").status_code == 405


# --- Statement CSV and payout details ----------------------------------------------------


def test_the_statement_csv_has_the_figures_and_the_movements(client, creator):
    sell(creator, "100000.00", platform_fee="10000.00", when=at(2025, 3, 2))
    pay_fee(creator, "250000.00", when=at(2025, 3, 3))
    statement = stated(creator, first_of(2025, 3))

    response = client.get(f"/earnings/statements/{statement.pk}.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="statement-2025-03-IDR.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Statement", "March 2025"]
    figures = dict(row for row in rows[2:14] if len(row) == 2)
    assert figures["Series sales, gross"] == "1000000.00"
    assert figures["Series sales, fees"] == "-10000.00"
    assert figures["Collaboration fees, net"] == "225000.00"
    assert figures["Available at the end of the month"] == "1215000.00"
    movements = rows[rows.index(["Date", "Movement", "Note", "Amount"]) + 1 :]
    assert [row[1:] for row in movements] == [
        ["Series sale", "", "90000.00"],
        ["Fee paid to the creator", "", "225000.00"],
        ["Series sale", "", "900000.00"],
    ]


def test_another_creators_statement_and_payout_are_not_found(client, creator):
    other = CreatorProfileFactory()
    ready_for_payouts(other)
    statement = stated(other, first_of(2025, 3))

    assert client.get(f"/earnings/statements/{statement.pk}.csv").status_code == 404
    assert client.get(f"/earnings/payouts/{statement.payout.pk}/").status_code == 404
    client.force_login(other.user)
    assert client.get(f"/earnings/statements/{statement.pk}.csv").status_code == 200
    assert client.get(f"/earnings/payouts/{statement.payout.pk}/").status_code == 200


def test_another_creators_payout_details_never_show(client, creator):
    other = CreatorProfileFactory()
    ready_for_payouts(other, account_number="5550001111")
    TaxDetails.objects.create(creator=other, npwp="123456789012345", name="Other Person")

    for url in ("/earnings/", "/earnings/payout-method/", "/earnings/tax-details/"):
        page = client.get(url).content.decode()
        assert "1111" not in page
        assert "Other Person" not in page


def test_the_payout_page_tells_what_to_fix(client, creator):
    ready_for_payouts(creator, account_number="9876549999")
    payout = stated(creator, first_of(2025, 3)).payout

    page = client.get(f"/earnings/payouts/{payout.pk}/").content.decode()

    assert "What to fix" in page
    assert "does not match the account holder name" in page
    assert "BCA ••••9999" in page


# --- Payout method and tax details --------------------------------------------------------


def test_a_creator_adds_a_bank_account_and_sees_it_masked(
    client, creator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/earnings/payout-method/",
            {
                "kind": "bank",
                "bank": "mandiri",
                "account_number": "123-456-7890",
                "account_holder": "Sri Rahayu",
            },
            follow=True,
        )

    method = PayoutMethod.objects.get(creator=creator, is_current=True)
    assert (method.bank, method.account_number) == ("mandiri", "1234567890")
    page = response.content.decode()
    assert "Payouts now go to Mandiri ••••7890." in page
    assert "1234567890" not in page
    assert "for your safety, payouts go to it from" not in page
    assert mail.outbox[-1].subject == "Your payout method was changed"
    assert not method.waiting()


def test_a_new_method_replaces_the_current_one_and_keeps_the_old(client, creator, settings):
    settings.EARNINGS_NEW_METHOD_WAIT_DAYS = 3
    ready_for_payouts(creator)
    form = client.get("/earnings/payout-method/").content.decode()
    assert "For your safety, payouts go to a new method only 3 days after the change" in form

    response = client.post(
        "/earnings/payout-method/",
        {"kind": "wallet", "wallet": "dana", "phone": "0812 3456 7890"},
        follow=True,
    )

    methods = PayoutMethod.objects.filter(creator=creator)
    assert methods.count() == 2
    current = methods.get(is_current=True)
    assert (current.wallet, current.phone) == ("dana", "+6281234567890")
    with translation.override("en"):
        shown = date_format(timezone.localtime(current.usable_from), "DATETIME_FORMAT")
    page = response.content.decode()
    assert f"Saved. Payouts go to DANA ••••7890 from {shown}." in page
    assert f"New: for your safety, payouts go to it from {shown}." in page
    assert "DANA ••••7890" in client.get("/earnings/payout-method/").content.decode()


def test_a_wrong_account_number_is_refused_and_nothing_is_saved(client, creator):
    response = client.post(
        "/earnings/payout-method/",
        {"kind": "bank", "bank": "bca", "account_number": "12AB", "account_holder": "Sri"},
    )

    assert response.status_code == 200
    assert "An account number has only digits" in response.content.decode()
    assert not PayoutMethod.objects.exists()


def test_a_creator_saves_an_npwp_in_the_dotted_format(client, creator):
    response = client.post(
        "/earnings/tax-details/",
        {"npwp": "12.345.678.9-012.345", "name": "Sri Rahayu"},
        follow=True,
    )

    assert TaxDetails.objects.get(creator=creator).npwp == "123456789012345"
    assert "Your tax details are saved." in response.content.decode()
    page = client.get("/earnings/tax-details/").content.decode()
    assert "NPWP ••••2345" in page
    assert "123456789012345" not in page
    assert "Rp 60,000,000" in page


def test_a_short_npwp_is_refused_and_nothing_is_saved(client, creator):
    response = client.post("/earnings/tax-details/", {"npwp": "1234567890", "name": "Sri"})

    assert "An NPWP has 15 or 16 digits; this one has 10." in response.content.decode()
    assert not TaxDetails.objects.exists()


def test_a_creator_cannot_check_their_own_identity(client, creator):
    client.post(
        "/earnings/payout-method/",
        {
            "kind": "bank",
            "bank": "bca",
            "account_number": "1234567",
            "account_holder": "Sri",
            "identity_check": "on",
            "checked_by": "1",
        },
    )
    assert not hasattr(type(creator).objects.get(pk=creator.pk), "identity_check")


@pytest.mark.parametrize("url", ["/earnings/payout-method/", "/earnings/tax-details/"])
def test_the_forms_reject_other_methods_and_other_roles(client, creator, url):
    assert client.put(url).status_code == 405
    client.force_login(BusinessMembershipFactory().user)
    assert client.post(url, {"npwp": "123456789012345", "name": "x"}).url == "/dashboard/"
    assert not TaxDetails.objects.exists()
