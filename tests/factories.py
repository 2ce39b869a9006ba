"""Factories for accounts. App-specific factories live beside their tests
(``tests/creators/factories.py``, ``tests/brands/factories.py``)."""

import factory
from allauth.account.models import EmailAddress

from core.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary email who can log in with ``DEFAULT_PASSWORD``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    # Tests read English; the site's default for real accounts is Indonesian.
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if not create:
            return
        user.save()
        EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=extracted is not False
        )


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True
