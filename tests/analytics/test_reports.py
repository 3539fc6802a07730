"""/analytics: the reference's overview, series per channel and video, revenue against cost, isolation."""
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tests.helpers import assert_error, set_tier
from ytempire.analytics.models import ChannelDailyStat, VideoDailyStat
from ytempire.accounting.models import CostEntry
from ytempire.videos.models import Video

TODAY = datetime.now(timezone.utc).date()


def make_channel(user, name="A"):
    return user.post("/api/v1/channels", json={"name": name, "niche": "tech",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def make_video(db, user, channel, published_days_ago=1):
    video = Video(user_id=uuid.UUID(user.user_id), channel_id=uuid.UUID(channel["id"]), title="V", topic="t",
                  status="published", published_at=datetime.now(timezone.utc) - timedelta(days=published_days_ago))
    db.session.add(video)
    db.session.commit()
    return video


@pytest.fixture
def stats(app, db, user):
    """Two channels with three days of numbers, one video with likes, comments, revenue and cost."""
    set_tier(app, user.user_id, "starter")
    first, second = make_channel(user, "First"), make_channel(user, "Second")
    for offset, views in ((0, 100), (1, 200), (10, 1000)):
        day = TODAY - timedelta(days=offset)
        db.session.add(ChannelDailyStat(channel_id=uuid.UUID(first["id"]), day=day, views=views, subscribers_gained=5,
                                        subscribers_lost=1, subscriber_count=50, estimated_revenue=Decimal("1.50")))
        db.session.add(ChannelDailyStat(channel_id=uuid.UUID(second["id"]), day=day, views=10, subscribers_gained=1,
                                        subscribers_lost=0, subscriber_count=5, estimated_revenue=Decimal("0.25")))
    video = make_video(db, user, first)
    db.session.add(VideoDailyStat(video_id=video.id, day=TODAY, views=100, likes=8, comments=2,
                                  watch_time_minutes=Decimal("50.5"), estimated_revenue=Decimal("1.20")))
    db.session.add(CostEntry(user_id=uuid.UUID(user.user_id), video_id=video.id, stage="voice_synthesis",
                             provider="elevenlabs", unit="character", units=1000, unit_price=Decimal("0.0001"),
                             amount=Decimal("0.10"), charge_key=f"analytics-{uuid.uuid4()}"))
    db.session.commit()
    return {"first": first, "second": second, "video": video}


def test_overview_matches_the_reference_shape_and_sums_the_window(user, stats):
    start = (TODAY - timedelta(days=1)).isoformat()
    body = user.get(f"/api/v1/analytics/overview?start_date={start}&end_date={TODAY.isoformat()}").get_json()
    assert body["period"] == {"start": f"{start}T00:00:00Z", "end": f"{TODAY.isoformat()}T23:59:59Z"}
    summary = body["summary"]
    assert summary["total_views"] == 300 + 20
    assert summary["total_revenue"] == pytest.approx(3.0 + 0.5)
    assert summary["subscriber_growth"] == 8 + 2
    assert summary["videos_published"] == 1
    assert summary["engagement_rate"] == 10.0          # (8 likes + 2 comments) / 100 views of our videos
    first = next(c for c in body["channels"] if c["channel_id"] == stats["first"]["id"])
    assert first == {"channel_id": stats["first"]["id"], "views": 300, "revenue": 3.0, "subscribers_gained": 10}


def test_overview_defaults_to_the_last_30_days_and_filters_by_channel(user, stats):
    body = user.get(f"/api/v1/analytics/overview?channel_id={stats['second']['id']}").get_json()
    assert [c["channel_id"] for c in body["channels"]] == [stats["second"]["id"]]
    assert body["summary"]["total_views"] == 30
    assert body["period"]["start"].startswith((TODAY - timedelta(days=29)).isoformat())


def test_overview_accepts_iso_datetimes(user, stats):
    body = user.get("/api/v1/analytics/overview?start_date=2020-01-01T00:00:00Z&end_date=2020-01-09T23:59:59Z")
    assert body.status_code == 200 and body.get_json()["summary"]["total_views"] == 0


def test_bad_windows_are_400(user, stats):
    for query in ("start_date=2025-02-01&end_date=2025-01-01", "start_date=yesterday",
                  "start_date=2020-01-01&end_date=2025-01-01", "channel_id=not-a-uuid"):
        assert_error(user.get(f"/api/v1/analytics/overview?{query}"), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("path", ["/overview", "/revenue", "/channels/{first}", "/videos/{video}"])
@pytest.mark.parametrize("query,field", [
    ("end_date=0001-01-01", "end_date"), ("end_date=0001-01-15", "end_date"),
    ("start_date=0001-01-01&end_date=2005-05-01", "start_date"), ("start_date=2005-04-22", "start_date"),
    ("end_date=9999-12-31", "end_date"), ("end_date=0001-01-01T00:00:00Z", "end_date"),
])
def test_days_outside_youtubes_lifetime_are_400_naming_the_field(user, stats, path, query, field):
    url = "/api/v1/analytics" + path.format(first=stats["first"]["id"], video=stats["video"].id)
    body = assert_error(user.get(f"{url}?{query}"), 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["error"]["details"]] == [field]


def test_youtubes_first_day_and_a_day_next_year_are_accepted(user, stats):
    next_year = (TODAY + timedelta(days=300)).isoformat()
    response = user.get("/api/v1/analytics/overview?start_date=2005-04-23&end_date=2005-04-30")
    assert response.status_code == 200 and response.get_json()["summary"]["total_views"] == 0
    assert user.get(f"/api/v1/analytics/overview?start_date={TODAY.isoformat()}&end_date={next_year}").status_code == 200


def test_a_datetime_with_an_offset_is_taken_as_its_utc_day(user, stats):
    # 23:30 at UTC-5 on the day before is already today in UTC: today's numbers are in the window.
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    since = f"{yesterday}T23:30:00-05:00".replace("+", "%2B")
    body = user.get(f"/api/v1/analytics/channels/{stats['first']['id']}?start_date={since}").get_json()
    assert [d["date"] for d in body["days"]] == [TODAY.isoformat()]
    assert body["period"]["start"] == f"{TODAY.isoformat()}T00:00:00Z"
    # +14:00 early in the day is still the day before in UTC.
    early = f"{TODAY.isoformat()}T05:00:00%2B14:00"
    body = user.get(f"/api/v1/analytics/channels/{stats['first']['id']}?start_date={early}").get_json()
    assert [d["date"] for d in body["days"]] == [(TODAY - timedelta(days=o)).isoformat() for o in (1, 0)]


def test_another_users_data_is_404_or_absent(user, other_user, stats):
    assert_error(other_user.get(f"/api/v1/analytics/overview?channel_id={stats['first']['id']}"), 404, "NOT_FOUND")
    assert_error(other_user.get(f"/api/v1/analytics/channels/{stats['first']['id']}"), 404, "NOT_FOUND")
    assert_error(other_user.get(f"/api/v1/analytics/videos/{stats['video'].id}"), 404, "NOT_FOUND")
    theirs = other_user.get("/api/v1/analytics/overview").get_json()
    assert theirs["summary"]["total_views"] == 0 and theirs["channels"] == []
    assert other_user.get("/api/v1/analytics/revenue").get_json()["videos"] == []


def test_channel_and_video_series_are_daily_and_ordered(user, stats):
    series = user.get(f"/api/v1/analytics/channels/{stats['first']['id']}").get_json()
    assert [d["date"] for d in series["days"]] == [(TODAY - timedelta(days=o)).isoformat() for o in (10, 1, 0)]
    assert series["totals"]["views"] == 1300 and series["totals"]["subscriber_growth"] == 12
    video = user.get(f"/api/v1/analytics/videos/{stats['video'].id}").get_json()
    assert video["days"][0]["likes"] == 8 and video["totals"]["engagement_rate"] == 10.0


def test_revenue_report_sets_revenue_against_generation_cost(user, stats):
    body = user.get("/api/v1/analytics/revenue").get_json()
    assert body["totals"] == {"revenue": 1.2, "cost": 0.1, "profit": 1.1}
    assert body["videos"][0]["video_id"] == str(stats["video"].id) and body["videos"][0]["profit"] == 1.1
    assert body["channels"] == [{"channel_id": stats["first"]["id"], "videos": 1, "revenue": 1.2, "cost": 0.1,
                                 "profit": 1.1}]


def test_overview_and_revenue_never_sum_another_users_rows(db, user, other_user, stats):
    theirs = make_channel(other_user, "Theirs")
    db.session.add(ChannelDailyStat(channel_id=uuid.UUID(theirs["id"]), day=TODAY, views=5000, subscribers_gained=50,
                                    subscribers_lost=0, subscriber_count=50, estimated_revenue=Decimal("99")))
    their_video = make_video(db, other_user, theirs)
    db.session.add(VideoDailyStat(video_id=their_video.id, day=TODAY, views=9000, likes=900, comments=0,
                                  watch_time_minutes=0, estimated_revenue=Decimal("50")))
    db.session.commit()
    mine = user.get(f"/api/v1/analytics/overview?start_date={TODAY.isoformat()}").get_json()["summary"]
    assert (mine["total_views"], mine["total_revenue"], mine["engagement_rate"]) == (110, 1.75, 10.0)
    assert user.get("/api/v1/analytics/revenue").get_json()["totals"]["revenue"] == 1.2
    theirs_summary = other_user.get("/api/v1/analytics/overview").get_json()["summary"]
    assert (theirs_summary["total_views"], theirs_summary["videos_published"]) == (5000, 1)
