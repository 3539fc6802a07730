"""The YouTube upload stage on the S3 store: the MP4 and thumbnail come from the bucket (through the
stage's scratch folder, removed afterwards) and reach YouTube's resumable upload byte for byte."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from tests.youtube.conftest import channel, google, linked  # noqa: F401 - the YouTube tests' fixtures
from tests.youtube.test_upload import CHUNK, START, VIDEO_BYTES, RecordingSequence, ok, stored, uploaded
from ytempire.youtube import client as youtube_client
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.storage import object_store


class ChunkRecordingSequence(RecordingSequence):
    """Also keeps each upload chunk's bytes (googleapiclient sends a chunk as a stream slice, not bytes)."""

    def request(self, uri, method="GET", body=None, headers=None, redirections=1, connection_type=None):
        if hasattr(body, "read"):
            body = body.read()
        return super().request(uri, method, body, headers, redirections, connection_type)


@pytest.fixture
def transport(monkeypatch):
    def install(*responses):
        http = ChunkRecordingSequence(list(responses))
        monkeypatch.setattr(youtube_client, "new_http", lambda: http)
        return http

    return install


@pytest.fixture
def ready_on_s3(s3_app, db, user, channel, linked, monkeypatch, tmp_path):  # noqa: F811 - fixtures by name
    """A job whose only remaining stage is youtube_upload, its video and thumbnail only in the bucket."""
    monkeypatch.setitem(s3_app.config, "YOUTUBE_UPLOAD_CHUNK_BYTES", CHUNK)
    monkeypatch.setitem(s3_app.config, "YOUTUBE_UPLOAD_RETRY_BASE_SECONDS", 0)
    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "title": "How tides work", "topic": "Why the ocean has tides",
        "video_config": {"duration": 15}}).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    video_bytes = os.urandom(VIDEO_BYTES)
    store = object_store()
    for name, data in (("video.mp4", video_bytes), ("thumbnail.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2000))):
        source = tmp_path / name
        source.write_bytes(data)
        store.put_file(f"videos/{job.video_id}/{name}", source)
    job.stages_completed = [s for s in STAGES if s != "youtube_upload"]
    job.current_stage = "youtube_upload"
    job.video.video_path = store.location(f"videos/{job.video_id}/video.mp4")
    job.video.thumbnail_path = store.location(f"videos/{job.video_id}/thumbnail.jpg")
    db.session.commit()
    return job.id, job.video_id, video_bytes


def test_the_upload_sends_the_mp4_from_the_bucket(s3_app, db, ready_on_s3, transport):
    job_id, video_id, video_bytes = ready_on_s3
    http = transport(START, stored(CHUNK), stored(2 * CHUNK), uploaded(), ok({"kind": "youtube#thumbnailSetResponse"}))
    assert run_stage(job_id, "youtube_upload") == "done"

    chunks = [call["body"] for call in http.calls if call["method"] == "PUT"]
    assert len(chunks) == 3 and b"".join(chunks) == video_bytes
    assert "/thumbnails/set" in http.calls[-1]["uri"]
    db.session.expire_all()
    job = db.session.get(GenerationJob, job_id)
    assert job.status == "completed" and job.video.youtube_video_id == "yt_video_1"
    assert object_store().get_json(f"videos/{video_id}/upload.json")["video_id"] == "yt_video_1"
    assert not (Path(s3_app.config["SCRATCH_PATH"]) / str(video_id) / "youtube_upload").exists()
