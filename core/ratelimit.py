"""Per-user rate limits for actions that reach other people (invitations, messages).

A fixed-window counter in the cache (Redis in production, so every web process
shares it): ``settings.RATE_LIMITS[action] = (limit, window_seconds)`` allows
``limit`` requests of ``action`` per user in each clock-aligned window. Login,
signup and password reset are limited by allauth (``ACCOUNT_RATE_LIMITS``).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def counter_key(user_id, action, now=None):
    """The cache key counting ``user_id``'s requests of ``action`` in the current window."""
    _limit, window = settings.RATE_LIMITS[action]
    now = time.time() if now is None else now
    return f"ratelimit:{action}:{user_id}:{int(now // window)}"


def allow(user, action):
    """Count one request of ``action`` by ``user``; False once it is over the limit.

    Refused requests are counted too, so hammering does not reopen the window.
    """
    limit, window = settings.RATE_LIMITS[action]
    key = counter_key(user.pk, action)
    try:
        # add() then incr() is atomic on Redis; the key outlives its window by a little.
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr(): a new window
            cache.set(key, 1, timeout=window + 1)
            count = 1
    except RedisError:
        # Without the cache nobody can be counted: let the request through
        # rather than refuse every invitation and message while Redis is down.
        logger.warning("Rate limit %s not counted: the cache is unreachable", action)
        return True
    return count <= limit


def too_many_requests(request, action, *, back_url):
    """The 429 page saying how many ``action`` requests are allowed, when to retry,
    and a link back to ``back_url``."""
    limit, window = settings.RATE_LIMITS[action]
    minutes = max(1, round((window - time.time() % window) / 60))
    message = ngettext(
        "You have done this too often: at most %(limit)s times in %(window)s minutes. "
        "Nothing was sent. Try again in %(minutes)s minute.",
        "You have done this too often: at most %(limit)s times in %(window)s minutes. "
        "Nothing was sent. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"limit": limit, "window": window // 60, "minutes": minutes}
    return render(request, "429.html", {"message": message, "back_url": back_url}, status=429)
