"""Where each video's artefacts live: STORAGE_PATH/<video_id>/<artefact>.

Writes go to a temporary name and are renamed into place, so an artefact that exists is
complete; that is what makes every stage idempotent (an existing artefact is reused).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from flask import current_app

ARTEFACTS = {
    "script_generation": "script.json",
    "content_optimization": "metadata.json",
    "voice_synthesis": "narration.json",
    "video_assembly": "video.mp4",
    "thumbnail_creation": "thumbnail.jpg",
    "youtube_upload": "upload.json",
}


def video_dir(video_id) -> Path:
    path = Path(current_app.config["STORAGE_PATH"]) / str(video_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def artefact_path(video_id, stage: str) -> Path:
    return video_dir(video_id) / ARTEFACTS[stage]


def write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str))
    os.replace(tmp, path)


def read_json(path: Path) -> dict:
    return json.loads(path.read_text())


def remove_video_files(video_id) -> None:
    shutil.rmtree(Path(current_app.config["STORAGE_PATH"]) / str(video_id), ignore_errors=True)
