"""The signed-in person's row, read from the shared cache.

Every signed-in request needs its user: Django's backends query the user table
each time. With Redis (``AUTH_USER_CACHE_SECONDS`` above 0, set when the cache
is shared by every process) the backends below keep the row in the cache and
drop it whenever it changes:

- ``post_save``/``post_delete`` of a user, at once and again after the
  transaction commits (a request reading between the two would cache the old
  row);
- ``User.objects.filter(...).update(...)``, which sends no signal, through
  ``UserQuerySet.update``.

Nothing else is trusted from the cached row: Django still checks the session's
password hash against it, and ``is_active`` is checked as it is without the
cache. Without a shared cache (the embedded default, where the web and the
worker are separate processes) the setting is 0 and every request asks the
database, as Django does.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from core import user_cache


class CachedUserMixin:
    """``get_user`` answered from the cache when the row is there."""

    def get_user(self, user_id):
        if not user_cache.seconds():
            return super().get_user(user_id)
        user = user_cache.cached_user(user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                user_cache.remember_user(user)
            return user
        return user if self.user_can_authenticate(user) else None


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    pass
