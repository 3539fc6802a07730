"""Storage cleanup: folders of deleted videos and of videos that failed long ago, and the half-written
files a killed stage left in the folders of finished ones."""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ytempire.common.timeutil import utcnow
from ytempire.common.uuids import parse_uuid
from ytempire.extensions import db
from ytempire.pipeline.lifecycle import TERMINAL_JOB_STATUSES
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.scratch import remove_leftovers
from ytempire.videos.models import Video


def clean_storage() -> int:
    """Remove artefact folders with no video row, or whose job failed over FAILED_RETENTION_DAYS ago."""
    root = Path(current_app.config["STORAGE_PATH"])
    if not root.exists():
        return 0
    folders = {parse_uuid(p.name): p for p in root.iterdir() if p.is_dir() and parse_uuid(p.name)}
    if not folders:
        return 0
    cutoff = utcnow() - timedelta(days=current_app.config["FAILED_RETENTION_DAYS"])
    rows = dict(db.session.execute(select(Video.id, Video.status).where(Video.id.in_(folders))).all())
    old_failed = set(db.session.scalars(select(Video.id).join(GenerationJob).where(
        Video.id.in_(folders), Video.status == "failed", GenerationJob.completed_at < cutoff)))
    settled = set(db.session.scalars(select(GenerationJob.video_id).where(
        GenerationJob.video_id.in_(folders), GenerationJob.status.in_(TERMINAL_JOB_STATUSES))))
    removed = 0
    for video_id, path in folders.items():
        if video_id not in rows or video_id in old_failed:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
        elif video_id in settled:  # no stage of it runs any more: what a dead attempt left is garbage
            remove_leftovers(video_id)
    return removed
