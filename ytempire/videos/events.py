"""Server-Sent Events for one video, read from its Redis stream (see pipeline/events.py).

The first event is the current state from PostgreSQL, so a client that connects (or reconnects
with Last-Event-ID) late still sees where the job is; the stream ends after the final state.
"""
from __future__ import annotations

import json
import time
from itertools import chain

import redis
from flask import current_app

from ytempire.common.redis import get_redis
from ytempire.extensions import db
from ytempire.pipeline.events import stream_key
from ytempire.videos import service
from ytempire.videos.schemas import VideoStatusSchema

FINAL_EVENTS = ("job_completed", "job_failed", "job_cancelled", "job_held")
FINAL_STATUSES = ("completed", "needs_review", "published", "failed", "cancelled")
BLOCK_MILLISECONDS = 5000
HEARTBEAT_SECONDS = 15
MAX_STREAM_SECONDS = 1800


def format_event(event_id: str, name: str, data: dict) -> str:
    return f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data, default=str)}\n\n"


def last_stream_id(video_id) -> str:
    entries = get_redis().xrevrange(stream_key(video_id), count=1)
    return entries[0][0] if entries else "0-0"


def blocking_client() -> redis.Redis:
    """A client whose socket timeout outlasts XREAD's block (the shared one times out sooner)."""
    return redis.Redis.from_url(current_app.config["REDIS_URL"], decode_responses=True,
                                socket_timeout=BLOCK_MILLISECONDS / 1000 + 5, socket_connect_timeout=2)


def open_event_stream(video, last_event_id: str | None):
    """The SSE frames for an owned video: its state from PostgreSQL, then what the stream adds.

    The stream cursor is taken *before* the state is read, so an event published in between is
    replayed (at worst twice) rather than lost. A job that is already final ends the answer at once,
    whatever Last-Event-ID says: EventSource reconnects with it after every close, and waiting for
    events that will never come would hold a server thread for MAX_STREAM_SECONDS.
    """
    cursor = last_stream_id(video.id)
    db.session.refresh(video)  # the row as committed now, after the cursor
    snapshot = VideoStatusSchema().dump(service.video_status(video))
    state = format_event(cursor, "state", snapshot)
    if snapshot["status"] in FINAL_STATUSES:
        return iter([state])
    if last_event_id:
        return follow_stream(video.id, last_event_id)
    return chain([state], follow_stream(video.id, cursor))


def follow_stream(video_id, cursor: str):
    """Yield stream entries after `cursor` until the final one (or MAX_STREAM_SECONDS), with heartbeats."""
    key = stream_key(video_id)
    client = blocking_client()
    try:
        started = last_beat = time.monotonic()
        while time.monotonic() - started < MAX_STREAM_SECONDS:
            for _stream, entries in client.xread({key: cursor}, count=50, block=BLOCK_MILLISECONDS) or []:
                for entry_id, fields in entries:
                    cursor = entry_id
                    payload = json.loads(fields["data"])
                    yield format_event(entry_id, payload["event"], payload)
                    if payload["event"] in FINAL_EVENTS:
                        return
            if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                yield ": keep-alive\n\n"
    finally:
        client.close()
