"""The job life-cycle: the only place that changes a generation job's or its video's status.

    create ─► pending ──start_stage──► running ──finish_stage──► (next stage) … ─► completed
                 ▲  ▲                    │  │                                         │
                 │  └──────defer─────────┘  ├──fail──► failed ──reopen (retry)──┐     │ publish
                 │                          └──cancel─► cancelled               │     ▼
                 └──────────reopen (recovery, requeue)──────────────────────────┴── pending

    upload stage ──hold_for_review──► job completed, video needs_review ──approve / release_hold──► pending
    (a near-duplicate, or publish mode `review` when the last stage finishes)

Every transition checks the job's current status and refuses an illegal move with
`IllegalTransition` (a bug in the caller, never a user error), commits, then announces the change
on the video's event stream (and to the user's outbound webhooks where a client cares); a job
entering or leaving pending/running is noted in the queue-position set (queue_positions.py). Sending
the Celery chain is `queue` (`queue_new` for a job written with its new video): the job row is
committed before anything reaches the broker, so a broker outage leaves a pending row that
recovery re-sends. docs/architecture.md has the diagram.
"""
from __future__ import annotations

import uuid

from collections.abc import Callable, Iterable

import structlog
from sqlalchemy import select

from ytempire.accounting.costs import spent_on_video
from ytempire.common.one_statement_insert import insert_in_one_statement
from ytempire.common.plain_reads import autocommit_connection
from ytempire.common.timeutil import isoformat, utcnow
from ytempire.common.user_cache import answer_keys_of
from ytempire.extensions import db
from ytempire.outbound_webhooks.service import emit
from ytempire.pipeline import claims, queue_positions
from ytempire.pipeline.events import publish_job_event
from ytempire.pipeline.models import ACTIVE_JOB_STATUSES, GenerationJob
from ytempire.pipeline.stages import UPLOAD_STAGE, stage_named
from ytempire.pipeline.workflow import send_chains

TERMINAL_JOB_STATUSES = ("completed", "failed", "cancelled")
# Outbound webhook events: the video is ready after its thumbnail, published after its upload.
HOOK_EVENT_AFTER_STAGE = {"thumbnail_creation": "video.completed", UPLOAD_STAGE: "video.published"}
log = structlog.get_logger(__name__)


class IllegalTransition(RuntimeError):
    """A transition asked of a job in a status it cannot leave that way."""


def _require(job: GenerationJob, transition: str, allowed: Iterable[str]) -> None:
    if job.status not in allowed:
        raise IllegalTransition(f"cannot {transition} job {job.id}: it is {job.status}")


def lock_job(job_id) -> GenerationJob | None:
    return db.session.execute(select(GenerationJob).where(GenerationJob.id == job_id).with_for_update()).scalar()


def create(video, *, stages: list[str], use_gpu: bool, cost_breakdown: dict) -> GenerationJob:
    """A new pending job for a new video (added to the caller's transaction; `queue` sends it)."""
    video.status = "queued"
    # Its id now, not at the INSERT: `queue` names it in the chain's task arguments, so the row is
    # written once, task ids included.
    return GenerationJob(id=uuid.uuid4(), video=video, user_id=video.user_id, status="pending", stages=stages,
                         current_stage=stages[0], use_gpu=use_gpu, cost_breakdown=cost_breakdown)


def queue(jobs: Iterable[GenerationJob]) -> None:
    """Commit the pending jobs with their task ids, then send their chains (commit before enqueue).

    If sending fails after the commit, the rows stay `pending` and beat's recovery re-sends them.
    """
    jobs = list(jobs)
    for job in jobs:
        _require(job, "queue", ("pending",))

    def commit():
        db.session.commit()
        queue_positions.added(jobs)

    send_chains(jobs, commit=commit)


def queue_new(rows: list, written: Callable[[], None] = lambda: None) -> None:
    """Write brand-new videos with their ledger rows and pending jobs in one INSERT statement,
    commit, then send the jobs' chains (commit before enqueue, as `queue`).

    The rows stay out of the session: the statement fills in what a flush would, so the caller
    answers from them without reading anything back (common/one_statement_insert.py). With nothing
    else in the request's transaction, the statement is its own transaction on an autocommit
    connection: no BEGIN or COMMIT round trip. Otherwise it joins that transaction and commits with it.
    `written` is called once the rows are committed, before the chains are sent.
    """
    jobs = [row for row in rows if isinstance(row, GenerationJob)]
    for job in jobs:
        _require(job, "queue", ("pending",))

    def write_and_commit():
        session = db.session()
        if session.in_transaction():
            insert_in_one_statement(session.connection(), rows)
            session.commit()
        else:
            with autocommit_connection() as connection:
                insert_in_one_statement(connection, rows)
        written()
        # Before the chains go (a job that fails at once is then removed after); the owners'
        # remembered answers (usage, list totals) are dropped in the same round trip.
        queue_positions.added(jobs, forgetting=answer_keys_of(rows))

    send_chains(jobs, commit=write_and_commit)


def start_stage(job: GenerationJob, stage: str, worker_id: str | None) -> None:
    _require(job, f"start {stage} of", ACTIVE_JOB_STATUSES)
    now = utcnow()
    job.status = "running"
    job.current_stage = stage
    job.worker_id = worker_id
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    job.deferred_until = job.deferred_reason = None
    _stage_detail(job, stage, started_at=isoformat(now), worker_id=worker_id)
    job.video.status = "processing"
    db.session.commit()
    publish_job_event(job, "stage_started", stage=stage)


def finish_stage(job: GenerationJob, stage: str) -> None:
    """Record the stage as done; the last one completes the job (and the video)."""
    _require(job, f"finish {stage} of", ACTIVE_JOB_STATUSES)
    now = utcnow()
    if stage not in (job.stages_completed or []):
        job.stages_completed = [*(job.stages_completed or []), stage]
    claims.release(job)
    job.progress = max(job.progress, stage_named(stage).progress_after)
    job.heartbeat_at = now
    _stage_detail(job, stage, completed_at=isoformat(now))
    job.video.generation_cost = spent_on_video(job.video_id)
    remaining = job.remaining_stages()
    if remaining:
        job.current_stage = remaining[0]
    else:
        _complete(job, now)
    db.session.commit()
    publish_job_event(job, "stage_completed", stage=stage)
    if not remaining:
        queue_positions.removed([job])
        publish_job_event(job, "job_completed")
    if stage in HOOK_EVENT_AFTER_STAGE:
        _announce(job, HOOK_EVENT_AFTER_STAGE[stage])


def _complete(job: GenerationJob, now) -> None:
    job.status = "completed"
    job.progress = 100
    job.current_stage = None
    job.completed_at = now
    video = job.video
    if UPLOAD_STAGE in job.stages_completed:
        video.status = "published"
    elif video.publish_mode == "review":  # the finished video waits for a person's approval
        video.status = "needs_review"
        video.originality = {**(video.originality or {}), "review_reason": "publish_mode", "held_at": isoformat(now)}
    else:
        video.status = "completed"
    if job.started_at:
        video.processing_time_seconds = int((now - job.started_at).total_seconds())


def defer(job: GenerationJob, stage: str, until, reason: str) -> None:
    """The stage cannot run before `until`: the job waits as pending and recovery resends it then."""
    _require(job, f"defer {stage} of", ACTIVE_JOB_STATUSES)
    job.status, job.current_stage = "pending", stage
    claims.release(job)
    job.deferred_until, job.deferred_reason = until, reason
    job.video.status = "queued"
    db.session.commit()
    log.info("stage_deferred", until=str(until), reason=reason)
    publish_job_event(job, "job_deferred", stage=stage, deferred_until=isoformat(until))


def fail(job: GenerationJob, stage: str, message: str, details: dict | None = None) -> None:
    _require(job, "fail", ACTIVE_JOB_STATUSES)
    job.status = "failed"
    claims.release(job)
    job.error_message = message
    job.error_details = {"stage": stage, **(details or {})}
    job.completed_at = utcnow()
    job.current_stage = stage
    job.video.status = "failed"
    db.session.commit()
    queue_positions.removed([job])
    publish_job_event(job, "job_failed", stage=stage, error=message)
    _announce(job, "video.failed")


def cancel(job: GenerationJob) -> None:
    """The user deleted the video while it was being made."""
    _require(job, "cancel", ACTIVE_JOB_STATUSES)
    job.status = "cancelled"
    job.completed_at = utcnow()
    job.video.status = "cancelled"
    db.session.commit()
    queue_positions.removed([job])
    publish_job_event(job, "job_cancelled")


def reopen(job: GenerationJob, *, fresh_attempts: bool = False) -> None:
    """Send the job's unfinished stages again: recovery of a dead worker, an operator's requeue, a retry.

    Finished stages are skipped by their stored artefacts and unique cost keys, so nothing is
    redone or charged twice. `fresh_attempts` starts the next stage's attempt count afresh (a
    user's retry after a failure).
    """
    _require(job, "reopen", ("pending", "running", "failed", "cancelled"))
    remaining = job.remaining_stages()
    if not remaining:
        raise IllegalTransition(f"cannot reopen job {job.id}: it has no stage left to run")
    _reopen_at(job, remaining[0])
    if fresh_attempts:
        claims.reset_attempts(job, job.current_stage)
    queue([job])


def publish(video) -> None:
    """A finished video without an upload gets its upload stage, now (manual or scheduled publishing)."""
    _release_upload(video.job)


def hold_for_review(job: GenerationJob, stage: str, result: dict) -> None:
    """The upload is held: the job is done for now (without its upload) and the video needs a person.

    The upload stage leaves the job, as for a manual video, so recovery never resends it;
    `approve` (or an edit that passes the check again) puts it back, once.
    """
    _require(job, f"hold {stage} of", ACTIVE_JOB_STATUSES)
    now = utcnow()
    claims.release(job)
    job.stages = [name for name in job.stages if name != UPLOAD_STAGE]
    job.status, job.current_stage, job.completed_at = "completed", None, now
    job.video.status = "needs_review"
    job.video.originality = {**result, "review_reason": "originality", "held_at": isoformat(now)}
    db.session.commit()
    queue_positions.removed([job])
    log.info("upload_held_for_review", reasons=result.get("reasons"))
    publish_job_event(job, "job_held", stage=stage, reasons=result.get("reasons", []))


def approve(video) -> None:
    """A person approved the held video: its upload is released, and the guard does not hold it again."""
    job = video.job
    if video.status != "needs_review":
        raise IllegalTransition(f"cannot approve video {video.id}: it is {video.status}")
    video.originality = {**(video.originality or {}), "approved_at": isoformat(utcnow())}
    _release_upload(job)


def release_hold(video, result: dict) -> None:
    """An edit made the held video pass the check again: its upload goes ahead without an approval."""
    if video.status != "needs_review":
        raise IllegalTransition(f"cannot release video {video.id}: it is {video.status}")
    video.originality = {**result, "held_at": (video.originality or {}).get("held_at"),
                         "released_at": isoformat(utcnow())}
    _release_upload(video.job)


def _release_upload(job: GenerationJob) -> None:
    _require(job, "release the upload of", ("completed",))
    if UPLOAD_STAGE not in job.stages:
        job.stages = [*job.stages, UPLOAD_STAGE]
    _reopen_at(job, UPLOAD_STAGE)
    queue([job])


def _reopen_at(job: GenerationJob, stage: str) -> None:
    job.status = "pending"
    job.current_stage = stage
    job.error_message = job.error_details = None
    job.completed_at = None
    job.video.status = "queued"


def mark_removed_from_youtube(video) -> None:
    """YouTube says the upload is gone: the video is ours again, finished but not published."""
    video.status = "completed"


def _stage_detail(job: GenerationJob, stage: str, **values) -> None:
    details = dict(job.stage_details or {})
    details[stage] = {**details.get(stage, {}), **values}
    job.stage_details = details


def _announce(job: GenerationJob, event: str) -> None:
    """Tell the user's webhooks; a failure here must never fail the pipeline."""
    video = job.video
    data = {"video_id": str(video.id), "job_id": str(job.id), "channel_id": str(video.channel_id),
            "title": video.title, "status": video.status, "youtube_video_id": video.youtube_video_id,
            "publish_target": video.publish_target, "error": job.error_message}
    try:
        emit(job.user_id, event, data)
    except Exception:  # deliveries are best effort; the job's state is already committed
        log.exception("webhook_emit_failed", hook_event=event)
