from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from brands.models import Business, BusinessMembership, Campaign
from brands.services import pool_spec
from core.models import User
from creators.models import Language, Niche
from payments import ledger
from payments.models import Account, LedgerEntry
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


class CategoryFactory(factory.django.DjangoModelFactory):
    """A named entry of a staff-managed list (``creators.models.Category``)."""

    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"Entry {n}")
    slug = factory.Sequence(lambda n: f"entry-{n}")


class LanguageFactory(CategoryFactory):
    class Meta:
        model = Language


class NicheFactory(CategoryFactory):
    class Meta:
        model = Niche


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft with every wizard step filled in, ready to launch."""

    class Meta:
        model = Campaign

    business = factory.SubFactory(BusinessFactory)
    completed_step = 4
    goal = Campaign.Goal.SALES
    product_name = "Keripik Tempe Ibu Sri"
    product_description = "Crispy tempeh chips from Malang."
    budget = Decimal("1000000.00")
    fee_per_creator = Decimal("250000.00")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=37))
    regions = factory.LazyFunction(lambda: ["jatim"])
    brief_show = "Open the pack and taste the chips on camera."
    deliverables = "One 30-second video."


def give_credit(business, amount, *, pool=Account.Pool.CREDIT, expires_at=None):
    """Put ``amount`` into a business's credit (a grant, expiring ``expires_at``,
    by default in 30 days) or paid balance (a top-up)."""
    amount = Decimal(amount)
    if pool == Account.Pool.CREDIT:
        kind, source = LedgerEntry.Kind.GRANT, Account.Kind.CREDIT_PROGRAMME
    else:
        kind, source = LedgerEntry.Kind.TOP_UP, Account.Kind.MONEY_IN
    return ledger.post(
        kind,
        ledger.moves([({"kind": source}, pool_spec(business.pk, pool), amount)]),
        business=business,
        expires_at=(expires_at or timezone.now() + timedelta(days=30))
        if kind == LedgerEntry.Kind.GRANT
        else None,
    )
