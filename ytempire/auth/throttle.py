"""Login throttling: failures per account and per address, counted in Redis with a cool-down."""
from flask import current_app

from ytempire.common.redis import get_redis


def _keys(email: str, address: str) -> list[str]:
    return [f"login:fail:email:{email.lower()}", f"login:fail:ip:{address}"]


def seconds_locked(email: str, address: str) -> int:
    """Seconds until login may be tried again for this account or address (0 when allowed)."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    r = get_redis()
    pipe = r.pipeline()
    for key in _keys(email, address):
        pipe.get(key)
        pipe.ttl(key)
    values = pipe.execute()
    waits = [max(ttl, 1) for count, ttl in zip(values[::2], values[1::2]) if count and int(count) >= limit]
    return max(waits, default=0)


def record_failure(email: str, address: str) -> None:
    """Count a failure; reaching the limit starts the cool-down on that key."""
    cfg = current_app.config
    r = get_redis()
    for key in _keys(email, address):
        count = r.incr(key)
        if count == 1:
            r.expire(key, cfg["LOGIN_FAILURE_WINDOW_SECONDS"])
        if count >= cfg["LOGIN_MAX_FAILURES"]:
            r.expire(key, cfg["LOGIN_LOCKOUT_SECONDS"])


def clear_failures(email: str) -> None:
    """A successful login clears the account's counter (not the address's)."""
    get_redis().delete(_keys(email, "")[0])
