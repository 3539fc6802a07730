"""Reserve YouTube quota atomically before each call; two workers can never overspend.

One upsert per reservation: it adds the units only while the total stays within the bucket's
limit, in a single statement, so concurrent reservations serialise on the row. The limit is the
configuration's at the time of the call (raising YOUTUBE_QUOTA_PER_ACCOUNT after Google grants more
takes effect at once); the row's units_limit records the latest limit applied.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, text

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.youtube.quota_models import QuotaUsage
from ytempire.youtube.quota_rules import bucket_limits, charge_for

PACIFIC = ZoneInfo("America/Los_Angeles")


class QuotaExceeded(Exception):
    """Not enough quota left today; retry after `resets_at`."""

    def __init__(self, credential: str, bucket: str, resets_at: datetime):
        super().__init__(f"YouTube quota bucket {bucket!r} of {credential} is spent until {resets_at.isoformat()}")
        self.credential, self.bucket, self.resets_at = credential, bucket, resets_at


def quota_day(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(PACIFIC).date()


def next_reset(now: datetime | None = None) -> datetime:
    """Midnight Pacific after `now`, in UTC (DST-aware)."""
    tomorrow = quota_day(now) + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), tzinfo=PACIFIC).astimezone(ZoneInfo("UTC"))


def _scheme_and_limits():
    cfg = current_app.config
    scheme = cfg["YOUTUBE_QUOTA_SCHEME"]
    return scheme, bucket_limits(scheme, cfg["YOUTUBE_QUOTA_PER_ACCOUNT"])


RESERVE_SQL = text("""
    INSERT INTO youtube_quota_usage (id, credential, quota_day, bucket, units_used, units_limit, updated_at)
    SELECT gen_random_uuid(), :credential, :day, :bucket, :units, :limit, now() WHERE :units <= :limit
    ON CONFLICT (credential, quota_day, bucket) DO UPDATE
        SET units_used = youtube_quota_usage.units_used + EXCLUDED.units_used, units_limit = EXCLUDED.units_limit,
            updated_at = now()
        WHERE youtube_quota_usage.units_used + EXCLUDED.units_used <= EXCLUDED.units_limit
    RETURNING units_used
""")


def reserve_quota(credential: str, method: str, now: datetime | None = None) -> int:
    """Reserve one call of `method`; the units now used in its bucket, or QuotaExceeded."""
    scheme, limits = _scheme_and_limits()
    charge = charge_for(method, scheme)
    used = db.session.execute(RESERVE_SQL, {
        "credential": credential, "day": quota_day(now), "bucket": charge.bucket, "units": charge.units,
        "limit": limits[charge.bucket]}).scalar()
    db.session.commit()
    if used is None:
        raise QuotaExceeded(credential, charge.bucket, next_reset(now))
    return used


def quota_report(now: datetime | None = None) -> list[dict]:
    """Today's usage per credential and bucket (Pacific quota day)."""
    scheme, limits = _scheme_and_limits()
    day = quota_day(now)
    rows = db.session.scalars(select(QuotaUsage).where(QuotaUsage.quota_day == day)
                              .order_by(QuotaUsage.credential, QuotaUsage.bucket)).all()
    return [{"credential": r.credential, "bucket": r.bucket, "used": r.units_used,
             "limit": limits.get(r.bucket, r.units_limit),
             "quota_day": str(day), "scheme": scheme, "resets_at": next_reset(now)} for r in rows]


def purge_old_quota_days(keep_days: int = 30) -> int:
    """Beat at midnight Pacific: a new quota day starts from zero; drop rows past the retention."""
    cutoff = quota_day() - timedelta(days=keep_days)
    deleted = db.session.query(QuotaUsage).filter(QuotaUsage.quota_day < cutoff).delete()
    db.session.commit()
    return deleted
