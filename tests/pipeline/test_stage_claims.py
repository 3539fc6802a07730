"""Stage claims: a stage delivered twice runs once; a stage whose worker keeps dying fails the job."""
import uuid
from datetime import timedelta

import pytest
from celery.exceptions import Ignore

from tasks.pipeline import run_pipeline_stage
from tests.workers import celery_worker, queue_length, wait_for
from ytempire.common.timeutil import utcnow
from ytempire.pipeline import lifecycle, runner
from ytempire.pipeline.recovery import recover_stuck_jobs, stuck_jobs
from ytempire.pipeline.outcomes import StageFailed, StageSkipped
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.models import GenerationJob


def job_of(db, receipt):
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))


def claimed_by_another_delivery(db, receipt, stage="script_generation", age=timedelta(seconds=5)):
    """The job as a delivery running `stage` on another worker leaves it."""
    job = job_of(db, receipt)
    job.status, job.current_stage = "running", stage
    job.claimed_stage, job.claimed_at, job.claim_token = stage, utcnow() - age, uuid.uuid4()
    job.heartbeat_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    return job


def count_calls(monkeypatch, stage):
    calls = []
    original = runner.STEPS[stage]
    monkeypatch.setitem(runner.STEPS, stage, lambda job: (calls.append(job.id), original(job)))
    return calls


class FakeTask:
    """What run_pipeline_stage reads from a bound Celery task."""

    def __init__(self, task_id=None):
        self.request = type("Request", (), {"id": task_id or str(uuid.uuid4()), "hostname": "test@host",
                                            "retries": 0})()


def test_a_duplicate_delivery_while_the_stage_is_claimed_is_skipped_without_running_it(db, request_video,
                                                                                     monkeypatch):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt)
    calls = count_calls(monkeypatch, "script_generation")
    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "script_generation", task_id=str(uuid.uuid4()))
    assert calls == []
    job = job_of(db, receipt)
    assert job.stages_completed == [] and job.stage_attempts == {}


def test_a_duplicate_task_delivery_raises_ignore_so_its_chain_stops(db, request_video, monkeypatch):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt)
    calls = count_calls(monkeypatch, "script_generation")
    with pytest.raises(Ignore):
        run_pipeline_stage(FakeTask(), receipt["job_id"], "script_generation")
    assert calls == []


def test_a_delivery_for_a_finished_stage_raises_ignore(db, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    with pytest.raises(Ignore):
        run_pipeline_stage(FakeTask(), receipt["job_id"], "script_generation")
    assert job_of(db, receipt).stages_completed == ["script_generation"]


def test_a_claim_older_than_the_stage_hard_limit_is_taken_over(db, request_video):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt, age=timedelta(seconds=181))  # script_generation's hard limit is 180 s
    assert run_stage(receipt["job_id"], "script_generation", task_id=str(uuid.uuid4())) == "done"
    job = job_of(db, receipt)
    assert job.stages_completed == ["script_generation"] and job.claimed_stage is None


def test_the_same_task_redelivered_after_its_worker_died_takes_over_its_own_claim(db, request_video):
    receipt = request_video()
    task_id = str(uuid.uuid4())
    # The claim of this very message, whose worker was killed: its heartbeat stopped over a minute ago.
    job = claimed_by_another_delivery(db, receipt, age=timedelta(seconds=61))
    job.claim_token = uuid.UUID(task_id)
    db.session.commit()
    assert run_stage(receipt["job_id"], "script_generation", task_id=task_id) == "done"


def fail_after_lost_workers(db, receipt):
    """Every earlier delivery claimed script_generation and then lost its worker (killed for memory)."""
    job = job_of(db, receipt)
    job.stage_attempts = {"script_generation": job.max_retries + 1}
    db.session.commit()
    with pytest.raises(StageFailed):
        run_stage(receipt["job_id"], "script_generation", task_id=str(uuid.uuid4()))


def test_a_stage_claimed_more_than_max_retries_plus_one_times_fails_the_job(db, user, request_video):
    receipt = request_video()
    fail_after_lost_workers(db, receipt)
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["status"] == "failed" and status["error"]["stage"] == "script_generation"
    assert "started 5 times without finishing" in status["error"]["message"]
    assert job_of(db, receipt).claimed_stage is None


def test_a_user_retry_after_exhausted_attempts_runs_the_stage_again(db, user, request_video):
    receipt = request_video()
    fail_after_lost_workers(db, receipt)
    assert user.post(f"/api/v1/videos/{receipt['video_id']}/retry").status_code == 202
    assert run_stage(receipt["job_id"], "script_generation") == "done"


def test_each_claim_counts_an_attempt_and_completion_releases_the_claim(db, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    job = job_of(db, receipt)
    assert job.stage_attempts == {"script_generation": 1}
    assert (job.claimed_stage, job.claimed_at, job.claim_token) == (None, None, None)


def test_a_transient_error_hands_the_claim_back_for_the_retry(db, request_video, monkeypatch):
    from ytempire.common.provider_errors import TransientProviderError

    receipt = request_video()

    def overloaded(job):
        raise TransientProviderError("provider overloaded")

    monkeypatch.setitem(runner.STEPS, "script_generation", overloaded)
    with pytest.raises(TransientProviderError):
        run_stage(receipt["job_id"], "script_generation")
    assert job_of(db, receipt).claimed_stage is None
    monkeypatch.undo()
    assert run_stage(receipt["job_id"], "script_generation") == "done"


def test_recovery_does_not_resend_a_job_whose_stage_is_freshly_claimed(db, request_video):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt)
    assert stuck_jobs() == []
    db.session.rollback()
    assert recover_stuck_jobs() == 0


def test_recovery_resends_a_job_whose_claim_outlived_the_hard_limit(db, request_video):
    receipt = request_video()
    claimed_by_another_delivery(db, receipt, age=timedelta(seconds=181))
    assert recover_stuck_jobs() == 1


def test_stages_completed_stays_free_of_duplicates(db, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    job = lifecycle.lock_job(uuid.UUID(receipt["job_id"]))
    lifecycle.finish_stage(job, "script_generation")
    assert job_of(db, receipt).stages_completed == ["script_generation"]


@pytest.mark.broker
def test_two_chains_for_one_job_run_each_stage_once_and_send_one_chain_onwards(app, app_config, tmp_path, db, user,
                                                                              request_video):
    receipt = request_video(duration=15, publish="manual")
    lifecycle.reopen(job_of(db, receipt))  # recovery re-sent the job while its first chain was still queued
    # Both chains' first messages wait in the queue (a broker may route the second a moment later).
    wait_for(lambda: queue_length(app, "ai") == 2, timeout=10, describe=lambda: queue_length(app, "ai"))
    with celery_worker(app_config, "ai", tmp_path, concurrency=2) as (_, log_path):
        # The next stage's message is sent after the task returns, a moment after its row commits.
        wait_for(lambda: "voice_synthesis" in job_of(db, receipt).stages_completed and queue_length(app, "ai") == 0
                 and queue_length(app, "render") >= 1
                 and log_path.read_text().count('"state": "IGNORED"') >= 1, timeout=240,
                 describe=lambda: (job_of(db, receipt).stages_completed, log_path.read_text()[-2000:]))
    job = job_of(db, receipt)
    assert job.stages_completed == ["script_generation", "content_optimization", "voice_synthesis"]
    assert all(count == 1 for count in job.stage_attempts.values()), job.stage_attempts
    # Only the chain that ran the stages went on: one video_assembly message waits for a render worker.
    assert queue_length(app, "render") == 1


class RetryingTask(FakeTask):
    """A bound task whose retry() records the countdown it was asked for."""

    def retry(self, exc=None, countdown=None, max_retries=None):
        self.countdown = countdown
        return Exception("retry requested")


def test_a_provider_retry_after_longer_than_the_visibility_timeout_is_clamped(app, db, request_video, monkeypatch):
    from ytempire.common.provider_errors import TransientProviderError

    receipt = request_video()
    visibility = app.extensions["celery"].conf.broker_transport_options["visibility_timeout"]

    def rate_limited_for_a_day(job):
        error = TransientProviderError("429 Too Many Requests")
        error.retry_after = 86_400
        raise error

    monkeypatch.setitem(runner.STEPS, "script_generation", rate_limited_for_a_day)
    task = RetryingTask()
    with pytest.raises(Exception, match="retry requested"):
        run_pipeline_stage(task, receipt["job_id"], "script_generation")
    assert task.countdown == 600 and task.countdown < visibility


def test_a_short_provider_retry_after_is_honoured(app, monkeypatch):
    monkeypatch.setitem(app.config, "PIPELINE_RETRY_BASE_SECONDS", 0.01)
    with app.app_context():
        assert runner.retry_countdown(0, 45) == 45
        assert runner.retry_countdown(0, None) <= 0.01
