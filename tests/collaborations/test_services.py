from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from brands.models import Campaign
from collaborations import services
from collaborations.models import Collaboration, Side
from collaborations.selectors import fee_room
from creators.models import CreatorProfile
from payments.models import LedgerEntry
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import CollaborationFactory, draft_video, live_campaign
from tests.creators.factories import CreatorProfileFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


@pytest.fixture(autouse=True)
def english():
    """Service messages are read in English here (the site's default is Indonesian)."""
    with translation.override("en"):
        yield


MOVE_FIELDS = {
    "content_url": "https://www.tiktok.com/@creator/video/2",
    "content_note": "Posted at noon.",
    "revision_note": "Say the price out loud.",
    "draft_note": "Brighter light, please.",
    "draft": {
        "video": draft_video(),
        "content_type": "video/mp4",
        "caption": "Coba sekarang #ad",
        "duration_ms": 31_000,
        "size_bytes": 2_000,
    },
}


class RolledBack(Exception):
    pass


@pytest.mark.parametrize("start", Status.values)
def test_only_the_side_named_in_transitions_may_make_a_move(start):
    """Every (next status, side) from ``start``: the move named in TRANSITIONS
    works for its side; any other is refused and changes nothing. Each try runs
    in a savepoint that is rolled back, so all start from the same row."""
    collaboration = CollaborationFactory(status=start)
    users = {
        Side.CREATOR: collaboration.creator.user,
        Side.BUSINESS: collaboration.campaign.member,
        "outsider": BusinessMembershipFactory().user,
    }
    ledger_before = LedgerEntry.objects.count()
    tried = 0
    for to in Status.values:
        for side, user in users.items():
            allowed = side in Collaboration.TRANSITIONS[Status(start)].get(to, ())
            try:
                with transaction.atomic():
                    if allowed:
                        moved = services.move(collaboration, to, user=user, **MOVE_FIELDS)
                        collaboration.refresh_from_db()
                        assert moved.status == collaboration.status == to
                        change = collaboration.history.last()
                        assert (change.from_status, change.to_status, change.changed_by) == (
                            start,
                            to,
                            user,
                        )
                    else:
                        with pytest.raises(services.CollaborationError):
                            services.move(collaboration, to, user=user, **MOVE_FIELDS)
                        collaboration.refresh_from_db()
                        assert collaboration.status == start, (to, side)
                        assert collaboration.history.count() == 1, (to, side)
                        assert LedgerEntry.objects.count() == ledger_before, (to, side)
                    tried += 1
                    raise RolledBack
            except RolledBack:
                pass
    assert tried == len(Status.values) * len(users)


def test_a_refused_move_says_why_in_words():
    collaboration = CollaborationFactory(status=Status.INVITED)

    with pytest.raises(services.CollaborationError, match="is invited to approved"):
        services.move(collaboration, Status.APPROVED, user=collaboration.campaign.member)


def test_a_second_click_on_the_same_move_is_refused():
    collaboration = CollaborationFactory(status=Status.INVITED)
    services.move(collaboration, Status.ACCEPTED, user=collaboration.creator.user)

    with pytest.raises(services.CollaborationError):
        services.move(collaboration, Status.ACCEPTED, user=collaboration.creator.user)
    assert collaboration.history.filter(to_status=Status.ACCEPTED).count() == 1


@pytest.mark.parametrize("start", [Status.ACCEPTED, Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES])
def test_posting_before_the_draft_is_approved_is_refused_in_words(start):
    collaboration = CollaborationFactory(status=start)

    with pytest.raises(services.CollaborationError, match="once the business has approved"):
        services.move(
            collaboration,
            Status.SUBMITTED,
            user=collaboration.creator.user,
            content_url="https://www.tiktok.com/@creator/video/2",
        )
    collaboration.refresh_from_db()
    assert collaboration.status == start
    assert collaboration.content_url == ""


def test_submitting_needs_a_link_and_keeps_the_first_submission_time():
    collaboration = CollaborationFactory(status=Status.DRAFT_APPROVED)
    creator = collaboration.creator.user

    with pytest.raises(services.CollaborationError, match="link"):
        services.move(collaboration, Status.SUBMITTED, user=creator, content_url=" ")

    first = services.move(
        collaboration, Status.SUBMITTED, user=creator, content_url="https://a.b/1"
    )
    services.move(
        collaboration,
        Status.REVISION,
        user=collaboration.campaign.member,
        revision_note="Louder, please.",
    )
    again = services.move(
        collaboration, Status.SUBMITTED, user=creator, content_url="https://a.b/2"
    )

    assert again.first_submitted_at == first.first_submitted_at
    assert again.content_url == "https://a.b/2"
    assert collaboration.history.filter(to_status=Status.REVISION).get().note == "Louder, please."


def test_a_revision_needs_a_note():
    collaboration = CollaborationFactory(status=Status.SUBMITTED)

    with pytest.raises(services.CollaborationError, match="change"):
        services.move(collaboration, Status.REVISION, user=collaboration.campaign.member)
    collaboration.refresh_from_db()
    assert collaboration.status == Status.SUBMITTED


# --- Invitations and applications -------------------------------------------------


def test_a_business_invites_a_creator_to_its_live_campaign():
    campaign = live_campaign()
    creator = CreatorProfileFactory()

    collaboration = services.invite(
        campaign=campaign,
        creator=creator,
        user=campaign.member,
        fee=Decimal("200000"),
        message="Suka keripik?",
    )

    assert collaboration.status == Status.INVITED
    assert collaboration.started_by == Side.BUSINESS
    assert collaboration.due_on == campaign.ends_on
    assert collaboration.history.get().changed_by == campaign.member


def test_a_creator_not_open_to_offers_cannot_be_invited():
    campaign = live_campaign()
    creator = CreatorProfileFactory(contact_preference=CreatorProfile.ContactPreference.NONE)

    with pytest.raises(services.CollaborationError, match="not open to brand offers"):
        services.invite(campaign=campaign, creator=creator, user=campaign.member, fee=Decimal(1))
    assert not Collaboration.objects.exists()


def test_a_creator_not_open_to_offers_is_asked_to_change_that_before_applying():
    campaign = live_campaign()
    creator = CreatorProfileFactory(contact_preference=CreatorProfile.ContactPreference.NONE)

    with pytest.raises(services.CollaborationError, match="Change how brands may contact you"):
        services.apply(campaign=campaign, creator=creator, fee=Decimal(1))


@pytest.mark.parametrize("first_by", [Side.BUSINESS, Side.CREATOR])
def test_one_collaboration_per_campaign_and_creator(first_by):
    campaign = live_campaign()
    creator = CreatorProfileFactory(display_name="Sri")
    CollaborationFactory(campaign=campaign, creator=creator, started_by=first_by)

    with pytest.raises(services.CollaborationError, match="Sri and this campaign already"):
        services.invite(campaign=campaign, creator=creator, user=campaign.member, fee=Decimal(1))
    with pytest.raises(services.CollaborationError, match="already have a collaboration"):
        services.apply(campaign=campaign, creator=creator, fee=Decimal(1))
    assert Collaboration.objects.count() == 1


@pytest.mark.parametrize(
    "status", [Campaign.Status.DRAFT, Campaign.Status.SUBMITTED, Campaign.Status.PAUSED]
)
def test_only_a_live_campaign_takes_invitations_and_applications(status):
    campaign = live_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    creator = CreatorProfileFactory()

    with pytest.raises(services.CollaborationError, match="not taking creators"):
        services.invite(campaign=campaign, creator=creator, user=campaign.member, fee=Decimal(1))
    with pytest.raises(services.CollaborationError, match="not taking creators"):
        services.apply(campaign=campaign, creator=creator, fee=Decimal(1))
    assert not Collaboration.objects.exists()


def test_another_business_cannot_invite_to_the_campaign():
    campaign = live_campaign()

    with pytest.raises(services.CollaborationError):
        services.invite(
            campaign=campaign,
            creator=CreatorProfileFactory(),
            user=BusinessMembershipFactory().user,
            fee=Decimal(1),
        )


def test_a_fee_above_what_the_campaign_can_still_pay_is_refused():
    campaign = live_campaign(budget="1000000", fee_per_creator="400000")
    CollaborationFactory(campaign=campaign, status=Status.ACCEPTED, fee=Decimal("700000"))
    # Offers not yet accepted promise nothing.
    CollaborationFactory(campaign=campaign, status=Status.INVITED, fee=Decimal("900000"))
    assert fee_room(campaign) == Decimal("300000.00")

    with pytest.raises(services.CollaborationError, match="Rp 300,000 is left"):
        services.invite(
            campaign=campaign,
            creator=CreatorProfileFactory(),
            user=campaign.member,
            fee=Decimal("300001"),
        )
    with pytest.raises(services.CollaborationError, match="more than this campaign can still pay"):
        services.apply(campaign=campaign, creator=CreatorProfileFactory(), fee=Decimal("400000"))

    services.apply(campaign=campaign, creator=CreatorProfileFactory(), fee=Decimal("300000"))


def test_accepting_checks_the_fee_again_against_what_is_left():
    campaign = live_campaign(budget="500000", fee_per_creator="300000")
    first = CollaborationFactory(campaign=campaign, fee=Decimal("300000"))
    second = CollaborationFactory(campaign=campaign, fee=Decimal("300000"))
    services.move(first, Status.ACCEPTED, user=first.creator.user)

    with pytest.raises(services.CollaborationError, match="more than this campaign can still pay"):
        services.move(second, Status.ACCEPTED, user=second.creator.user)
    second.refresh_from_db()
    assert second.status == Status.INVITED
