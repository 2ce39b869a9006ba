from django.db import transaction

from brands.services import create_business
from core.models import User
from creators.services import create_creator_profile


@transaction.atomic
def set_up_account(*, user, role, name, full_name=""):
    """Give a new account its role and the matching profile stub.

    A creator gets a creator profile named ``name``; a business user becomes the
    owner of a new business named ``name``. ``full_name`` is the person's own
    name, shown wherever the portal says who did something; a creator who gives
    none goes by their display name. Runs in one transaction.
    """
    if role not in User.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    user.role = role
    user.full_name = full_name or user.full_name or (name if role == User.Role.CREATOR else "")
    user.save(update_fields=["role", "full_name"])
    if role == User.Role.CREATOR:
        return create_creator_profile(user=user, display_name=name)
    return create_business(owner=user, name=name)
