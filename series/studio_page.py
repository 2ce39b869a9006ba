"""The creator's studio kept whole under the versions of what it shows, so
that a returning creator's studio reads nothing from the database."""

from django.conf import settings
from django.core.cache import caches

from core import versions
from creators.models.names import NAMES_VERSION
from creators.signals import creator_version
from series.services import page_version


def studio_versions(profile_id):
    """The versions the studio's content is kept under: whether the creator
    may sell Series (their programme applications: the creator's version; the
    programme: the names' version) and their Series, episodes and review
    submissions (``page_version.creator_version``)."""
    return [NAMES_VERSION, creator_version(profile_id), page_version.creator_version(profile_id)]


def kept_studio(key, read):
    """``read()``'s HTML, ``read()`` giving ``(profile id, html)``, kept in the
    process's ``fragments`` cache under ``key`` (None: never kept) and the
    tokens of ``studio_versions``, read in one round trip before the data (data
    read while a change commits is kept under a token already gone). The
    creator is known only once read: their first read is kept without tokens,
    to name the creator, and the next one, reading the tokens first, keeps it.
    With the cache unreachable the studio is read every time."""
    if key is None or not settings.SHARED_VERSIONS:
        return read()[1]
    fragments = caches["fragments"]
    entry = fragments.get(key)
    tokens = None
    if entry is not None:
        tokens = versions.current_many(studio_versions(entry[0]))
        if tokens is None:
            return read()[1]
        if tokens == entry[1]:
            return entry[2]
    profile_id, html = read()
    known = entry is not None and entry[0] == profile_id
    fragments.set(key, (profile_id, tokens if known else None, html), 3600)
    return html
