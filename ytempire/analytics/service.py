"""Analytics reports, computed in SQL over the daily snapshot tables and the cost ledger.

Every query is scoped to the signed-in user through channels.user_id / videos.user_id, so no report
can include another user's rows. Totals are SQL aggregates; Python only shapes the answer.

Sources: views, revenue and subscriber growth per channel come from `channel_daily_stats` (the
channel's YouTube Analytics numbers); engagement is measured on our own videos
(`video_daily_stats`), with likes + comments over those same videos' views, so numerator and
denominator describe the same videos.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import Numeric, and_, cast, func, select

from ytempire.analytics.models import ChannelDailyStat, VideoDailyStat
from ytempire.channels.models import Channel
from ytempire.errors import ValidationError
from ytempire.extensions import db
from ytempire.accounting.models import CostEntry
from ytempire.videos.models import Video

DEFAULT_WINDOW_DAYS = 30
ZERO = cast(0, Numeric)


def resolve_window(start: date | None, end: date | None) -> tuple[date, date]:
    """Inclusive [start, end] days; default the last 30 days; end before start or too long → 400."""
    end = end or datetime.now(timezone.utc).date()
    start = start or end - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    if end < start:
        raise ValidationError(details=[{"field": "end_date", "message": "end_date must not be before start_date"}])
    limit = current_app.config["ANALYTICS_MAX_RANGE_DAYS"]
    if (end - start).days + 1 > limit:
        raise ValidationError(details=[{"field": "end_date", "message": f"The range may span at most {limit} days"}])
    return start, end


def period(start: date, end: date) -> dict:
    return {"start": datetime.combine(start, time.min, tzinfo=timezone.utc),
            "end": datetime.combine(end, time(23, 59, 59), tzinfo=timezone.utc)}


def _sum(column, default=0):
    return func.coalesce(func.sum(column), default)


def _engagement(likes, comments, views):
    """(likes + comments) / views * 100, rounded to 2, as an SQL expression (0 without views)."""
    return func.coalesce(func.round(cast(likes + comments, Numeric) * 100 / func.nullif(views, 0), 2), 0)


def _between(column, start: date, end: date):
    return and_(column >= start, column <= end)


def overview(user_id, start: date, end: date, channel_id=None) -> dict:
    owned = [Channel.user_id == user_id, Channel.status != "deleted"] + ([Channel.id == channel_id] if channel_id else [])
    per_channel = (select(Channel.id.label("channel_id"), _sum(ChannelDailyStat.views).label("views"),
                          _sum(ChannelDailyStat.estimated_revenue, ZERO).label("revenue"),
                          _sum(ChannelDailyStat.subscribers_gained).label("subscribers_gained"),
                          _sum(ChannelDailyStat.subscribers_lost).label("subscribers_lost"))
                   .select_from(Channel)
                   .outerjoin(ChannelDailyStat, and_(ChannelDailyStat.channel_id == Channel.id,
                                                     _between(ChannelDailyStat.day, start, end)))
                   .where(*owned).group_by(Channel.id))
    channels = db.session.execute(per_channel.order_by(Channel.created_at, Channel.id)).mappings().all()
    rows = per_channel.subquery()
    totals = db.session.execute(select(_sum(rows.c.views).label("total_views"),
                                       _sum(rows.c.revenue, ZERO).label("total_revenue"),
                                       _sum(rows.c.subscribers_gained - rows.c.subscribers_lost).label("growth"))
                                ).one()
    video_rows = (select(VideoDailyStat.likes, VideoDailyStat.comments, VideoDailyStat.views)
                  .join(Video, Video.id == VideoDailyStat.video_id).join(Channel, Channel.id == Video.channel_id)
                  .where(*owned, _between(VideoDailyStat.day, start, end)).subquery())
    engagement = db.session.scalar(select(_engagement(_sum(video_rows.c.likes), _sum(video_rows.c.comments),
                                                      _sum(video_rows.c.views))))
    window = period(start, end)
    published = db.session.scalar(
        select(func.count(Video.id)).join(Channel, Channel.id == Video.channel_id)
        .where(*owned, Video.published_at.is_not(None), _between(Video.published_at, window["start"], window["end"])))
    return {
        "period": window,
        "summary": {"total_views": totals.total_views, "total_revenue": totals.total_revenue,
                    "subscriber_growth": totals.growth, "videos_published": published,
                    "engagement_rate": float(engagement)},
        "channels": [{"channel_id": c["channel_id"], "views": c["views"], "revenue": c["revenue"],
                      "subscribers_gained": c["subscribers_gained"]} for c in channels],
    }


def channel_series(channel: Channel, start: date, end: date) -> dict:
    in_window = [ChannelDailyStat.channel_id == channel.id, _between(ChannelDailyStat.day, start, end)]
    days = db.session.execute(
        select(ChannelDailyStat.day.label("date"), ChannelDailyStat.views,
               ChannelDailyStat.estimated_revenue.label("revenue"), ChannelDailyStat.subscribers_gained,
               ChannelDailyStat.subscribers_lost, ChannelDailyStat.subscriber_count)
        .where(*in_window).order_by(ChannelDailyStat.day)).mappings().all()
    totals = db.session.execute(
        select(_sum(ChannelDailyStat.views).label("views"), _sum(ChannelDailyStat.estimated_revenue, ZERO).label("revenue"),
               _sum(ChannelDailyStat.subscribers_gained - ChannelDailyStat.subscribers_lost).label("subscriber_growth"))
        .where(*in_window)).mappings().one()
    return {"channel_id": channel.id, "period": period(start, end), "days": days, "totals": totals}


def video_series(video: Video, start: date, end: date) -> dict:
    in_window = [VideoDailyStat.video_id == video.id, _between(VideoDailyStat.day, start, end)]
    days = db.session.execute(
        select(VideoDailyStat.day.label("date"), VideoDailyStat.views, VideoDailyStat.likes, VideoDailyStat.comments,
               VideoDailyStat.watch_time_minutes, VideoDailyStat.estimated_revenue.label("revenue"))
        .where(*in_window).order_by(VideoDailyStat.day)).mappings().all()
    totals = db.session.execute(
        select(_sum(VideoDailyStat.views).label("views"), _sum(VideoDailyStat.estimated_revenue, ZERO).label("revenue"),
               _engagement(_sum(VideoDailyStat.likes), _sum(VideoDailyStat.comments),
                           _sum(VideoDailyStat.views)).label("engagement_rate"))
        .where(*in_window)).mappings().one()
    return {"video_id": video.id, "period": period(start, end), "days": days, "totals": totals}


def revenue_report(user_id, start: date, end: date, channel_id=None) -> dict:
    """Revenue in the window against what generating each video cost (all of its ledger entries).

    Videos with neither revenue nor cost are left out; channels and totals are sums over the same
    per-video rows, in SQL.
    """
    revenue = (select(VideoDailyStat.video_id, func.sum(VideoDailyStat.estimated_revenue).label("revenue"))
               .where(_between(VideoDailyStat.day, start, end)).group_by(VideoDailyStat.video_id).subquery())
    cost = (select(CostEntry.video_id, func.sum(CostEntry.amount).label("cost"))
            .where(CostEntry.user_id == user_id).group_by(CostEntry.video_id).subquery())
    rev, cst = func.coalesce(revenue.c.revenue, ZERO), func.coalesce(cost.c.cost, ZERO)
    per_video = (select(Video.id.label("video_id"), Video.channel_id, Video.title, Video.created_at,
                        rev.label("revenue"), cst.label("cost"), (rev - cst).label("profit"))
                 .outerjoin(revenue, revenue.c.video_id == Video.id).outerjoin(cost, cost.c.video_id == Video.id)
                 .where(Video.user_id == user_id, rev + cst != 0))
    if channel_id:
        per_video = per_video.where(Video.channel_id == channel_id)
    videos = db.session.execute(per_video.order_by(Video.created_at, Video.id)).mappings().all()
    rows = per_video.subquery()
    money = [_sum(rows.c.revenue, ZERO).label("revenue"), _sum(rows.c.cost, ZERO).label("cost"),
             _sum(rows.c.profit, ZERO).label("profit")]
    channels = db.session.execute(select(rows.c.channel_id, func.count().label("videos"), *money)
                                  .group_by(rows.c.channel_id).order_by(func.min(rows.c.created_at))).mappings().all()
    totals = db.session.execute(select(*money)).mappings().one()
    return {"period": period(start, end), "totals": totals, "channels": channels, "videos": videos}
