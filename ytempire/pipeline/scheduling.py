"""Scheduled publishing: videos whose time has come get their upload stage enqueued."""
from __future__ import annotations

from sqlalchemy import select

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline import lifecycle
from ytempire.videos.models import Video


def publish_due_videos() -> int:
    due = db.session.scalars(select(Video).where(
        Video.publish_mode == "scheduled", Video.status == "completed", Video.scheduled_at <= utcnow(),
    ).with_for_update(skip_locked=True)).all()
    for video in due:
        lifecycle.publish(video)
    db.session.commit()
    return len(due)
