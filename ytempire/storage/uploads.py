"""A user's upload (a music track, a brand asset): received into a file to check, then kept in the
object store with its row."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import current_app
from werkzeug.datastructures import FileStorage

from ytempire.extensions import db
from ytempire.storage import object_store


@contextmanager
def received_upload(upload: FileStorage, suffix: str, local_folder: Path, scratch_name: str) -> Iterator[Path]:
    """The upload saved to a file of its own for checking, removed after the block: beside its kind's
    files with the local store (so keeping it is a rename's worth of copy), in SCRATCH_PATH/<scratch_name>
    with a remote one."""
    folder = Path(current_app.config["SCRATCH_PATH"]) / scratch_name if object_store().is_remote else local_folder
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".upload-{uuid.uuid4().hex}{suffix}"
    try:
        upload.save(partial)
        yield partial
    finally:
        partial.unlink(missing_ok=True)


def keep_upload(row, key: str, checked_file: Path) -> None:
    """Store `checked_file` under `key`, record its location on `row` and commit the row; if the
    row cannot be committed the object is deleted again, so no file outlives its row."""
    store = object_store()
    store.put_file(key, checked_file)
    row.path = store.location(key)
    db.session.add(row)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        store.delete(key)
        raise
