from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from core.models import User
from creators.models import (
    CreatorProfile,
    FigureSnapshot,
    Programme,
    ProgrammeApplication,
    Province,
    Region,
    Violation,
)
from tests.factories import UserFactory


def typed_figures(profile, *, follower_count, public_video_count, views_last_30_days, on=None):
    """The creator types new figures into the form (creators.services.record_figures)."""
    from creators.services import record_figures

    return record_figures(
        profile=profile,
        recorded_on=on or timezone.localdate(),
        follower_count=follower_count,
        public_video_count=public_video_count,
        views_last_30_days=views_last_30_days,
        source=FigureSnapshot.Source.FORM,
    )


def verified_figures(profile, *, follower_count, public_video_count=40, views_last_30_days=90_000):
    """Figures read from TikTok's API for the creator (creators.services.record_figures)."""
    from creators.services import record_figures

    return record_figures(
        profile=profile,
        recorded_on=timezone.localdate(),
        follower_count=follower_count,
        public_video_count=public_video_count,
        views_last_30_days=views_last_30_days,
        source=FigureSnapshot.Source.API,
        engagement_rate=Decimal("5.5"),
        read_at=timezone.now(),
    )


def years_ago(years, today=None):
    today = today or timezone.localdate()
    return today.replace(year=today.year - years)


class CreatorProfileFactory(factory.django.DjangoModelFactory):
    """A creator account with its profile; ``profile.user`` logs in."""

    class Meta:
        model = CreatorProfile

    user = factory.SubFactory(UserFactory, role=User.Role.CREATOR)
    display_name = factory.Faker("name")
    handle = factory.Sequence(lambda n: f"creator-{n}")


class EligibleCreatorFactory(CreatorProfileFactory):
    """A creator in Indonesia (Jawa Timur, the province campaigns from
    ``tests.brands.factories.CampaignFactory`` target) who meets every Series
    and Effect Creator Rewards rule today, and every Creativity Program rule
    but its region (the United States)."""

    date_of_birth = factory.LazyFunction(lambda: years_ago(25))
    country = factory.LazyFunction(lambda: Region.objects.get(code="ID"))
    province = Province.JAWA_TIMUR
    platform_account_created_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=400)
    )
    follower_count = 12_000
    public_video_count = 5
    views_last_30_days = 150_000
    figures_recorded_on = factory.LazyFunction(timezone.localdate)
    account_type = CreatorProfile.AccountType.PERSONAL
    posts_original_content = True


def series():
    return Programme.objects.prefetch_related("eligible_regions").get(slug="series")


def creativity():
    return Programme.objects.prefetch_related("eligible_regions").get(slug="creativity")


def effect_creator_rewards():
    return Programme.objects.prefetch_related("eligible_regions").get(slug="effect-creator-rewards")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeApplication

    profile = factory.SubFactory(EligibleCreatorFactory)
    programme = factory.LazyFunction(series)
    submitted_at = factory.LazyFunction(timezone.now)
    evaluation_snapshot = factory.LazyFunction(
        lambda: {"criteria": [], "eligible": True, "can_apply": True}
    )


class ViolationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Violation

    profile = factory.SubFactory(EligibleCreatorFactory)
    occurred_on = factory.LazyFunction(timezone.localdate)
    kind = Violation.Kind.SPAM
