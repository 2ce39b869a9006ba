"""The versions (``core.versions``) under which the creators' admin lists keep
their reads (``core.admin_site.kept``), and the receivers moving them on.

Names shown in the lists (regions, niches, programmes) have their own version,
``NAMES_VERSION``. ``CREATOR_LIST_VERSION`` covers what the lists show, search
and filter of the creators themselves: every save and deletion of a profile,
of a figure snapshot (``record_figures`` writes the profile's figures with an
``update()`` beside the snapshot it saves, in the same transaction), a change
of a profile's niches, and a save of a user that may change their email
address. ``APPLICATION_LIST_VERSION`` covers the applications themselves.
Writes to profiles that send no signal and no snapshot (``mark_figures_stale``,
``record_campaign_videos``) change nothing these lists show, search or filter.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import versions
from creators.models.applications import ProgrammeApplication
from creators.models.figures import FigureSnapshot
from creators.models.profiles import CreatorProfile

CREATOR_LIST_VERSION = "admin-list:creators.creatorprofile"
APPLICATION_LIST_VERSION = "admin-list:creators.programmeapplication"


def creator_list_changed(**kwargs):
    versions.bump(CREATOR_LIST_VERSION)


def application_list_changed(**kwargs):
    versions.bump(APPLICATION_LIST_VERSION)


def user_saved(update_fields=None, **kwargs):
    """A user's email address is shown and searched in the lists; the many
    saves naming only other fields (a login's ``last_login``) change nothing."""
    if update_fields is None or "email" in update_fields:
        creator_list_changed()


def niches_changed(action, **kwargs):
    if action.startswith("post_"):
        creator_list_changed()


def connect():
    """Connect the receivers (once: each has its ``dispatch_uid``)."""
    for model, receiver in (
        (CreatorProfile, creator_list_changed),
        (FigureSnapshot, creator_list_changed),
        (ProgrammeApplication, application_list_changed),
    ):
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"admin-list:{name}:saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"admin-list:{name}:gone")
    post_save.connect(
        user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="admin-list:user:saved"
    )
    m2m_changed.connect(
        niches_changed, sender=CreatorProfile.niches.through, dispatch_uid="admin-list:niches"
    )
