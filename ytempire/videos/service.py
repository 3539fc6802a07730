"""Video generation requests and the video lifecycle; no request objects here."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache

import structlog
from flask import current_app
from sqlalchemy import bindparam, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ytempire.channels.service import owned_channel_for_new_video
from ytempire.channels.style_service import video_defaults
from ytempire.common.lookup import get_or_404
from ytempire.accounting import costs, pricing
from ytempire.accounting.requests import new_generation_request
from ytempire.common.pagination import count_rows, pagination
from ytempire.common.timeutil import utcnow
from ytempire.common.user_cache import remembered, remembered_many
from ytempire.common.timeutil import bounded_utc
from ytempire.common.uuids import parse_uuid
from ytempire.providers.visuals import VisualsNotConfigured, resolve_visuals
from ytempire.errors import APIError, Conflict, CostLimitExceeded, NotFound, ServiceUnavailable, ValidationError
from ytempire.extensions import db
from ytempire.originality.service import check, retitle_fingerprint
from ytempire.pipeline import lifecycle, queue_positions
from ytempire.pipeline.stages import STAGES, UPLOAD_STAGE
from ytempire.media.preview import PREVIEW_FILENAME, contact_sheet
from ytempire.music.service import check_music_choice
from ytempire.pipeline.storage import artefact_key, remove_video_files
from ytempire.storage import object_store
from ytempire.pipeline.workflow import revoke_job_tasks
from ytempire.pipeline.models import ACTIVE_JOB_STATUSES
from ytempire.videos.daily_cap import daily_videos_reserved
from ytempire.videos.versions import narrow, narrowed_versions, owned_version, versions
from ytempire.videos.models import Video, VideoSettings
from ytempire.videos import youtube_mirror as video_mirror

log = structlog.get_logger(__name__)

# Rough wall-clock per stage on one worker, for `estimated_completion` only.
SECONDS_PER_VIDEO_SECOND = 0.5
FIXED_OVERHEAD_SECONDS = 20


class IdempotencyKeyReused(APIError):
    status, code, message = 422, "VALIDATION_ERROR", "Idempotency-Key was already used with a different request"


def estimate_cost(duration_seconds: int) -> dict[str, Decimal]:
    """The pre-enqueue estimate; a configured model missing from the price table is our fault, a 503."""
    cfg = current_app.config
    try:
        return pricing.estimate_video_cost(
            duration_seconds,
            "openai" if cfg["OPENAI_API_KEY"] else "offline",
            "elevenlabs" if cfg["ELEVENLABS_API_KEY"] else "offline",
            cfg["OPENAI_MODEL"],
            voice_model=cfg["ELEVENLABS_MODEL_ID"],
        )
    except pricing.UnknownPrice as error:
        log.error("unpriced_model", error=str(error))
        raise ServiceUnavailable("Video generation is unavailable: the configured AI model has no price in the "
                                 "cost table, so the cost cap cannot be enforced; an operator must add it") from error


def _check_item(user_id, data: dict) -> tuple:
    """Channel (owned, active), duration and per-video cost cap for one request; (channel, estimate)."""
    cfg = current_app.config
    channel = owned_channel_for_new_video(user_id, data["channel_id"])
    if channel.status != "active":
        raise ValidationError(f"Channel is {channel.status}", details=[
            {"field": "channel_id", "message": f"Channel is {channel.status}; only active channels can generate"}])
    _fill_in_defaults(data["video_config"], channel)
    check_music_choice(user_id, data["video_config"].get("music"))
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


GLOBAL_DEFAULTS = {"voice": VideoSettings.voice, "music": VideoSettings.music, "visuals": VideoSettings.visuals}


def _fill_in_defaults(config: dict, channel) -> None:
    """What the request left out of voice, music and visuals: the channel style's default, else the
    global one; an explicit value (null music included) always wins."""
    for key, value in {**GLOBAL_DEFAULTS, **video_defaults(channel)}.items():
        config.setdefault(key, value)


# Only the id: nearly every key is new, and loading a whole video row to learn that costs more.
VIDEO_WITH_KEY = select(Video.id).where(Video.user_id == bindparam("user_id"),
                                        Video.idempotency_key == bindparam("key"))


def find_by_idempotency_key(user_id, key: str | None) -> Video | None:
    if not key:
        return None
    video_id = db.session.connection().execute(VIDEO_WITH_KEY, {"user_id": user_id, "key": key}).scalar()
    return db.session.get(Video, video_id) if video_id else None


def _new_video(user_id, channel, data: dict, estimate: Decimal, idempotency_key: str | None) -> Video:
    config = data["video_config"]
    video = Video(
        user_id=user_id, channel_id=channel.id, title=data.get("title") or data["topic"][:100],
        topic=data["topic"], language=config["language"], video_config=config,
        monetization=data["monetization"], publish_mode=data["publish"], scheduled_at=data.get("scheduled_at"),
        privacy_status=data["privacy_status"], estimated_cost=estimate,
        idempotency_key=idempotency_key,
    )
    stages = list(STAGES) if data["publish"] == "auto" else [s for s in STAGES if s != UPLOAD_STAGE]
    lifecycle.create(video, stages=stages, use_gpu=config["use_gpu"],
                     cost_breakdown={k: str(v) for k, v in estimate_cost(config["duration"]).items()})
    return video


def _rows_of(videos: list[Video]) -> list:
    """What accepting these new videos writes, parents first: the videos, their ledger rows, their jobs."""
    return [*videos, *(new_generation_request(video) for video in videos), *(video.job for video in videos)]


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


def generate_video(user, data: dict, idempotency_key: str | None) -> tuple[Video, bool]:
    """Create the video and its job, commit, then enqueue; (video, created). `user`: the signed-in
    account (its id and tier).

    An Idempotency-Key's earlier video is looked up only once the INSERT has lost to the key's unique
    index, or the request was refused: nearly every key is new, and a lookup first cost each of them
    a round trip.
    """
    user_id = user.id
    fingerprint = request_fingerprint(data)
    try:
        channel, estimate = _check_item(user_id, data)
        with daily_videos_reserved(user, 1) as reservation:
            video = _new_video(user_id, channel, data, estimate, idempotency_key)
            video.request_fingerprint = fingerprint if idempotency_key else None
            # One statement: the rows are written with their task ids.
            lifecycle.queue_new(_rows_of([video]), written=reservation.keep)
    except (IntegrityError, APIError) as error:
        # The INSERT lost to the key's unique index (an earlier or racing request), or the request
        # was refused: a retry answers what its key made, even where a new request would be refused.
        db.session.rollback()
        existing = find_by_idempotency_key(user_id, idempotency_key)
        if existing:
            return _replay(existing, fingerprint, idempotency_key), False
        if isinstance(error, IntegrityError):
            raise Conflict("Duplicate request") from error
        raise
    except Exception:
        db.session.rollback()
        raise
    return video, True


def generate_batch(user, items: list[dict]) -> list[Video]:
    """All or nothing: every item is checked first; errors name the item index; caps count the batch."""
    user_id = user.id
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
        with daily_videos_reserved(user, len(items)) as reservation:
            videos = [_new_video(user_id, channel, item, estimate, None) for item, channel, estimate in checked]
            lifecycle.queue_new(_rows_of(videos), written=reservation.keep)
    except Exception:
        db.session.rollback()
        raise
    return videos


def generation_receipt(video: Video) -> dict:
    job = video.job
    position = queue_positions.position(job)
    duration = video.settings.duration
    eta_seconds = FIXED_OVERHEAD_SECONDS + duration * SECONDS_PER_VIDEO_SECOND * max(position, 1)
    return {
        # The reference's receipt says "queued": what was accepted, even if a fast worker has started.
        "job_id": job.id, "video_id": video.id, "status": "queued",
        "estimated_completion": job.created_at + timedelta(seconds=eta_seconds),
        "estimated_cost": video.estimated_cost, "queue_position": position,
    }


def owned_video_version(user_id, video_id) -> list:
    """The caller's video as a version row for videos.answers (none when it is not theirs)."""
    parsed = parse_uuid(video_id)
    return owned_version(user_id, parsed) if parsed else []


def get_owned_video(user_id, video_id) -> Video:
    # Its job comes in the same query: every answer about a video shows the job's id or progress.
    return get_or_404(Video, video_id, "Video", owner_id=user_id, options=[joinedload(Video.jobs)])


def video_status(video: Video) -> dict:
    job = video.job
    completed = list(job.stages_completed or []) if job else []
    remaining = job.remaining_stages() if job else []
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
        return bounded_utc(datetime.fromisoformat(created_at)), parsed_id
    except Exception as error:  # noqa: BLE001 - any undecodable cursor is the client's error
        raise ValidationError(details=[{"field": "cursor", "message": "Invalid cursor"}]) from error


def _newest_first(stmt):
    return stmt.order_by(Video.created_at.desc(), Video.id.desc())


def _from_key(stmt, inclusive: bool):
    """The rows at or after (:start_at, :start_id) in newest-first order: a keyset, read straight from the index.

    A row comparison, not `created_at < x OR (created_at = x AND id < y)`: PostgreSQL makes the
    row comparison a range of the (user_id, created_at, id) index, while the OR is a filter that
    reads every newer entry first (40,000 of them at page 2000).
    """
    key = tuple_(Video.created_at, Video.id)
    start = tuple_(bindparam("start_at", type_=Video.created_at.type), bindparam("start_id", type_=Video.id.type))
    return stmt.where(key <= start if inclusive else key < start)


def _list_shape(args: dict) -> tuple:
    """Which filters a list request uses (needs_review by its value): one cached statement per shape."""
    return (bool(args.get("channel_id")), bool(args.get("status")), args.get("needs_review"),
            bool(args.get("created_after")), bool(args.get("created_before")))


def _list_params(user_id, args: dict) -> dict:
    return {"user_id": user_id, **{name: args[name] for name in ("channel_id", "status", "created_after",
                                                                 "created_before") if args.get(name)}}


@lru_cache(maxsize=64)
def _filtered(shape: tuple):
    """The user's videos under the filters of `shape`, every value a bound parameter (built once per shape)."""
    channel, status, needs_review, after, before = shape
    stmt = select(Video).where(Video.user_id == bindparam("user_id"))
    if channel:
        stmt = stmt.where(Video.channel_id == bindparam("channel_id"))
    if status:
        stmt = stmt.where(Video.status == bindparam("status"))
    if needs_review is not None:
        held = Video.status == "needs_review"
        stmt = stmt.where(held if needs_review else ~held)
    if after:
        stmt = stmt.where(Video.created_at >= bindparam("created_after"))
    if before:
        stmt = stmt.where(Video.created_at <= bindparam("created_before"))
    return stmt


@lru_cache(maxsize=128)
def _keyset_page(shape: tuple, inclusive: bool):
    """A page of the list from a keyset start, reading version columns only (built once per shape)."""
    return narrow(_newest_first(_from_key(_filtered(shape), inclusive)).limit(bindparam("page_limit")))


def list_videos(user_id, args: dict):
    """(the page's videos as version rows for videos.answers, pagination or None, next cursor)."""
    shape, params = _list_shape(args), _list_params(user_id, args)
    stmt = _filtered(shape)
    page, limit = args.get("page", 1), args["limit"]
    if args.get("cursor"):
        # Keyset pagination for deep lists: newest first, stable under inserts.
        start_at, start_id = _decode_cursor(args["cursor"])
        items = narrowed_versions(_keyset_page(shape, False), **params, start_at=start_at, start_id=start_id,
                         page_limit=limit + 1)
        more = len(items) > limit
        items = items[:limit]
        return items, None, _encode_cursor(items[-1]) if more else None
    sort = args.get("sort", "-created_at")
    if sort == "-created_at":
        # Where the page starts is found once (by skipping index entries) and remembered until the
        # user's videos change; the page itself is then a keyset read, as cheap at page 2000 as at page 1.
        start, total = _page_start_and_total(user_id, args, stmt, params, page, limit)
        items = narrowed_versions(_keyset_page(shape, True), **params, start_at=start[0], start_id=start[1],
                         page_limit=limit) if start else []
    else:
        column = getattr(Video, sort.lstrip("-"))
        order = column.desc() if sort.startswith("-") else column.asc()
        if column.property.columns[0].nullable:
            order = order.nulls_last()
        ids = stmt.with_only_columns(Video.id).order_by(order, Video.id.desc()).limit(limit).offset((page - 1) * limit)
        ids = ids.subquery()  # the page's ids from the index first, then only those rows
        items = versions(select(Video).join(ids, Video.id == ids.c.id).order_by(order, Video.id.desc()), **params)
        total = _list_total(user_id, args, stmt, params)
    page_info = pagination(page, limit, total)
    next_cursor = _encode_cursor(items[-1]) if items and sort == "-created_at" and page < page_info["pages"] else None
    return items, page_info, next_cursor


LIST_FILTERS = ("channel_id", "status", "needs_review", "created_after", "created_before")


def _list_name(args: dict) -> str:
    return json.dumps({name: str(args[name]) for name in LIST_FILTERS if args.get(name) is not None}, sort_keys=True)


def _total_name(args: dict) -> str:
    return f"videos:total:{_list_name(args)}"


def _list_total(user_id, args: dict, stmt, params: dict) -> int:
    """The filtered list's total, counted once and remembered until the user's videos change."""
    return int(remembered(user_id, _total_name(args), lambda: str(count_rows(stmt, params))))


def _page_start_and_total(user_id, args: dict, stmt, params: dict, page: int, limit: int):
    """((created_at, id) of the page's first video newest-first or None past the end, the list's
    total): both remembered until the user's videos change, and read in one round trip."""
    def first_of_page() -> str:
        row = db.session.execute(_newest_first(stmt.with_only_columns(Video.created_at, Video.id))
                                 .offset((page - 1) * limit).limit(1), params).first()
        return json.dumps([row.created_at.isoformat(), str(row.id)]) if row else ""

    page_name = f"videos:page:{_list_name(args)}:{page}:{limit}"
    stored = remembered_many(user_id, {page_name: first_of_page, _total_name(args): lambda: str(count_rows(stmt, params))})
    total = int(stored[_total_name(args)])
    if not stored[page_name]:
        return None, total
    created_at, video_id = json.loads(stored[page_name])
    return (datetime.fromisoformat(created_at), uuid.UUID(video_id)), total


def update_video(video: Video, changes: dict) -> Video:
    """Edit the video; a schedule must lie ahead and switches the video to scheduled publishing.

    A video uploaded to YouTube is edited there first (every field here is one YouTube has). A new
    title on a video held as a near-duplicate runs the originality check again; if the video now
    passes (e.g. the near-duplicate was deleted), its upload goes ahead.
    """
    if video_mirror.on_youtube(video) and changes:
        if "scheduled_at" in changes or (video.scheduled_at and video.scheduled_at > utcnow()):
            # a new schedule, or the one YouTube holds, must suit the privacy the edit leaves
            video_mirror.check_youtube_schedule(changes.get("scheduled_at", video.scheduled_at),
                                                changes.get("privacy_status", video.privacy_status))
        video_mirror.push_update(video, changes)
    elif "scheduled_at" in changes:
        _reschedule(video, changes.pop("scheduled_at"))
    retitled = "title" in changes and changes["title"] != video.title
    for field, value in changes.items():
        setattr(video, field, value)
    if retitled:
        retitle_fingerprint(video)
        if video.status == "needs_review":
            return _recheck(video)
    db.session.commit()
    return video


def _recheck(video: Video) -> Video:
    held = video.originality or {}
    result = check(video, current_app.config)
    if held.get("review_reason") == "originality" and not result["held"]:
        lifecycle.release_hold(video, result)
    else:   # still too close, or a `review` video that waits for its approval anyway: new scores
        video.originality = {**result, "review_reason": held.get("review_reason"), "held_at": held.get("held_at")}
        db.session.commit()
    return video


def approve_video(video: Video) -> Video:
    """Release a held video's upload; the row lock makes two approvals release it once (the second is 409)."""
    if video.job is not None:
        lifecycle.lock_job(video.job.id)
        db.session.refresh(video)
    if video.status != "needs_review":
        status = video.status
        db.session.rollback()
        raise Conflict(f"Only a video that needs review can be approved (status is {status})")
    lifecycle.approve(video)
    return video


def _reschedule(video: Video, scheduled_at: datetime | None) -> None:
    if scheduled_at is None:
        if video.publish_mode == "scheduled":
            video.publish_mode = "manual"   # no time left to publish at: the user publishes by hand
        video.scheduled_at = None
        return
    if scheduled_at <= utcnow():
        raise ValidationError(details=[{"field": "scheduled_at", "message": "Must be in the future"}])
    if video.status in ("published", "failed", "cancelled", "needs_review"):
        raise Conflict(f"A {video.status} video cannot be scheduled" + (
            "; approve it first" if video.status == "needs_review" else ""))
    job = video.job
    if job is not None and UPLOAD_STAGE in job.stages and UPLOAD_STAGE not in job.stages_completed:
        # An auto-publish still in progress: its upload now waits for the time (the queued task skips).
        job.stages = [stage for stage in job.stages if stage != UPLOAD_STAGE]
    video.publish_mode, video.scheduled_at = "scheduled", scheduled_at


def delete_video(video: Video, from_youtube: bool = False) -> None:
    """Cancel a running job, revoke its tasks, remove its files and the video; first on YouTube when asked."""
    if from_youtube and video_mirror.on_youtube(video):
        video_mirror.delete_from_youtube(video)
    job = video.job
    if job and job.status in ACTIVE_JOB_STATUSES:
        lifecycle.cancel(job)
        revoke_job_tasks(job)
    video_id = video.id
    db.session.delete(video)
    db.session.commit()
    remove_video_files(video_id)


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
    lifecycle.publish(video)
    return video


def retry_video(video: Video) -> Video:
    """Resume a failed job at its failed stage; finished stages are not re-run or re-charged."""
    job = video.job
    if job is None or job.status != "failed":
        raise Conflict(f"Only a failed video can be retried (status is {video.status})")
    lifecycle.reopen(job, fresh_attempts=True)
    return video


def video_cost(video: Video) -> dict:
    breakdown = costs.cost_breakdown(video.id)
    return {"video_id": video.id, **breakdown, "estimated_cost": video.estimated_cost}


@dataclass(frozen=True)
class StoredFile:
    """How the API hands out a stored file: a path it sends itself (local store), or a short-lived
    URL of the object store it redirects to, so the API never carries a video's bytes."""

    path: str | None = None
    url: str | None = None


def video_file(video: Video, kind: str, *, download_name: str | None = None,
               content_type: str | None = None) -> StoredFile:
    location = video.video_path if kind == "video" else video.thumbnail_path
    remote = _remote_url(location, download_name=download_name, content_type=content_type)
    if remote is not None:
        if not remote.url:
            raise NotFound(f"The {kind} is not ready yet")
        return remote
    if not location or not os.path.exists(location):
        raise NotFound(f"The {kind} is not ready yet")
    return StoredFile(path=location)


def _remote_url(location: str | None, **response) -> StoredFile | None:
    """For a location in a remote store: a presigned URL (None in it when the object is gone); else None."""
    store = object_store()
    key = store.key_of(location) if location and store.is_remote else None
    if key is None:
        return None
    if not store.exists(key):
        return StoredFile()
    return StoredFile(url=store.presigned_url(key, expires=current_app.config["S3_PRESIGN_SECONDS"], **response))


def video_preview(video: Video) -> StoredFile:
    """The contact sheet of a rendered video, drawn on first request and kept beside the MP4.

    A sheet older than the MP4 (the video was rendered again) is drawn anew. Before the render
    exists the answer is 409: the video is there, its picture is not yet. With a remote store the
    render stage draws the sheet and the API only points at it.
    """
    store = object_store()
    if video.video_path and store.is_remote and store.key_of(video.video_path):
        if store.exists(store.key_of(video.video_path)):
            preview = _remote_url(store.location(artefact_key(video.id, PREVIEW_FILENAME)), content_type="image/png")
            if preview.url:
                return preview
        raise Conflict("The video is not rendered yet; its preview exists once the video assembly stage is done",
                       details=[{"field": "video_id", "message": f"status is {video.status}"}])
    if not video.video_path or not os.path.exists(video.video_path):
        raise Conflict("The video is not rendered yet; its preview exists once the video assembly stage is done",
                       details=[{"field": "video_id", "message": f"status is {video.status}"}])
    path = os.path.join(os.path.dirname(video.video_path), PREVIEW_FILENAME)
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(video.video_path):
        contact_sheet(video.video_path, path)
    return StoredFile(path=path)
