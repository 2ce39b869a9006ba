"""Staff tools: identity checks, payout freezes, payouts by state, statements
and a creator's ledger entries, all in the admin."""

import pytest
from django.contrib.admin.models import LogEntry

from earnings import services
from earnings.models import IdentityCheck, Payout, PayoutFreeze
from tests.creators.factories import CreatorProfileFactory
from tests.earnings.factories import BankMethodFactory, at, first_of, ready_for_payouts, sell
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = StaffFactory()
    client.force_login(user)
    return user


def paid_and_failed():
    """Two creators' March payouts: one paid, one failed."""
    payouts = []
    for number in ("1234567890", "1234560000"):
        creator = CreatorProfileFactory()
        ready_for_payouts(creator, account_number=number)
        sell(creator, "900000.00", when=at(2025, 3, 10))
        services.make_statements(creator_id=creator.pk, month=first_of(2025, 3))
        payouts.append(services.send_payout(payout_id=Payout.objects.get(creator=creator).pk))
    return payouts


def test_staff_mark_a_creators_identity_as_checked_from_the_payout_methods(client, staff):
    method = BankMethodFactory(creator=CreatorProfileFactory())

    response = client.post(
        "/admin/earnings/payoutmethod/",
        {"action": "mark_identity_checked", "_selected_action": [method.pk]},
        follow=True,
    )

    check = IdentityCheck.objects.get(creator=method.creator)
    assert check.checked_by == staff
    assert [str(message) for message in response.context["messages"]] == [
        "1 creator's identity is now checked."
    ]
    assert LogEntry.objects.filter(user=staff, object_id=str(method.pk)).exists()


def test_staff_find_new_methods_waiting_and_end_the_wait_once_confirmed(client, staff):
    creator = CreatorProfileFactory()
    ready_for_payouts(creator)
    waiting = services.save_payout_method(
        creator=creator, kind="wallet", wallet="ovo", phone="+6281234567890"
    )
    settled = BankMethodFactory(creator=CreatorProfileFactory())

    listed = client.get("/admin/earnings/payoutmethod/?waiting=yes")
    assert list(listed.context["cl"].result_list) == [waiting]

    response = client.post(
        "/admin/earnings/payoutmethod/?waiting=yes",
        {"action": "use_now", "_selected_action": [waiting.pk, settled.pk]},
        follow=True,
    )

    waiting.refresh_from_db()
    assert not waiting.waiting()
    assert [str(message) for message in response.context["messages"]] == [
        "1 new method is now paid to."
    ]
    assert LogEntry.objects.filter(user=staff, object_id=str(waiting.pk)).exists()
    assert not LogEntry.objects.filter(object_id=str(settled.pk)).exists()


def test_staff_freeze_payouts_with_a_reason_and_lift_the_freeze(client, staff):
    creator = CreatorProfileFactory()

    client.post(
        "/admin/earnings/payoutfreeze/add/",
        {"creator": creator.pk, "reason": "Several chargebacks on Series sales."},
    )
    freeze = PayoutFreeze.objects.get(creator=creator)
    assert (freeze.frozen_by, freeze.is_active) == (staff, True)

    client.post(
        "/admin/earnings/payoutfreeze/",
        {"action": "lift", "_selected_action": [freeze.pk]},
    )
    freeze.refresh_from_db()
    assert (freeze.lifted_by, freeze.is_active) == (staff, False)


def test_a_second_active_freeze_is_refused_with_a_message(client, staff):
    creator = CreatorProfileFactory()
    PayoutFreeze.objects.create(creator=creator, reason="First", frozen_by=staff)

    response = client.post(
        "/admin/earnings/payoutfreeze/add/", {"creator": creator.pk, "reason": "Second"}
    )

    assert response.status_code == 200
    assert "This creator&#x27;s payouts are already frozen." in response.content.decode()
    assert PayoutFreeze.objects.filter(creator=creator).count() == 1


def test_failed_payouts_are_one_filter_away(client, staff):
    paid, failed = paid_and_failed()

    response = client.get("/admin/earnings/payout/", {"status__exact": "failed"})

    shown = list(response.context["cl"].result_list)
    assert shown == [failed]
    assert paid.status == Payout.Status.PAID


def test_staff_read_a_statement_with_its_movements_but_cannot_change_it(client, staff):
    paid, _failed = paid_and_failed()

    response = client.get(f"/admin/earnings/statement/{paid.statement.pk}/change/")

    assert response.status_code == 200
    assert "creator_earnings:IDR:p" in response.content.decode()
    assert client.post(f"/admin/earnings/statement/{paid.statement.pk}/change/").status_code == 403


def test_staff_find_a_creators_ledger_entries(client, staff):
    paid, failed = paid_and_failed()

    response = client.get("/admin/earnings/creatorledgerentry/", {"q": failed.creator.handle})

    kinds = sorted(entry.kind for entry in response.context["cl"].result_list)
    assert kinds == ["payout", "payout_failed", "sale"]
