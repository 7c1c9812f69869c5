"""A Redis cache that never takes a page down with it.

The cache is shared by every web node and worker (sessions, public pages, scope areas,
dashboard indicators). When Redis does not answer, every read is a miss and every write is
dropped, after a short timeout: pages are built from PostgreSQL as if nothing were cached, and
the fault tests (Redis stopped) keep passing. `incr` still raises, so a caller that must know
(the public-page invalidation) can log it.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ReusedClient(RedisCacheClient):
    """One redis-py client per connection pool, made once.

    Django's client builds a new `redis.Redis` for every cache operation, and each one sets up
    its table of some 170 reply handlers: on a public page served from the cache that was a
    good share of the request. A `redis.Redis` is safe to share between threads (its pool hands
    each command a connection), so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient

    def _unavailable(self, operation, error, answer=None):
        log.warning("cache unavailable (%s): %s", operation, error)
        return answer

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._unavailable("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._unavailable("get_many", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._unavailable("has_key", error, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return self._unavailable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._unavailable("set_many", error, list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._unavailable("add", error, False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._unavailable("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._unavailable("delete", error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            return self._unavailable("delete_many", error)
