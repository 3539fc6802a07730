"""Build and send a job's Celery chain: one immutable signature per remaining stage.

Signatures are built by task name through the bound Celery app, so the API never imports
`tasks`. Task ids are chosen here and stored on the job before sending, so a cancel can revoke
them. Status changes are not made here: pipeline/lifecycle.py calls `send_chains` from `queue`.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable

import structlog
from flask import current_app

from ytempire.celery_binding import get_celery, publish_options
from ytempire.common.timeutil import utcnow
from ytempire.pipeline import claims
from ytempire.pipeline.stages import stage_named

log = structlog.get_logger(__name__)


def queue_for(stage_name: str, use_gpu: bool) -> str:
    """The stage's queue; a `use_gpu` job's render stages go to the GPU queue when GPU workers exist."""
    stage = stage_named(stage_name)
    if stage.gpu_queue and use_gpu and current_app.config["GPU_WORKER_ENABLED"]:
        return stage.gpu_queue
    return stage.queue


def build_chain(job) -> tuple[list, list[str]]:
    """One signature per remaining stage, in order, and their task ids. `ignore_result`: the job's
    row holds every outcome, so no stage result is stored, and the sender does not subscribe to
    each task's result channel (two Redis round trips per enqueued video)."""
    celery = get_celery(current_app)
    signatures, task_ids = [], []
    for name in job.remaining_stages():
        task_id = str(uuid.uuid4())
        task_ids.append(task_id)
        signatures.append(celery.signature(stage_named(name).task_name, args=(str(job.id),), immutable=True,
                                           queue=queue_for(name, job.use_gpu), task_id=task_id,
                                           ignore_result=True))
    return signatures, task_ids


def send_chain(signatures: list) -> None:
    """Send the first stage's task with the others as its message's `chain`: the remaining
    signatures, the next one last, which the worker sends on after each stage (Celery's message
    protocol 2). That is what `chain(*signatures).apply_async()` puts on the broker; building it
    here skips the canvas' cloning and freezing of every signature, a third of an enqueue's CPU."""
    first, *rest = signatures
    first.apply_async(chain=rest[::-1], root_id=first.options["task_id"], **publish_options(first.app))


def send_chains(jobs, commit: Callable[[], None]) -> None:
    """Store each job's task ids, `commit`, then send the chains (commit before enqueue)."""
    workflows = []
    for job in jobs:
        signatures, task_ids = build_chain(job)
        job.task_ids = task_ids
        job.enqueued_at = utcnow()
        if signatures:
            workflows.append(signatures)
    commit()
    for signatures in workflows:
        send_chain(signatures)


def revoke_job_tasks(job) -> None:
    """Revoke the job's queued stages and stop the one running now (the video is being deleted).

    Only the running stage's own task id (its claim token) is terminated, with SIGTERM. Celery
    warns that a pool process may have moved on to another task by the time the signal lands; here
    that costs nothing lasting: acks_late with reject_on_worker_lost re-delivers the killed task,
    whose same-id claim lets it run again, and every stage is idempotent. Revoking is a courtesy:
    tasks also check the job's status, so a failure to reach the broker is only logged.
    """
    celery = get_celery(current_app)
    try:
        if job.task_ids:
            celery.control.revoke(list(job.task_ids), terminate=False)
        if job.claim_token and claims.is_live(job):
            celery.control.revoke(str(job.claim_token), terminate=True, signal="SIGTERM")
    except Exception:  # noqa: BLE001 - see the docstring: the job status already stops its tasks
        log.warning("revoke_failed", job_id=str(job.id))
