"""The beat schedule of the YouTube quota day: due once per Pacific-time day, from its midnight on.

`crontab(hour=0, minute=0, nowfun=<Pacific now>)` does not do this: Celery matches the hour against
`last_run_at`, which beat keeps in the app's timezone (UTC), so it fired at 00:00 UTC, 16:00 or 17:00
Pacific. This schedule compares quota days instead (the same `quota_day` the ledger is keyed by), so it
is right across daylight-saving changes whatever the app's timezone.
"""
from __future__ import annotations

from datetime import datetime, timezone

from celery.schedules import BaseSchedule, schedstate

from ytempire.common.timeutil import utcnow
from ytempire.youtube.quota import next_reset, quota_day


def _aware(moment: datetime) -> datetime:
    # Beat stores aware times; a naive one can only be UTC here (enable_utc).
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class QuotaDaySchedule(BaseSchedule):
    """Due when the last run was on an earlier Pacific quota day than now."""

    def now(self) -> datetime:
        return _aware((self.nowfun or utcnow)())

    def remaining_estimate(self, last_run_at: datetime):
        return next_reset(_aware(last_run_at)) - self.now()

    def is_due(self, last_run_at: datetime) -> schedstate:
        now = self.now()
        due = quota_day(now) > quota_day(_aware(last_run_at))
        return schedstate(due, max((next_reset(now) - now).total_seconds(), 1.0))

    def __reduce__(self):
        return self.__class__, (self.nowfun,)

    def __eq__(self, other):
        return isinstance(other, QuotaDaySchedule) and other.nowfun == self.nowfun

    def __repr__(self) -> str:
        return "<QuotaDaySchedule: daily at midnight America/Los_Angeles>"
