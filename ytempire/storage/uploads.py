"""A user's checked upload (a music track, a brand asset) kept in the object store with its row."""
from __future__ import annotations

from pathlib import Path

from ytempire.extensions import db
from ytempire.storage import object_store


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
