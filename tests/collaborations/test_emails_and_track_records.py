from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from collaborations import services
from collaborations.models import Collaboration
from collaborations.selectors import track_records
from collaborations.services.drafts import submit_draft
from tests.brands.factories import BusinessMembershipFactory
from tests.collaborations.factories import (
    CollaborationFactory,
    approve_a_draft,
    draft_video,
    live_campaign,
)
from tests.creators.factories import CreatorProfileFactory

pytestmark = pytest.mark.django_db
Status = Collaboration.Status


def test_every_step_emails_the_other_side_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    campaign = live_campaign()
    campaign.member.language = "en"
    campaign.member.save()
    creator = CreatorProfileFactory(user__language="id", display_name="Sri")
    business, creator_user = campaign.member, creator.user

    with django_capture_on_commit_callbacks(execute=True):
        collaboration = services.invite(
            campaign=campaign, creator=creator, user=business, fee=Decimal("250000")
        )
    # Indonesian groups thousands with dots, English with commas.
    assert mailoutbox[-1].to == [creator_user.email]
    assert "Rp 250.000" in mailoutbox[-1].body

    def upload_draft(**fields):
        submit_draft(collaboration=collaboration, user=creator_user, video=draft_video())

    steps = [
        (Status.ACCEPTED, creator_user, business, {}),
        (Status.DRAFT_SUBMITTED, creator_user, business, {"upload": upload_draft}),
        (Status.DRAFT_CHANGES, business, creator_user, {"draft_note": "Lebih terang."}),
        (Status.DRAFT_SUBMITTED, creator_user, business, {"upload": upload_draft}),
        (Status.DRAFT_APPROVED, business, creator_user, {}),
        (Status.SUBMITTED, creator_user, business, {"content_url": "https://t.co/v/1"}),
        (Status.REVISION, business, creator_user, {"revision_note": "Tampilkan harga."}),
        (Status.SUBMITTED, creator_user, business, {"content_url": "https://t.co/v/2"}),
        (Status.APPROVED, business, creator_user, {}),
        (Status.COMPLETED, business, creator_user, {}),
    ]
    for to, actor, recipient, fields in steps:
        sent = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            if "upload" in fields:
                fields["upload"]()
            else:
                services.move(collaboration, to, user=actor, **fields)
        assert len(mailoutbox) == sent + 1, to
        assert mailoutbox[-1].to == [recipient.email], to
        assert f"/collaborations/{collaboration.pk}/" in mailoutbox[-1].body, to
        if to in {Status.DRAFT_SUBMITTED, Status.DRAFT_CHANGES}:
            assert f"/collaborations/{collaboration.pk}/draft/" in mailoutbox[-1].body, to
        if to == Status.DRAFT_CHANGES:
            assert "Lebih terang." in mailoutbox[-1].body

    assert "https://t.co/v/2" in mailoutbox[-3].body  # the second submission, to the business
    assert "Tampilkan harga." in mailoutbox[-4].body  # the revision, to the creator
    assert "Rp 250.000" in mailoutbox[-1].body  # completion, to the creator, in Indonesian


def test_an_application_emails_every_member_of_the_business(
    mailoutbox, django_capture_on_commit_callbacks
):
    campaign = live_campaign()
    teammate = BusinessMembershipFactory(business=campaign.business, role="member").user

    with django_capture_on_commit_callbacks(execute=True):
        services.apply(campaign=campaign, creator=CreatorProfileFactory(), fee=Decimal("1000"))

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [campaign.member.email, teammate.email]
    )


def test_a_declined_invitation_tells_the_business(mailoutbox, django_capture_on_commit_callbacks):
    collaboration = CollaborationFactory(status=Status.INVITED)

    with django_capture_on_commit_callbacks(execute=True):
        services.move(collaboration, Status.DECLINED, user=collaboration.creator.user)

    assert mailoutbox[-1].to == [collaboration.campaign.member.email]
    assert "declined your invitation" in mailoutbox[-1].body


# --- Track records ----------------------------------------------------------------------


def _through(collaboration, *, submit_at, approve=True, stars=None):
    creator, business = collaboration.creator.user, collaboration.campaign.member
    services.move(collaboration, Status.ACCEPTED, user=creator)
    approve_a_draft(collaboration)
    if submit_at is not None:
        services.move(collaboration, Status.SUBMITTED, user=creator, content_url="https://t.co/1")
        Collaboration.objects.filter(pk=collaboration.pk).update(first_submitted_at=submit_at)
    if approve:
        services.move(collaboration, Status.APPROVED, user=business)
        services.move(collaboration, Status.COMPLETED, user=business)
    if stars:
        services.rate(collaboration=collaboration, user=business, stars=stars)
        services.rate(collaboration=collaboration, user=creator, stars=1)  # not counted


def test_track_records_count_on_time_late_approved_and_the_businesses_stars():
    creator = CreatorProfileFactory()
    other = CreatorProfileFactory()
    now = timezone.now()

    on_time = CollaborationFactory(creator=creator, campaign=live_campaign())
    _through(on_time, submit_at=now - timedelta(days=1), stars=5)
    late = CollaborationFactory(creator=creator, campaign=live_campaign())
    _through(late, submit_at=now, stars=3)
    Collaboration.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    # Accepted, never submitted, and the due date has passed: judged, late, not approved.
    missed = CollaborationFactory(creator=creator, campaign=live_campaign())
    _through(missed, submit_at=None, approve=False)
    Collaboration.objects.filter(pk=missed.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    # Not judged yet: accepted, due in the future, nothing submitted.
    pending = CollaborationFactory(creator=creator, campaign=live_campaign())
    _through(pending, submit_at=None, approve=False)
    # Not judged yet: submitted late, and the business has not answered.
    waiting = CollaborationFactory(creator=creator, campaign=live_campaign())
    _through(waiting, submit_at=now, approve=False)
    Collaboration.objects.filter(pk=waiting.pk).update(
        due_on=timezone.localdate() - timedelta(days=2)
    )
    # Never accepted: not judged.
    CollaborationFactory(creator=creator, status=Status.DECLINED)
    CollaborationFactory(creator=other, status=Status.INVITED)

    records = track_records()

    assert records == {
        creator.pk: {
            "judged": 3,
            "on_time": 1,
            "approved": 2,
            "stars": 4.0,
            "videos_measured": 0,
            "vs_average": None,
        },
    }
    assert track_records(creator_ids=[other.pk]) == {}


def test_a_submission_counts_once_the_business_answers_it():
    collaboration = CollaborationFactory(creator=CreatorProfileFactory(), campaign=live_campaign())
    _through(collaboration, submit_at=timezone.now(), approve=False)
    assert track_records() == {}

    services.move(
        collaboration,
        Status.REVISION,
        user=collaboration.campaign.member,
        revision_note="Show the product label, please.",
    )

    assert track_records()[collaboration.creator_id] == {
        "judged": 1,
        "on_time": 1,
        "approved": 0,
        "stars": None,
        "videos_measured": 0,
        "vs_average": None,
    }


def test_stars_are_none_when_no_business_rated_the_creator():
    collaboration = CollaborationFactory(creator=CreatorProfileFactory())
    _through(collaboration, submit_at=timezone.now())

    record = track_records()[collaboration.creator_id]

    assert record == {
        "judged": 1,
        "on_time": 1,
        "approved": 1,
        "stars": None,
        "videos_measured": 0,
        "vs_average": None,
    }
