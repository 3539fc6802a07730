"""The offline publisher: keeps the upload in the object store and returns an id, like YouTube would.

Used when a channel has no YouTube credentials, so the pipeline completes end to end offline. The
copy goes under `_published/<id>/` (STORAGE_PATH/_published/<id>/ with the local store).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from ytempire.common.timeutil import isoformat, utcnow
from ytempire.storage import ObjectStore


class LocalPublisher:
    name = "local"

    def __init__(self, store: ObjectStore):
        self.store = store

    def upload(self, *, video_path: str, thumbnail_path: str | None, title: str, description: str, tags: list,
               privacy_status: str) -> dict:
        """`video_path` and `thumbnail_path`: the files on this host."""
        video_id = f"local_{uuid.uuid4().hex[:11]}"
        prefix = f"_published/{video_id}/"
        self.store.put_file(prefix + "video.mp4", video_path)
        if thumbnail_path and os.path.exists(thumbnail_path):
            self.store.put_file(prefix + Path(thumbnail_path).name, thumbnail_path)
        receipt = {"video_id": video_id, "title": title, "description": description, "tags": tags,
                   "privacy_status": privacy_status, "uploaded_at": isoformat(utcnow()), "publisher": self.name,
                   "location": self.store.location(prefix.rstrip("/"))}
        self.store.put_json(prefix + "receipt.json", receipt)
        return receipt
