from django.db import transaction

from brands.models import Business, BusinessMembership


@transaction.atomic
def create_business(*, owner, name):
    """Create a business with ``owner`` as its first member, in the owner role."""
    business = Business.objects.create(name=name)
    BusinessMembership.objects.create(
        business=business, user=owner, role=BusinessMembership.Role.OWNER
    )
    return business
