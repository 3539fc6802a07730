"""What the analytics sync writes back onto videos and channels, from what YouTube reports.

- videos.view_count / like_count / comment_count: lifetime counters from `videos.list(part=statistics)`
  (1 Data API unit per 50 videos); a count YouTube hides (likes can be hidden) keeps the stored value.
- videos.estimated_revenue: the sum of the video's daily Analytics rows we hold. Our uploads are made
  through the channel's grant, so the sync has read every day of their lives.
- channels.monetization_status: `enabled` once YouTube Analytics reports revenue for the channel in the
  synced days (needs the monetary scope); otherwise `eligible` when YouTube's own numbers meet the
  Partner Programme thresholds (1,000 subscribers, 4,000 watch hours in the last 365 days), else
  `pending`. The sync never lowers `enabled` or `suspended`: a day without revenue proves nothing.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select, update

from ytempire.analytics.models import VideoDailyStat
from ytempire.channels.models import Channel
from ytempire.extensions import db
from ytempire.videos.models import Video
from ytempire.youtube import client
from ytempire.youtube import service as youtube

VIDEOS_PER_CALL = 50  # videos.list accepts up to 50 ids per call
COUNTERS = {"view_count": "viewCount", "like_count": "likeCount", "comment_count": "commentCount"}
PARTNER_SUBSCRIBERS = 1000
PARTNER_WATCH_MINUTES = 4000 * 60
KEPT_STATUSES = ("enabled", "suspended")


def refresh_video_counters(channel: Channel) -> int:
    """Lifetime counters and revenue of the channel's uploaded videos; how many YouTube reported."""
    videos = {video.youtube_video_id: video for video in db.session.scalars(
        select(Video).where(Video.channel_id == channel.id, Video.youtube_video_id.is_not(None)))}
    if not videos:
        return 0
    access = youtube.youtube_access(channel, allow_api_key=False)
    ids, reported = sorted(videos), 0
    for start in range(0, len(ids), VIDEOS_PER_CALL):
        request = access.youtube.videos().list(part="statistics", id=",".join(ids[start:start + VIDEOS_PER_CALL]))
        for item in client.call(request, access.quota_credential, "videos.list").get("items") or []:
            video, statistics = videos.get(item.get("id")), item.get("statistics") or {}
            if video is None:
                continue
            reported += 1
            for column, name in COUNTERS.items():
                if statistics.get(name) is not None:
                    setattr(video, column, int(statistics[name]))
    revenue = (select(func.coalesce(func.sum(VideoDailyStat.estimated_revenue), 0))
               .where(VideoDailyStat.video_id == Video.id).scalar_subquery())
    db.session.execute(update(Video).where(Video.channel_id == channel.id, Video.youtube_video_id.is_not(None))
                       .values(estimated_revenue=revenue))
    return reported


def _watch_minutes_last_year(analytics, quota_name: str, end: date) -> int:
    request = analytics.reports().query(ids="channel==MINE", startDate=(end - timedelta(days=364)).isoformat(),
                                        endDate=end.isoformat(), metrics="estimatedMinutesWatched")
    rows = client.call(request, quota_name, None).get("rows") or [[0]]
    return int(rows[0][0] or 0)


def update_monetization_status(channel: Channel, channel_rows: list[dict], analytics, quota_name: str,
                               end: date) -> str:
    """Move monetization_status to what YouTube's numbers show (see the module docstring)."""
    if any(Decimal(str(row.get("estimated_revenue") or 0)) > 0 for row in channel_rows):
        channel.monetization_status = "enabled"
    elif channel.monetization_status not in KEPT_STATUSES:
        eligible = (channel.subscriber_count or 0) >= PARTNER_SUBSCRIBERS and \
            _watch_minutes_last_year(analytics, quota_name, end) >= PARTNER_WATCH_MINUTES
        channel.monetization_status = "eligible" if eligible else "pending"
    return channel.monetization_status
