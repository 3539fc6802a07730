"""A video's JSON answer, kept per row version: reads send one small query and serialize only what changed.

A video as the API shows it (VideoSchema) depends on its row and on its latest job's id and
progress. The row's `updated_at` is set by the database on every update, whoever writes it, so
(id, updated_at, job id, job progress) names one exact answer. A read first asks PostgreSQL for
those few columns of the rows it shows (one query, the latest job joined laterally), takes the
answers kept for those versions, and loads and serializes only the videos whose version it has
not seen: a list page or a polled video costs one narrow query and a string join, not twenty ORM
rows and twenty schema dumps. Answers are kept per app (per process), at most MAX_KEPT of them.
"""
from __future__ import annotations

from flask import Response, current_app
from sqlalchemy import Select, select, true
from sqlalchemy.orm import selectinload

from ytempire.extensions import db
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video
from ytempire.common.pagination import PaginationSchema
from ytempire.errors import NotFound
from ytempire.videos.schemas import VideoSchema

_KEPT = "ytempire.video_answers"
MAX_KEPT = 20_000           # about 2 KB each; cleared when full


def _latest_job():
    """The latest job of the outer query's video (as `Video.job` picks it), joined laterally."""
    return (select(GenerationJob.id.label("job_id"), GenerationJob.progress.label("job_progress"))
            .where(GenerationJob.video_id == Video.id)
            .order_by(GenerationJob.created_at.desc()).limit(1).lateral("latest_job"))


def versions(stmt: Select) -> list:
    """The videos `stmt` (a select of Video, filtered, ordered, limited) picks, as rows of
    (id, created_at, updated_at, job_id, job_progress), in its order."""
    job = _latest_job()
    narrow = stmt.with_only_columns(Video.id, Video.created_at, Video.updated_at, job.c.job_id,
                                    job.c.job_progress).outerjoin(job, true())
    return db.session.execute(narrow).all()


def _version_key(row) -> tuple:
    return row.id, row.updated_at, row.job_id, row.job_progress


def _loaded_key(video: Video) -> tuple:
    job = video.job
    return video.id, video.updated_at, job.id if job else None, job.progress if job else None


def answers(rows: list) -> list[str]:
    """The JSON text of each video of `rows` (from `versions`); a video deleted meanwhile is left out."""
    kept = current_app.extensions.setdefault(_KEPT, {})
    missing = [row.id for row in rows if _version_key(row) not in kept]
    fresh = {}
    if missing:
        schema, dumps = VideoSchema(), current_app.json.dumps
        loaded = db.session.scalars(select(Video).where(Video.id.in_(missing)).options(selectinload(Video.jobs)))
        for video in loaded:
            fresh[video.id] = text = dumps(schema.dump(video))
            if len(kept) >= MAX_KEPT:
                kept.clear()
            kept[_loaded_key(video)] = text
    texts = (fresh.get(row.id) or kept.get(_version_key(row)) for row in rows)
    return [text for text in texts if text is not None]


def json_response(body: str, status: int = 200) -> Response:
    return current_app.response_class(body, status=status, mimetype="application/json")


def video_response(rows: list) -> Response:
    """The one video of `rows`; 404 when there is none (not the caller's, or deleted meanwhile)."""
    texts = answers(rows)
    if not texts:
        raise NotFound("Video not found")
    return json_response(texts[0])


def list_response(rows: list, page_info: dict | None, next_cursor: str | None) -> Response:
    """The VideoListSchema answer, assembled from the kept video answers."""
    rest = current_app.json.dumps({"pagination": PaginationSchema().dump(page_info) if page_info else None,
                                   "next_cursor": next_cursor})
    return json_response('{"videos":[' + ",".join(answers(rows)) + "]," + rest[1:])
