"""Fans and what they do: follow creators, watch episodes."""

import factory

from core.models import User
from fans.models import Follow
from series.models import EpisodeProgress
from tests.creators.factories import CreatorProfileFactory
from tests.factories import UserFactory
from tests.series.factories import EpisodeFactory


class FanFactory(UserFactory):
    role = User.Role.FAN


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    fan = factory.SubFactory(FanFactory)
    creator = factory.SubFactory(CreatorProfileFactory)


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EpisodeProgress

    user = factory.SubFactory(FanFactory)
    episode = factory.SubFactory(EpisodeFactory)
    position_seconds = 0
    finished = False


# Ten minutes: long enough to stop in the middle, as fans do.
TEN_MINUTES_MS = 10 * 60 * 1000
