"""Build and enqueue a job's Celery chain: one immutable signature per remaining stage.

Signatures are built by task name through the bound Celery app, so the API never imports
`tasks` (DESIGN.md §2). Task ids are chosen here and stored on the job before sending, so a
cancel can revoke them.
"""
from __future__ import annotations

import uuid

from celery import chain
from flask import current_app

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline.jobs import remaining_stages

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
    celery = current_app.extensions["celery"]
    if job.task_ids:
        try:
            celery.control.revoke(list(job.task_ids), terminate=False)
        except Exception:  # noqa: BLE001 - tasks also check the job's status, revoke is a courtesy
            pass
