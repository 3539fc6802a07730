"""The offline publisher: stores the upload locally and returns an id, like YouTube would.

Used when a channel has no YouTube credentials, so the pipeline completes end to end offline.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from ytempire.common.timeutil import isoformat, utcnow


class LocalPublisher:
    name = "local"

    def __init__(self, storage_path: str):
        self.root = Path(storage_path) / "_published"

    def upload(self, *, video_path: str, thumbnail_path: str | None, title: str, description: str, tags: list,
               privacy_status: str) -> dict:
        video_id = f"local_{uuid.uuid4().hex[:11]}"
        target = self.root / video_id
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(video_path, target / "video.mp4")
        if thumbnail_path and os.path.exists(thumbnail_path):
            shutil.copyfile(thumbnail_path, target / Path(thumbnail_path).name)
        receipt = {"video_id": video_id, "title": title, "description": description, "tags": tags,
                   "privacy_status": privacy_status, "uploaded_at": isoformat(utcnow()), "publisher": self.name,
                   "location": str(target)}
        (target / "receipt.json").write_text(json.dumps(receipt, indent=2))
        return receipt
