"""Which videos a read shows, and in which version: the narrow query behind videos/answers.py."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, select, true

from ytempire.extensions import db
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video


@lru_cache(maxsize=1)
def _latest_job():
    """The latest job of the outer query's video (as `Video.job` picks it), joined laterally (built once)."""
    return (select(GenerationJob.id.label("job_id"), GenerationJob.progress.label("job_progress"),
                   GenerationJob.updated_at.label("job_updated_at"))
            .where(GenerationJob.video_id == Video.id)
            .order_by(GenerationJob.created_at.desc()).limit(1).lateral("latest_job"))


def versions(stmt: Select) -> list:
    """The videos `stmt` (a select of Video, filtered, ordered, limited) picks, as version rows
    (id, created_at, updated_at, job_id, job_progress, job_updated_at), in its order."""
    job = _latest_job()
    narrow = stmt.with_only_columns(Video.id, Video.created_at, Video.updated_at, job.c.job_id,
                                    job.c.job_progress, job.c.job_updated_at).outerjoin(job, true())
    return db.session.execute(narrow).all()
