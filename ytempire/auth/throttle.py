"""Login throttling: attempts per account and per address, counted in Redis with a cool-down.

An attempt is counted *before* the slow password check, in one Lua script that also tests the
limits, so parallel guesses cannot all read "4 failures" and all go on to try a password. A
successful login hands its attempt back. The address limit is far higher than the account one:
behind one NAT or proxy many people share an address, and five typos among them must not lock
everybody out.
"""
from flask import current_app

from ytempire.common.redis import get_redis

# KEYS: counters; ARGV: window, lockout, then one limit per key.
# Returns 0 when the attempt may go ahead (and was counted), else the seconds left on the longest lock.
_RESERVE_ATTEMPT = """
local wait = 0
for i, key in ipairs(KEYS) do
    local count = tonumber(redis.call('GET', key) or '0')
    if count >= tonumber(ARGV[2 + i]) then
        wait = math.max(wait, redis.call('TTL', key), 1)
    end
end
if wait > 0 then
    return wait
end
for i, key in ipairs(KEYS) do
    local count = redis.call('INCR', key)
    if count == 1 then
        redis.call('EXPIRE', key, ARGV[1])
    end
    if count == tonumber(ARGV[2 + i]) then
        redis.call('EXPIRE', key, ARGV[2])
    end
end
return 0
"""

# KEYS: account counter, address counter. An expired address counter stays gone (no DECR to -1).
_RELEASE_ATTEMPT = """
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then
    redis.call('DECR', KEYS[2])
end
return 0
"""


def _account_key(email: str) -> str:
    return f"login:fail:email:{email.lower()}"


def _address_key(address: str) -> str:
    return f"login:fail:ip:{address}"


def reserve_attempt(email: str, address: str) -> int:
    """Count a login attempt for this account and address; seconds to wait instead when either is locked."""
    cfg = current_app.config
    keys = [_account_key(email), _address_key(address)]
    limits = [cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]]
    return int(get_redis().eval(_RESERVE_ATTEMPT, len(keys), *keys, cfg["LOGIN_FAILURE_WINDOW_SECONDS"],
                                cfg["LOGIN_LOCKOUT_SECONDS"], *limits))


def release_attempt(email: str, address: str) -> None:
    """A successful login: the account starts afresh, and the address gets its attempt back."""
    get_redis().eval(_RELEASE_ATTEMPT, 2, _account_key(email), _address_key(address))
