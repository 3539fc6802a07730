"""Stuck-job recovery (transactional-outbox style): PostgreSQL says what should be running.

A job committed but never started (broker was down when the API enqueued), or one whose worker
died mid-stage, is re-enqueued from its first unfinished stage. A job whose stage is claimed by a
delivery that may still be alive (claims.py) is left alone. A job that only waits in a queue is
sent again; the stage claim makes the extra delivery a no-op, and finished stages are skipped
by their stored artefacts and unique cost keys, so nothing is redone or charged twice.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline import claims
from ytempire.pipeline.workflow import enqueue_job
from ytempire.videos.models import GenerationJob


def stuck_jobs():
    now = utcnow()
    pending_grace = timedelta(seconds=current_app.config.get("STUCK_PENDING_SECONDS", 600))
    running_grace = timedelta(seconds=current_app.config.get("STUCK_RUNNING_SECONDS", 2700))
    candidates = db.session.scalars(select(GenerationJob).where(or_(
        and_(GenerationJob.status == "pending", GenerationJob.enqueued_at < now - pending_grace,
             or_(GenerationJob.deferred_until.is_(None), GenerationJob.deferred_until < now)),
        and_(GenerationJob.status == "running", GenerationJob.heartbeat_at < now - running_grace),
    )).with_for_update(skip_locked=True)).all()
    return [job for job in candidates if not claims.is_live(job, now)]


def recover_stuck_jobs() -> int:
    recovered = 0
    for job in stuck_jobs():
        job.status = "pending"
        job.video.status = "queued"
        enqueue_job(job)
        recovered += 1
    db.session.commit()
    return recovered
