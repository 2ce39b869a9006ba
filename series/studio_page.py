"""The creator's studio kept whole under the versions of what it shows, so
that a returning creator's studio reads nothing from the database."""

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
    """``read()``'s HTML, ``read()`` giving ``(profile id, html)``, kept under
    ``key`` (None: never kept) and the tokens of ``studio_versions``
    (``core.versions.kept_for_owner``). With the cache unreachable the studio
    is read every time."""
    return versions.kept_for_owner(key, studio_versions, lambda: (*read(), None))
