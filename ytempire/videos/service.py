"""Video generation requests and the video lifecycle; no request objects here."""
from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import datetime, timedelta
from decimal import Decimal

import structlog
from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from ytempire.channels.service import get_owned_channel
from ytempire.common.lookup import get_or_404
from ytempire.common.pagination import paginate
from ytempire.common.timeutil import utcnow
from ytempire.common.uuids import parse_uuid
from ytempire.providers.visuals import VisualsNotConfigured, resolve_visuals
from ytempire.errors import APIError, Conflict, CostLimitExceeded, NotFound, ServiceUnavailable, ValidationError
from ytempire.extensions import db
from ytempire.pipeline import claims, jobs
from ytempire.accounting import costs
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.storage import remove_video_files
from ytempire.pipeline.workflow import enqueue_job, enqueue_jobs, revoke_job_tasks
from ytempire.accounting import pricing
from ytempire.users.models import User
from ytempire.common.timeutil import start_of_day
from ytempire.users.tiers import effective_tier, user_limits
from ytempire.accounting.requests import generation_requests_since, record_generation_request
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video

log = structlog.get_logger(__name__)

# Rough wall-clock per stage on one worker, for `estimated_completion` only.
SECONDS_PER_VIDEO_SECOND = 0.5
FIXED_OVERHEAD_SECONDS = 20


class DailyLimitExceeded(APIError):
    status, code, message = 429, "DAILY_LIMIT_EXCEEDED", "Daily video limit reached for your tier"


class IdempotencyKeyReused(APIError):
    status, code, message = 422, "VALIDATION_ERROR", "Idempotency-Key was already used with a different request"


def estimate_cost(duration_seconds: int) -> dict[str, Decimal]:
    """The pre-enqueue estimate; a configured model missing from the price table is our fault, a 503."""
    cfg = current_app.config
    try:
        return pricing.estimate_video_cost(
            duration_seconds,
            "openai" if cfg.get("OPENAI_API_KEY") else "offline",
            "elevenlabs" if cfg.get("ELEVENLABS_API_KEY") else "offline",
            cfg.get("OPENAI_MODEL"),
            voice_model=cfg.get("ELEVENLABS_MODEL_ID"),
        )
    except pricing.UnknownPrice as error:
        log.error("unpriced_model", error=str(error))
        raise ServiceUnavailable("Video generation is unavailable: the configured AI model has no price in the "
                                 "cost table, so the cost cap cannot be enforced; an operator must add it") from error


def _check_item(user_id, data: dict) -> tuple:
    """Channel (owned, active), duration and per-video cost cap for one request; (channel, estimate)."""
    cfg = current_app.config
    channel = get_owned_channel(user_id, data["channel_id"])
    if channel.status != "active":
        raise ValidationError(f"Channel is {channel.status}", details=[
            {"field": "channel_id", "message": f"Channel is {channel.status}; only active channels can generate"}])
    duration = data["video_config"]["duration"]
    if duration > cfg["MAX_VIDEO_DURATION_SECONDS"]:
        raise ValidationError(details=[{"field": "video_config.duration",
                                        "message": f"Must be at most {cfg['MAX_VIDEO_DURATION_SECONDS']} seconds"}])
    try:
        resolve_visuals(cfg, data["video_config"].get("visuals"))
    except VisualsNotConfigured as error:
        raise ValidationError(f"Visuals '{error.kind}' are not configured on this server", details=[
            {"field": "video_config.visuals", "message": f"Needs {error.missing}; set it or choose another kind"}]) \
            from error
    estimate = sum(estimate_cost(duration).values(), Decimal(0))
    if estimate > cfg["MAX_COST_PER_VIDEO"]:
        raise CostLimitExceeded(f"Estimated cost {estimate:.4f} exceeds the per-video limit {cfg['MAX_COST_PER_VIDEO']}",
                                details=[{"field": "video_config.duration", "message": "Shorten the video"}])
    return channel, estimate


def _reserve_daily_videos(user_id, count: int) -> None:
    """The tier's daily cap for `count` new videos; the user row lock serialises concurrent requests.

    Counts the request ledger, not `videos`: a deleted video still used up its place today.
    """
    user = db.session.execute(select(User).where(User.id == user_id).with_for_update()).scalar_one()
    daily = user_limits(user)["max_videos_per_day"]
    today = generation_requests_since(user_id, start_of_day(utcnow()))
    if today + count > daily:
        raise DailyLimitExceeded(f"Your {effective_tier(user)} tier allows {daily} videos per day "
                                 f"({today} used, {count} requested)",
                                 headers={"Retry-After": str(_seconds_to_midnight())})


def _seconds_to_midnight() -> int:
    now = utcnow()
    return int((start_of_day(now) + timedelta(days=1) - now).total_seconds())


def find_by_idempotency_key(user_id, key: str | None) -> Video | None:
    if not key:
        return None
    return db.session.scalar(select(Video).where(Video.user_id == user_id, Video.idempotency_key == key))


def _new_video(user_id, channel, data: dict, estimate: Decimal, idempotency_key: str | None) -> Video:
    config = data["video_config"]
    video = Video(
        user_id=user_id, channel_id=channel.id, title=data.get("title") or data["topic"][:100],
        topic=data["topic"], language=config["language"], video_config=config,
        monetization=data["monetization"], publish_mode=data["publish"], scheduled_at=data.get("scheduled_at"),
        privacy_status=data["privacy_status"], status="queued", estimated_cost=estimate,
        idempotency_key=idempotency_key,
    )
    stages = list(STAGES) if data["publish"] == "auto" else [s for s in STAGES if s != "youtube_upload"]
    GenerationJob(video=video, user_id=user_id, status="pending", stages=stages, current_stage=stages[0],
                  use_gpu=config.get("use_gpu", False),
                  cost_breakdown={k: str(v) for k, v in estimate_cost(config["duration"]).items()})
    db.session.add(video)
    record_generation_request(video)
    return video


def request_fingerprint(data: dict) -> str:
    """A stable hash of a validated create body, stored with the video its Idempotency-Key made."""
    canonical = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(existing: Video, fingerprint: str, key: str) -> Video:
    """The video an earlier request with this key made, if that request had the same body."""
    if existing.request_fingerprint and existing.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused(details=[{
            "field": "Idempotency-Key",
            "message": f"Key {key!r} was already used with a different request body; use a new key"}])
    return existing


def generate_video(user_id, data: dict, idempotency_key: str | None) -> tuple[Video, bool]:
    """Create the video and its job, commit, then enqueue; (video, created)."""
    fingerprint = request_fingerprint(data)
    existing = find_by_idempotency_key(user_id, idempotency_key)
    if existing:
        return _replay(existing, fingerprint, idempotency_key), False
    try:
        channel, estimate = _check_item(user_id, data)
        _reserve_daily_videos(user_id, 1)
        video = _new_video(user_id, channel, data, estimate, idempotency_key)
        video.request_fingerprint = fingerprint if idempotency_key else None
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = find_by_idempotency_key(user_id, idempotency_key)
        if existing:
            return _replay(existing, fingerprint, idempotency_key), False
        raise Conflict("Duplicate request")
    except Exception:
        db.session.rollback()
        raise
    enqueue_job(video.job)
    return video, True


def generate_batch(user_id, items: list[dict]) -> list[Video]:
    """All or nothing: every item is checked first; errors name the item index; caps count the batch."""
    checked, errors = [], []
    for index, item in enumerate(items):
        try:
            checked.append((item, *_check_item(user_id, item)))
        except APIError as error:
            for detail in error.details or [{"field": None, "message": error.message}]:
                field = f"items.{index}.{detail['field']}" if detail.get("field") else f"items.{index}"
                errors.append({"field": field, "message": detail["message"]})
    try:
        if errors:
            raise ValidationError("One or more items are invalid; nothing was queued", details=errors)
        _reserve_daily_videos(user_id, len(items))
        videos = [_new_video(user_id, channel, item, estimate, None) for item, channel, estimate in checked]
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    enqueue_jobs([video.job for video in videos])
    return videos


def queue_position(job: GenerationJob) -> int:
    """1-based position among unfinished jobs, oldest first."""
    if job.status not in ("pending", "running"):
        return 0
    ahead = db.session.scalar(select(func.count(GenerationJob.id)).where(
        GenerationJob.status.in_(("pending", "running")), GenerationJob.created_at < job.created_at))
    return ahead + 1


def generation_receipt(video: Video) -> dict:
    job = video.job
    position = queue_position(job)
    duration = int((video.video_config or {}).get("duration", 60))
    eta_seconds = FIXED_OVERHEAD_SECONDS + duration * SECONDS_PER_VIDEO_SECOND * max(position, 1)
    return {
        # The reference's receipt says "queued": what was accepted, even if a fast worker has started.
        "job_id": job.id, "video_id": video.id, "status": "queued",
        "estimated_completion": job.created_at + timedelta(seconds=eta_seconds),
        "estimated_cost": video.estimated_cost, "queue_position": position,
    }


def get_owned_video(user_id, video_id) -> Video:
    return get_or_404(Video, video_id, "Video", owner_id=user_id)


def video_status(video: Video) -> dict:
    job = video.job
    completed = list(job.stages_completed or []) if job else []
    remaining = jobs.remaining_stages(job) if job else []
    status = {
        "video_id": video.id, "job_id": job.id if job else None, "status": video.status,
        "progress": job.progress if job else 0, "current_stage": job.current_stage if job else None,
        "stages_completed": completed, "stages_remaining": remaining, "updated_at": job.updated_at if job else None,
    }
    if job and job.status == "pending" and job.deferred_until:
        status["deferred_until"], status["deferred_reason"] = job.deferred_until, job.deferred_reason
    if job and job.status == "failed":
        status["error"] = {"message": job.error_message, "stage": (job.error_details or {}).get("stage"),
                           "details": job.error_details}
    return status


def _encode_cursor(video: Video) -> str:
    raw = json.dumps([video.created_at.isoformat(), str(video.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_cursor(cursor: str):
    try:
        created_at, video_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        parsed_id = parse_uuid(video_id)
        if parsed_id is None:
            raise ValueError("cursor id is not a UUID")
        return datetime.fromisoformat(created_at), parsed_id
    except Exception as error:  # noqa: BLE001 - any undecodable cursor is the client's error
        raise ValidationError(details=[{"field": "cursor", "message": "Invalid cursor"}]) from error


def list_videos(user_id, args: dict):
    stmt = select(Video).where(Video.user_id == user_id)
    if args.get("channel_id"):
        stmt = stmt.where(Video.channel_id == args["channel_id"])
    if args.get("status"):
        stmt = stmt.where(Video.status == args["status"])
    if args.get("created_after"):
        stmt = stmt.where(Video.created_at >= args["created_after"])
    if args.get("created_before"):
        stmt = stmt.where(Video.created_at <= args["created_before"])
    if args.get("cursor"):
        # Keyset pagination for deep lists: newest first, stable under inserts.
        created_at, video_id = _decode_cursor(args["cursor"])
        stmt = stmt.where(or_(Video.created_at < created_at,
                              and_(Video.created_at == created_at, Video.id < video_id)))
        items = db.session.scalars(stmt.order_by(Video.created_at.desc(), Video.id.desc()).limit(args["limit"] + 1)).all()
        more = len(items) > args["limit"]
        items = items[: args["limit"]]
        return items, None, _encode_cursor(items[-1]) if more else None
    sort = args.get("sort", "-created_at")
    column = getattr(Video, sort.lstrip("-"))
    order = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
    items, pagination = paginate(stmt.order_by(order, Video.id.desc()), args["page"], args["limit"])
    next_cursor = _encode_cursor(items[-1]) if items and sort == "-created_at" and pagination["page"] < pagination["pages"] else None
    return items, pagination, next_cursor


def update_video(video: Video, changes: dict) -> Video:
    """Edit the video; a schedule must lie ahead and switches the video to scheduled publishing."""
    if "scheduled_at" in changes:
        _reschedule(video, changes.pop("scheduled_at"))
    for field, value in changes.items():
        setattr(video, field, value)
    db.session.commit()
    return video


def _reschedule(video: Video, scheduled_at: datetime | None) -> None:
    if scheduled_at is None:
        if video.publish_mode == "scheduled":
            video.publish_mode = "manual"   # no time left to publish at: the user publishes by hand
        video.scheduled_at = None
        return
    if scheduled_at <= utcnow():
        raise ValidationError(details=[{"field": "scheduled_at", "message": "Must be in the future"}])
    if video.status in ("published", "failed", "cancelled"):
        raise Conflict(f"A {video.status} video cannot be scheduled")
    job = video.job
    if job is not None and "youtube_upload" in job.stages and "youtube_upload" not in job.stages_completed:
        # An auto-publish still in progress: its upload now waits for the time (the queued task skips).
        job.stages = [stage for stage in job.stages if stage != "youtube_upload"]
    video.publish_mode, video.scheduled_at = "scheduled", scheduled_at


def delete_video(video: Video) -> None:
    """Cancel a running job, revoke its tasks, remove its files and the video."""
    job = video.job
    if job and job.status in ("pending", "running"):
        jobs.cancel_job(job)
        revoke_job_tasks(job)
    video_id = video.id
    db.session.delete(video)
    db.session.commit()
    remove_video_files(video_id)


def start_upload(video: Video) -> None:
    """Reopen the finished job with the upload stage and enqueue it."""
    job = video.job
    if "youtube_upload" not in job.stages:
        job.stages = [*job.stages, "youtube_upload"]
    job.status = "pending"
    job.current_stage = "youtube_upload"
    job.completed_at = None
    video.status = "queued"
    enqueue_job(job)


def publish_video(video: Video, options: dict) -> Video:
    if video.status == "published":
        raise Conflict("Video is already published")
    if video.status != "completed":
        raise Conflict(f"Only a completed video can be published (status is {video.status})")
    if options.get("privacy_status"):
        video.privacy_status = options["privacy_status"]
    if options.get("scheduled_at"):
        _reschedule(video, options["scheduled_at"])
        db.session.commit()
        return video
    start_upload(video)
    return video


def retry_video(video: Video) -> Video:
    """Resume a failed job at its failed stage; finished stages are not re-run or re-charged."""
    job = video.job
    if job is None or job.status != "failed":
        raise Conflict(f"Only a failed video can be retried (status is {video.status})")
    job.status = "pending"
    job.error_message = None
    job.error_details = None
    job.completed_at = None
    job.current_stage = jobs.remaining_stages(job)[0]
    claims.reset_attempts(job, job.current_stage)
    video.status = "queued"
    enqueue_job(job)
    return video


def video_cost(video: Video) -> dict:
    breakdown = costs.cost_breakdown(video.id)
    return {"video_id": video.id, **breakdown, "estimated_cost": video.estimated_cost}


def video_file(video: Video, kind: str) -> str:
    path = video.video_path if kind == "video" else video.thumbnail_path
    if not path or not os.path.exists(path):
        raise NotFound(f"The {kind} is not ready yet")
    return path
