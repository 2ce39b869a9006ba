"""The version under which the creators' admin lists (creators, programme
applications) keep their reads (``core.admin_site.kept``), besides the names'
(``NAMES_VERSION``: regions, niches, programmes): ``CREATOR_LIST_VERSION``,
which is ``creators.signals.CREATORS_VERSION``, every creator's rows together,
moved on by every change of any creator's version (profiles, figures, niches,
programme applications and the rest), and here also by a save of a user that
may change their email address (shown and searched in the lists).
"""

from django.conf import settings
from django.db.models.signals import post_save

from core import versions
from creators.signals import CREATORS_VERSION

CREATOR_LIST_VERSION = CREATORS_VERSION


def user_saved(update_fields=None, **kwargs):
    """A user's email address is shown and searched in the lists; the many
    saves naming only other fields (a login's ``last_login``) change nothing."""
    if update_fields is None or "email" in update_fields:
        versions.bump(CREATOR_LIST_VERSION)


def connect():
    """Connect the receiver (once: it has its ``dispatch_uid``)."""
    post_save.connect(
        user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="admin-list:user:saved"
    )
