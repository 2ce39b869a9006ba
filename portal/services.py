from django.db import transaction
from django.utils.translation import gettext as _

from brands.services import create_business
from core.models import User
from core.refusals import Refusal
from creators.services import create_creator_profile


@transaction.atomic
def set_up_account(*, user, role, name, full_name=""):
    """Give a new account its role and the matching profile stub.

    A creator gets a creator profile named ``name``; a business user becomes the
    owner of a new business named ``name``; a fan needs nothing more and goes
    by ``name``. ``full_name`` is the person's own name, shown wherever the
    portal says who did something; a creator who gives none goes by their
    display name. Runs in one transaction.
    """
    if role not in User.Role.values:
        raise ValueError(f"Unknown role {role!r}")
    user.role = role
    goes_by_name = role in (User.Role.CREATOR, User.Role.FAN)
    user.full_name = full_name or user.full_name or (name if goes_by_name else "")
    user.save(update_fields=["role", "full_name"])
    if role == User.Role.CREATOR:
        return create_creator_profile(user=user, display_name=name)
    if role == User.Role.BUSINESS:
        return create_business(owner=user, name=name)
    return None


class RoleChangeRefused(Refusal):
    """Only a fan account changes its role; nothing was changed."""


@transaction.atomic
def leave_fan_role(*, user, role, name, full_name=""):
    """A fan becomes a creator (with a creator profile named ``name``) or opens
    a business named ``name``, on the same login. What they bought, watched and
    follow stays theirs. Returns the new profile or business."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.role != User.Role.FAN:
        raise RoleChangeRefused(_("Only a fan account can become a creator or a business."))
    if role not in (User.Role.CREATOR, User.Role.BUSINESS):
        raise ValueError(f"A fan becomes a creator or a business, not {role!r}")
    return set_up_account(user=user, role=role, name=name, full_name=full_name)
