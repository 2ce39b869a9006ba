"""Factories for collaborations: a live campaign whose budget is reserved in the
ledger, a business member to act for it, and collaborations in any status."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from brands.models import Campaign
from brands.services import pool_spec, reserve_spec
from collaborations import services
from collaborations.models import Collaboration, Side, StatusChange
from collaborations.services.drafts import submit_draft
from payments import ledger
from payments.models import Account, LedgerEntry
from tests.brands.factories import BusinessMembershipFactory, CampaignFactory, give_credit
from tests.creators.factories import CreatorProfileFactory

Status = Collaboration.Status
# The demo clip seed_demo also uses for Series: a real 31-second MP4 of 2 KB.
VIDEO_31_SECONDS = Path(__file__).resolve().parents[2] / "series/demo/episode-31s.mp4"


def draft_video(name="draft.mp4", data=None, content_type="video/mp4"):
    """An uploaded draft: the 31-second clip, or ``data`` under ``name``."""
    data = VIDEO_31_SECONDS.read_bytes() if data is None else data
    return SimpleUploadedFile(name, data, content_type=content_type)


def approve_a_draft(collaboration, *, caption="My draft #ad"):
    """The creator of an accepted ``collaboration`` sends a draft and the
    campaign's member approves it, through the services. Returns the collaboration."""
    submit_draft(
        collaboration=collaboration,
        user=collaboration.creator.user,
        video=draft_video(),
        caption=caption,
    )
    return services.move(collaboration, Status.DRAFT_APPROVED, user=collaboration.campaign.member)


def live_campaign(*, budget="1000000.00", fee_per_creator="250000.00", member=None, **fields):
    """A live campaign with its whole budget reserved from credit, as
    ``brands.services`` leaves it once staff approve it. Returns the campaign;
    ``campaign.member`` is a business user who can act for it."""
    member = member or BusinessMembershipFactory()
    budget = Decimal(budget)
    give_credit(member.business, budget)
    campaign = CampaignFactory(
        business=member.business,
        status=Campaign.Status.LIVE,
        budget=budget,
        fee_per_creator=Decimal(fee_per_creator),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
        **fields,
    )
    ledger.post(
        LedgerEntry.Kind.RESERVE,
        ledger.moves(
            [
                (
                    pool_spec(member.business.pk, Account.Pool.CREDIT),
                    reserve_spec(campaign, Account.Pool.CREDIT),
                    budget,
                )
            ]
        ),
        business=member.business,
        campaign=campaign,
    )
    campaign.member = member.user
    return campaign


class CollaborationFactory(factory.django.DjangoModelFactory):
    """A collaboration in ``status`` with the fields that status implies
    (acceptance time, content link, approval and completion times)."""

    class Meta:
        model = Collaboration
        skip_postgeneration_save = True

    campaign = factory.LazyFunction(live_campaign)
    creator = factory.SubFactory(CreatorProfileFactory)
    started_by = Side.BUSINESS
    status = Status.INVITED
    fee = Decimal("250000.00")
    due_on = factory.LazyAttribute(lambda collaboration: collaboration.campaign.ends_on)

    @factory.lazy_attribute
    def accepted_at(self):
        reached = self.status not in {Status.INVITED, Status.APPLIED, Status.DECLINED}
        return timezone.now() if reached and self.status != Status.WITHDRAWN else None

    @factory.lazy_attribute
    def draft_approved_at(self):
        posting = {Status.DRAFT_APPROVED, Status.SUBMITTED, Status.REVISION, Status.APPROVED}
        return timezone.now() if self.status in posting | {Status.COMPLETED} else None

    @factory.lazy_attribute
    def content_url(self):
        submitted = {Status.SUBMITTED, Status.REVISION, Status.APPROVED, Status.COMPLETED}
        return "https://www.tiktok.com/@creator/video/1" if self.status in submitted else ""

    @factory.lazy_attribute
    def first_submitted_at(self):
        return timezone.now() if self.content_url else None

    @factory.lazy_attribute
    def submitted_at(self):
        return self.first_submitted_at

    @factory.lazy_attribute
    def cancelled_at(self):
        return timezone.now() if self.status == Status.CANCELLED else None

    @factory.lazy_attribute
    def revision_note(self):
        return "Show the pack first." if self.status == Status.REVISION else ""

    @factory.lazy_attribute
    def approved_at(self):
        return timezone.now() if self.status in {Status.APPROVED, Status.COMPLETED} else None

    @factory.lazy_attribute
    def completed_at(self):
        return timezone.now() if self.status == Status.COMPLETED else None

    @factory.post_generation
    def money(collaboration, create, extracted, **kwargs):
        """The fee held, or paid, as the services leave it in this status."""
        if not create:
            return
        if collaboration.status in Collaboration.HOLDING | {Status.APPROVED, Status.COMPLETED}:
            services.hold_fee(collaboration, by=None)
        if collaboration.status in {Status.APPROVED, Status.COMPLETED}:
            services.pay_hold(collaboration, by=None)

    @factory.post_generation
    def history(collaboration, create, extracted, **kwargs):
        if create:
            StatusChange.objects.create(collaboration=collaboration, to_status=collaboration.status)
