"""Share-nothing: the API, an ai worker, render workers and an upload worker, each with its own private
STORAGE_PATH and SCRATCH_PATH, sharing only PostgreSQL, the broker and the bucket, as on separate hosts.
A render worker killed with SIGKILL mid-encode is replaced by another one that finishes the video."""
from __future__ import annotations

import os
import signal
import time
import uuid
from contextlib import ExitStack

import pytest
from sqlalchemy import func, select

from tests.pipeline.test_worker_death import HEARTBEAT, encoding_ffmpeg
from tests.storage.conftest import worker_s3_env
from tests.workers import celery_worker, wait_for
from ytempire.accounting.models import CostEntry
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.recovery import recover_stuck_jobs
from ytempire.storage import object_store


def job_of(db, job_id) -> GenerationJob:
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(job_id))


def files_under(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def host(app_config, queues: str, s3_settings, root, log_dir, **env):
    """A worker as if on its own host: its queues, its own folders under `root`, the shared bucket."""
    return celery_worker(app_config, queues, log_dir, **worker_s3_env(s3_settings, root), **env)


@pytest.mark.broker
def test_a_video_completes_on_workers_that_share_only_the_database_broker_and_bucket(
        s3_app, s3_settings, app_config, tmp_path, db, user, request_video):
    receipt = request_video(duration=15)
    hosts = {name: tmp_path / name for name in ("ai", "render", "upload")}
    with ExitStack() as stack:
        stack.enter_context(host(app_config, "default,ai", s3_settings, hosts["ai"], tmp_path))
        stack.enter_context(host(app_config, "render", s3_settings, hosts["render"], tmp_path))
        stack.enter_context(host(app_config, "upload", s3_settings, hosts["upload"], tmp_path))
        wait_for(lambda: job_of(db, receipt["job_id"]).status in ("completed", "failed"), timeout=240,
                 describe=lambda: job_of(db, receipt["job_id"]).status)
    job = job_of(db, receipt["job_id"])
    assert job.status == "completed" and job.video.status == "published", job.error_message
    assert object_store().exists(f"videos/{receipt['video_id']}/video.mp4")
    for root in hosts.values():
        assert files_under(root) == [], root
    assert user.get(f"/api/v1/videos/{receipt['video_id']}/download").status_code == 302


def test_a_render_host_killed_mid_encode_is_replaced_by_another_that_finishes_the_video(
        s3_app, s3_settings, app_config, tmp_path, db, request_video, monkeypatch):
    # Redis only, as the local kill test (pipeline/test_worker_death.py): RabbitMQ would hand the killed
    # delivery back at once, racing the recovery this test counts.
    monkeypatch.setitem(s3_app.config, "STAGE_HEARTBEAT_TIMEOUT_SECONDS", 6)   # recovery's view (beat)
    receipt = request_video(duration=15)
    video_id, job_id = receipt["video_id"], receipt["job_id"]
    first, second = tmp_path / "render-1", tmp_path / "render-2"
    encode_scratch = first / "scratch" / video_id / "video_assembly"
    with ExitStack() as stack:
        stack.enter_context(host(app_config, "default,ai", s3_settings, tmp_path / "ai", tmp_path, **HEARTBEAT))
        stack.enter_context(host(app_config, "upload", s3_settings, tmp_path / "upload", tmp_path, **HEARTBEAT))
        with host(app_config, "render", s3_settings, first, tmp_path, **HEARTBEAT) as (worker, _):
            pool_child, ffmpeg = wait_for(
                lambda: list(encode_scratch.glob(".video.*.partial.mp4")) and encoding_ffmpeg(worker.pid),
                timeout=120, interval=0.05)
            os.kill(worker.pid, signal.SIGKILL)
            pool_child.send_signal(signal.SIGKILL)
        assert not object_store().exists(f"videos/{video_id}/video.mp4")   # nothing half-made reached the bucket
        job = job_of(db, job_id)
        assert job.claimed_stage == "video_assembly" and job.status == "running"
        wait_for(lambda: job_of(db, job_id).claimed_at.timestamp() < time.time() - 6, timeout=15)

        with host(app_config, "render", s3_settings, second, tmp_path, **HEARTBEAT):
            assert recover_stuck_jobs() == 1
            wait_for(lambda: job_of(db, job_id).status in ("completed", "failed"), timeout=180,
                     describe=lambda: job_of(db, job_id).status)

    job = job_of(db, job_id)
    assert job.status == "completed" and job.video.status == "published", job.error_message
    assert job.stage_attempts["video_assembly"] == 2
    charges = db.session.scalar(select(func.count()).select_from(CostEntry).where(
        CostEntry.job_id == job.id, CostEntry.stage == "video_assembly"))
    assert charges == 1
    assert object_store().exists(f"videos/{video_id}/video.mp4")
    assert files_under(second) == []     # the replacement's scratch folders were removed after each stage
