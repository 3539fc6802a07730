"""A dead worker costs a job a minute or two: claims are leases kept alive by a heartbeat thread,
a stage never runs twice at once, leftovers of a dead attempt are removed, and our own services
restarting are retried, never a failed job."""
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from tests.workers import queue_length
from sqlalchemy import create_engine, select, text

from tasks.pipeline import run_pipeline_stage
from tasks.schedules import clean_storage_task
from tests.pipeline.test_stage_claims import FakeTask, claimed_by_another_delivery, count_calls, job_of
from tests.pipeline.test_stage_claims import RetryingTask as CountdownTask
from ytempire.common import infrastructure_errors
from ytempire.common.timeutil import utcnow
from ytempire.pipeline import runner
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.recovery import recover_stuck_jobs, stuck_jobs
from ytempire.pipeline.runner import StageSkipped, run_stage


class RetryingTask(CountdownTask):
    """Also records the error the retry was asked for."""

    def retry(self, exc=None, countdown=None, max_retries=None):
        self.retried_for = exc
        return super().retry(exc, countdown, max_retries)


def test_a_running_stage_renews_its_claim_and_heartbeat_while_the_work_runs(app, db, request_video, monkeypatch):
    monkeypatch.setitem(app.config, "STAGE_HEARTBEAT_INTERVAL_SECONDS", 0.2)
    receipt = request_video()
    seen, working = [], threading.Event()
    observer = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # another process's view of the row

    def slow_step(job):
        working.set()
        for _ in range(8):
            time.sleep(0.25)
            with observer.connect() as connection:
                seen.append(connection.execute(select(GenerationJob.claimed_at, GenerationJob.heartbeat_at).where(
                    GenerationJob.id == job.id)).one())

    monkeypatch.setitem(runner.STEPS, "script_generation", slow_step)
    assert run_stage(receipt["job_id"], "script_generation", task_id=str(uuid.uuid4())) == "done"
    observer.dispose()
    claimed, beats = {row.claimed_at for row in seen}, {row.heartbeat_at for row in seen}
    assert working.is_set() and len(claimed) >= 4 and len(beats) >= 4, seen
    assert seen[-1].claimed_at - seen[0].claimed_at >= timedelta(seconds=1)
    # The heartbeat stops with the stage: the released claim is not renewed back to life.
    time.sleep(0.6)
    assert job_of(db, receipt).claimed_stage is None and job_of(db, receipt).claimed_at is None


def test_a_claim_whose_heartbeat_stopped_a_minute_ago_is_dead_whatever_the_stage_hard_limit(db, request_video):
    receipt = request_video()
    job = claimed_by_another_delivery(db, receipt, stage="video_assembly", age=timedelta(seconds=61))
    job.heartbeat_at = job.claimed_at  # the worker renewed both until it was killed, 61 s ago
    db.session.commit()
    assert [j.id for j in stuck_jobs()] == [job.id]  # video_assembly's hard limit is 2,100 s
    db.session.rollback()
    assert recover_stuck_jobs() == 1
    job = job_of(db, receipt)
    assert job.status == "pending" and job.enqueued_at > utcnow() - timedelta(seconds=10)
    assert recover_stuck_jobs() == 0  # sent once: the copy now waits in its queue


def test_the_same_task_redelivered_while_its_claim_still_heartbeats_does_not_run_the_stage_again(
        db, request_video, monkeypatch):
    receipt = request_video()
    task_id = str(uuid.uuid4())
    job = claimed_by_another_delivery(db, receipt)
    job.claim_token = uuid.UUID(task_id)  # the original delivery of this very message, still renewing its claim
    db.session.commit()
    calls = count_calls(monkeypatch, "script_generation")
    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "script_generation", task_id=task_id)
    assert calls == []
    job = job_of(db, receipt)
    assert job.claim_token == uuid.UUID(task_id) and job.stage_attempts == {}


def plant_leftovers(app, video_id) -> list[Path]:
    """What a render killed mid-encode leaves: its half-written MP4 and its slide folder."""
    folder = Path(app.config["STORAGE_PATH"]) / str(video_id)
    slides = folder / "render" / "slides-dead1234"
    slides.mkdir(parents=True, exist_ok=True)
    (slides / "slide_0000.png").write_bytes(b"png")
    partial = folder / ".video.0123456789ab.partial.mp4"
    partial.write_bytes(b"half an mp4")
    tmp = folder / "metadata.json.tmp"
    tmp.write_text("{")
    return [partial, slides, tmp]


def test_the_next_attempt_removes_what_a_dead_attempt_left_behind(app, db, request_video):
    receipt = request_video()
    leftovers = plant_leftovers(app, receipt["video_id"])
    assert run_stage(receipt["job_id"], "script_generation") == "done"
    assert [path for path in leftovers if path.exists()] == []
    assert (Path(app.config["STORAGE_PATH"]) / receipt["video_id"] / "script.json").exists()


def test_storage_cleanup_removes_leftovers_from_the_folders_of_finished_jobs(app, db, request_video):
    running, finished = request_video(), request_video()
    running_leftovers = plant_leftovers(app, running["video_id"])
    finished_leftovers = plant_leftovers(app, finished["video_id"])
    job = job_of(db, finished)
    job.status, job.video.status, job.completed_at = "completed", "completed", utcnow()
    db.session.commit()
    clean_storage_task()
    assert [path for path in finished_leftovers if path.exists()] == []
    # A stage may be writing those files right now: only its next attempt may remove them.
    assert all(path.exists() for path in running_leftovers)


def test_a_lost_database_connection_inside_a_stage_is_retried_and_never_fails_the_job(app, db, request_video,
                                                                                       monkeypatch):
    receipt = request_video()

    def connection_killed(job):
        # What a PostgreSQL restart does to the stage's connection (admin shutdown), for real.
        db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    monkeypatch.setitem(runner.STEPS, "script_generation", connection_killed)
    task = RetryingTask()
    with pytest.raises(Exception, match="retry requested"):
        run_pipeline_stage(task, receipt["job_id"], "script_generation")
    assert task.countdown >= 5
    job = job_of(db, receipt)
    assert job.status == "running" and job.error_message is None and job.retry_count == 0
    assert job.claimed_stage is None  # handed back: the retry (same task id) may run at once
    monkeypatch.undo()
    assert run_stage(receipt["job_id"], "script_generation", task_id=task.request.id) == "done"


def test_a_serialization_failure_inside_a_stage_is_retried_and_never_fails_the_job(app, db, request_video,
                                                                                    monkeypatch):
    receipt = request_video()
    rival = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    def conflicting_update(job):
        db.session.commit()
        db.session.connection(execution_options={"isolation_level": "SERIALIZABLE"})
        db.session.execute(text("SELECT progress FROM generation_jobs WHERE id = :id"), {"id": job.id}).scalar()
        with rival.begin() as connection:  # another transaction changes what we read, and commits
            connection.execute(text("UPDATE generation_jobs SET progress = 1 WHERE id = :id"), {"id": job.id})
        db.session.execute(text("UPDATE generation_jobs SET progress = 2 WHERE id = :id"), {"id": job.id})

    monkeypatch.setitem(runner.STEPS, "script_generation", conflicting_update)
    task = RetryingTask()
    try:
        with pytest.raises(Exception, match="retry requested"):
            run_pipeline_stage(task, receipt["job_id"], "script_generation")
    finally:
        rival.dispose()
    assert "could not serialize access" in str(task.retried_for)
    job = job_of(db, receipt)
    assert job.status == "running" and job.error_message is None and job.claimed_stage is None


def test_a_connection_dropped_after_the_stage_committed_does_not_fail_the_task(app, db, request_video):
    """PostgreSQL stops just after the stage's commit: the task still returns, so its chain goes on."""
    receipt = request_video()
    with app.app_context():  # a task's own app context, as the worker gives it
        assert run_pipeline_stage(FakeTask(), receipt["job_id"], "script_generation") == "done"
        backend = db.session.execute(text("SELECT pg_backend_pid()")).scalar()  # a transaction is open again
        with create_engine(app.config["SQLALCHEMY_DATABASE_URI"]).connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        infrastructure_errors.close_session_quietly()
    # The context's teardown (which used to raise on the dead connection) passed; the next session works.
    assert job_of(db, receipt).stages_completed == ["script_generation"]


def between_stages(db, receipt, finished_ago: timedelta):
    """script_generation finished `finished_ago`; content_optimization is next and nothing is claimed."""
    job = job_of(db, receipt)
    job.status, job.stages_completed, job.current_stage = "running", ["script_generation"], "content_optimization"
    job.heartbeat_at = utcnow() - finished_ago
    db.session.commit()


def test_a_job_whose_next_stage_message_was_lost_is_sent_again_a_minute_later(app, db, request_video):
    """The broker went away as its last stage finished, so the chain could not send the next one."""
    receipt = request_video()
    app.extensions["redis"].delete("ai")  # the lost message
    between_stages(db, receipt, timedelta(seconds=61))
    assert recover_stuck_jobs() == 1
    assert queue_length(app, "ai") == 1
    assert recover_stuck_jobs() == 0


def test_a_job_between_stages_behind_a_busy_queue_is_left_waiting_there(app, db, request_video):
    receipt = request_video()  # its message waits in `ai`
    between_stages(db, receipt, timedelta(seconds=61))
    assert recover_stuck_jobs() == 0
    assert queue_length(app, "ai") == 1


def test_a_retry_waiting_for_its_countdown_is_not_sent_again_by_recovery(app, db, request_video, monkeypatch):
    from ytempire.common.provider_errors import TransientProviderError

    receipt = request_video()
    app.extensions["redis"].delete("ai")  # the retry waits in the worker's memory, not in the queue

    def rate_limited(job):
        error = TransientProviderError("429 Too Many Requests")
        error.retry_after = 300
        raise error

    monkeypatch.setitem(runner.STEPS, "script_generation", rate_limited)
    task = RetryingTask()
    with pytest.raises(Exception, match="retry requested"):
        run_pipeline_stage(task, receipt["job_id"], "script_generation")
    assert task.countdown == 300
    assert recover_stuck_jobs() == 0
