"""Where each video's artefacts live: the object store's `videos/<video_id>/<artefact>` keys.

With the local store that is STORAGE_PATH/<video_id>/<artefact>, as it always was, and a stage works
in that folder directly. With S3 a stage works in a private scratch folder on its worker
(`stage_scratch`): it fetches the inputs it needs, makes its output there, and keeps it in the
bucket; the folder is removed when the stage ends, also when it fails.

Every artefact becomes visible complete or not at all (a rename locally, a finished upload on S3);
that is what makes every stage idempotent: an artefact that exists is reused.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import current_app

from ytempire.common.uuids import parse_uuid
from ytempire.storage import ObjectStore, object_store

ARTEFACTS = {
    "script_generation": "script.json",
    "content_optimization": "metadata.json",
    "voice_synthesis": "narration.json",
    "video_assembly": "video.mp4",
    "thumbnail_creation": "thumbnail.jpg",
    "youtube_upload": "upload.json",
}


def artefact_key(video_id, name: str) -> str:
    return f"videos/{video_id}/{name}"


def has_artefact(video_id, name: str) -> bool:
    return object_store().exists(artefact_key(video_id, name))


def load_json(video_id, name: str) -> dict:
    return object_store().get_json(artefact_key(video_id, name))


def save_json(video_id, name: str, data: dict) -> None:
    object_store().put_json(artefact_key(video_id, name), data)


def artefact_location(video_id, name: str) -> str:
    """What a row records for the artefact (`video_path`, `thumbnail_path`): a path, or an s3:// address."""
    return object_store().location(artefact_key(video_id, name))


def remove_video_files(video_id) -> None:
    object_store().delete_prefix(f"videos/{video_id}/")


def stored_video_ids() -> set[uuid.UUID]:
    """The videos the store holds anything for (locally: every STORAGE_PATH/<uuid>/ folder, even empty)."""
    store = object_store()
    if store.is_remote:
        return {video_id for item in store.list("videos/") if (video_id := parse_uuid(item.key.split("/")[1]))}
    root = Path(current_app.config["STORAGE_PATH"])
    if not root.exists():
        return set()
    return {video_id for path in root.iterdir() if path.is_dir() and (video_id := parse_uuid(path.name))}


class StageScratch:
    """The folder one stage of one video works in, and the way its files reach the store and back."""

    def __init__(self, video_id, folder: Path, store: ObjectStore):
        self.video_id, self.folder, self.store = video_id, folder, store

    def path(self, name: str) -> Path:
        return self.folder / name

    def fetch(self, name: str) -> Path:
        """The video's stored `name` as a file here (MissingObject if it was never stored)."""
        return self.store.get_file(artefact_key(self.video_id, name), self.path(name))

    def fetch_location(self, location: str) -> str:
        """A file on this host for a recorded location: a local path as it is, an S3 object fetched here."""
        key = self.store.key_of(location) if self.store.is_remote else None
        if key is None:
            return location
        return str(self.store.get_file(key, self.folder / key.rsplit("/", 1)[-1]))   # keeps its own name

    def keep(self, name: str) -> str:
        """Store the file `name` made here; its location."""
        key = artefact_key(self.video_id, name)
        self.store.put_file(key, self.path(name))
        return self.store.location(key)


@contextmanager
def stage_scratch(video_id, stage: str) -> Iterator[StageScratch]:
    """The stage's working folder: the video's own folder locally, a private one per video and stage on S3."""
    store = object_store()
    if not store.is_remote:
        yield StageScratch(video_id, video_dir(video_id), store)
        return
    folder = Path(current_app.config["SCRATCH_PATH"]) / str(video_id) / stage
    shutil.rmtree(folder, ignore_errors=True)    # left by an attempt on this host that died
    folder.mkdir(parents=True)
    try:
        yield StageScratch(video_id, folder, store)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- the local store's folders, for code and tests that look at the files themselves


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
