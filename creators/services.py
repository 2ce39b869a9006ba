from django.db import transaction
from django.utils.text import slugify

from creators.models import CreatorProfile

HANDLE_MAX_LENGTH = CreatorProfile._meta.get_field("handle").max_length


def unique_handle(display_name):
    """A free handle derived from the display name: ``siti-rahma``, then ``siti-rahma-2``…"""
    base = slugify(display_name)[: HANDLE_MAX_LENGTH - 4].strip("-") or "creator"
    taken = set(
        CreatorProfile.objects.filter(handle__startswith=base).values_list("handle", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def create_creator_profile(*, user, display_name):
    """Create the profile stub of a new creator account, with a unique handle."""
    return CreatorProfile.objects.create(
        user=user, display_name=display_name, handle=unique_handle(display_name)
    )
