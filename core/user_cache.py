"""The cache of signed-in people's rows (see ``core.auth``): one key a user,
dropped whenever the row changes."""

import logging

from django.conf import settings
from django.core.cache import cache

from core.versions import now_and_on_commit

logger = logging.getLogger(__name__)


def seconds():
    """How long a row stays cached; 0 (no cache) unless the cache is shared."""
    return getattr(settings, "AUTH_USER_CACHE_SECONDS", 0)


def _key(pk):
    return f"auth-user:{pk}"


def cached_user(pk):
    """The cached row, or None (not cached, or Redis down: logged)."""
    try:
        return cache.get(_key(pk))
    except Exception:  # noqa: BLE001 - Redis down: the database answers
        logger.warning("User cache unreachable: reading user %s from the database", pk)
        return None


def remember_user(user):
    try:
        cache.set(_key(user.pk), user, seconds())
    except Exception:  # noqa: BLE001 - Redis down: nothing cached
        logger.warning("User cache unreachable: user %s not cached", user.pk)


def forget_user(pk):
    """Drop a user's cached row now and again once the transaction commits
    (a request reading the old row in between would cache it again)."""
    if not seconds():
        return
    now_and_on_commit(lambda: _delete(pk))


def _delete(pk):
    try:
        cache.delete(_key(pk))
    except Exception:  # noqa: BLE001 - Redis down: logged, the row expires on its own
        logger.warning("User cache unreachable: row %s not dropped", pk)


def forget_saved_user(sender, instance, **kwargs):
    """``post_save``/``post_delete`` receiver for the user model."""
    forget_user(instance.pk)
