"""Login throttling: failures per account *and* address pair, per account, and per address, in Redis.

Locking a whole account after a few failures lets anyone who knows an email lock its owner out.
So the tight limit (LOGIN_MAX_FAILURES) is per account and address pair: a guesser locks only
themselves, and each further lock of the same pair lasts twice as long (up to
LOGIN_LOCKOUT_MAX_SECONDS). Only many failures from many addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT)
lock the account everywhere. The address limit is far higher than the pair one: behind one NAT or
proxy many people share an address, and their typos must not lock everybody out.

An attempt is counted *before* the slow password check, in one Lua script that also tests the
limits, so parallel guesses cannot all read "4 failures" and all go on to try a password. A
successful login hands its attempt back.
"""
import hashlib

from flask import current_app

from ytempire.common.redis import Script, get_redis

# KEYS: pair, account and address counters, then the pair's lock count.
# ARGV: window, first lockout, longest lockout, then the three limits.
# Returns 0 when the attempt may go ahead (and was counted), else the seconds left on the longest lock.
_RESERVE_ATTEMPT = Script("""
local wait = 0
for i = 1, 3 do
    local count = tonumber(redis.call('GET', KEYS[i]) or '0')
    if count >= tonumber(ARGV[3 + i]) then
        wait = math.max(wait, redis.call('TTL', KEYS[i]), 1)
    end
end
if wait > 0 then
    return wait
end
for i = 1, 3 do
    local count = redis.call('INCR', KEYS[i])
    if count == 1 then
        redis.call('EXPIRE', KEYS[i], ARGV[1])
    end
    if count == tonumber(ARGV[3 + i]) then
        local lockout = tonumber(ARGV[2])
        if i == 1 then
            local locks = redis.call('INCR', KEYS[4])
            redis.call('EXPIRE', KEYS[4], ARGV[3])
            lockout = math.min(lockout * 2 ^ (locks - 1), tonumber(ARGV[3]))
        end
        redis.call('EXPIRE', KEYS[i], math.floor(lockout))
    end
end
return 0
""")

# KEYS: as above. The pair starts afresh; account and address get this attempt back (never below 0).
_RELEASE_ATTEMPT = Script("""
redis.call('DEL', KEYS[1], KEYS[4])
for i = 2, 3 do
    if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
        redis.call('DECR', KEYS[i])
    end
end
return 0
""")


def _keys(email: str, address: str) -> list[str]:
    email = email.lower()
    # Hashed: an email is client text of any length, and the pair key joins two of them.
    pair = hashlib.sha256(f"{email}\n{address}".encode()).hexdigest()
    return [f"login:fail:pair:{pair}", f"login:fail:email:{email}", f"login:fail:ip:{address}",
            f"login:locks:pair:{pair}"]


def reserve_attempt(email: str, address: str) -> int:
    """Count a login attempt; seconds to wait instead when its pair, account or address is locked."""
    cfg = current_app.config
    return int(_RESERVE_ATTEMPT(get_redis(), _keys(email, address), [
        cfg["LOGIN_FAILURE_WINDOW_SECONDS"], cfg["LOGIN_LOCKOUT_SECONDS"], cfg["LOGIN_LOCKOUT_MAX_SECONDS"],
        cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_MAX_FAILURES_PER_ACCOUNT"], cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]]))


def release_attempt(email: str, address: str) -> None:
    """A successful login: its pair starts afresh, the account and the address get the attempt back."""
    _RELEASE_ATTEMPT(get_redis(), _keys(email, address), [])
