"""The earnings page is kept whole under the creator's earnings version
(``earnings.signals``) and creator version: a returning creator's page reads
nothing from the database, and every posting, statement, payout and change
of payout details shows at once; no creator or language sees another's page,
and with Redis down the page is read every time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from earnings import services
from earnings.models import Payout, PayoutFreeze
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
EARNINGS = "/earnings/"


@pytest.fixture
def creator(client):
    profile = CreatorProfileFactory(display_name="Sri Rahayu")
    client.force_login(profile.user)
    return profile


def kept(client, path=EARNINGS, **kwargs):
    """The page read until it is kept (the first read only names the creator)."""
    client.get(path, **kwargs)
    return client.get(path, **kwargs).text


def available(page):
    start = page.index('data-testid="available-IDR">') + len('data-testid="available-IDR">')
    return page[start : page.index("</p>", start)]


def last_month():
    day = timezone.now().date().replace(day=1) - timedelta(days=1)
    return first_of(day.year, day.month)


@pytest.mark.parametrize("months", [1, 6])
def test_a_returning_creators_page_reads_nothing_of_its_own(
    client, creator, django_assert_num_queries, months
):
    ready_for_payouts(creator)
    for index in range(months):
        sell(creator, "900000.00", when=at(2025, 1 + index, 10))
        services.make_statements(creator_id=creator.pk, month=first_of(2025, 1 + index))
    hold_fee(creator, "50000.00", when=timezone.now())
    kept(client)

    # The session and the user only (both come from Redis in production).
    with django_assert_num_queries(2):
        page = client.get(EARNINGS).text

    assert page.count("Download the") == 2 * months
    assert page.count("for ") >= months
    assert "Rp 50,000" in page


def test_each_posting_shows_at_once(client, creator):
    now = timezone.now()
    sell(creator, "100000.00", when=now)
    assert available(kept(client)) == "Rp 100,000"

    sell(creator, "50000.00", when=now)
    assert available(client.get(EARNINGS).text) == "Rp 150,000"
    refund(creator, "50000.00", when=now)
    assert available(kept(client)) == "Rp 100,000"
    hold_fee(creator, "300000.00", when=now)
    assert "Rp 300,000" in kept(client)
    pay_fee(creator, "300000.00", when=now)  # the hold released, less 10%
    page = kept(client)
    assert available(page) == "Rp 370,000"
    assert "Rp 270,000" in page  # the month's collaboration fees, net


def test_a_statement_a_payout_and_its_failure_show_at_once(client, creator):
    ready_for_payouts(creator, account_number="1234560000")  # the sandbox fails it
    sell(creator, "900000.00", when=at(last_month().year, last_month().month, 10))
    assert "No statements yet." in kept(client)

    services.make_statements(creator_id=creator.pk, month=last_month())

    page = kept(client)
    assert "No statements yet." not in page and "No payouts yet." not in page
    assert available(page) == "Rp 0"  # on its way
    assert "Processing" in page

    [payout] = Payout.objects.filter(creator=creator)
    services.send_payout(payout_id=payout.pk)

    page = kept(client)
    assert "Failed" in page and "Check the account or phone number" in page
    assert available(page) == "Rp 900,000"  # back in the available money


def test_payout_details_changed_by_each_service_show_at_once(client, creator):
    assert "Not added yet" in kept(client)

    def bank_account(number):
        return services.save_payout_method(
            creator=creator,
            kind="bank",
            bank="bca",
            account_number=number,
            account_holder="Sri Rahayu",
        )

    bank_account("1234567890")
    assert "BCA ••••7890" in kept(client)

    replacing = bank_account("5555000011")
    assert "New: for your safety" in kept(client)
    services.use_methods_now(method_ids=[replacing.pk])
    assert "New: for your safety" not in kept(client)

    services.save_tax_details(creator=creator, npwp="0123456789012345", name="Sri Rahayu")
    services.check_identity(creator_ids=[creator.pk], staff=StaffFactory())
    page = kept(client)
    assert "NPWP ••••2345" in page and "Checked on" in page

    freeze = PayoutFreeze.objects.create(
        creator=creator, reason="Checking", frozen_by=StaffFactory()
    )
    assert "Your payouts are on hold" in kept(client)
    services.lift_freeze(freeze=freeze, staff=StaffFactory())
    assert "Your payouts are on hold" not in kept(client)


def test_a_kept_waiting_method_stops_waiting_when_its_time_comes(client, creator, monkeypatch):
    usable_from = timezone.now() + timedelta(minutes=5)
    ready_for_payouts(creator, usable_from=usable_from)
    assert "New: for your safety" in kept(client)

    later = usable_from + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert "New: for your safety" not in client.get(EARNINGS).text


def test_a_deleted_profile_is_not_served_from_the_kept_page(client, creator):
    kept(client)

    creator.delete()

    assert client.get(EARNINGS).status_code == 404


def test_two_creators_and_languages_never_share_a_kept_page(client, creator):
    sell(creator, "100000.00", when=timezone.now())
    other = CreatorProfileFactory()
    sell(other, "70000.00", when=timezone.now())
    assert available(kept(client)) == "Rp 100,000"

    client.force_login(other.user)
    assert available(kept(client)) == "Rp 70,000"
    indonesian = kept(client, headers={"Accept-Language": "id"})
    assert "Rp 70.000" in indonesian and "Tersedia (IDR)" in indonesian
    assert available(client.get(EARNINGS).text) == "Rp 70,000"


def test_other_query_parameters_are_read_through(client, creator, django_assert_num_queries):
    sell(creator, "100000.00", when=timezone.now())
    kept(client, f"{EARNINGS}?utm_source=mail")

    with django_assert_num_queries(3):  # the session, the user, the profile
        page = client.get(f"{EARNINGS}?utm_source=mail").text
    assert available(page) == "Rp 100,000"


def test_postings_show_at_once_with_redis_down(client, creator, cache_down):
    sell(creator, "100000.00", when=timezone.now())
    assert available(kept(client)) == "Rp 100,000"

    sell(creator, "50000.00", when=timezone.now())

    assert available(client.get(EARNINGS).text) == "Rp 150,000"


def test_each_list_turns_its_own_pages(client, creator):
    for index in range(13):
        month = first_of(2024 + index // 12, index % 12 + 1)
        sell(creator, "1000.00", when=at(month.year, month.month, 10))
        services.make_statements(creator_id=creator.pk, month=month)

    first = kept(client)
    second = kept(client, f"{EARNINGS}?statements=2")

    assert 'href="?statements=2"' in first and "Download the January 2024" not in first
    assert "Download the January 2024 IDR statement (CSV)" in second
    assert 'href="?statements=1"' in second and "Page 2 of 2" in second
