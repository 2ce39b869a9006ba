"""Versions of data that many cached fragments show.

A version is a token in the shared cache (Redis in production) that changes
whenever its data changes. A fragment keyed on it gets a new key in every
process at once, so nothing cached has to be deleted. ``bump`` changes the
token at once and again after the transaction commits (a request reading the
old data in between would cache it under the new token). ``current`` returns
None when the cache is unreachable, or not shared by every process (no Redis:
``SHARED_VERSIONS``): callers then read the data and cache nothing.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)


def _key(name):
    return f"version:{name}"


def current(name):
    """The token of ``name``, or None when the cache cannot be reached or is
    not shared by every process (``SHARED_VERSIONS``)."""
    if not settings.SHARED_VERSIONS:
        return None
    try:
        token = cache.get(_key(name))
        if token is None:
            cache.add(_key(name), uuid.uuid4().hex, None)
            token = cache.get(_key(name))
    except Exception:  # noqa: BLE001 - Redis down: nothing is cached on this version
        logger.warning("Version %s unreadable: the cache is unreachable", name)
        return None
    return token


def keys(names):
    """The shared cache's keys of the versions ``names`` (to read them in one
    round trip with other commands, then pass them to ``current_many``)."""
    return [_key(name) for name in names]


def current_many(names, found=None):
    """The tokens of ``names`` in their order, read in one round trip, or None
    when the cache cannot be reached. ``found``: the values of ``keys(names)``
    already read, or None to read them."""
    if not settings.SHARED_VERSIONS:
        return None
    if found is None:
        try:
            found = cache.get_many(keys(names))
        except Exception:  # noqa: BLE001 - Redis down: nothing is cached on these versions
            logger.warning("Versions %s unreadable: the cache is unreachable", names)
            return None
    tokens = [found.get(_key(name)) or current(name) for name in names]
    return None if None in tokens else tokens


def kept(key, names, read, timeout=3600):
    """``read()``, kept in the process's ``fragments`` cache under ``key`` and
    the tokens of ``names``: read again once any of them changes, and every
    time when the cache is unreachable."""
    tokens = current_many(names)
    if tokens is None:
        return read()
    return caches["fragments"].get_or_set(":".join((key, *tokens)), read, timeout)


def kept_for_owner(key, names_of, read, timeout=3600):
    """A read kept under ``key`` in the process's ``fragments`` cache, for data
    whose versions are known only once it names its owner (the creator of the
    signed-in person, found by the read itself). ``read()`` gives ``(owner,
    value, until)``; ``names_of(owner)`` the names of the versions of
    everything ``value`` shows; ``until`` the next instant ``value`` changes by
    itself (an aware datetime, or None). Returns ``value``. An owner of None
    (nothing found) is never kept.

    The tokens are read (one round trip) before the data, so data read while
    a change commits is kept under a token already gone. The first read of a
    key is kept without tokens, only to name the owner; the next one, reading
    the owner's tokens first, keeps the value. ``key`` None, or no shared
    versions (the cache unreachable, or ``SHARED_VERSIONS`` off): read every time."""
    if key is None or not settings.SHARED_VERSIONS:
        return read()[1]
    fragments = caches["fragments"]
    entry = fragments.get(key)
    tokens = None
    if entry is not None:
        owner, kept_tokens, until, value = entry
        tokens = current_many(names_of(owner))
        if tokens is None:  # the cache is unreachable: nothing is kept
            return read()[1]
        if tokens == kept_tokens and (until is None or timezone.now() < until):
            return value
    owner, value, until = read()
    if owner is not None:
        known = entry is not None and entry[0] == owner
        fragments.set(key, (owner, tokens if known else None, until, value), timeout)
    return value


def on_change(receiver, *models, uid):
    """Connect ``receiver`` (which moves versions on) to every save and
    deletion of each of ``models`` (a model, or "app_label.Model" for an app
    that may not be imported), once: the dispatch uids start with ``uid``."""
    for model in models:
        name = model if isinstance(model, str) else model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:{name}:saved")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:{name}:deleted")


def bump(name):
    """Give ``name`` a new token now and once the transaction commits."""
    now_and_on_commit(lambda: _set(name))


def now_and_on_commit(change):
    """Make a change to the shared cache now and again once the transaction
    commits: a request reading the old data in between would cache it again."""
    change()
    transaction.on_commit(change)


def _set(name):
    try:
        cache.set(_key(name), uuid.uuid4().hex, None)
    except Exception:  # noqa: BLE001 - Redis down: logged; processes restart with empty fragments
        logger.error("Version %s not changed: the cache is unreachable", name)
