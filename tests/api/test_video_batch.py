"""POST /videos/generate/batch: all-or-nothing validation, caps count the whole batch."""
import uuid

from tests.helpers import assert_error, set_tier
from tests.workers import queue_length
from ytempire.videos.models import Video

BATCH = "/api/v1/videos/generate/batch"


def make_channel(user):
    return user.post("/api/v1/channels", json={"name": "B", "niche": "tech",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def item(channel, **overrides):
    return {"channel_id": channel["id"], "topic": "Batteries explained", **overrides}


def test_batch_queues_every_item_in_one_202(app, user, db):
    set_tier(app, user.user_id, "professional")
    channel = make_channel(user)
    response = user.post(BATCH, json={"items": [item(channel, title=f"Part {i}") for i in range(3)]})
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["count"] == 3 and len({j["video_id"] for j in body["jobs"]}) == 3
    assert all(j["status"] == "queued" for j in body["jobs"])
    assert db.session.query(Video).count() == 3
    assert queue_length(app, "ai") == 3


def test_one_invalid_item_queues_nothing_and_names_its_index(user, db, other_user):
    channel = make_channel(user)
    foreign = make_channel(other_user)
    response = user.post(BATCH, json={"items": [item(channel), item(channel, topic=""), item(foreign)]})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    fields = {d["field"] for d in body["error"]["details"]}
    assert "items.1.topic" in fields
    assert db.session.query(Video).count() == 0
    response = user.post(BATCH, json={"items": [item(channel), item(foreign)]})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert [d["field"] for d in body["error"]["details"]] == ["items.1"]
    assert db.session.query(Video).count() == 0


def test_batch_size_is_limited_to_50(user):
    channel = make_channel(user)
    assert_error(user.post(BATCH, json={"items": [item(channel)] * 51}), 400, "VALIDATION_ERROR")
    assert_error(user.post(BATCH, json={"items": []}), 400, "VALIDATION_ERROR")


def test_daily_cap_counts_the_whole_batch(app, user, db):
    channel = make_channel(user)
    response = user.post(BATCH, json={"items": [item(channel)] * 11})
    assert_error(response, 429, "DAILY_LIMIT_EXCEEDED")
    assert db.session.query(Video).count() == 0
    assert user.post(BATCH, json={"items": [item(channel)] * 10}).status_code == 202


def test_batch_after_deleting_videos_at_the_daily_cap_is_still_429(user, db):
    channel = make_channel(user)
    jobs = user.post(BATCH, json={"items": [item(channel)] * 10}).get_json()["jobs"]
    for job in jobs[:3]:
        assert user.delete(f"/api/v1/videos/{job['video_id']}").status_code == 204
    assert_error(user.post(BATCH, json={"items": [item(channel)]}), 429, "DAILY_LIMIT_EXCEEDED")
    assert db.session.query(Video).count() == 7
