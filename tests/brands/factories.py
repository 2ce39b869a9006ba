import factory

from brands.models import Business, BusinessMembership
from portal.models import User
from tests.factories import UserFactory


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Faker("company")


class BusinessMembershipFactory(factory.django.DjangoModelFactory):
    """A business user and their membership; ``membership.user`` logs in."""

    class Meta:
        model = BusinessMembership

    business = factory.SubFactory(BusinessFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.BUSINESS)
    role = BusinessMembership.Role.OWNER
