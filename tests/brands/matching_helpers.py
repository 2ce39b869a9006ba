"""Creators and campaigns for the matcher's tests, and how they read its rows."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone, translation

from brands.models import Campaign, CampaignMatch
from collaborations.models import Collaboration, Rating, Side, VideoFigures
from creators.models import AudienceSegment, Language, Niche, RatePackage
from matching import runs
from matching.explain import explain
from tests.brands.factories import CampaignFactory
from tests.creators.factories import EligibleCreatorFactory


def niche(slug):
    return Niche.objects.get(slug=slug)


def language(slug):
    return Language.objects.get(slug=slug)


def creator(*, niches=("food",), languages=("id",), fee=None, share=None, **fields):
    """A creator in Indonesia who accepts offers, speaks Indonesian and makes
    food videos, with 12,000 followers unless told otherwise."""
    profile = EligibleCreatorFactory(**fields)
    profile.niches.set([niche(slug) for slug in niches])
    profile.languages.set([language(slug) for slug in languages])
    if fee is not None:
        RatePackage.objects.create(profile=profile, name="1 video", price_idr=fee)
    if share is not None:
        AudienceSegment.objects.create(
            profile=profile,
            kind=AudienceSegment.Kind.COUNTRY,
            label="Indonesia",
            share_percent=Decimal(share),
        )
    return profile


def campaign(*, niches=("food",), languages=(), **fields):
    made = CampaignFactory(**{"status": Campaign.Status.LIVE, **fields})
    made.niches.set([niche(slug) for slug in niches])
    made.languages.set([language(slug) for slug in languages])
    return made


def match(campaign):
    return runs.match_campaign(campaign_id=campaign.pk)


def parts(campaign, profile):
    """The stored parts of ``profile``'s match with ``campaign``, by name."""
    stored = CampaignMatch.objects.get(campaign=campaign, creator=profile)
    return {part["part"]: part for part in stored.parts}


def listed(campaign):
    return list(
        CampaignMatch.objects.filter(campaign=campaign)
        .order_by("rank")
        .values_list("creator_id", flat=True)
    )


def sentence(part):
    with translation.override("en"):
        return explain(part)


def collaborations(profile, *, on_time, late, approved, stars=()):
    """A judged track record for ``profile``: ``on_time`` + ``late`` accepted
    collaborations whose content came in on or after the due date, the first
    ``approved`` of them approved and the others sent back for a revision,
    rated by the business with ``stars``."""
    today = timezone.localdate()
    now = timezone.now()
    made = []
    for number in range(on_time + late):
        due_on = today - timedelta(days=10)
        submitted = now - timedelta(days=20 if number < on_time else 5)
        is_approved = number < approved
        made.append(
            Collaboration.objects.create(
                campaign=CampaignFactory(status=Campaign.Status.COMPLETED),
                creator=profile,
                started_by=Side.BUSINESS,
                status=Collaboration.Status.APPROVED if is_approved else "revision",
                fee=Decimal("100000.00"),
                due_on=due_on,
                content_url="https://www.tiktok.com/@someone/video/1",
                accepted_at=submitted - timedelta(days=3),
                first_submitted_at=submitted,
                approved_at=now if is_approved else None,
            )
        )
    for collaboration, rating in zip(made, stars, strict=False):
        Rating.objects.create(collaboration=collaboration, by_side=Side.BUSINESS, stars=rating)


def posted_videos(profile, *views_and_averages, status=Collaboration.Status.APPROVED):
    """One collaboration per ``(views, average)`` pair whose posted video's
    latest reading has ``views`` and whose creator had ``average`` views per
    video when it began; an earlier, smaller reading comes first. Approved
    ones are judged, on time and unrated."""
    now = timezone.now()
    made = []
    for number, (views, average) in enumerate(views_and_averages):
        submitted = now - timedelta(days=20)
        collaboration = Collaboration.objects.create(
            campaign=CampaignFactory(status=Campaign.Status.COMPLETED),
            creator=profile,
            started_by=Side.BUSINESS,
            status=status,
            fee=Decimal("100000.00"),
            due_on=timezone.localdate() - timedelta(days=10),
            content_url=f"https://www.tiktok.com/@someone/video/{number}",
            tiktok_video_id=f"{profile.pk}{number:04d}",
            posted_at=submitted,
            creator_average_views=average,
            accepted_at=submitted - timedelta(days=3),
            first_submitted_at=submitted,
            submitted_at=submitted,
            approved_at=now if status == Collaboration.Status.APPROVED else None,
        )
        for days_ago, seen in ((2, views // 2), (1, views)):
            VideoFigures.objects.create(
                collaboration=collaboration,
                day=timezone.localdate() - timedelta(days=days_ago),
                views=seen,
                likes=0,
                comments=0,
                shares=0,
                read_at=now - timedelta(days=days_ago),
            )
        made.append(collaboration)
    return made
