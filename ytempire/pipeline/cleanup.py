"""Storage cleanup: the artefacts of deleted videos and of videos that failed long ago, and the
half-written files a killed stage left in the local folders of finished ones."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline.lifecycle import TERMINAL_JOB_STATUSES
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.scratch import remove_leftovers
from ytempire.pipeline.storage import remove_video_files, stored_video_ids
from ytempire.storage import object_store
from ytempire.videos.models import Video


def clean_storage() -> int:
    """Remove the artefacts of videos with no row, or whose job failed over FAILED_RETENTION_DAYS ago;
    how many videos' artefacts were removed. Works on the configured store (local folders or a bucket)."""
    stored = stored_video_ids()
    if not stored:
        return 0
    cutoff = utcnow() - timedelta(days=current_app.config["FAILED_RETENTION_DAYS"])
    rows = dict(db.session.execute(select(Video.id, Video.status).where(Video.id.in_(stored))).all())
    old_failed = set(db.session.scalars(select(Video.id).join(GenerationJob).where(
        Video.id.in_(stored), Video.status == "failed", GenerationJob.completed_at < cutoff)))
    settled = set(db.session.scalars(select(GenerationJob.video_id).where(
        GenerationJob.video_id.in_(stored), GenerationJob.status.in_(TERMINAL_JOB_STATUSES))))
    local = not object_store().is_remote
    removed = 0
    for video_id in stored:
        if video_id not in rows or video_id in old_failed:
            remove_video_files(video_id)
            removed += 1
        elif video_id in settled and local:  # no stage of it runs any more: what a dead attempt left is garbage
            remove_leftovers(video_id)       # (on S3 a stage's leftovers stay in its worker's scratch folder)
    return removed
