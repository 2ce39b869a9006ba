"""Django's Redis cache with one redis-py client per connection pool, and
the process's fragment cache, both without memcached's key rules.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every
cache call (its constructor fills a table of some 170 response callbacks), which
was a tenth of a millisecond on every signed-in page's session read. A
``redis.Redis`` is safe to share between threads (each command borrows a
connection from the pool), so one per pool serves the whole process.

Django checks every key of every cache call against memcached's rules,
character by character, only to warn (``CacheKeyWarning``): neither Redis nor
the process's memory has those rules, and a page reading twenty versions
spent more on the check than on the round trip. Both backends here skip it.
"""

from django.core.cache.backends import locmem
from django.core.cache.backends import redis as django_redis


class WithoutMemcachedKeyCheck:
    def make_and_validate_key(self, key, version=None):
        return self.make_key(key, version=version)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(WithoutMemcachedKeyCheck, django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


class FragmentCache(WithoutMemcachedKeyCheck, locmem.LocMemCache):
    """The process's ``fragments`` cache (``LocMemCache``)."""
