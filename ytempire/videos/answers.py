"""Video answers kept per row version (common/kept_answers.py): GET /videos, /videos/{id}, /videos/{id}/status.

A video as VideoSchema shows it depends on its row and on its latest job's id and progress; its
status answer on its row and on its latest job's row. Both rows have a database-maintained
`updated_at`, so a read asks PostgreSQL for (id, created_at, updated_at, the latest job's id,
progress and updated_at), the job joined laterally, and serializes only videos it has not seen
in that version: a list page or a polled video costs one narrow query and a string join.
"""
from __future__ import annotations

from flask import Response
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ytempire.common.kept_answers import AnswerKind, json_response, list_body
from ytempire.common.pagination import pagination_body
from ytempire.errors import NotFound
from ytempire.extensions import db
from ytempire.videos import service
from ytempire.videos.models import Video
from ytempire.videos.schemas import VideoSchema, VideoStatusSchema


def _load(ids: list):
    # populate_existing: a row already in the session's identity map is read afresh, not answered stale.
    return db.session.scalars(select(Video).where(Video.id.in_(ids)).options(selectinload(Video.jobs))
                              .execution_options(populate_existing=True))


def _job_part(video: Video, *columns: str) -> tuple:
    job = video.job
    return tuple(getattr(job, column) if job else None for column in columns)


VIDEO = AnswerKind(
    name="video",
    row_version=lambda row: (row.id, row.updated_at, row.job_id, row.job_progress),
    load=_load,
    loaded_version=lambda video: (video.id, video.updated_at, *_job_part(video, "id", "progress")),
    render=lambda video: VideoSchema().dump(video),
)


def _render_status(video: Video) -> dict:
    return VideoStatusSchema().dump(service.video_status(video))


STATUS = AnswerKind(
    name="video_status",
    row_version=lambda row: (row.id, row.updated_at, row.job_id, row.job_updated_at),
    load=_load,
    loaded_version=lambda video: (video.id, video.updated_at, *_job_part(video, "id", "updated_at")),
    render=_render_status,
)


def video_response(rows: list) -> Response:
    return VIDEO.one(rows, NotFound("Video not found"))


def status_response(rows: list) -> Response:
    return STATUS.one(rows, NotFound("Video not found"))


def list_response(rows: list, page_info: dict | None, next_cursor: str | None) -> Response:
    """The VideoListSchema answer, assembled from the kept video answers."""
    rest = {"pagination": pagination_body(page_info) if page_info else None, "next_cursor": next_cursor}
    return json_response(list_body("videos", VIDEO.texts(rows), rest))
