"""Stage claims: at most one delivery runs a job's stage at a time.

The broker may hand a stage over more than once: beat's recovery re-sends a job that waits in a
queue, `reject_on_worker_lost` re-delivers a task whose worker died, and Redis restores an unacked
message after its visibility timeout. PostgreSQL decides which delivery runs: the first one claims
the job row; any other finds a live claim (or the stage done) and stops its chain.

A claim is a lease: the running stage renews `claimed_at` every few seconds from a thread beside
the work (heartbeat.py). One not renewed for STAGE_HEARTBEAT_TIMEOUT_SECONDS has lost its worker,
whatever the stage's time limit, and may be taken over, also by a re-delivery of the same message.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app

from ytempire.common.timeutil import utcnow
from ytempire.pipeline.models import GenerationJob


def heartbeat_timeout() -> timedelta:
    return timedelta(seconds=current_app.config["STAGE_HEARTBEAT_TIMEOUT_SECONDS"])


def claim_token(task_id: str | None) -> uuid.UUID:
    """The delivering task's id: the heartbeat renews only the claim it names."""
    try:
        return uuid.UUID(str(task_id))
    except ValueError:
        return uuid.uuid4()


def held_by_other(job: GenerationJob, token: uuid.UUID, now: datetime | None = None) -> bool:
    """A live claim stands in the way of this delivery.

    Also when it carries our own task id: Redis re-delivers a message whose run is still going
    (visibility timeout, a duplicate), and two runs of one render must never overlap. A run that
    ended hands its claim back (or its heartbeat stops), so a real retry is never blocked for long.
    """
    return is_live(job, now)


def is_live(job: GenerationJob, now: datetime | None = None) -> bool:
    """The job's claim was renewed recently enough that its worker is still there."""
    if not job.claimed_stage or job.claimed_at is None:
        return False
    return job.claimed_at > (now or utcnow()) - heartbeat_timeout()


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
