"""/videos without workers: validation, limits, idempotency, status, listing, cost, delete, isolation."""
import threading
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from tests.helpers import AuthedClient, assert_error, set_tier
from tests.workers import queue_length
from ytempire.accounting.models import CostEntry, GenerationRequest
from ytempire.common.timeutil import start_of_day, utcnow
from ytempire.pipeline.models import GenerationJob
from ytempire.videos import daily_cap
from ytempire.videos.models import Video

GENERATE = "/api/v1/videos/generate"


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def generate(user, channel, **overrides):
    body = {"channel_id": channel["id"], "title": "Top 10 Gadgets 2025",
            "topic": "Review of the latest technology gadgets",
            "video_config": {"duration": 60, "voice": "professional-male", "language": "en-US", "style": "educational"},
            "monetization": {"enable_ads": True, "affiliate_links": True}}
    body.update(overrides)
    return user.post(GENERATE, json=body)


def test_generate_returns_202_with_the_reference_fields(user, channel):
    response = generate(user, channel)
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert set(body) >= {"job_id", "video_id", "status", "estimated_completion", "estimated_cost", "queue_position"}
    assert body["status"] == "queued" and body["queue_position"] == 1
    uuid.UUID(body["job_id"]), uuid.UUID(body["video_id"])
    assert body["estimated_completion"].endswith("Z")
    assert 0 <= body["estimated_cost"] < 1


def test_a_request_that_leaves_out_video_config_and_monetization_gets_their_defaults_each_time(user, channel, db):
    """The defaults come from one schema instance made once: each request still gets values of its
    own, which the channel's style then fills in (voice, music, visuals)."""
    body = {"channel_id": channel["id"], "topic": "Why the sky is blue"}
    first, second = (user.post(GENERATE, json=body).get_json() for _ in range(2))
    videos = [db.session.get(Video, uuid.UUID(receipt["video_id"])) for receipt in (first, second)]
    for video in videos:
        assert video.monetization == {"enable_ads": True, "affiliate_links": False}
        assert video.video_config["duration"] == 60 and video.video_config["language"] == "en-US"
        assert video.video_config["voice"] and video.video_config["visuals"]
    assert videos[0].video_config == videos[1].video_config
    from ytempire.videos.schemas import GenerateVideoSchema

    make_default = GenerateVideoSchema._declared_fields["video_config"].load_default
    mine, theirs = make_default(), make_default()
    mine["voice"] = "filled-in-by-one-request"
    assert "voice" not in theirs   # a dict of its own per request, never one shared


def test_generate_commits_the_job_before_enqueueing(user, channel, db, app):
    body = generate(user, channel).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(body["job_id"]))
    assert job.status == "pending" and job.enqueued_at is not None and len(job.task_ids) == 6
    queued = queue_length(app, "ai")
    assert queued == 1  # the chain's first task waits on the ai queue


def test_queue_position_counts_unfinished_jobs_ahead(app, user, channel):
    set_tier(app, user.user_id, "professional")
    positions = [generate(user, channel).get_json()["queue_position"] for _ in range(3)]
    assert positions == [1, 2, 3]


def test_generate_for_another_users_channel_is_404(other_user, channel):
    assert_error(generate(other_user, channel), 404, "NOT_FOUND")


def test_generate_for_a_paused_channel_is_400(user, channel):
    user.put(f"/api/v1/channels/{channel['id']}", json={"status": "paused"})
    assert_error(generate(user, channel), 400, "VALIDATION_ERROR")


def test_generate_validates_fields(user, channel):
    cases = [
        ({"topic": ""}, "topic"),
        ({"topic": "   "}, "topic"),
        ({"channel_id": "nope"}, "channel_id"),
        ({"title": "x" * 101}, "title"),
        ({"video_config": {"duration": 5}}, "video_config.duration"),
        ({"video_config": {"style": "weird"}}, "video_config.style"),
        ({"video_config": {"format": "square"}}, "video_config.format"),
        ({"publish": "later"}, "publish"),
        ({"publish": "scheduled"}, "scheduled_at"),
        ({"publish": "scheduled", "scheduled_at": "2000-01-01T00:00:00Z"}, "scheduled_at"),
    ]
    for overrides, field in cases:
        body = assert_error(generate(user, channel, **overrides), 400, "VALIDATION_ERROR")
        assert field in {d["field"] for d in body["error"]["details"]}, (overrides, body)


def test_duration_over_the_configured_maximum_is_400(user, channel):
    body = assert_error(generate(user, channel, video_config={"duration": 1201}), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "video_config.duration"


def test_unsupported_language_is_400_naming_the_supported_ones(user, channel):
    body = assert_error(generate(user, channel, video_config={"language": "xx-XX"}), 400, "VALIDATION_ERROR")
    detail = body["error"]["details"][0]
    assert detail["field"] == "video_config.language" and "en-US" in detail["message"]


def test_estimate_over_the_cost_cap_is_refused(app, user, channel, db):
    app.config["MAX_COST_PER_VIDEO"] = Decimal("0")
    app.config["OPENAI_API_KEY"] = "sk-test"
    try:
        response = generate(user, channel)
    finally:
        app.config["MAX_COST_PER_VIDEO"] = Decimal("3.00")
        app.config["OPENAI_API_KEY"] = None
    assert_error(response, 402, "COST_LIMIT_EXCEEDED")
    assert db.session.query(Video).count() == 0


def test_daily_video_cap_of_the_tier_is_enforced(app, user, channel, db):
    app.config["MAX_VIDEOS_PER_DAY_FREE"] = 2
    try:
        assert generate(user, channel).status_code == 202
        assert generate(user, channel).status_code == 202
        response = generate(user, channel)
    finally:
        app.config["MAX_VIDEOS_PER_DAY_FREE"] = 10
    assert_error(response, 429, "DAILY_LIMIT_EXCEEDED")
    assert int(response.headers["Retry-After"]) > 0
    assert db.session.query(Video).count() == 2


def test_create_after_deleting_a_video_at_the_daily_cap_is_still_429(app, user, channel, db):
    app.config["MAX_VIDEOS_PER_DAY_FREE"] = 2
    try:
        first = generate(user, channel).get_json()
        assert generate(user, channel).status_code == 202
        assert user.delete(f"/api/v1/videos/{first['video_id']}").status_code == 204
        response = generate(user, channel)
    finally:
        app.config["MAX_VIDEOS_PER_DAY_FREE"] = 10
    body = assert_error(response, 429, "DAILY_LIMIT_EXCEEDED")
    assert "2 used" in body["error"]["message"]
    assert db.session.query(Video).count() == 1


def test_usage_counts_todays_requests_as_the_cap_does_deleted_videos_included(user, channel):
    first = generate(user, channel).get_json()
    assert generate(user, channel).status_code == 202
    assert user.delete(f"/api/v1/videos/{first['video_id']}").status_code == 204
    assert user.get("/api/v1/users/me/usage").get_json()["videos"]["today"] == 2


def test_an_expired_pro_subscription_has_the_free_daily_cap(app, user, channel, db):
    from datetime import timedelta

    from tests.helpers import set_tier
    from ytempire.common.timeutil import utcnow
    from ytempire.users.models import User

    set_tier(app, user.user_id, "professional")
    db.session.get(User, uuid.UUID(user.user_id)).subscription_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    app.config.update(MAX_VIDEOS_PER_DAY_FREE=1, MAX_VIDEOS_PER_DAY_PRO=50)
    try:
        assert generate(user, channel).status_code == 202
        response = generate(user, channel)
    finally:
        app.config.update(MAX_VIDEOS_PER_DAY_FREE=10, MAX_VIDEOS_PER_DAY_PRO=50)
    body = assert_error(response, 429, "DAILY_LIMIT_EXCEEDED")
    assert "free tier allows 1" in body["error"]["message"]


def test_the_request_ledger_keeps_a_deleted_videos_row_without_its_video(user, channel, db):
    video_id = generate(user, channel).get_json()["video_id"]
    assert [str(r.video_id) for r in db.session.query(GenerationRequest).all()] == [video_id]
    assert user.delete(f"/api/v1/videos/{video_id}").status_code == 204
    db.session.expire_all()
    assert [r.video_id for r in db.session.query(GenerationRequest).all()] == [None]


def test_same_idempotency_key_returns_the_same_video(user, channel, db):
    first = generate(user, channel, headers=None)
    key = {"Idempotency-Key": "abc-123"}
    first = user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Gadgets"}, headers=key)
    second = user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Gadgets"}, headers=key)
    assert first.status_code == second.status_code == 202
    assert first.get_json()["video_id"] == second.get_json()["video_id"]
    assert first.get_json()["job_id"] == second.get_json()["job_id"]
    assert db.session.query(Video).filter_by(idempotency_key="abc-123").count() == 1


def test_requests_racing_with_the_same_idempotency_key_get_one_video(app, user, channel, db):
    """Whichever request's INSERT loses to the unique key answers with the winner's video, and gives
    its daily-cap place back."""
    answers, barrier = [], threading.Barrier(4)

    def attempt():
        local = AuthedClient(app.test_client(), user.tokens)
        barrier.wait()
        answers.append(local.post(GENERATE, json={"channel_id": channel["id"], "topic": "Gadgets"},
                                  headers={"Idempotency-Key": "raced-key"}))

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [202] * 4
    assert len({(a.get_json()["video_id"], a.get_json()["job_id"]) for a in answers}) == 1
    assert db.session.query(Video).count() == db.session.query(GenerationJob).count() == 1
    assert db.session.query(GenerationRequest).count() == 1
    assert user.get("/api/v1/users/me/usage").get_json()["videos"]["today"] == 1
    day = daily_cap.counter_key(user.user_id, start_of_day(utcnow()))
    assert int(app.extensions["redis"].get(day)) == 1


def test_idempotency_keys_are_per_user(user, other_user, channel):
    other_channel = other_user.post("/api/v1/channels", json={
        "name": "B", "niche": "tech", "youtube_channel_id": "UC_otheruser1"}).get_json()
    key = {"Idempotency-Key": "shared-key"}
    mine = user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Gadgets"}, headers=key).get_json()
    theirs = other_user.post(GENERATE, json={"channel_id": other_channel["id"], "topic": "Gadgets"},
                             headers=key).get_json()
    assert mine["video_id"] != theirs["video_id"]


def test_status_matches_the_reference_shape(user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    body = user.get(f"/api/v1/videos/{video_id}/status").get_json()
    assert body["video_id"] == video_id and body["status"] == "queued" and body["progress"] == 0
    assert body["current_stage"] == "script_generation"
    assert body["stages_completed"] == []
    assert body["stages_remaining"] == ["script_generation", "content_optimization", "voice_synthesis",
                                        "video_assembly", "thumbnail_creation", "youtube_upload"]
    assert "error" not in body


def test_manual_publish_leaves_the_upload_out_of_the_chain(user, channel):
    video_id = generate(user, channel, publish="manual").get_json()["video_id"]
    body = user.get(f"/api/v1/videos/{video_id}/status").get_json()
    assert "youtube_upload" not in body["stages_remaining"]


def test_failed_job_status_carries_the_error(user, channel, db):
    video_id = generate(user, channel).get_json()["video_id"]
    job = db.session.query(GenerationJob).one()
    job.status, job.error_message, job.error_details = "failed", "voice exploded", {"stage": "voice_synthesis"}
    job.video.status = "failed"
    db.session.commit()
    body = user.get(f"/api/v1/videos/{video_id}/status").get_json()
    assert body["status"] == "failed"
    assert body["error"]["message"] == "voice exploded" and body["error"]["stage"] == "voice_synthesis"


def test_another_users_video_is_404_everywhere(user, other_user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    for method, suffix in (("get", ""), ("put", ""), ("delete", ""), ("get", "/status"), ("get", "/cost"),
                           ("post", "/retry"), ("post", "/publish"), ("get", "/download"), ("get", "/thumbnail")):
        kwargs = {"json": {}} if method in ("put", "post") else {}
        assert_error(getattr(other_user, method)(f"/api/v1/videos/{video_id}{suffix}", **kwargs), 404, "NOT_FOUND")
    assert other_user.get("/api/v1/videos").get_json()["videos"] == []
    assert user.get(f"/api/v1/videos/{video_id}").status_code == 200


def test_list_videos_filters_sorts_and_paginates(app, user, channel, db):
    set_tier(app, user.user_id, "professional")
    ids = [generate(user, channel, title=f"Video {i}").get_json()["video_id"] for i in range(4)]
    body = user.get("/api/v1/videos?limit=3").get_json()
    assert body["pagination"] == {"page": 1, "limit": 3, "total": 4, "pages": 2}
    assert [v["id"] for v in body["videos"]] == ids[::-1][:3]
    assert body["next_cursor"]
    rest = user.get(f"/api/v1/videos?limit=3&cursor={body['next_cursor']}").get_json()
    assert [v["id"] for v in rest["videos"]] == [ids[0]] and rest["next_cursor"] is None
    titles = [v["title"] for v in user.get("/api/v1/videos?sort=title").get_json()["videos"]]
    assert titles == sorted(titles)
    assert user.get("/api/v1/videos?status=failed").get_json()["pagination"]["total"] == 0
    assert user.get(f"/api/v1/videos?channel_id={channel['id']}").get_json()["pagination"]["total"] == 4
    future = (datetime.now(timezone.utc) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert user.get(f"/api/v1/videos?created_after={future}").get_json()["pagination"]["total"] == 0


def test_list_videos_rejects_bad_filters(user):
    for query in ("status=nope", "sort=id", "limit=51", "cursor=!!!", "created_after=yesterday",
                  "created_after=2025-02-01T00:00:00Z&created_before=2025-01-01T00:00:00Z"):
        assert_error(user.get(f"/api/v1/videos?{query}"), 400, "VALIDATION_ERROR")


def test_update_video_metadata(user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    response = user.put(f"/api/v1/videos/{video_id}", json={"title": "New title", "tags": ["a", "b"]})
    assert response.status_code == 200
    assert response.get_json()["title"] == "New title" and response.get_json()["tags"] == ["a", "b"]
    assert_error(user.put(f"/api/v1/videos/{video_id}", json={"privacy_status": "secret"}), 400, "VALIDATION_ERROR")


def test_cost_total_is_the_exact_sum_of_ledger_entries(user, channel, db):
    body = generate(user, channel).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(body["job_id"]))
    amounts = {"script_generation": "0.000123", "content_optimization": "0.000045", "voice_synthesis": "0.030000",
               "video_assembly": "0.000000"}
    for stage, amount in amounts.items():
        db.session.add(CostEntry(user_id=job.user_id, video_id=job.video_id, job_id=job.id, stage=stage,
                                 provider="test", unit="call", units=1, unit_price=Decimal(amount),
                                 amount=Decimal(amount), charge_key=f"{job.id}:{stage}"))
    db.session.commit()
    cost = user.get(f"/api/v1/videos/{body['video_id']}/cost").get_json()
    assert cost["script_generation"] == pytest.approx(0.0002)
    assert cost["voice_synthesis"] == pytest.approx(0.03)
    assert cost["video_processing"] == 0
    assert cost["total_cost"] == pytest.approx(0.0302)
    usage = user.get("/api/v1/users/me/usage").get_json()
    assert usage["cost"]["this_period"] == pytest.approx(0.0302)
    assert usage["videos"]["today"] == 1


def test_delete_cancels_the_job_and_removes_video_and_files(user, channel, db, app):
    import os

    body = generate(user, channel).get_json()
    folder = os.path.join(app.config["STORAGE_PATH"], body["video_id"])
    os.makedirs(folder, exist_ok=True)
    open(os.path.join(folder, "script.json"), "w").write("{}")
    assert user.delete(f"/api/v1/videos/{body['video_id']}").status_code == 204
    assert not os.path.exists(folder)
    assert db.session.get(Video, uuid.UUID(body["video_id"])) is None
    assert_error(user.get(f"/api/v1/videos/{body['video_id']}"), 404, "NOT_FOUND")


def test_retry_and_publish_refuse_the_wrong_state(user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    assert_error(user.post(f"/api/v1/videos/{video_id}/retry"), 409, "CONFLICT")
    assert_error(user.post(f"/api/v1/videos/{video_id}/publish", json={}), 409, "CONFLICT")


def test_download_before_the_video_exists_is_404(user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    assert_error(user.get(f"/api/v1/videos/{video_id}/download"), 404, "NOT_FOUND")


FUTURE = (datetime.now(timezone.utc) + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")


def finished(db, video_id, publish_mode="manual"):
    """The video as the pipeline leaves it after its last stage."""
    video = db.session.get(Video, uuid.UUID(video_id))
    video.status, video.publish_mode = "completed", publish_mode
    video.job.status, video.job.stages_completed = "completed", list(video.job.stages)
    db.session.commit()
    return video


def test_put_with_a_past_scheduled_at_is_400(user, channel):
    video_id = generate(user, channel).get_json()["video_id"]
    body = assert_error(user.put(f"/api/v1/videos/{video_id}", json={"scheduled_at": "2020-01-01T00:00:00Z"}),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "scheduled_at"


def test_scheduling_a_completed_manual_video_makes_it_scheduled(user, channel, db):
    video_id = generate(user, channel, publish="manual").get_json()["video_id"]
    finished(db, video_id)
    response = user.put(f"/api/v1/videos/{video_id}", json={"scheduled_at": FUTURE})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["publish_mode"] == "scheduled" and response.get_json()["scheduled_at"] == FUTURE
    cleared = user.put(f"/api/v1/videos/{video_id}", json={"scheduled_at": None}).get_json()
    assert cleared["publish_mode"] == "manual" and cleared["scheduled_at"] is None


def test_scheduling_an_auto_video_in_progress_holds_back_its_upload(user, channel, db):
    from ytempire.pipeline.outcomes import StageSkipped
    from ytempire.pipeline.runner import run_stage

    receipt = generate(user, channel).get_json()
    assert user.put(f"/api/v1/videos/{receipt['video_id']}", json={"scheduled_at": FUTURE}).status_code == 200
    db.session.expire_all()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    assert "youtube_upload" not in job.stages and job.video.publish_mode == "scheduled"
    with pytest.raises(StageSkipped):  # the chain's upload task, already queued, must not upload now
        run_stage(receipt["job_id"], "youtube_upload")


def test_scheduling_a_published_video_is_409(user, channel, db):
    video_id = generate(user, channel).get_json()["video_id"]
    finished(db, video_id, publish_mode="auto").status = "published"
    db.session.commit()
    assert_error(user.put(f"/api/v1/videos/{video_id}", json={"scheduled_at": FUTURE}), 409, "CONFLICT")


def test_reusing_an_idempotency_key_with_a_different_body_is_422_naming_the_key(user, channel, db):
    key = {"Idempotency-Key": "order-42"}
    assert user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Gadgets"}, headers=key).status_code == 202
    response = user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Other topic"}, headers=key)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "Idempotency-Key" and "order-42" in body["error"]["details"][0]["message"]
    assert db.session.query(Video).count() == 1


def test_the_receipt_says_queued_even_when_a_worker_already_started(user, channel, db):
    key = {"Idempotency-Key": "fast-worker"}
    body = {"channel_id": channel["id"], "topic": "Gadgets"}
    first = user.post(GENERATE, json=body, headers=key).get_json()
    video = db.session.get(Video, uuid.UUID(first["video_id"]))
    video.status = "processing"   # a worker picked the job up before the client retried
    db.session.commit()
    replay = user.post(GENERATE, json=body, headers=key)
    assert replay.status_code == 202 and replay.get_json()["status"] == "queued"


def test_generate_with_an_openai_model_missing_from_the_price_table_is_503(app, user, channel, db):
    saved = {name: app.config.get(name) for name in ("OPENAI_API_KEY", "OPENAI_MODEL")}
    app.config.update(OPENAI_API_KEY="sk-test", OPENAI_MODEL="gpt-unpriced-9")
    try:
        response = generate(user, channel)
    finally:
        app.config.update(saved)
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert "no price" in body["error"]["message"]
    assert db.session.query(Video).count() == 0


def test_delete_terminates_the_task_running_the_current_stage(user, channel, db, app, monkeypatch):
    from ytempire.common.timeutil import utcnow

    receipt = generate(user, channel).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    task_ids, running_task = list(job.task_ids), uuid.UUID(job.task_ids[0])
    job.status, job.claimed_stage, job.claimed_at, job.claim_token = "running", "script_generation", utcnow(), running_task
    db.session.commit()
    revoked = []
    monkeypatch.setattr(app.extensions["celery"].control, "revoke",
                        lambda ids, **options: revoked.append((ids, options)))
    assert user.delete(f"/api/v1/videos/{receipt['video_id']}").status_code == 204
    assert (task_ids, {"terminate": False}) in revoked
    assert (str(running_task), {"terminate": True, "signal": "SIGTERM"}) in revoked
