"""Run one stage of one job: the state machine around a step, shared by every stage task."""
from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import structlog
from flask import current_app

from ytempire.accounting.costs import ensure_within_budget
from ytempire.celery_binding import get_celery, redelivery_timeout
from ytempire.common.provider_errors import PermanentProviderError
from ytempire.errors import APIError
from ytempire.extensions import db
from ytempire.pipeline import claims, lifecycle
from ytempire.pipeline.budget import ensure_fleet_budget
from ytempire.common.infrastructure_errors import TRANSIENT_INFRASTRUCTURE_ERRORS
from ytempire.common.timeutil import utcnow
from ytempire.pipeline import heartbeat, scratch
from ytempire.pipeline.storage import remove_video_files
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.progress import stage_span
from ytempire.pipeline.outcomes import StageDeferred, StageFailed, StageSkipped
from ytempire.pipeline.stages import PIPELINE, progress_before, stage_named
from ytempire.pipeline.outcomes import StageHeld

log = structlog.get_logger(__name__)
MAX_RETRY_COUNTDOWN_SECONDS = 600.0
# Each stage's step by name (tests swap one for a fake).
STEPS = {stage.name: stage.step for stage in PIPELINE}


def is_retryable(stage: str, error: BaseException) -> bool:
    return isinstance(error, stage_named(stage).retry_on)


def run_stage(job_id, stage: str, worker_id: str | None = None, task_id: str | None = None) -> str:
    """Run `stage` for the job; 'done'. The stage's retryable errors propagate for a retry.

    `task_id` is the delivering task's id: it names the claim, so only one delivery runs the stage.
    """
    token = claims.claim_token(task_id)
    with heartbeat.keep_alive(job_id, token):
        return _run_claimed(job_id, stage, worker_id, token)


def _run_claimed(job_id, stage: str, worker_id: str | None, token) -> str:
    retryable = stage_named(stage).retry_on
    job = _claim(job_id, stage, token)
    video_id = job.video_id
    scratch.remove_leftovers(video_id)  # of an earlier attempt whose worker died
    structlog.contextvars.bind_contextvars(job_id=str(job.id), video_id=str(video_id), stage=stage)
    lifecycle.start_stage(job, stage, worker_id)
    try:
        estimate = Decimal((job.cost_breakdown or {}).get(stage, "0"))
        ensure_fleet_budget(estimate)
        ensure_within_budget(job.video_id, estimate)
        with stage_span(job, stage, progress_before(stage), stage_named(stage).progress_after):
            STEPS[stage](job)
        db.session.commit()
    except retryable:
        db.session.rollback()
        _release(job_id, token)
        raise
    except TRANSIENT_INFRASTRUCTURE_ERRORS:  # PostgreSQL or Redis restarting: the task retries, the job goes on
        _hand_back_quietly(job_id, token)
        raise
    except StageDeferred as deferral:
        db.session.rollback()
        _defer(job_id, stage, deferral)
        raise
    except StageHeld as held:
        db.session.rollback()
        _hold(job_id, stage, held)
        raise
    except (PermanentProviderError, APIError) as error:
        db.session.rollback()
        _fail(job_id, stage, str(error), {"type": type(error).__name__, "code": getattr(error, "code", None)})
        raise StageFailed(str(error)) from error
    except Exception as error:  # a bug or a broken tool still must fail the job visibly
        db.session.rollback()
        log.exception("stage_crashed")
        _fail(job_id, stage, f"{stage} failed: {type(error).__name__}: {error}"[:1000],
              {"type": type(error).__name__})
        raise StageFailed(str(error)) from error
    job = lifecycle.lock_job(job_id)
    if job is None:  # deleted while we worked: do not leave files behind
        db.session.rollback()
        remove_video_files(video_id)
        raise StageSkipped("job deleted during the stage")
    if job.status == "cancelled":
        db.session.rollback()
        raise StageSkipped("job cancelled during the stage")
    if job.claim_token != token:  # our claim went silent (no heartbeat) and was taken over
        db.session.rollback()
        raise StageSkipped(f"{stage} was taken over by another delivery")
    lifecycle.finish_stage(job, stage)
    log.info("stage_completed")
    return "done"


def _claim(job_id, stage: str, token) -> GenerationJob:
    """Lock the job and claim `stage`, or stop this delivery (StageSkipped / StageFailed).

    A duplicate delivery (the stage is done, or another delivery holds a live claim) stops
    without running anything. A stage claimed more often than its retries allow has lost its
    worker again and again (e.g. killed for memory): the job fails instead of looping.
    """
    job = lifecycle.lock_job(job_id)
    if job is None or job.status in lifecycle.TERMINAL_JOB_STATUSES:
        db.session.rollback()
        raise StageSkipped(f"job {job_id} is {'gone' if job is None else job.status}")
    if stage not in (job.stages or []):   # e.g. the user scheduled the upload while the job ran
        db.session.rollback()
        raise StageSkipped(f"{stage} is no longer part of the job")
    if stage in (job.stages_completed or []):
        db.session.rollback()
        log.info("duplicate_delivery_skipped", job_id=str(job_id), stage=stage, reason="stage done")
        raise StageSkipped(f"{stage} is already done")
    if claims.held_by_other(job, token):
        claimed_stage = job.claimed_stage
        db.session.rollback()
        log.info("duplicate_delivery_skipped", job_id=str(job_id), stage=stage, claimed_stage=claimed_stage)
        raise StageSkipped(f"{claimed_stage} is being run by another delivery")
    attempts = claims.claim(job, stage, token)
    if attempts > job.max_retries + 1:
        message = (f"{stage} was started {attempts} times without finishing (its worker was lost each time, "
                   f"e.g. killed for running out of memory); giving up")
        lifecycle.fail(job, stage, message, {"type": "StageAttemptsExhausted", "attempts": attempts})
        raise StageFailed(message)
    return job


def _release(job_id, token) -> None:
    """Hand the claim back so the task's retry (or recovery) can run the stage again."""
    job = lifecycle.lock_job(job_id)
    if job is not None and job.claim_token == token:
        claims.release(job)
        db.session.commit()
    else:
        db.session.rollback()


def _hand_back_quietly(job_id, token) -> None:
    """Release the claim if PostgreSQL answers; if not, the claim's heartbeat has stopped and it expires."""
    try:
        db.session.rollback()
        _release(job_id, token)
    except TRANSIENT_INFRASTRUCTURE_ERRORS:
        db.session.rollback()
        log.warning("claim_release_failed", job_id=str(job_id))


def fail_after_retries(job_id, stage: str, error: Exception) -> None:
    """Transient errors that outlived the job's retries fail it with the last error."""
    _fail(job_id, stage, f"{stage} failed after retries: {error}"[:1000], {"type": type(error).__name__,
                                                                          "transient": True})


def _fail(job_id, stage: str, message: str, details: dict) -> None:
    job = lifecycle.lock_job(job_id)
    if job is not None and job.status not in lifecycle.TERMINAL_JOB_STATUSES:
        lifecycle.fail(job, stage, message, details)
    else:
        db.session.rollback()


def _defer(job_id, stage: str, deferral: StageDeferred) -> None:
    job = lifecycle.lock_job(job_id)
    if job is None or job.status in lifecycle.TERMINAL_JOB_STATUSES:
        db.session.rollback()
        return
    lifecycle.defer(job, stage, deferral.until, deferral.reason)


def _hold(job_id, stage: str, held: StageHeld) -> None:
    job = lifecycle.lock_job(job_id)
    if job is None or job.status in lifecycle.TERMINAL_JOB_STATUSES:
        db.session.rollback()
        return
    lifecycle.hold_for_review(job, stage, held.result)


def record_retry(job_id, countdown: float = 0) -> int:
    """Count a retry; the job's heartbeat points at the retry's time, so recovery does not send it early."""
    job = lifecycle.lock_job(job_id)
    if job is None:
        db.session.rollback()
        return 0
    job.retry_count += 1
    job.heartbeat_at = utcnow() + timedelta(seconds=countdown)
    db.session.commit()
    return job.max_retries


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with full jitter, capped well below the broker's visibility timeout."""
    base = current_app.config["PIPELINE_RETRY_BASE_SECONDS"]
    return random.uniform(0, min(300.0, base * (2 ** attempt)))


def retry_countdown(attempt: int, retry_after: float | None) -> float:
    """Our backoff, or the provider's Retry-After (429/503) when it asks for longer, but clamped.

    On Redis a retry waits as an ETA message held unacknowledged by a worker, and one held past the
    visibility timeout is delivered again to another worker, so a long Retry-After would run the
    stage twice. RabbitMQ keeps the countdown in its delayed-delivery queues, but a delivery held
    past its consumer timeout is likewise handed on. Ten minutes, never more than half that timeout.
    """
    ceiling = min(MAX_RETRY_COUNTDOWN_SECONDS, redelivery_timeout(get_celery(current_app)) / 2)
    return min(ceiling, max(backoff_seconds(attempt), retry_after or 0))
