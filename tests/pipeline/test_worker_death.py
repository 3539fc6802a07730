"""A render worker killed with SIGKILL mid-encode (main process and pool child): its ffmpeg dies with
it, recovery sends the stage once as soon as the claim's heartbeat is stale, the next attempt clears
the half-written files, and the killed message, restored by Redis later, stops at the finished stage."""
import os
import signal
import time
import uuid
from pathlib import Path

import psutil
from kombu import Connection
from sqlalchemy import func, select

from tests.workers import celery_worker, wait_for
from ytempire.accounting.models import CostEntry
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.recovery import recover_stuck_jobs
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline import lifecycle

HEARTBEAT = {"STAGE_HEARTBEAT_INTERVAL_SECONDS": "1", "STAGE_HEARTBEAT_TIMEOUT_SECONDS": "6"}


def job_of(db, receipt):
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))


def encoding_ffmpeg(worker_pid: int):
    """(pool child, ffmpeg) once the worker's pool child is running an ffmpeg encode, else None."""
    try:
        for child in psutil.Process(worker_pid).children():
            for grandchild in child.children():
                if "ffmpeg" in grandchild.name() and "-c:v" in grandchild.cmdline():
                    return child, grandchild
    except psutil.NoSuchProcess:
        return None
    return None


def restore_unacked(broker_url: str) -> int:
    """What Redis' transport does once the visibility timeout has passed: unacked messages back to their queue."""
    with Connection(broker_url, transport_options={"visibility_timeout": 0}) as connection:
        qos = connection.default_channel.qos
        before = connection.default_channel.client.hlen(qos.unacked_key)
        qos.restore_visible(num=100)
        return before


def ignored(log_path, stage: str) -> bool:
    """The worker ran a delivery of `stage` that stopped at once (stage done, job finished, or claimed)."""
    return any('"state": "IGNORED"' in line and f'"task": "pipeline.{stage}"' in line
               for line in log_path.read_text().splitlines())


def test_a_render_worker_killed_mid_encode_leaves_no_process_and_its_job_finishes_once(
        app, app_config, tmp_path, db, request_video, monkeypatch):
    monkeypatch.setitem(app.config, "STAGE_HEARTBEAT_TIMEOUT_SECONDS", 6)  # recovery's view (beat)
    receipt = request_video(duration=15, publish="manual")
    redis = app.extensions["redis"]
    redis.delete("ai")
    for stage in ("script_generation", "content_optimization", "voice_synthesis"):
        run_stage(receipt["job_id"], stage)
    lifecycle.reopen(job_of(db, receipt))  # send the remaining stages
    folder = Path(app_config["STORAGE_PATH"]) / receipt["video_id"]

    with celery_worker(app_config, "render", tmp_path, **HEARTBEAT) as (worker, _):
        # Mid-encode: ffmpeg runs and has begun writing the half-done MP4.
        pool_child, ffmpeg = wait_for(lambda: list(folder.glob(".video.*.partial.mp4")) and encoding_ffmpeg(worker.pid),
                                      timeout=60, interval=0.05)
        os.kill(worker.pid, signal.SIGKILL)
        pool_child.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        psutil.wait_procs([ffmpeg], timeout=5)
        assert not ffmpeg.is_running() or ffmpeg.status() == psutil.STATUS_ZOMBIE, "ffmpeg outlived its worker"

    job = job_of(db, receipt)
    assert job.claimed_stage == "video_assembly" and job.status == "running"
    assert recover_stuck_jobs() == 0  # the claim is still fresh: could be a slow encode
    wait_for(lambda: job_of(db, receipt).claimed_at.timestamp() < time.time() - 6, timeout=15)

    with celery_worker(app_config, "render", tmp_path, **HEARTBEAT) as (_, log_path):
        assert recover_stuck_jobs() == 1
        assert recover_stuck_jobs() == 0  # sent once
        wait_for(lambda: "thumbnail_creation" in job_of(db, receipt).stages_completed, timeout=120,
                 describe=lambda: log_path.read_text()[-2000:])
        assert time.monotonic() - killed_at < 150
        # Redis hands the killed delivery back once its visibility timeout passes: it must stop at once.
        assert restore_unacked(app_config["CELERY_BROKER_URL"]) >= 1
        wait_for(lambda: ignored(log_path, "video_assembly"), timeout=60,
                 describe=lambda: log_path.read_text()[-2000:])

    job = job_of(db, receipt)
    assert job.stage_attempts["video_assembly"] == 2 and job.error_message is None
    charges = db.session.scalar(select(func.count()).select_from(CostEntry).where(
        CostEntry.job_id == job.id, CostEntry.stage == "video_assembly"))
    assert charges == 1
    assert list(folder.glob(".*.partial*")) == [] and not (folder / "render").exists()
    assert (folder / "video.mp4").exists()
