"""Stuck-job recovery (transactional-outbox style): PostgreSQL says what should be running.

A job committed but never started (broker was down when the API enqueued), or one whose worker
died mid-stage (its claim's heartbeat stopped), is re-enqueued from its first unfinished stage. A job whose stage is claimed by a
delivery that may still be alive (claims.py) is left alone, and so is one whose next stage's
queue has no live consumer while other workers answer: it is waiting for a worker, not stuck, and
sending it again every few minutes would only pile copies into that queue. Any copy that does get
sent is a no-op (the stage claim), and finished stages are skipped by their stored artefacts and
unique cost keys, so nothing is redone or charged twice.
"""
from __future__ import annotations

from datetime import timedelta

import structlog
from flask import current_app
from sqlalchemy import and_, or_, select

from ytempire.common.infrastructure_errors import TRANSIENT_INFRASTRUCTURE_ERRORS
from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.celery_binding import get_celery
from ytempire.pipeline import claims, lifecycle
from ytempire.pipeline.workflow import queue_for
from ytempire.pipeline.models import GenerationJob

log = structlog.get_logger(__name__)


def stuck_jobs():
    now = utcnow()
    pending_grace = timedelta(seconds=current_app.config["STUCK_PENDING_SECONDS"])
    running_grace = timedelta(seconds=current_app.config["STUCK_RUNNING_SECONDS"])
    candidates = db.session.scalars(select(GenerationJob).where(or_(
        and_(GenerationJob.status == "pending", GenerationJob.enqueued_at < now - pending_grace,
             or_(GenerationJob.deferred_until.is_(None), GenerationJob.deferred_until < now)),
        and_(GenerationJob.status == "running", or_(GenerationJob.heartbeat_at < now - running_grace,
                                                    GenerationJob.claimed_at < now - claims.heartbeat_timeout())),
        # Between stages (nothing claimed) for a while: its next message may have been lost (below).
        and_(GenerationJob.status == "running", GenerationJob.claimed_stage.is_(None),
             GenerationJob.heartbeat_at < now - claims.heartbeat_timeout()),
    )).with_for_update(skip_locked=True)).all()
    return [job for job in candidates if not claims.is_live(job, now)]


def _may_be_queued(job, sizes: dict) -> bool:
    """A job between stages whose next queue holds messages may simply be waiting its turn there.

    Its next stage's message is lost when the broker went away as the last stage finished (the
    chain could not send it) or restarted without its data: then the queue is empty and nothing
    is claimed, so the job is sent again a minute after its last stage instead of after
    STUCK_RUNNING_SECONDS. A busy queue gets the benefit of the doubt until then.
    """
    running_grace = timedelta(seconds=current_app.config["STUCK_RUNNING_SECONDS"])
    if job.status != "running" or job.claimed_stage or job.heartbeat_at < utcnow() - running_grace:
        return False
    stages = job.remaining_stages()
    if not stages:
        return False
    queue = queue_for(stages[0], job.use_gpu)
    if queue not in sizes:
        sizes[queue] = queue_size(queue)
    return sizes[queue] != 0


def queue_size(queue: str) -> int | None:
    """Messages waiting in a broker queue; None when the broker does not answer."""
    try:
        with get_celery(current_app).connection_for_read() as connection:
            try:
                return connection.default_channel.queue_declare(queue=queue, passive=True).message_count
            except connection.channel_errors:  # Redis keeps no empty list: "no such queue" means empty
                return 0
    except TRANSIENT_INFRASTRUCTURE_ERRORS:
        return None


WORKER_REPLY_SECONDS = 1.0


def queues_with_workers() -> set[str] | None:
    """Queues some live worker consumes; None when no worker answers (then we cannot tell).

    After a broker restart the pooled connection is stale and the first broadcast fails on it
    (the failure drops it); the second one reconnects. If that fails too, we cannot tell either.
    """
    replies = None
    for _ in range(2):
        try:
            inspect = get_celery(current_app).control.inspect(timeout=WORKER_REPLY_SECONDS)
            replies = inspect.active_queues() or {}
            break
        except TRANSIENT_INFRASTRUCTURE_ERRORS as error:
            log.warning("worker_inspect_failed", error=f"{type(error).__name__}: {error}"[:300])
    if not replies:
        return None
    return {queue["name"] for queues in replies.values() for queue in queues or ()}


def _waits_for_a_worker(job, consumed: set[str] | None) -> bool:
    stages = job.remaining_stages()
    return consumed is not None and bool(stages) and queue_for(stages[0], job.use_gpu) not in consumed


def recover_stuck_jobs() -> int:
    recovered = 0
    jobs = stuck_jobs()
    consumed = queues_with_workers() if jobs else None  # the broadcast costs up to a second: only when needed
    sizes: dict[str, int | None] = {}
    for job in jobs:
        if _waits_for_a_worker(job, consumed) or _may_be_queued(job, sizes):
            continue
        lifecycle.reopen(job)
        recovered += 1
    db.session.commit()
    return recovered
