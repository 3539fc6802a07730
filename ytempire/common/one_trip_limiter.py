"""A fixed-window rate limit that costs one Redis round trip per request instead of three.

flask-limiter counts a hit (INCRBY + EXPIRE) and then, for the X-RateLimit-* headers, reads the
count and the TTL back: three round trips. Here one script increments, sets the window's expiry
on the first hit and returns the count with the TTL, and the headers reuse those figures. Other
storages (memory:// in tests) keep the library's own path.
"""
from __future__ import annotations

import time

from flask import has_request_context, request
from limits import RateLimitItem
from limits.storage import RedisStorage
from limits.strategies import FixedWindowRateLimiter, WindowStats

HIT_AND_READ = """
local count = redis.call("incrby", KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {count, redis.call("ttl", KEYS[1])}
"""
_SEEN = "ytempire.rate_limit_windows"


class OneTripFixedWindow(FixedWindowRateLimiter):
    def __init__(self, storage):
        super().__init__(storage)
        self._script = storage.get_connection().register_script(HIT_AND_READ) \
            if isinstance(storage, RedisStorage) else None

    def hit(self, item: RateLimitItem, *identifiers: str, cost: int = 1) -> bool:
        if self._script is None or not has_request_context():
            return super().hit(item, *identifiers, cost=cost)
        key = item.key_for(*identifiers)
        count, ttl = self._script([self.storage.prefixed_key(key)], [item.get_expiry(), cost])
        request.environ.setdefault(_SEEN, {})[key] = WindowStats(time.time() + max(ttl, 0),
                                                                 max(0, item.amount - count))
        return count <= item.amount

    def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        seen = request.environ.get(_SEEN, {}) if has_request_context() else {}
        stats = seen.get(item.key_for(*identifiers))
        return stats if stats is not None else super().get_window_stats(item, *identifiers)


def use_one_trip_window(limiter) -> None:
    """Swap the limiter's fixed-window strategy for ours, on the storage init_app chose."""
    if isinstance(limiter._limiter, FixedWindowRateLimiter):  # noqa: SLF001 - no public hook for this
        limiter._limiter = OneTripFixedWindow(limiter._storage)  # noqa: SLF001
