"""Progress events per video, kept in a capped Redis stream.

A stream (not bare pub/sub) lets a client that reconnects with Last-Event-ID replay what it
missed, including the final state.
"""
from __future__ import annotations

import json

from ytempire.common.redis import get_redis
from ytempire.common.timeutil import isoformat, utcnow

STREAM_MAXLEN = 200
STREAM_TTL_SECONDS = 7 * 24 * 3600


def stream_key(video_id) -> str:
    return f"video-events:{video_id}"


def publish_job_event(job, event: str, **extra) -> None:
    payload = {
        "event": event,
        "video_id": str(job.video_id),
        "job_id": str(job.id),
        "status": job.status,
        "progress": job.progress,
        "current_stage": job.current_stage,
        "stages_completed": list(job.stages_completed or []),
        "timestamp": isoformat(utcnow()),
        **extra,
    }
    r = get_redis()
    key = stream_key(job.video_id)
    try:
        r.xadd(key, {"data": json.dumps(payload)}, maxlen=STREAM_MAXLEN, approximate=True)
        r.expire(key, STREAM_TTL_SECONDS)
    except Exception:  # noqa: BLE001 - progress is a convenience; PostgreSQL holds the truth
        pass
