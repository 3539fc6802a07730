"""Build and enqueue a job's Celery chain: one immutable signature per remaining stage.

Signatures are built by task name through the bound Celery app, so the API never imports
`tasks` (DESIGN.md §2). Task ids are chosen here and stored on the job before sending, so a
cancel can revoke them.
"""
from __future__ import annotations

import uuid

import structlog
from celery import chain
from flask import current_app

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline import claims
from ytempire.pipeline.jobs import remaining_stages

log = structlog.get_logger(__name__)

RENDER_STAGES = ("video_assembly", "thumbnail_creation")


def queue_for(stage: str, use_gpu: bool) -> str:
    routes = current_app.extensions["celery"].conf.task_routes
    if stage in RENDER_STAGES and use_gpu and current_app.config.get("GPU_WORKER_ENABLED"):
        return "render_gpu"
    return routes[f"pipeline.{stage}"]["queue"]


def build_chain(job):
    celery = current_app.extensions["celery"]
    signatures, task_ids = [], []
    for stage in remaining_stages(job):
        task_id = str(uuid.uuid4())
        task_ids.append(task_id)
        signatures.append(celery.signature(f"pipeline.{stage}", args=(str(job.id),), immutable=True,
                                           queue=queue_for(stage, job.use_gpu), task_id=task_id))
    return chain(*signatures), task_ids


def enqueue_jobs(jobs) -> None:
    """Commit the jobs with their task ids, then send their chains (commit before enqueue).

    If sending fails after the commit, the rows stay `pending` and beat's recovery re-sends them.
    """
    workflows = []
    for job in jobs:
        workflow, task_ids = build_chain(job)
        job.task_ids = task_ids
        job.enqueued_at = utcnow()
        if task_ids:
            workflows.append(workflow)
    db.session.commit()
    for workflow in workflows:
        workflow.apply_async()


def enqueue_job(job) -> None:
    enqueue_jobs([job])


def revoke_job_tasks(job) -> None:
    """Revoke the job's queued stages and stop the one running now (the video is being deleted).

    Only the running stage's own task id (its claim token) is terminated, with SIGTERM. Celery
    warns that a pool process may have moved on to another task by the time the signal lands; here
    that costs nothing lasting: acks_late with reject_on_worker_lost re-delivers the killed task,
    whose same-id claim lets it run again, and every stage is idempotent. Revoking is a courtesy:
    tasks also check the job's status, so a failure to reach the broker is ignored.
    """
    celery = current_app.extensions["celery"]
    try:
        if job.task_ids:
            celery.control.revoke(list(job.task_ids), terminate=False)
        if job.claim_token and claims.is_live(job):
            celery.control.revoke(str(job.claim_token), terminate=True, signal="SIGTERM")
    except Exception:  # noqa: BLE001 - see the docstring
        log.warning("revoke_failed", job_id=str(job.id))
