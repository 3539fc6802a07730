"""The pipeline through real Celery workers on the real broker: full chain, routing, recovery."""
import json
import subprocess
import time
import uuid

import imageio_ffmpeg
import pytest

from tests.workers import celery_worker, drop_queued, queue_length, wait_for
from ytempire.pipeline.recovery import recover_stuck_jobs
from ytempire.pipeline.models import GenerationJob

pytestmark = pytest.mark.broker


def status_of(user, receipt):
    return user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()


def probe_streams(path: str) -> str:
    """ffmpeg's own description of the file's streams (there is no ffprobe in the wheel)."""
    result = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", path],
                            capture_output=True, text=True)
    return result.stderr


def test_full_chain_produces_a_playable_mp4_with_narration(app_config, tmp_path, user, request_video):
    receipt = request_video(duration=15)
    with celery_worker(app_config, "default,ai,render,upload", tmp_path, concurrency=2):
        wait_for(lambda: status_of(user, receipt)["status"] in ("published", "failed"), timeout=240,
                 describe=lambda: status_of(user, receipt))
    status = status_of(user, receipt)
    assert status["status"] == "published", status
    assert status["progress"] == 100 and status["stages_remaining"] == []
    video = user.get(f"/api/v1/videos/{receipt['video_id']}").get_json()
    # The local publisher says where the video went; nothing reads as a YouTube upload.
    assert video["publish_target"] == "local" and video["youtube_video_id"] is None
    assert video["published_url"].endswith(f"/api/v1/videos/{receipt['video_id']}/download")
    download = user.get(f"/api/v1/videos/{receipt['video_id']}/download")
    assert download.status_code == 200 and download.mimetype == "video/mp4"
    mp4 = tmp_path / "out.mp4"
    mp4.write_bytes(download.data)
    streams = probe_streams(str(mp4))
    assert "Video: h264" in streams and "1280x720" in streams and "Audio: aac" in streams
    thumbnail = user.get(f"/api/v1/videos/{receipt['video_id']}/thumbnail")
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    cost = user.get(f"/api/v1/videos/{receipt['video_id']}/cost").get_json()
    assert cost["total_cost"] == cost["script_generation"] + cost["voice_synthesis"] + cost["video_processing"]


def test_a_job_waits_at_video_assembly_until_a_render_worker_appears(app_config, tmp_path, user, request_video):
    receipt = request_video(duration=15)
    with celery_worker(app_config, "default,ai,upload", tmp_path):
        wait_for(lambda: status_of(user, receipt)["stages_completed"] ==
                 ["script_generation", "content_optimization", "voice_synthesis"], timeout=120,
                 describe=lambda: status_of(user, receipt))
        waiting = status_of(user, receipt)
        assert waiting["current_stage"] == "video_assembly" and waiting["status"] in ("processing", "queued")
        with celery_worker(app_config, "render", tmp_path):
            wait_for(lambda: status_of(user, receipt)["status"] == "published", timeout=180,
                     describe=lambda: status_of(user, receipt))


def test_recovery_re_enqueues_a_job_that_was_committed_but_never_sent(app, app_config, tmp_path, db, user,
                                                                     request_video):
    receipt = request_video(duration=15, publish="manual")
    # Simulate a broker outage at enqueue time: the message is gone, the row stays pending.
    drop_queued(app, "ai")
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.enqueued_at = job.enqueued_at.replace(year=job.enqueued_at.year - 1)
    db.session.commit()
    assert recover_stuck_jobs() == 1
    with celery_worker(app_config, "default,ai,render,upload", tmp_path, concurrency=2):
        wait_for(lambda: status_of(user, receipt)["status"] == "completed", timeout=240,
                 describe=lambda: status_of(user, receipt))


def test_worker_logs_are_structured(app_config, tmp_path, user, request_video):
    receipt = request_video(duration=15, publish="manual")
    with celery_worker(app_config, "default,ai", tmp_path) as (_, log_path):
        wait_for(lambda: "content_optimization" in status_of(user, receipt)["stages_completed"], timeout=120)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    completed = [line for line in lines if line.get("event") == "stage_completed"]
    assert completed and completed[0]["job_id"] == receipt["job_id"]
    assert completed[0]["video_id"] == receipt["video_id"]
    runs = [line for line in lines if line.get("event") == "task" and line.get("task") == "pipeline.script_generation"]
    assert runs and runs[0]["state"] == "SUCCESS" and runs[0]["job_id"] == receipt["job_id"]


def test_deleting_a_running_video_cancels_it_and_leaves_no_files(app_config, tmp_path, user, request_video):
    import os
    import time

    receipt = request_video(duration=15)
    folder = os.path.join(app_config["STORAGE_PATH"], receipt["video_id"])
    with celery_worker(app_config, "default,ai,upload", tmp_path):
        wait_for(lambda: "voice_synthesis" in status_of(user, receipt)["stages_completed"], timeout=120)
    assert os.path.isdir(folder)
    assert user.delete(f"/api/v1/videos/{receipt['video_id']}").status_code == 204
    assert not os.path.exists(folder)
    with celery_worker(app_config, "render", tmp_path) as (_, log_path):
        wait_for(lambda: "pipeline.video_assembly" in log_path.read_text(), timeout=60)
        time.sleep(1)
    assert not os.path.exists(folder)
    assert user.get(f"/api/v1/videos/{receipt['video_id']}").status_code == 404


def test_recovery_leaves_a_job_waiting_for_a_missing_render_worker_in_its_queue(app, app_config, tmp_path, db, user,
                                                                               request_video):
    """No copies pile up in `render` while only default/ai/upload workers run; one is sent once it can run."""
    from datetime import timedelta

    from ytempire.common.timeutil import utcnow

    receipt = request_video(duration=15, publish="manual")
    drop_queued(app, "ai")
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.status, job.stages_completed, job.current_stage = "running", [
        "script_generation", "content_optimization", "voice_synthesis"], "video_assembly"
    job.heartbeat_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    with celery_worker(app_config, "default,ai,upload", tmp_path):
        assert recover_stuck_jobs() == 0
    assert queue_length(app, "render") == 0
    with celery_worker(app_config, "default", tmp_path):
        assert recover_stuck_jobs() == 0  # still nobody on render
    assert recover_stuck_jobs() == 1  # no worker answers at all: cannot tell, so send it
    # AMQP publishes without waiting for the broker: a quorum queue may count the message a moment later.
    wait_for(lambda: queue_length(app, "render") == 1, timeout=10, describe=lambda: "render queue never held the job")
    time.sleep(0.5)
    assert queue_length(app, "render") == 1  # one copy, not more
