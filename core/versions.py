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
