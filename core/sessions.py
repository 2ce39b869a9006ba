"""Sessions read from the cache and written through to the database.

Django's ``cached_db`` store, except that an unreachable cache (Redis down)
never fails a request: every cache call that raises is logged and the
database, which always holds the session, answers instead.
"""

import logging

from django.contrib.sessions.backends import cached_db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def _cache_call(self, method, *args):
        try:
            return getattr(self._cache, method)(*args)
        except Exception:  # noqa: BLE001 - any cache failure: the database answers
            logger.warning("Session cache unreachable (%s): using the database", method)
            return None

    def load(self):
        data = self._cache_call("get", self.cache_key)
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        age = self.get_expiry_age(expiry=stored.expire_date)
        self._cache_call("set", self.cache_key, data, age)
        return data

    def exists(self, session_key):
        if session_key and self._cache_call("get", self.cache_key_prefix + session_key):
            return True
        return super(cached_db.SessionStore, self).exists(session_key)

    def save(self, must_create=False):
        super(cached_db.SessionStore, self).save(must_create)
        self._cache_call("set", self.cache_key, self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super(cached_db.SessionStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache_call("delete", self.cache_key_prefix + session_key)
