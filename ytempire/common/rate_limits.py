"""Rate limits: fixed windows counted in one Redis round trip, shared with the token's session checks.

Two budgets. RATELIMIT_DEFAULT is one budget per user across the whole API (keyed by the token's
subject, or by the client address without a valid token). RATELIMIT_AUTH is a stricter one per
address on every /auth endpoint, on top of it. Each window is a counter whose expiry is set by its
first hit; a script increments it and returns the count with the time left, and the X-RateLimit-*
headers reuse those figures.

When the counters live in the app's own Redis (RATELIMIT_STORAGE_URI equal to REDIS_URL, the
default), the reads that check the bearer token's session (revocation, password change, account
status: auth/tokens.py) go in the same script call, so an authenticated request sends one Redis
command before its view runs (EVALSHA; the script is sent again only if Redis lost it). Another
Redis counts with the same script, without the session reads; any other storage (memory://, used
when Redis is meant to be down) counts through the `limits` library.

Not counted: views marked `exempt`, unmatched URLs (404s) and static files.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

import redis
from flask import Flask, current_app, g, request
from flask_jwt_extended import decode_token
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from ytempire.common.redis import Script, get_redis

_EXTENSION = "ytempire.rate_limits"
AUTH_BLUEPRINT = "auth"
# KEYS: the windows' counters, then keys counted if set (EXISTS), then keys read as they are (GET).
# ARGV: the number of windows, the number of keys counted, then each window's expiry in seconds.
# Reply: each window's count and seconds left, then the number set, then each value read.
COUNT_SCRIPT = Script("""
local windows, counted = tonumber(ARGV[1]), tonumber(ARGV[2])
local reply = {}
for i = 1, windows do
    local count = redis.call("incrby", KEYS[i], 1)
    if count == 1 then
        redis.call("expire", KEYS[i], ARGV[i + 2])
    end
    reply[#reply + 1] = count
    reply[#reply + 1] = redis.call("ttl", KEYS[i])
end
if counted > 0 then
    reply[#reply + 1] = redis.call("exists", unpack(KEYS, windows + 1, windows + counted))
end
for i = windows + counted + 1, #KEYS do
    reply[#reply + 1] = redis.call("get", KEYS[i])
end
return reply
""")


def client_address() -> str:
    return request.remote_addr or "unknown"


def bearer_claims() -> dict | None:
    """The claims of the request's bearer token if it verifies, else None (forged tokens count by address)."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        try:
            return decode_token(header[7:].strip())
        except Exception:  # noqa: BLE001 - any bad token simply falls back to the address
            pass
    return None


def exempt(view):
    """Mark a view as not counted (liveness, metrics, documentation assets, signed webhooks)."""
    view.rate_limit_exempt = True
    return view


@dataclass(frozen=True)
class Window:
    limit: RateLimitItem
    key: str


@dataclass(frozen=True)
class Count:
    limit: RateLimitItem
    hits: int
    reset_at: float

    @property
    def remaining(self) -> int:
        return max(0, self.limit.amount - self.hits)

    @property
    def exceeded(self) -> bool:
        return self.hits > self.limit.amount


class RedisCounter:
    """Counts the windows in one script call. On the app's own Redis (`client` None), the token's
    session reads (`session_reads(claims)`: auth.tokens.SessionReads) go in the same call; their
    verdict is left in `g.prefetched_session`."""

    def __init__(self, client: redis.Redis | None, session_reads=None):
        self.client, self.session_reads = client, session_reads

    def count(self, windows: list[Window], claims: dict | None) -> list[Count]:
        shared = self.client is None and self.session_reads is not None and claims
        reads = self.session_reads(claims) if shared else None
        counted, read = (reads.exists, reads.gets) if reads else ((), ())
        keys = [window.key for window in windows] + [*counted, *read]
        args = [len(windows), len(counted), *(window.limit.get_expiry() for window in windows)]
        reply = COUNT_SCRIPT(self.client or get_redis(), keys, args)
        if reads is not None:
            revocations, *values = reply[2 * len(windows):]
            g.prefetched_session = (claims["jti"], reads.verdict(revocations, values))
        now = time.time()
        return [Count(window.limit, int(reply[2 * n]), now + max(int(reply[2 * n + 1]), 0))
                for n, window in enumerate(windows)]


class LimitsCounter:
    """Any storage the `limits` library knows (memory:// in tests)."""

    def __init__(self, uri: str):
        self.strategy = FixedWindowRateLimiter(storage_from_string(uri))

    def count(self, windows: list[Window], _claims: dict | None) -> list[Count]:
        counts = []
        for window in windows:
            allowed = self.strategy.hit(window.limit, window.key)
            stats = self.strategy.get_window_stats(window.limit, window.key)
            hits = window.limit.amount - stats.remaining if allowed else window.limit.amount + 1
            counts.append(Count(window.limit, hits, stats.reset_time))
        return counts


def _counter(config: dict, session_reads):
    """Where the windows are counted, by RATELIMIT_STORAGE_URI."""
    uri = config["RATELIMIT_STORAGE_URI"]
    if uri == config["REDIS_URL"]:
        return RedisCounter(None, session_reads)
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisCounter(redis.Redis.from_url(uri, **config.get("RATELIMIT_STORAGE_OPTIONS", {})))
    return LimitsCounter(uri)


def _windows(claims: dict | None) -> list[Window]:
    """The budgets this request counts against, as the app's config says now."""
    who = f"user:{claims['sub']}" if claims else f"ip:{client_address()}"
    config = current_app.config
    windows = [Window(limit, limit.key_for("api", who)) for limit in _parsed(config["RATELIMIT_DEFAULT"])]
    if request.blueprint == AUTH_BLUEPRINT:
        windows += [Window(limit, limit.key_for("auth", client_address())) for limit in _parsed(config["RATELIMIT_AUTH"])]
    return windows


@lru_cache(maxsize=64)
def _parsed(limits: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limits))


def _counted_view() -> bool:
    if request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return view is not None and view is not current_app.send_static_file and not getattr(view, "rate_limit_exempt", False)


def count_request():
    if not current_app.config["RATELIMIT_ENABLED"] or not _counted_view():
        return None
    claims = bearer_claims()
    counts = current_app.extensions[_EXTENSION].count(_windows(claims), claims)
    # The headers describe the budget closest to running out.
    g.rate_limit = min(counts, key=lambda count: (count.remaining, count.reset_at))
    exceeded = [count for count in counts if count.exceeded]
    if not exceeded:
        return None
    from ytempire.errors import error_response

    count = max(exceeded, key=lambda c: c.reset_at)
    g.rate_limit = count
    wait = max(1, math.ceil(count.reset_at - time.time()))
    return error_response(429, "RATE_LIMITED", f"Rate limit exceeded: {count.limit}",
                          headers={"Retry-After": str(wait)})


def add_rate_limit_headers(response):
    count = g.get("rate_limit")
    if count is not None:
        response.headers["X-RateLimit-Limit"] = str(count.limit.amount)
        response.headers["X-RateLimit-Remaining"] = str(count.remaining)
        response.headers["X-RateLimit-Reset"] = str(int(count.reset_at))
    return response


def init_rate_limits(app: Flask, session_reads=None) -> None:
    """`session_reads`: see RedisCounter (the app passes auth.tokens.session_reads)."""
    for setting in ("RATELIMIT_DEFAULT", "RATELIMIT_AUTH"):
        _parsed(app.config[setting])   # a misspelt limit stops the start, not every request
    app.extensions[_EXTENSION] = _counter(app.config, session_reads)
    app.before_request(count_request)
    app.after_request(add_rate_limit_headers)
