"""Apply a verified PubSubHubbub feed to our videos: titles, publish times, removals on YouTube."""
from __future__ import annotations

import structlog
from sqlalchemy import select

from ytempire.channels.models import Channel
from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline import lifecycle
from ytempire.text.youtube_metadata import fit_title
from ytempire.videos.models import Video
from ytempire.youtube.pubsub import parse_feed

log = structlog.get_logger(__name__)


def apply_notification(body: bytes) -> int:
    """Apply a verified feed to our videos; the number of videos changed (unknown ones are ignored)."""
    changed = 0
    for entry in parse_feed(body):
        stmt = select(Video).join(Channel, Channel.id == Video.channel_id).where(Video.youtube_video_id == entry.video_id)
        if entry.channel_id:
            stmt = stmt.where(Channel.youtube_channel_id == entry.channel_id)
        video = db.session.scalar(stmt.with_for_update(of=Video))
        if video is None:
            continue
        if entry.deleted_at:
            lifecycle.mark_removed_from_youtube(video)
            video.meta = {**(video.meta or {}), "youtube_deleted_at": entry.deleted_at.isoformat()}
        else:
            if entry.title:
                video.title = fit_title(entry.title)
            if entry.published:
                video.published_at = entry.published
            video.meta = {**(video.meta or {}), "youtube_updated_at": entry.updated.isoformat() if entry.updated
                          else utcnow().isoformat()}
        changed += 1
    db.session.commit()
    log.info("youtube_notification_applied", videos=changed)
    return changed


# -- Subscribing and renewing (beat) ----------------------------------------------------------
