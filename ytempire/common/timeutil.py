"""UTC time helpers: one format for every timestamp the API returns."""
from datetime import datetime, timezone


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
