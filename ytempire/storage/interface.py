"""What the pipeline, the API and the cleaner ask of the place artefacts and music are kept.

Keys are '/'-separated names, the same for every store: `videos/<video_id>/video.mp4`,
`music/<user_id>/<track_id>.mp3`, `_published/<local_id>/video.mp4`. A row records a file's
*location* (`location(key)`): a path for the local store, `s3://bucket/key` for S3, so a worker on
another host can find what this one stored.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator, Protocol


class MissingObject(FileNotFoundError):
    """The key holds nothing (a FileNotFoundError, as a missing local file was before the stores)."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    last_modified: datetime


class ObjectStore(Protocol):
    kind: str               # "local" | "s3"
    is_remote: bool         # False: a stage can work in the store's own folders

    def put_file(self, key: str, local_path: str | Path) -> None:
        """Store the file under `key`; readers see all of it or nothing."""

    def get_file(self, key: str, local_path: str | Path) -> Path:
        """Copy the object to `local_path` (complete or not at all); MissingObject if there is none."""

    def put_json(self, key: str, data: dict) -> None: ...

    def get_json(self, key: str) -> dict: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int:
        """Remove every object under `prefix` (ending in '/'); how many were removed."""

    def list(self, prefix: str) -> Iterator[StoredObject]: ...

    def ping(self) -> None:
        """Raise if the store cannot be reached (the health check)."""

    def presigned_url(self, key: str, *, expires: int, download_name: str | None = None,
                      content_type: str | None = None) -> str | None:
        """A short-lived URL a browser can fetch the object from; None where the API serves files itself."""

    def local_path(self, key: str) -> Path | None:
        """The object's file on this host, or None for a remote store."""

    def location(self, key: str) -> str:
        """What a database row records for the object."""

    def key_of(self, location: str) -> str | None:
        """The key behind a recorded location, or None when it is not in this store."""
