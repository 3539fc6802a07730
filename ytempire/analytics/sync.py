"""Beat jobs that fill the analytics snapshots and keep channel counters fresh.

- Channels with an active grant: daily rows from the YouTube Analytics API
  (`reports.query`, dimension `day`) for the channel and for each of its uploaded videos, upserted
  per day, so YouTube's later revisions of recent days overwrite what we stored; then the videos'
  counters and the channel's monetization status (totals.py).
- Videos published by the local publisher (no grant): a zero-valued row for today. They really
  had no YouTube views; we write that fact, never an invented number.
"""
from __future__ import annotations

from datetime import date, timedelta

import structlog
from flask import current_app
from sqlalchemy import literal, select
from sqlalchemy.dialects.postgresql import insert

from ytempire.analytics.models import ChannelDailyStat, VideoDailyStat
from ytempire.analytics.totals import refresh_video_counters, update_monetization_status
from ytempire.channels.models import Channel
from ytempire.common.timeutil import utcnow
from ytempire.common.user_cache import forget_user
from ytempire.errors import APIError
from ytempire.extensions import db
from ytempire.youtube.quota import QuotaExceeded
from ytempire.common.provider_errors import ProviderError
from ytempire.videos.models import Video
from ytempire.youtube import client
from ytempire.youtube import service as youtube
from ytempire.youtube.models import ChannelCredential
from ytempire.youtube.pubsub import renew_pubsub_subscriptions  # noqa: F401 - a beat entry point too

log = structlog.get_logger(__name__)

MONETARY_SCOPE = "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"
CHANNEL_METRICS = {"views": "views", "subscribersGained": "subscribers_gained", "subscribersLost": "subscribers_lost",
                   "estimatedRevenue": "estimated_revenue"}
VIDEO_METRICS = {"views": "views", "likes": "likes", "comments": "comments",
                 "estimatedMinutesWatched": "watch_time_minutes", "estimatedRevenue": "estimated_revenue"}
SKIPPABLE = (ProviderError, QuotaExceeded, APIError)


def linked_channels() -> list[Channel]:
    return db.session.scalars(select(Channel).join(ChannelCredential, ChannelCredential.channel_id == Channel.id)
                              .where(ChannelCredential.status == "active", Channel.status != "deleted")
                              .order_by(Channel.created_at)).all()


def sync_all_channels() -> dict:
    """Refresh the counters of every linked channel (and, with an API key, of every live channel)."""
    stmt = select(Channel).where(Channel.status != "deleted").order_by(Channel.created_at)
    channels = db.session.scalars(stmt).all() if current_app.config["YOUTUBE_API_KEY"] else linked_channels()
    synced = failed = 0
    for channel in channels:
        try:
            youtube.refresh_channel_statistics(channel)
            synced += 1
        except SKIPPABLE as error:
            db.session.rollback()
            failed += 1
            log.warning("channel_sync_failed", channel_id=str(channel.id), error=str(error))
    return {"synced": synced, "failed": failed}


def sync_all_analytics(today: date | None = None) -> dict:
    """Upsert the last ANALYTICS_SYNC_DAYS days for linked channels, zero rows for local uploads."""
    today = today or utcnow().date()
    start = today - timedelta(days=current_app.config["ANALYTICS_SYNC_DAYS"] - 1)
    synced = failed = 0
    for channel in linked_channels():
        try:
            sync_channel_analytics(channel, start, today)
            synced += 1
        except SKIPPABLE as error:
            db.session.rollback()
            failed += 1
            log.warning("analytics_sync_failed", channel_id=str(channel.id), error=str(error))
    zero_rows = record_local_uploads(today)
    return {"channels": synced, "failed": failed, "local_video_rows": zero_rows}


def _report(analytics, metrics: dict, start: date, end: date, quota_name: str, **filters) -> list[dict]:
    """One `reports.query` by day, as dicts keyed by our column names."""
    request = analytics.reports().query(ids="channel==MINE", startDate=start.isoformat(), endDate=end.isoformat(),
                                        metrics=",".join(metrics), dimensions="day", sort="day", **filters)
    answer = client.call(request, quota_name, None)   # Analytics API quota is separate from the Data API's
    names = [header["name"] for header in answer.get("columnHeaders", [])]
    return [{("day" if name == "day" else metrics[name]): value for name, value in zip(names, row)}
            for row in answer.get("rows") or []]


def _upsert(model, key: str, key_value, rows: list[dict]) -> None:
    if not rows:
        return
    values = [{key: key_value, **row, "day": date.fromisoformat(row["day"])} for row in rows]
    stmt = insert(model).values(values)
    columns = [c for c in values[0] if c not in (key, "day")]
    db.session.execute(stmt.on_conflict_do_update(index_elements=[key, "day"],
                                                  set_={c: stmt.excluded[c] for c in columns}))


def sync_channel_analytics(channel: Channel, start: date, end: date) -> None:
    """The channel's and its uploaded videos' daily numbers for [start, end]."""
    credential = youtube.active_credential(channel.id)
    creds = youtube.credentials_for(credential)
    analytics = client.build_service("youtubeAnalytics", "v2", credentials=creds)
    monetary = MONETARY_SCOPE in (creds.scopes or [])

    def metrics(table: dict) -> dict:
        # estimatedRevenue is refused without the monetary scope; revenue then stays 0.
        return {k: v for k, v in table.items() if monetary or k != "estimatedRevenue"}

    channel_rows = _report(analytics, metrics(CHANNEL_METRICS), start, end, credential.google_project)
    for row in channel_rows:
        if row["day"] == end.isoformat() and channel.last_synced_at and channel.last_synced_at.date() == end:
            row["subscriber_count"] = channel.subscriber_count
    _upsert(ChannelDailyStat, "channel_id", channel.id, channel_rows)
    videos = db.session.execute(select(Video.id, Video.youtube_video_id).where(
        Video.channel_id == channel.id, Video.youtube_video_id.is_not(None))).all()
    for video_id, youtube_video_id in videos:
        rows = _report(analytics, metrics(VIDEO_METRICS), start, end, credential.google_project,
                       filters=f"video=={youtube_video_id}")
        _upsert(VideoDailyStat, "video_id", video_id, rows)
    refresh_video_counters(channel)
    update_monetization_status(channel, channel_rows, analytics, credential.google_project, end)
    db.session.commit()
    forget_user(channel.user_id, status_too=False)  # the upserts bypass the ORM, whose commit hook would do this


def record_local_uploads(today: date) -> int:
    """A zero row for today for each published video that never reached YouTube (one INSERT … SELECT)."""
    local = select(Video.id, literal(today)).where(Video.publish_target == "local", Video.published_at.is_not(None))
    result = db.session.execute(insert(VideoDailyStat).from_select(["video_id", "day"], local)
                                .on_conflict_do_nothing(index_elements=["video_id", "day"]))
    db.session.commit()
    return result.rowcount


__all__ = ["renew_pubsub_subscriptions", "sync_all_analytics", "sync_all_channels"]
