"""Signals other apps listen to, so that ``creators`` never imports them, and
the receivers that keep each creator's version (``core.versions``) current.

A creator's version changes with everything their media kit and dashboard
show from their own rows: any save or deletion of the profile, its rate
packages, audience segments, figure snapshots, programme applications and violations, a
change of its niches or languages, of its user's TikTok link, the
deactivation of its user. Writes that
send no signal (``QuerySet.update``) call ``creator_changed`` themselves.
Every change of any creator's version also moves ``CREATORS_VERSION``, the
version of all creators' rows together, for the pages that read across
creators (creator search, the creators admin). Names (niches, languages,
regions, programmes) have their own version
(``creators.models.names.NAMES_VERSION``)."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from core import versions
from creators.models.applications import ProgrammeApplication
from creators.models.figures import FigureSnapshot
from creators.models.profiles import AudienceSegment, CreatorProfile, RatePackage
from creators.models.programmes import Violation
from tiktok.models import LinkedAccount

# Sent after the transaction commits whenever a creator's figures change,
# with ``sender=CreatorProfile`` and ``profile_id``. Matching reruns on it.
creator_figures_changed = Signal()

# The version of every creator's rows together (see the module's docstring).
# In production it moves with each TikTok sync (about four times a second
# while the hourly sync runs at 100,000 linked creators): what is kept under
# it is then read again on nearly every request, and never stale.
CREATORS_VERSION = "creators"


def creator_version(profile_id):
    """The name of creator ``profile_id``'s version in ``core.versions``."""
    return f"creator:{profile_id}"


def creator_changed(*profile_ids):
    """Change the versions of the creators ``profile_ids`` and, once for them
    all, ``CREATORS_VERSION``, now and once the transaction commits."""
    for profile_id in profile_ids:
        versions.bump(creator_version(profile_id))
    if profile_ids:
        versions.bump(CREATORS_VERSION)


@receiver(post_save, sender=CreatorProfile, dispatch_uid="creator-version-profile-saved")
@receiver(post_delete, sender=CreatorProfile, dispatch_uid="creator-version-profile-deleted")
def _profile_changed(instance, **kwargs):
    creator_changed(instance.pk)


@receiver(post_save, sender=Violation, dispatch_uid="creator-version-violation-saved")
@receiver(post_delete, sender=Violation, dispatch_uid="creator-version-violation-deleted")
@receiver(post_save, sender=RatePackage, dispatch_uid="creator-version-package-saved")
@receiver(post_delete, sender=RatePackage, dispatch_uid="creator-version-package-deleted")
@receiver(post_save, sender=AudienceSegment, dispatch_uid="creator-version-segment-saved")
@receiver(post_delete, sender=AudienceSegment, dispatch_uid="creator-version-segment-deleted")
@receiver(post_save, sender=FigureSnapshot, dispatch_uid="creator-version-snapshot-saved")
@receiver(post_delete, sender=FigureSnapshot, dispatch_uid="creator-version-snapshot-deleted")
@receiver(post_save, sender=ProgrammeApplication, dispatch_uid="creator-version-application-saved")
@receiver(
    post_delete, sender=ProgrammeApplication, dispatch_uid="creator-version-application-deleted"
)
def _row_changed(instance, **kwargs):
    creator_changed(instance.profile_id)


@receiver(m2m_changed, sender=CreatorProfile.niches.through, dispatch_uid="creator-version-niches")
@receiver(
    m2m_changed, sender=CreatorProfile.languages.through, dispatch_uid="creator-version-languages"
)
def _names_of_profile_changed(instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        creator_changed(instance.pk)
        return
    # A niche or language gaining or losing creators (a cleared one changes
    # the names' version: it is deleted or renamed with it).
    creator_changed(*(pk_set or ()))


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="creator-version-user-off")
def _user_deactivated(instance, **kwargs):
    """A deactivated user's media kit is gone (its lookup asks for an active user)."""
    if not instance.is_active:
        _user_changed(instance.pk)


@receiver(post_save, sender=LinkedAccount, dispatch_uid="creator-version-tiktok-saved")
@receiver(post_delete, sender=LinkedAccount, dispatch_uid="creator-version-tiktok-deleted")
def _tiktok_link_changed(instance, **kwargs):
    """The dashboard shows the link's status (connect, reconnect)."""
    _user_changed(instance.user_id)


def _user_changed(user_id):
    creator_changed(*CreatorProfile.objects.filter(user_id=user_id).values_list("pk", flat=True))
