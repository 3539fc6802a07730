"""The upload stage with a linked channel: resumable upload through googleapiclient, thumbnail,
playlist, the unverified-app warning, and quota exhaustion deferring (not failing) the job.

The transport under the real client is googleapiclient's HttpMockSequence, which answers each
request in turn; it lets a test break the upload mid-way and watch the client resume from the
server's Range.
"""
import json
import os
import uuid
from datetime import timedelta

import pytest
from googleapiclient.http import HttpMockSequence

from ytempire.common.timeutil import utcnow
from ytempire.youtube.quota import next_reset, quota_day
from ytempire.youtube.quota_models import QuotaUsage
from ytempire.pipeline.outcomes import StageDeferred, StageFailed
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.models import GenerationJob
from ytempire.youtube import client as youtube_client

CHUNK = 256 * 1024
VIDEO_BYTES = 2 * CHUNK + 1000          # three chunks


class RecordingSequence(HttpMockSequence):
    """HttpMockSequence that remembers what was asked, to check what the client sent."""

    def __init__(self, responses):
        super().__init__(responses)
        self.calls = []

    def request(self, uri, method="GET", body=None, headers=None, redirections=1, connection_type=None):
        self.calls.append({"uri": uri, "method": method, "headers": {k.lower(): v for k, v in (headers or {}).items()},
                           "body": body if isinstance(body, (bytes, str)) else b""})
        return super().request(uri, method, body, headers, redirections, connection_type)


def ok(payload):
    return ({"status": "200", "content-type": "application/json"}, json.dumps(payload).encode())


def uploaded(video_id="yt_video_1", privacy="public"):
    return ok({"kind": "youtube#video", "id": video_id, "status": {"privacyStatus": privacy}})


START = ({"status": "200", "location": "https://upload.example/session-1"}, b"")


def stored(received_up_to):
    return ({"status": "308", "range": f"bytes=0-{received_up_to - 1}"}, b"")


@pytest.fixture
def transport(monkeypatch):
    """Install a RecordingSequence under every Google client built during the test."""
    holder = {}

    def install(*responses):
        holder["http"] = RecordingSequence(list(responses))
        monkeypatch.setattr(youtube_client, "new_http", lambda: holder["http"])
        return holder["http"]

    return install


@pytest.fixture
def ready_job(app, db, user, channel, linked, monkeypatch, tmp_path):
    """A job whose only remaining stage is youtube_upload, with a video and thumbnail on disk."""
    monkeypatch.setitem(app.config, "YOUTUBE_UPLOAD_CHUNK_BYTES", CHUNK)
    monkeypatch.setitem(app.config, "YOUTUBE_UPLOAD_RETRY_BASE_SECONDS", 0)
    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "title": "How tides work", "topic": "Why the ocean has tides",
        "video_config": {"duration": 15}}).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    video_file, thumb = tmp_path / "video.mp4", tmp_path / "thumb.jpg"
    video_file.write_bytes(os.urandom(VIDEO_BYTES))
    thumb.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    job.stages_completed = [s for s in STAGES if s != "youtube_upload"]
    job.current_stage = "youtube_upload"
    job.video.video_path, job.video.thumbnail_path = str(video_file), str(thumb)
    job.video.privacy_status = "public"
    db.session.commit()
    return job.id, job.video_id


def reload(db, job_id):
    db.session.expire_all()
    return db.session.get(GenerationJob, job_id)


def test_upload_resumes_from_the_servers_range_after_a_5xx_mid_upload(db, user, ready_job, transport, linked):
    job_id, video_id = ready_job
    http = transport(START, stored(CHUNK),
                     ({"status": "503"}, b"backend error"),          # the second chunk is lost
                     stored(CHUNK),                                   # "what do you have?" -> first chunk only
                     stored(2 * CHUNK), uploaded(), ok({"kind": "youtube#thumbnailSetResponse"}))
    assert run_stage(job_id, "youtube_upload") == "done"

    puts = [c for c in http.calls if c["method"] == "PUT"]
    status_query = [c for c in puts if c["headers"].get("content-range", "").startswith("bytes */")]
    assert status_query and status_query[0]["headers"]["content-range"] == f"bytes */{VIDEO_BYTES}"
    chunk_ranges = [c["headers"]["content-range"] for c in puts if c not in status_query]
    assert chunk_ranges == [f"bytes 0-{CHUNK - 1}/{VIDEO_BYTES}", f"bytes {CHUNK}-{2 * CHUNK - 1}/{VIDEO_BYTES}",
                            f"bytes {CHUNK}-{2 * CHUNK - 1}/{VIDEO_BYTES}",
                            f"bytes {2 * CHUNK}-{VIDEO_BYTES - 1}/{VIDEO_BYTES}"]
    start = http.calls[0]
    assert start["method"] == "POST" and "uploadType=resumable" in start["uri"]
    assert start["headers"]["authorization"].startswith("Bearer ya29.")
    assert "/thumbnails/set" in http.calls[-1]["uri"] and "videoId=yt_video_1" in http.calls[-1]["uri"]

    job = reload(db, job_id)
    assert job.status == "completed" and job.video.status == "published"
    assert job.video.youtube_video_id == "yt_video_1" and job.video.privacy_status == "public"
    assert job.video.publish_target == "youtube"
    units = {u.bucket: u.units_used for u in db.session.query(QuotaUsage).all()}
    assert units == {"videos.insert": 1, "pool": 50}                 # insert bucket + thumbnails.set (50)


def test_the_insert_body_carries_schedule_kids_and_synthetic_flags_and_adds_to_the_playlist(
        db, ready_job, transport, channel):
    from ytempire.channels.models import Channel
    from ytempire.pipeline.storage import artefact_path, read_json

    job_id, video_id = ready_job
    job = reload(db, job_id)
    publish_at = utcnow().replace(microsecond=0) + timedelta(days=2)
    job.video.scheduled_at = publish_at
    chan = db.session.get(Channel, uuid.UUID(channel["id"]))
    chan.settings = {**chan.settings, "youtube": {"made_for_kids": True, "playlist_id": "PL_science"}}
    db.session.commit()
    http = transport(START, stored(CHUNK), stored(2 * CHUNK), uploaded(privacy="private"), ok({}), ok({"id": "PLI_1"}))
    assert run_stage(job_id, "youtube_upload") == "done"

    insert = json.loads(http.calls[0]["body"])
    assert insert["status"] == {"privacyStatus": "private", "publishAt": publish_at.isoformat().replace("+00:00", "Z"),
                                "selfDeclaredMadeForKids": True, "containsSyntheticMedia": True}
    assert insert["snippet"]["title"] == "How tides work"
    playlist = http.calls[-1]
    assert playlist["method"] == "POST" and "/playlistItems" in playlist["uri"]
    assert json.loads(playlist["body"])["snippet"] == {
        "playlistId": "PL_science", "resourceId": {"kind": "youtube#video", "videoId": "yt_video_1"}}
    assert read_json(artefact_path(video_id, "youtube_upload"))["playlist_item_id"] == "PLI_1"
    # A scheduled private upload is not the unverified-app case: no warning.
    assert reload(db, job_id).status == "completed"


def test_youtube_keeping_a_public_upload_private_records_the_unverified_app_warning(
        db, ready_job, transport, linked):
    job_id, _ = ready_job
    transport(START, stored(CHUNK), stored(2 * CHUNK), uploaded(privacy="private"), ok({}))
    run_stage(job_id, "youtube_upload")
    db.session.expire_all()
    assert "unverified app: uploads forced private" in linked.warnings
    assert reload(db, job_id).video.privacy_status == "private"


def test_spent_upload_quota_defers_the_job_until_the_reset_instead_of_failing(db, user, ready_job, transport, linked):
    job_id, video_id = ready_job
    db.session.add(QuotaUsage(credential=linked.google_project, quota_day=quota_day(), bucket="videos.insert",
                              units_used=100, units_limit=100))
    db.session.commit()
    http = transport()
    with pytest.raises(StageDeferred):
        run_stage(job_id, "youtube_upload")
    assert http.calls == []                                      # nothing was sent to YouTube

    job = reload(db, job_id)
    assert job.status == "pending" and job.video.status == "queued" and job.error_message is None
    assert next_reset() <= job.deferred_until <= next_reset() + timedelta(minutes=5)
    status = user.get(f"/api/v1/videos/{video_id}/status").get_json()
    assert status["status"] == "queued" and status["current_stage"] == "youtube_upload"
    assert status["deferred_until"].endswith("Z") and "quota" in status["deferred_reason"]


def test_a_deferred_job_is_picked_up_by_recovery_once_the_reset_has_passed(db, app, ready_job, transport, linked,
                                                                          monkeypatch):
    from ytempire.pipeline import recovery

    job_id, _ = ready_job
    job = reload(db, job_id)
    job.status, job.deferred_until = "pending", utcnow() + timedelta(hours=3)
    job.enqueued_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert job not in recovery.stuck_jobs()
    db.session.rollback()
    job.deferred_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert [j.id for j in recovery.stuck_jobs()] == [job_id]
    db.session.rollback()


def test_quota_spent_after_the_upload_defers_and_the_rerun_does_not_upload_twice(db, ready_job, transport, linked,
                                                                                 app, monkeypatch):
    job_id, _ = ready_job
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 10)    # the pool cannot pay thumbnails.set (50)
    transport(START, stored(CHUNK), stored(2 * CHUNK), uploaded())
    with pytest.raises(StageDeferred):
        run_stage(job_id, "youtube_upload")
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 10000)
    http = transport(ok({}))                                    # only the thumbnail is left to do
    assert run_stage(job_id, "youtube_upload") == "done"
    assert len(http.calls) == 1 and "/thumbnails/set" in http.calls[0]["uri"]
    job = reload(db, job_id)
    assert job.status == "completed" and job.deferred_until is None and job.video.youtube_video_id == "yt_video_1"


def test_http_429_from_youtube_defers_and_a_4xx_fails_the_job(db, ready_job, transport):
    job_id, _ = ready_job
    transport(({"status": "429", "retry-after": "120"}, b'{"error": {"code": 429, "message": "slow down"}}'))
    with pytest.raises(StageDeferred):
        run_stage(job_id, "youtube_upload")
    job = reload(db, job_id)
    assert job.status == "pending" and job.deferred_until > utcnow() + timedelta(seconds=100)

    transport(({"status": "400"}, json.dumps({"error": {"code": 400, "message": "Invalid title",
                                                        "errors": [{"reason": "invalidTitle"}]}}).encode()))
    with pytest.raises(StageFailed):
        run_stage(job_id, "youtube_upload")
    job = reload(db, job_id)
    assert job.status == "failed" and "invalidTitle" in job.error_message


def rate_limited(reason="rateLimitExceeded"):
    return ({"status": "403", "content-type": "application/json"}, json.dumps({"error": {
        "code": 403, "message": "Rate limit", "errors": [{"reason": reason, "domain": "youtube.quota"}]}}).encode())


def test_a_short_term_rate_limit_is_retried_with_backoff_not_deferred_to_midnight(db, ready_job, transport):
    job_id, _ = ready_job
    http = transport(rate_limited(), START, stored(CHUNK), stored(2 * CHUNK), uploaded(), ok({}))
    assert run_stage(job_id, "youtube_upload") == "done"
    assert [c["method"] for c in http.calls[:2]] == ["POST", "POST"]    # the refused start, then the retry
    job = reload(db, job_id)
    assert job.status == "completed" and job.deferred_until is None


def test_a_rate_limit_that_persists_is_left_to_the_task_to_retry(db, ready_job, transport):
    from ytempire.common.provider_errors import TransientProviderError

    job_id, _ = ready_job
    transport(*[rate_limited("userRateLimitExceeded")] * 6)
    with pytest.raises(TransientProviderError):
        run_stage(job_id, "youtube_upload")
    job = reload(db, job_id)
    assert job.status == "running" and job.deferred_until is None


def test_the_daily_upload_limit_still_defers_until_the_reset(db, ready_job, transport):
    job_id, _ = ready_job
    transport(rate_limited("uploadLimitExceeded"))
    with pytest.raises(StageDeferred):
        run_stage(job_id, "youtube_upload")
    job = reload(db, job_id)
    assert job.status == "pending" and next_reset() <= job.deferred_until <= next_reset() + timedelta(minutes=5)


def test_persistent_5xx_is_left_to_the_task_to_retry(db, ready_job, transport):
    from ytempire.common.provider_errors import TransientProviderError

    job_id, _ = ready_job
    transport(START, *[({"status": "503"}, b"down")] * 12)
    with pytest.raises(TransientProviderError):
        run_stage(job_id, "youtube_upload")
    assert reload(db, job_id).status == "running"


def test_a_channel_without_a_grant_still_publishes_locally(db, app, user, google, tmp_path):
    """No credential row: the local publisher, as before YouTube linking existed."""
    channel = user.post("/api/v1/channels", json={"name": "Local", "niche": "science",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "title": "T", "topic": "tides",
                                                         "video_config": {"duration": 15}}).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    video_file = tmp_path / "v.mp4"
    video_file.write_bytes(b"not really a video but a file")
    job.stages_completed = [s for s in STAGES if s != "youtube_upload"]
    job.video.video_path = str(video_file)
    db.session.commit()
    assert run_stage(job.id, "youtube_upload") == "done"
    video = reload(db, job.id).video
    assert (video.publish_target, video.youtube_video_id) == ("local", None)
    shown = user.get(f"/api/v1/videos/{video.id}").get_json()
    assert shown["status"] == "published" and shown["publish_target"] == "local"
    assert shown["youtube_video_id"] is None
    assert shown["published_url"] == f"{app.config['APP_URL']}/api/v1/videos/{video.id}/download"
    assert user.get(shown["published_url"].removeprefix(app.config["APP_URL"])).status_code == 200
