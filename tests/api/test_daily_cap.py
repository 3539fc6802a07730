"""The tier's daily video cap under concurrency, with its Redis counter lost, failing or unreachable.

The counter is an optimisation over the request ledger: whatever happens to it, no request gets
past the cap, and a request that is not stored gives its place back.
"""
import threading
import uuid

import pytest
from redis import RedisError
from sqlalchemy.exc import IntegrityError

from tests.helpers import AuthedClient, assert_error
from ytempire.common.timeutil import start_of_day, utcnow
from ytempire.videos import daily_cap
from ytempire.videos.models import Video

GENERATE = "/api/v1/videos/generate"


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


@pytest.fixture
def cap_of(app, monkeypatch):
    def set_cap(videos: int):
        monkeypatch.setitem(app.config, "MAX_VIDEOS_PER_DAY_FREE", videos)
    return set_cap


def generate(client, channel):
    return client.post(GENERATE, json={"channel_id": channel["id"], "topic": "How tides work",
                                       "video_config": {"duration": 30}})


def counter(app, user) -> int:
    return int(app.extensions["redis"].get(daily_cap.counter_key(user.user_id, start_of_day(utcnow()))))


def test_concurrent_requests_get_exactly_the_places_left(app, user, channel, db, cap_of):
    cap_of(3)
    assert generate(user, channel).status_code == 202
    results, barrier = [], threading.Barrier(6)

    def attempt():
        local = AuthedClient(app.test_client(), user.tokens)
        barrier.wait()
        results.append(generate(local, channel).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [202, 202, 429, 429, 429, 429]
    assert db.session.query(Video).count() == 3 and counter(app, user) == 3


def test_a_lost_counter_starts_again_from_the_ledger(app, user, channel, cap_of):
    cap_of(2)
    assert generate(user, channel).status_code == 202
    assert generate(user, channel).status_code == 202
    app.extensions["redis"].flushdb()                       # Redis restarted without its data
    body = assert_error(generate(user, channel), 429, "DAILY_LIMIT_EXCEEDED")
    assert "2 used" in body["error"]["message"]
    assert counter(app, user) == 2


def test_a_request_that_is_not_stored_gives_its_place_back(app, user, channel, cap_of, monkeypatch):
    cap_of(1)

    def clashing_insert(*args, **kwargs):
        raise IntegrityError("INSERT INTO generation_requests", {}, Exception("duplicate key"))

    monkeypatch.setattr("ytempire.videos.service.new_generation_request", clashing_insert)
    assert_error(generate(user, channel), 409, "CONFLICT")
    monkeypatch.undo()
    cap_of(1)
    assert counter(app, user) == 0
    assert generate(user, channel).status_code == 202


def test_a_retry_at_the_cap_answers_what_its_key_made_and_takes_no_place(app, user, channel, db, cap_of):
    """The key is looked up after the request is refused, not before: a retry still gets its receipt."""
    cap_of(1)
    body = {"channel_id": channel["id"], "topic": "How tides work", "video_config": {"duration": 30}}
    first = user.post(GENERATE, json=body, headers={"Idempotency-Key": "retry-at-cap"})
    retry = user.post(GENERATE, json=body, headers={"Idempotency-Key": "retry-at-cap"})
    assert first.status_code == retry.status_code == 202
    assert (retry.get_json()["video_id"], retry.get_json()["job_id"]) == \
        (first.get_json()["video_id"], first.get_json()["job_id"])
    assert counter(app, user) == 1 and db.session.query(Video).count() == 1
    assert_error(user.post(GENERATE, json=body, headers={"Idempotency-Key": "a-new-key"}), 429,
                 "DAILY_LIMIT_EXCEEDED")


def test_a_retry_on_a_paused_channel_answers_what_its_key_made(app, user, channel, db):
    body = {"channel_id": channel["id"], "topic": "How tides work", "video_config": {"duration": 30}}
    first = user.post(GENERATE, json=body, headers={"Idempotency-Key": "before-pause"}).get_json()
    assert user.put(f"/api/v1/channels/{channel['id']}", json={"status": "paused"}).status_code == 200
    retry = user.post(GENERATE, json=body, headers={"Idempotency-Key": "before-pause"})
    assert retry.status_code == 202 and retry.get_json()["video_id"] == first["video_id"]
    assert_error(user.post(GENERATE, json=body, headers={"Idempotency-Key": "after-pause"}), 400, "VALIDATION_ERROR")
    assert db.session.query(Video).count() == 1


def test_without_redis_the_cap_is_counted_from_the_ledger(app, user, channel, db, cap_of, monkeypatch):
    cap_of(1)
    assert generate(user, channel).status_code == 202

    def unreachable(*args, **kwargs):
        raise RedisError("connection refused")

    monkeypatch.setattr(daily_cap, "_reserve", unreachable)
    body = assert_error(generate(user, channel), 429, "DAILY_LIMIT_EXCEEDED")
    assert "1 used" in body["error"]["message"]
    assert db.session.query(Video).count() == 1


def test_without_redis_a_request_under_the_cap_is_stored_under_the_user_row_lock(app, user, channel, db, cap_of,
                                                                                  monkeypatch):
    """The row lock of the fallback and the one-statement write share the request's transaction."""
    cap_of(2)

    def unreachable(*args, **kwargs):
        raise RedisError("connection refused")

    monkeypatch.setattr(daily_cap, "_reserve", unreachable)
    assert generate(user, channel).status_code == 202
    assert generate(user, channel).status_code == 202
    assert_error(generate(user, channel), 429, "DAILY_LIMIT_EXCEEDED")
    assert db.session.query(Video).count() == 2


def test_a_batch_over_the_cap_takes_nothing(app, user, channel, db, cap_of):
    cap_of(3)
    assert generate(user, channel).status_code == 202
    items = [{"channel_id": channel["id"], "topic": f"Topic {n}", "video_config": {"duration": 30}} for n in range(3)]
    assert_error(user.post("/api/v1/videos/generate/batch", json={"items": items}), 429, "DAILY_LIMIT_EXCEEDED")
    assert counter(app, user) == 1
    assert user.post("/api/v1/videos/generate/batch", json={"items": items[:2]}).status_code == 202
    assert counter(app, user) == 3 and db.session.query(Video).count() == 3
