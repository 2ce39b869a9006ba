"""A collaboration's fee in the ledger: held from the campaign's reserve when the
creator accepts, paid to the creator (less the platform fee) on approval or
automatically after ``COLLABORATION_AUTO_RELEASE_HOURS`` without an answer,
returned to the campaign when cancelled before submission. Approval is final.
After every operation the whole ledger balances (``check_ledger``)."""

import threading
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brands import services as brand_services
from brands.selectors import balances_for_business, campaign_reservation
from collaborations import services
from collaborations.models import Collaboration, StatusChange
from collaborations.selectors import fee_room, fee_state
from collaborations.tasks import release_unanswered_holds
from payments import ledger
from payments.ledger import balance, check_ledger
from payments.models import Account, LedgerEntry, LedgerLine
from tests.brands.factories import give_credit
from tests.collaborations.factories import CollaborationFactory, live_campaign
from tests.conftest import require

pytestmark = pytest.mark.django_db
Status = Collaboration.Status
SUBMISSION = {"content_url": "https://www.tiktok.com/@creator/video/9"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def earnings(creator):
    return balance(Account.objects.get(kind=Account.Kind.CREATOR_EARNINGS, creator=creator))


def platform_fees():
    return balance(Account.objects.get(kind=Account.Kind.PLATFORM_FEES, currency="IDR"))


def assert_books_balance():
    assert check_ledger().problems == []


def test_accepting_holds_the_fee_from_the_reserve_balance_first_then_credit():
    campaign = live_campaign(budget="1000000")
    give_credit(campaign.business, "100000.00", pool="balance")
    # The reserve holds credit only; reserve some paid balance for it as well.
    ledger.post(
        LedgerEntry.Kind.RESERVE,
        ledger.moves(
            [
                (
                    brand_services.pool_spec(campaign.business_id, "balance"),
                    brand_services.reserve_spec(campaign, "balance"),
                    D("100000"),
                )
            ]
        ),
        business=campaign.business,
        campaign=campaign,
    )
    collaboration = CollaborationFactory(campaign=campaign, fee=D("250000"))

    services.move(collaboration, Status.ACCEPTED, user=collaboration.creator.user)

    assert services.held(collaboration) == {"balance": D("100000.00"), "credit": D("150000.00")}
    assert campaign_reservation(campaign.pk) == {"credit": D("850000.00")}
    assert fee_room(campaign) == D("850000.00")
    balances = balances_for_business(campaign.business_id)
    assert (balances.reserved, balances.held) == (D("850000.00"), D("250000.00"))
    assert_books_balance()


def test_approving_pays_the_creator_the_fee_less_the_platform_fee(
    mailoutbox, django_capture_on_commit_callbacks
):
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=D("250000"))
    campaign = collaboration.campaign
    before = balances_for_business(campaign.business_id)

    with django_capture_on_commit_callbacks(execute=True):
        services.move(collaboration, Status.APPROVED, user=campaign.member)

    assert earnings(collaboration.creator) == D("225000.00")
    assert platform_fees() == D("25000.00")
    assert services.held(collaboration) == {}
    after = balances_for_business(campaign.business_id)
    assert after.held == before.held - D("250000.00")
    assert after.available == before.available  # the money had left the business on acceptance
    assert fee_state(collaboration) == {
        "held": D("0.00"),
        "net": D("225000.00"),
        "platform_fee": D("25000.00"),
        "returned": D("0.00"),
        "paid": D("250000.00"),
    }
    assert [mail.to for mail in mailoutbox] == [[collaboration.creator.user.email]]
    assert "Your fee of Rp 250,000, less the platform fee, is now in your earnings" in (
        mailoutbox[0].body
    )
    assert_books_balance()


@override_settings(COLLABORATION_PLATFORM_FEE_PERCENT="0")
def test_the_platform_fee_is_a_setting():
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=D("250000"))

    services.move(collaboration, Status.APPROVED, user=collaboration.campaign.member)

    assert earnings(collaboration.creator) == D("250000.00")


def test_approval_is_final():
    collaboration = CollaborationFactory(status=Status.APPROVED)
    member = collaboration.campaign.member
    entries = LedgerEntry.objects.count()

    for to in (Status.REVISION, Status.SUBMITTED, Status.CANCELLED, Status.APPROVED):
        with pytest.raises(services.CollaborationError):
            services.move(
                collaboration,
                to,
                user=member,
                revision_note="No.",
                **SUBMISSION,
            )

    collaboration.refresh_from_db()
    assert collaboration.status == Status.APPROVED
    assert LedgerEntry.objects.count() == entries
    assert set(Collaboration.TRANSITIONS[Status.APPROVED]) == {Status.COMPLETED}
    assert Collaboration.TRANSITIONS[Status.COMPLETED] == {}
    # Completing closes it without moving money again.
    services.move(collaboration, Status.COMPLETED, user=member)
    assert LedgerEntry.objects.count() == entries


def test_a_revision_then_approval_pays_once_and_the_clock_restarts_at_each_submission():
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=D("300000"))
    member, creator = collaboration.campaign.member, collaboration.creator.user
    first = collaboration.submitted_at

    services.move(collaboration, Status.REVISION, user=member, revision_note="Louder, please.")
    assert services.held(collaboration) == {"credit": D("300000.00")}
    resubmitted = services.move(collaboration, Status.SUBMITTED, user=creator, **SUBMISSION)
    assert resubmitted.submitted_at > first
    assert resubmitted.first_submitted_at == collaboration.first_submitted_at
    services.move(collaboration, Status.APPROVED, user=member)

    assert LedgerEntry.objects.filter(collaboration=collaboration, kind="pay").count() == 1
    assert earnings(collaboration.creator) == D("270000.00")
    assert_books_balance()


@pytest.mark.parametrize("side", ["business", "creator"])
def test_cancelling_before_submission_returns_the_hold_to_the_campaign(
    side, mailoutbox, django_capture_on_commit_callbacks
):
    collaboration = CollaborationFactory(status=Status.ACCEPTED, fee=D("250000"))
    campaign = collaboration.campaign
    user = campaign.member if side == "business" else collaboration.creator.user
    assert fee_room(campaign) == D("750000.00")

    with django_capture_on_commit_callbacks(execute=True):
        services.move(collaboration, Status.CANCELLED, user=user)

    collaboration.refresh_from_db()
    assert collaboration.status == Status.CANCELLED
    assert collaboration.cancelled_at is not None
    assert services.held(collaboration) == {}
    assert fee_room(campaign) == D("1000000.00")
    assert fee_state(collaboration)["returned"] == D("250000.00")
    other = collaboration.creator.user if side == "business" else campaign.member
    assert [mail.to for mail in mailoutbox] == [[other.email]]
    assert_books_balance()


def test_a_hold_cancelled_after_its_campaign_ended_goes_back_to_the_business():
    collaboration = CollaborationFactory(status=Status.ACCEPTED, fee=D("250000"))
    campaign = collaboration.campaign
    brand_services.complete_campaign(campaign=campaign, user=campaign.member)
    assert balances_for_business(campaign.business_id).credit == D("750000.00")

    services.move(collaboration, Status.CANCELLED, user=campaign.member)

    balances = balances_for_business(campaign.business_id)
    assert (balances.credit, balances.reserved, balances.held) == (
        D("1000000.00"),
        D("0.00"),
        D("0.00"),
    )
    assert_books_balance()


@pytest.mark.parametrize("start", [Status.SUBMITTED, Status.REVISION])
def test_work_that_was_submitted_can_no_longer_be_cancelled(start):
    collaboration = CollaborationFactory(status=start)

    for user in (collaboration.campaign.member, collaboration.creator.user):
        with pytest.raises(services.CollaborationError):
            services.move(collaboration, Status.CANCELLED, user=user)

    assert services.held(collaboration) == {"credit": collaboration.fee}


@override_settings(COLLABORATION_AUTO_RELEASE_HOURS=72)
def test_an_unanswered_submission_is_released_exactly_at_the_deadline(
    mailoutbox, django_capture_on_commit_callbacks
):
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=D("250000"))
    due = collaboration.submitted_at + timedelta(hours=72)
    assert collaboration.release_due_at == due

    just_before = due - timedelta(microseconds=1)
    assert services.release_unanswered(collaboration_id=collaboration.pk, now=just_before) is None
    assert list(services.unanswered_due(now=just_before)) == []
    assert services.held(collaboration) == {"credit": D("250000.00")}

    assert list(services.unanswered_due(now=due)) == [collaboration.pk]
    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_unanswered(collaboration_id=collaboration.pk, now=due)

    assert (released.status, released.approved_at, released.approved_automatically) == (
        Status.APPROVED,
        due,
        True,
    )
    change = StatusChange.objects.filter(collaboration=collaboration).last()
    assert (change.to_status, change.changed_by) == (Status.APPROVED, None)
    assert earnings(collaboration.creator) == D("225000.00")
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert recipients == sorted(
        [collaboration.creator.user.email, collaboration.campaign.member.email]
    )
    assert all("approved automatically" in mail.body for mail in mailoutbox)
    # Running again changes nothing.
    assert services.release_unanswered(collaboration_id=collaboration.pk, now=due) is None
    assert LedgerEntry.objects.filter(kind="pay").count() == 1
    assert_books_balance()


def test_an_answered_submission_is_not_released():
    collaboration = CollaborationFactory(status=Status.SUBMITTED)
    services.move(
        collaboration, Status.REVISION, user=collaboration.campaign.member, revision_note="Redo."
    )
    later = timezone.now() + timedelta(days=30)

    assert services.release_unanswered(collaboration_id=collaboration.pk, now=later) is None
    collaboration.refresh_from_db()
    assert collaboration.status == Status.REVISION


def test_the_periodic_task_releases_every_overdue_submission_and_only_those():
    overdue = CollaborationFactory(status=Status.SUBMITTED)
    fresh = CollaborationFactory(status=Status.SUBMITTED)
    Collaboration.objects.filter(pk=overdue.pk).update(
        submitted_at=timezone.now() - timedelta(hours=73)
    )

    assert release_unanswered_holds() == 1
    assert release_unanswered_holds() == 0
    assert Collaboration.objects.get(pk=overdue.pk).status == Status.APPROVED
    assert Collaboration.objects.get(pk=fresh.pk).status == Status.SUBMITTED


def test_two_approvals_at_the_same_moment_release_the_fee_once(transactional_db):
    """The business approves in two tabs while the auto-release runs: the row
    locks and the ledger's unique reference let exactly one of them pay."""
    require(connection.vendor == "postgresql", "PostgreSQL")
    collaboration = CollaborationFactory(status=Status.SUBMITTED, fee=D("250000"))
    Collaboration.objects.filter(pk=collaboration.pk).update(
        submitted_at=timezone.now() - timedelta(days=4)
    )
    barrier = threading.Barrier(3)
    outcomes = []

    def approve():
        try:
            barrier.wait()
            services.move(collaboration, Status.APPROVED, user=collaboration.campaign.member)
            outcomes.append("approved")
        except services.CollaborationError:
            outcomes.append("refused")
        finally:
            connection.close()

    def auto_release():
        try:
            barrier.wait()
            released = services.release_unanswered(collaboration_id=collaboration.pk)
            outcomes.append("released" if released else "nothing")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    threads.append(threading.Thread(target=auto_release))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 3
    assert outcomes.count("approved") + outcomes.count("released") == 1
    assert LedgerEntry.objects.filter(kind="pay").count() == 1
    assert earnings(collaboration.creator) == D("225000.00")
    assert StatusChange.objects.filter(to_status=Status.APPROVED).count() == 1
    assert_books_balance()


# --- Any sequence of operations --------------------------------------------------------

OPERATIONS = ["accept", "submit", "revision", "approve", "cancel", "release", "end_campaign"]


class Rollback(Exception):
    pass


def total_money():
    """Everything on the business and creator side of the books: it only changes
    when money comes in from outside (grants, top-ups)."""
    kinds = [kind for kind in Account.Kind.values if kind not in Account.EXTERNAL]
    return LedgerLine.objects.filter(account__kind__in=kinds).aggregate(total=Sum("amount"))[
        "total"
    ]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(min_value=0, max_value=2)),
        max_size=14,
    )
)
def test_the_books_balance_after_any_sequence_of_operations(steps):
    """Three invitations on one campaign, then any sequence of moves (allowed or
    refused), auto-releases and the campaign ending: after each step every
    account balances, no money appears or vanishes, and each collaboration's
    fee is held exactly while it should be."""
    try:
        with transaction.atomic():
            campaign = live_campaign(budget="600000")
            collaborations = [
                CollaborationFactory(campaign=campaign, fee=D(fee))
                for fee in ("250000", "200000", "150000.50")
            ]
            money_in = total_money()
            for operation, index in steps:
                collaboration = Collaboration.objects.get(pk=collaborations[index].pk)
                member, creator = campaign.member, collaboration.creator.user
                try:
                    if operation == "accept":
                        services.move(collaboration, Status.ACCEPTED, user=creator)
                    elif operation == "submit":
                        services.move(collaboration, Status.SUBMITTED, user=creator, **SUBMISSION)
                    elif operation == "revision":
                        services.move(
                            collaboration, Status.REVISION, user=member, revision_note="x"
                        )
                    elif operation == "approve":
                        services.move(collaboration, Status.APPROVED, user=member)
                    elif operation == "cancel":
                        services.move(collaboration, Status.CANCELLED, user=member)
                    elif operation == "release":
                        services.release_unanswered(
                            collaboration_id=collaboration.pk,
                            now=timezone.now() + timedelta(days=30),
                        )
                    else:
                        brand_services.complete_campaign(campaign=campaign, user=member)
                except (services.CollaborationError, brand_services.CampaignError):
                    pass
                assert check_ledger().problems == []
                assert total_money() == money_in
                for each in Collaboration.objects.filter(campaign=campaign):
                    held = sum(services.held(each).values(), D(0))
                    assert held == (each.fee if each.status in Collaboration.HOLDING else 0)
                    paid = LedgerEntry.objects.filter(collaboration=each, kind="pay").count()
                    assert paid == (1 if each.status == Status.APPROVED else 0)
            raise Rollback
    except Rollback:
        pass
