"""Which videos a read shows, and in which version: the narrow query behind videos/answers.py."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, bindparam, select, true

from ytempire.common.plain_reads import read_rows
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video


@lru_cache(maxsize=1)
def _latest_job():
    """The latest job of the outer query's video (as `Video.job` picks it), joined laterally (built once)."""
    return (select(GenerationJob.id.label("job_id"), GenerationJob.progress.label("job_progress"),
                   GenerationJob.updated_at.label("job_updated_at"))
            .where(GenerationJob.video_id == Video.id)
            .order_by(GenerationJob.created_at.desc()).limit(1).lateral("latest_job"))


def narrow(stmt: Select) -> Select:
    """`stmt` (a select of Video) reading only the version columns (see `versions`)."""
    job = _latest_job()
    return stmt.with_only_columns(Video.id, Video.created_at, Video.updated_at, job.c.job_id,
                                  job.c.job_progress, job.c.job_updated_at).outerjoin(job, true())


def versions(stmt: Select, **params) -> list:
    """The videos `stmt` (a select of Video, filtered, ordered, limited) picks, as version rows
    (id, created_at, updated_at, job_id, job_progress, job_updated_at), in its order. One statement
    outside any transaction (common/plain_reads.py); no ORM entity is loaded."""
    return read_rows(narrow(stmt), params)


def narrowed_versions(narrowed: Select, **params) -> list:
    """`versions` for a statement already narrowed (and kept: its cache key is computed once)."""
    return read_rows(narrowed, params)


@lru_cache(maxsize=1)
def _one_video():
    return narrow(select(Video).where(Video.id == bindparam("video_id"), Video.user_id == bindparam("user_id")))


def owned_version(user_id, video_id) -> list:
    """The caller's video as a version row (none when it is not theirs): one statement, built once."""
    return read_rows(_one_video(), {"video_id": video_id, "user_id": user_id})
