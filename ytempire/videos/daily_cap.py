"""The tier's daily video cap, reserved in one Redis round trip so a user's concurrent requests do
not queue behind each other on their user row.

The request ledger (accounting/requests.py) stays the truth: a counter per user and UTC day starts
from the ledger's count and then moves only with reservations, +n before the videos are inserted
and -n when their transaction does not commit. If Redis is unreachable the cap is counted from the
ledger under the user row lock, as before the counter existed, so the cap holds either way.

What the counter can get wrong, and which way: a process that dies between reserving and
committing leaves the counter n too high until the day ends (the user is refused early, never let
past the cap); a counter lost while requests are in flight restarts from the ledger without them.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta

import structlog
from redis import RedisError
from sqlalchemy import select

from ytempire.accounting.requests import generation_requests_since
from ytempire.billing.tiers import effective_tier, user_limits
from ytempire.common.redis import Script, get_redis
from ytempire.common.timeutil import start_of_day, utcnow
from ytempire.errors import APIError
from ytempire.extensions import db
from ytempire.users.models import User

log = structlog.get_logger(__name__)

# KEYS[1] the day's counter; ARGV: count, cap. {0, used} reserved; {1, used} over the cap; {2, 0} no counter yet.
RESERVE = Script("""
local used = redis.call('GET', KEYS[1])
if not used then return {2, 0} end
used = tonumber(used)
if used + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return {1, used} end
redis.call('INCRBY', KEYS[1], ARGV[1])
return {0, used}
""")
RESERVED, OVER_CAP, NO_COUNTER = 0, 1, 2


class DailyLimitExceeded(APIError):
    status, code, message = 429, "DAILY_LIMIT_EXCEEDED", "Daily video limit reached for your tier"


def counter_key(user_id, day: datetime) -> str:
    return f"daily_videos:{user_id}:{day:%Y-%m-%d}"


class Reservation:
    """Today's videos held by `daily_videos_reserved`; `keep()` once the rows that count them are stored."""

    kept = False

    def keep(self) -> None:
        self.kept = True


@contextmanager
def daily_videos_reserved(user, count: int):
    """Hold `count` of today's videos for the block (it gets the `Reservation`); given back unless
    the block calls `keep()` once the rows that count them are committed.

    `user`: the account (its row, or the signed-in user, whose tier is known without the row).
    DailyLimitExceeded (429 with Retry-After) when over the cap. An error after the commit (the
    broker refusing the chain, say) keeps the reservation: the ledger rows are stored by then.
    """
    user_id = user.id
    cap = user_limits(user)["max_videos_per_day"]
    now = utcnow()
    key = counter_key(user_id, start_of_day(now))
    try:
        used = _reserve(key, user_id, count, cap, now)
    except RedisError as error:
        log.warning("daily_cap_counter_unavailable", error=str(error))
        _check_under_row_lock(user_id, count)
        yield Reservation()
        return
    if used is None:
        _refuse(user, cap, _counted_used(key, user_id, now), count)
    reservation = Reservation()
    try:
        yield reservation
    finally:
        if not reservation.kept:
            _give_back(key, count)


def _reserve(key: str, user_id, count: int, cap: int, now: datetime) -> int | None:
    """Today's use before this reservation, or None when `count` more would pass the cap."""
    redis = get_redis()
    outcome, used = RESERVE(redis, [key], [count, cap])
    if outcome == NO_COUNTER:
        start = start_of_day(now)
        redis.set(key, generation_requests_since(user_id, start), nx=True,
                  exat=int((start + timedelta(days=2)).timestamp()))
        outcome, used = RESERVE(redis, [key], [count, cap])
    return used if outcome == RESERVED else None


def _counted_used(key: str, user_id, now: datetime) -> int:
    try:
        return int(get_redis().get(key) or 0)
    except RedisError:
        return generation_requests_since(user_id, start_of_day(now))


def _give_back(key: str, count: int) -> None:
    try:
        get_redis().decrby(key, count)
    except RedisError as error:  # the counter stays high: the user is refused early, never let past the cap
        log.warning("daily_cap_give_back_failed", error=str(error))


def _check_under_row_lock(user_id, count: int) -> None:
    """The cap without Redis: the user row lock serialises the user's requests until they commit."""
    user = db.session.execute(select(User).where(User.id == user_id).with_for_update()).scalar_one()
    cap = user_limits(user)["max_videos_per_day"]
    used = generation_requests_since(user_id, start_of_day(utcnow()))
    if used + count > cap:
        _refuse(user, cap, used, count)


def _refuse(user: User, cap: int, used: int, count: int):
    raise DailyLimitExceeded(f"Your {effective_tier(user)} tier allows {cap} videos per day "
                             f"({used} used, {count} requested)",
                             headers={"Retry-After": str(seconds_to_midnight())})


def seconds_to_midnight() -> int:
    now = utcnow()
    return int((start_of_day(now) + timedelta(days=1) - now).total_seconds())
