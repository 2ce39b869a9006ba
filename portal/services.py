from django.db import transaction

from brands.services import create_business
from core.models import User
from creators.services import create_creator_profile


@transaction.atomic
def set_up_account(*, user, role, name):
    """Give a new account its role and the matching profile stub.

    A creator gets a creator profile named ``name``; a business user becomes the
    owner of a new business named ``name``. Runs in one transaction.
    """
    if role not in User.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    user.role = role
    user.save(update_fields=["role"])
    if role == User.Role.CREATOR:
        return create_creator_profile(user=user, display_name=name)
    return create_business(owner=user, name=name)
