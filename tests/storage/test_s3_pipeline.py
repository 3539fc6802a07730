"""The whole offline pipeline with STORAGE_TYPE=s3 in a real Celery worker against moto's S3 server:
the artefacts end in the bucket, never in the worker's folders, and downloads are presigned redirects."""
from __future__ import annotations

import subprocess
import urllib.request
import uuid
from pathlib import Path

import boto3
import imageio_ffmpeg
import pytest

from tests.storage.conftest import ACCESS_KEY, REGION, SECRET_KEY, worker_s3_env
from tests.workers import celery_worker, wait_for
from ytempire.pipeline.cleanup import clean_storage
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video

pytestmark = pytest.mark.broker


def bucket_keys(s3_settings, prefix: str = "") -> set[str]:
    client = boto3.client("s3", endpoint_url=s3_settings["S3_ENDPOINT_URL"], region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=s3_settings["S3_BUCKET"], Prefix=prefix)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def probe_streams(path) -> str:
    """ffmpeg's own description of the file's streams (there is no ffprobe in the wheel)."""
    return subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True).stderr


def status_of(user, video_id) -> dict:
    return user.get(f"/api/v1/videos/{video_id}/status").get_json()


def test_a_video_made_on_s3_is_served_by_presigned_redirects(s3_app, s3_settings, app_config, tmp_path, db, user,
                                                             other_user, request_video):
    """One 15-second video made and published (local publisher) by a worker that has only the bucket."""
    receipt = request_video(duration=15)
    video_id, job_id = receipt["video_id"], receipt["job_id"]
    worker_root = tmp_path / "worker"
    with celery_worker(app_config, "default,ai,render,upload", tmp_path, concurrency=2,
                       **worker_s3_env(s3_settings, worker_root)):
        wait_for(lambda: status_of(user, video_id)["status"] in ("published", "failed"), timeout=240,
                 describe=lambda: status_of(user, video_id))
    status = status_of(user, video_id)
    assert status["status"] == "published", status
    assert db.session.get(GenerationJob, uuid.UUID(job_id)).status == "completed"

    stored = bucket_keys(s3_settings, f"videos/{video_id}/")
    expected = {"script.json", "metadata.json", "narration.json", "narration.wav", "video.mp4", "thumbnail.jpg",
                "preview.png", "quality.json", "captions.srt", "upload.json"}
    assert {f"videos/{video_id}/{name}" for name in expected} <= stored
    published = bucket_keys(s3_settings, "_published/")
    assert {key.rsplit("/", 1)[1] for key in published} >= {"video.mp4", "thumbnail.jpg", "receipt.json"}
    # Neither the worker's own folders nor the API's STORAGE_PATH hold anything of it: every stage's
    # scratch folder was removed at the stage's end.
    assert files_under(worker_root / "storage") == [] and files_under(worker_root / "scratch") == []
    assert not (Path(s3_app.config["STORAGE_PATH"]) / video_id).exists()

    download = user.get(f"/api/v1/videos/{video_id}/download")
    assert download.status_code == 302
    location = download.headers["Location"]
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=300" in location
    with urllib.request.urlopen(location) as response:
        assert response.headers["Content-Type"] == "video/mp4"
        assert f'filename="{video_id}.mp4"' in response.headers["Content-Disposition"]
        mp4 = tmp_path / "downloaded.mp4"
        mp4.write_bytes(response.read())
    streams = probe_streams(mp4)
    assert "Video: h264" in streams and "1280x720" in streams and "Audio: aac" in streams

    for kind, content_type in (("thumbnail", "image/jpeg"), ("preview", "image/png")):
        answer = user.get(f"/api/v1/videos/{video_id}/{kind}")
        assert answer.status_code == 302, (kind, answer.get_json())
        with urllib.request.urlopen(answer.headers["Location"]) as response:
            assert response.headers["Content-Type"] == content_type and len(response.read()) > 1000

    # Another user's video stays a 404 in the error envelope, with no link to the bucket.
    for kind in ("download", "thumbnail", "preview"):
        theirs = other_user.get(f"/api/v1/videos/{video_id}/{kind}")
        assert theirs.status_code == 404 and "Location" not in theirs.headers
        assert theirs.get_json()["error"]["code"] == "NOT_FOUND" and theirs.get_json()["request_id"]


def put_objects(s3_settings, video_id, *names) -> None:
    client = boto3.client("s3", endpoint_url=s3_settings["S3_ENDPOINT_URL"], region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    for name in names:
        client.put_object(Bucket=s3_settings["S3_BUCKET"], Key=f"videos/{video_id}/{name}", Body=b"x")


def test_cleanup_and_delete_remove_objects_from_the_bucket(s3_app, s3_settings, db, user, request_video):
    video_id = request_video(duration=15, publish="manual")["video_id"]
    orphan = uuid.uuid4()                         # artefacts of a video whose row is gone
    put_objects(s3_settings, video_id, "script.json", "video.mp4")
    put_objects(s3_settings, orphan, "script.json", "video.mp4")

    assert clean_storage() == 1
    assert bucket_keys(s3_settings, f"videos/{orphan}/") == set()
    assert bucket_keys(s3_settings, f"videos/{video_id}/") == {f"videos/{video_id}/script.json",
                                                               f"videos/{video_id}/video.mp4"}

    assert user.delete(f"/api/v1/videos/{video_id}").status_code == 204
    assert bucket_keys(s3_settings, f"videos/{video_id}/") == set()


def test_a_missing_object_is_a_404_not_a_redirect(s3_app, s3_settings, db, user, request_video):
    video_id = request_video(duration=15, publish="manual")["video_id"]
    video = db.session.get(Video, uuid.UUID(video_id))
    video.video_path = f"s3://{s3_settings['S3_BUCKET']}/videos/{video_id}/video.mp4"   # recorded, never stored
    db.session.commit()
    answer = user.get(f"/api/v1/videos/{video_id}/download")
    assert answer.status_code == 404 and answer.get_json()["error"]["message"] == "The video is not ready yet"
    preview = user.get(f"/api/v1/videos/{video_id}/preview")
    assert preview.status_code == 409 and preview.get_json()["error"]["code"]
