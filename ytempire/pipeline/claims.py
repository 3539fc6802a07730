"""Stage claims: at most one delivery runs a job's stage at a time.

The broker may hand a stage over more than once: beat's recovery re-sends a job that waits in a
queue, and `reject_on_worker_lost` re-delivers a task whose worker died. PostgreSQL decides which
delivery runs: the first one claims the job row; any other finds a live claim (or the stage done)
and stops its chain. A claim older than the stage's hard time limit belongs to a dead worker,
because Celery kills a task at that limit, so it may be taken over.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from ytempire.common.timeutil import utcnow
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.stages import stage_named


def stage_hard_limit(stage: str) -> timedelta:
    """The stage's hard time limit: Celery kills a run at it, so no live run of the stage is older."""
    return timedelta(seconds=stage_named(stage).time_limit)


def claim_token(task_id: str | None) -> uuid.UUID:
    """The delivering task's id, so a re-delivery of the same message may take over its own claim."""
    try:
        return uuid.UUID(str(task_id))
    except ValueError:
        return uuid.uuid4()


def held_by_other(job: GenerationJob, token: uuid.UUID, now: datetime | None = None) -> bool:
    """Another delivery holds a live claim on the job.

    The same task id re-delivered means its earlier run is over (worker lost, or a retry), so
    its own claim never blocks it.
    """
    return job.claim_token != token and is_live(job, now)


def is_live(job: GenerationJob, now: datetime | None = None) -> bool:
    """The job's claim may still have a worker behind it."""
    if not job.claimed_stage or job.claimed_at is None:
        return False
    return job.claimed_at > (now or utcnow()) - stage_hard_limit(job.claimed_stage)


def claim(job: GenerationJob, stage: str, token: uuid.UUID) -> int:
    """Claim `stage` on the locked job row and count the attempt; the attempt number."""
    attempts = dict(job.stage_attempts or {})
    attempts[stage] = attempts.get(stage, 0) + 1
    job.stage_attempts = attempts
    job.claimed_stage, job.claimed_at, job.claim_token = stage, utcnow(), token
    return attempts[stage]


def release(job: GenerationJob) -> None:
    """Drop the job's claim (stage finished, failed, deferred or handed back for a retry)."""
    job.claimed_stage = job.claimed_at = job.claim_token = None


def reset_attempts(job: GenerationJob, stage: str) -> None:
    """A user's retry starts the stage's attempt count afresh."""
    attempts = dict(job.stage_attempts or {})
    attempts.pop(stage, None)
    job.stage_attempts = attempts
