"""The beat jobs run directly: analytics snapshots, channel counters, zero rows for local uploads."""
import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import text

from ytempire.analytics.models import ChannelDailyStat, VideoDailyStat
from ytempire.analytics.sync import sync_all_analytics, sync_all_channels
from ytempire.channels.models import Channel
from ytempire.common.timeutil import utcnow
from ytempire.videos.models import Video
from ytempire.common.secrets_at_rest import decrypt_token

TODAY = utcnow().date()


def add_video(db, user, channel, youtube_video_id, publish_target="youtube"):
    video = Video(user_id=uuid.UUID(user.user_id), channel_id=uuid.UUID(channel["id"]), title="V", topic="t",
                  status="published", youtube_video_id=youtube_video_id, publish_target=publish_target,
                  published_at=utcnow())
    db.session.add(video)
    db.session.commit()
    return video


def test_sync_all_analytics_upserts_daily_rows_for_the_channel_and_its_uploaded_videos(db, user, channel, linked,
                                                                                      google):
    video = add_video(db, user, channel, "yt_vid_1")
    start = TODAY - timedelta(days=2)
    google.set_daily("channel", start, [{"views": 10, "subscribersGained": 3, "subscribersLost": 1,
                                         "estimatedRevenue": 0.5}] * 3)
    google.set_daily("yt_vid_1", start, [{"views": 7, "likes": 2, "comments": 1, "estimatedMinutesWatched": 30,
                                          "estimatedRevenue": 0.25}] * 3)
    assert sync_all_analytics() == {"channels": 1, "failed": 0, "local_video_rows": 0}

    rows = db.session.query(ChannelDailyStat).order_by(ChannelDailyStat.day).all()
    assert [r.day for r in rows] == [start + timedelta(days=i) for i in range(3)]
    assert (rows[0].views, rows[0].subscribers_gained, rows[0].subscribers_lost) == (10, 3, 1)
    assert rows[0].estimated_revenue == Decimal("0.5000")
    video_rows = db.session.query(VideoDailyStat).filter_by(video_id=video.id).all()
    assert len(video_rows) == 3 and video_rows[0].watch_time_minutes == Decimal("30.00")
    report = google.requests_to("/v2/reports")[-1]
    assert report.query["ids"] == ["channel==MINE"] and report.query["dimensions"] == ["day"]
    assert report.query["filters"] == ["video==yt_vid_1"]
    assert "estimatedRevenue" in report.query["metrics"][0]

    # YouTube revises recent days: a second run overwrites, it never duplicates.
    google.set_daily("channel", start, [{"views": 12, "subscribersGained": 3, "subscribersLost": 1}] * 3)
    sync_all_analytics()
    db.session.expire_all()
    assert db.session.query(ChannelDailyStat).count() == 3
    assert {r.views for r in db.session.query(ChannelDailyStat)} == {12}


def test_without_the_monetary_scope_revenue_is_not_asked_for(db, user, channel, google):
    from tests.youtube.conftest import link

    link(db, channel["id"], google, scopes=google.granted_scopes[:3])
    sync_all_analytics()
    assert all("estimatedRevenue" not in r.query["metrics"][0] for r in google.requests_to("/v2/reports"))


def test_local_uploads_get_a_zero_row_for_today_and_are_never_invented(db, user, google):
    other = user.post("/api/v1/channels", json={"name": "Offline", "niche": "x",
                                                "youtube_channel_id": f"UC_{uuid.uuid4().hex[:8]}"}).get_json()
    local = add_video(db, user, other, None, publish_target="local")
    assert sync_all_analytics()["local_video_rows"] == 1
    row = db.session.query(VideoDailyStat).one()
    assert (row.video_id, row.day, row.views, row.likes, row.estimated_revenue) == (local.id, TODAY, 0, 0, 0)
    assert sync_all_analytics()["local_video_rows"] == 0          # once per day
    assert google.requests == []


def test_a_revoked_grant_is_skipped_and_counted_not_raised(db, user, channel, google):
    from tests.youtube.conftest import link

    credential = link(db, channel["id"], google, expired=True)
    google.revoked.add(decrypt_token(credential.encrypted_token)["refresh_token"])
    assert sync_all_analytics()["failed"] == 1
    db.session.expire_all()
    assert credential.status == "needs_reauth"


def test_sync_all_channels_refreshes_linked_channel_counters(db, channel, linked, google):
    assert sync_all_channels() == {"synced": 1, "failed": 0}
    row = db.session.get(Channel, uuid.UUID(channel["id"]))
    assert (row.subscriber_count, row.total_views, row.video_count) == (1234, 98765, 42)
    assert row.meta["youtube_title"] == f"YouTube title of {channel['youtube_channel_id']}"


def test_sync_all_channels_counts_failures_and_goes_on(db, channel, linked, google):
    from tests.standins.google_api import google_error

    google.queue(google_error(500, "backendError", "boom"))
    assert sync_all_channels() == {"synced": 0, "failed": 1}


def test_days_outside_the_sync_window_are_not_requested(db, user, channel, linked, google, app, monkeypatch):
    monkeypatch.setitem(app.config, "ANALYTICS_SYNC_DAYS", 1)
    sync_all_analytics(today=date(2026, 11, 10))
    report = google.requests_to("/v2/reports")[0]
    assert report.query["startDate"] == report.query["endDate"] == ["2026-11-10"]


def test_remembered_analytics_answers_are_refreshed_by_a_sync(db, user, channel, linked, google):
    overview = "/api/v1/analytics/overview"
    series = f"/api/v1/analytics/channels/{channel['id']}"
    assert user.get(overview).get_json()["summary"]["total_views"] == 0
    assert user.get(series).get_json()["totals"]["views"] == 0
    # Answers are remembered (up to 5 minutes): a row written behind the app's back is not seen yet...
    db.session.execute(text("INSERT INTO channel_daily_stats (channel_id, day, views) VALUES (:c, :d, 5)"),
                       {"c": channel["id"], "d": TODAY - timedelta(days=10)})
    db.session.commit()
    assert user.get(overview).get_json()["summary"]["total_views"] == 0
    google.set_daily("channel", TODAY - timedelta(days=2), [{"views": 10, "subscribersGained": 1,
                                                             "subscribersLost": 0}] * 3)
    sync_all_analytics()
    # ...and the sync makes the next read recompute, with its own rows and that one.
    assert user.get(overview).get_json()["summary"]["total_views"] == 35
    assert user.get(series).get_json()["totals"]["views"] == 35


def test_sync_fills_the_videos_view_like_comment_counts_and_revenue(db, user, channel, linked, google):
    from ytempire.youtube.quota_models import QuotaUsage

    video, hidden_likes = add_video(db, user, channel, "yt_vid_1"), add_video(db, user, channel, "yt_vid_2")
    hidden_likes.like_count = 3
    db.session.commit()
    google.add_video("yt_vid_1", viewCount=1500, likeCount=40, commentCount=7)
    google.add_video("yt_vid_2", viewCount=20, commentCount=1)          # its owner hides the like count
    google.set_daily("yt_vid_1", TODAY - timedelta(days=2), [{"views": 7, "estimatedRevenue": 0.25}] * 3)

    sync_all_analytics()

    db.session.expire_all()
    assert (video.view_count, video.like_count, video.comment_count) == (1500, 40, 7)
    assert video.estimated_revenue == Decimal("0.75")
    assert (hidden_likes.view_count, hidden_likes.like_count, hidden_likes.comment_count) == (20, 3, 1)
    listed = google.requests_to("/youtube/v3/videos")
    assert len(listed) == 1 and sorted(listed[0].query["id"][0].split(",")) == ["yt_vid_1", "yt_vid_2"]
    assert {u.bucket: u.units_used for u in db.session.query(QuotaUsage)} == {"pool": 1}  # videos.list: 1 unit
    shown = user.get(f"/api/v1/videos/{video.id}").get_json()
    assert (shown["view_count"], shown["like_count"], shown["comment_count"]) == (1500, 40, 7)
    assert shown["estimated_revenue"] == 0.75


def monetization_of(db, channel):
    db.session.expire_all()
    return db.session.get(Channel, uuid.UUID(channel["id"])).monetization_status


def test_monetization_status_follows_what_youtube_reports(db, user, channel, linked, google):
    start = TODAY - timedelta(days=2)
    stored = db.session.get(Channel, uuid.UUID(channel["id"]))
    stored.subscriber_count = 999
    db.session.commit()
    google.set_daily("channel", start, [{"views": 10, "estimatedMinutesWatched": 100_000}] * 3)  # 5,000 hours
    sync_all_analytics()
    assert monetization_of(db, channel) == "pending"              # one subscriber short of the threshold

    stored = db.session.get(Channel, uuid.UUID(channel["id"]))
    stored.subscriber_count = 1000
    db.session.commit()
    sync_all_analytics()
    assert monetization_of(db, channel) == "eligible"

    google.set_daily("channel", start, [{"views": 10, "estimatedRevenue": 1.5}] * 3)
    sync_all_analytics()
    assert monetization_of(db, channel) == "enabled"
    assert user.get(f"/api/v1/channels/{channel['id']}").get_json()["monetization_enabled"] is True

    google.set_daily("channel", start, [{"views": 10}] * 3)       # quiet days do not take it back
    sync_all_analytics()
    assert monetization_of(db, channel) == "enabled"
