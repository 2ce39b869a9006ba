import factory

from creators.models import CreatorProfile
from portal.models import User
from tests.factories import UserFactory


class CreatorProfileFactory(factory.django.DjangoModelFactory):
    """A creator account with its profile; ``profile.user`` logs in."""

    class Meta:
        model = CreatorProfile

    user = factory.SubFactory(UserFactory, role=User.Role.CREATOR)
    display_name = factory.Faker("name")
    handle = factory.Sequence(lambda n: f"creator-{n}")
