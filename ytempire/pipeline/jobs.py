"""Job state transitions; each one commits, then announces the change."""
from __future__ import annotations

import structlog
from sqlalchemy import select

from ytempire.common.timeutil import isoformat, utcnow
from ytempire.extensions import db
from ytempire.pipeline import claims
from ytempire.pipeline.costs import spent_on_video
from ytempire.pipeline.events import publish_job_event
from ytempire.pipeline.stages import PROGRESS_AFTER
from ytempire.videos.models import GenerationJob

TERMINAL_JOB_STATUSES = ("completed", "failed", "cancelled")
# Outbound webhook events: the video is ready after its thumbnail, published after its upload.
HOOK_EVENT_AFTER_STAGE = {"thumbnail_creation": "video.completed", "youtube_upload": "video.published"}
log = structlog.get_logger(__name__)


def lock_job(job_id) -> GenerationJob | None:
    return db.session.execute(select(GenerationJob).where(GenerationJob.id == job_id).with_for_update()).scalar()


def remaining_stages(job: GenerationJob) -> list[str]:
    done = set(job.stages_completed or [])
    return [stage for stage in job.stages if stage not in done]


def _stage_detail(job, stage: str, **values) -> None:
    details = dict(job.stage_details or {})
    details[stage] = {**details.get(stage, {}), **values}
    job.stage_details = details


def mark_stage_started(job: GenerationJob, stage: str, worker_id: str | None) -> None:
    now = utcnow()
    job.status = "running"
    job.current_stage = stage
    job.worker_id = worker_id
    job.started_at = job.started_at or now
    job.heartbeat_at = now
    _stage_detail(job, stage, started_at=isoformat(now), worker_id=worker_id)
    job.video.status = "processing"
    db.session.commit()
    publish_job_event(job, "stage_started", stage=stage)


def mark_stage_completed(job: GenerationJob, stage: str) -> None:
    now = utcnow()
    if stage not in (job.stages_completed or []):
        job.stages_completed = [*(job.stages_completed or []), stage]
    claims.release(job)
    job.progress = max(job.progress, PROGRESS_AFTER[stage])
    job.heartbeat_at = now
    _stage_detail(job, stage, completed_at=isoformat(now))
    job.video.generation_cost = spent_on_video(job.video_id)
    remaining = remaining_stages(job)
    if remaining:
        job.current_stage = remaining[0]
    else:
        finish_job(job)
    db.session.commit()
    publish_job_event(job, "stage_completed", stage=stage)
    if not remaining:
        publish_job_event(job, "job_completed")
    if stage in HOOK_EVENT_AFTER_STAGE:
        announce(job, HOOK_EVENT_AFTER_STAGE[stage])


def finish_job(job: GenerationJob) -> None:
    now = utcnow()
    job.status = "completed"
    job.progress = 100
    job.current_stage = None
    job.completed_at = now
    video = job.video
    video.status = "published" if "youtube_upload" in job.stages_completed else "completed"
    if job.started_at:
        video.processing_time_seconds = int((now - job.started_at).total_seconds())


def fail_job(job: GenerationJob, stage: str, message: str, details: dict | None = None) -> None:
    job.status = "failed"
    claims.release(job)
    job.error_message = message
    job.error_details = {"stage": stage, **(details or {})}
    job.completed_at = utcnow()
    job.current_stage = stage
    job.video.status = "failed"
    db.session.commit()
    publish_job_event(job, "job_failed", stage=stage, error=message)
    announce(job, "video.failed")


def cancel_job(job: GenerationJob) -> None:
    job.status = "cancelled"
    job.completed_at = utcnow()
    job.video.status = "cancelled"
    db.session.commit()
    publish_job_event(job, "job_cancelled")


def announce(job: GenerationJob, event: str) -> None:
    """Tell the user's webhooks; a failure here must never fail the pipeline."""
    from ytempire.hooks.service import emit

    video = job.video
    data = {"video_id": str(video.id), "job_id": str(job.id), "channel_id": str(video.channel_id),
            "title": video.title, "status": video.status, "youtube_video_id": video.youtube_video_id,
            "publish_target": video.publish_target, "error": job.error_message}
    try:
        emit(job.user_id, event, data)
    except Exception:  # noqa: BLE001 - deliveries are best effort; the job's state is already committed
        log.exception("webhook_emit_failed", hook_event=event)
