"""UTC time helpers: one format for every timestamp the API returns, one range for every one it accepts."""
from datetime import datetime, timezone

# Every instant the API accepts must be storable and readable again: a day inside Python's datetime
# range on both sides, so no offset on the way in and no session time zone on the way out can leave it.
EARLIEST_INSTANT = datetime(1, 1, 2, tzinfo=timezone.utc)
LATEST_INSTANT = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z` suffix: the one timestamp format of every API answer."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def start_of_day(now: datetime) -> datetime:
    """Midnight of `now`'s day, in `now`'s timezone."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def bounded_utc(value: datetime) -> datetime:
    """`value` as a UTC datetime (naive means UTC); ValueError when its instant is outside what we can hold.

    Converting here also means no client offset ever reaches PostgreSQL, which refuses some that Python reads.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        moment = value.astimezone(timezone.utc)
    except OverflowError as error:
        raise ValueError("instant out of range") from error
    if not EARLIEST_INSTANT <= moment <= LATEST_INSTANT:
        raise ValueError("instant out of range")
    return moment
