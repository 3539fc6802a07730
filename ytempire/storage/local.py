"""The local store: files under STORAGE_PATH on this host (one host, or a shared volume).

The layout is the one the backend always had: a video's artefacts sit directly in
STORAGE_PATH/<video_id>/ (the `videos/` key prefix is not a folder), music in STORAGE_PATH/music/, brand assets in STORAGE_PATH/brand/.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ytempire.storage.interface import MissingObject, StoredObject

VIDEOS_PREFIX = "videos/"
# Top-level folders of STORAGE_PATH that are not a video's: music tracks, brand assets, local publishes.
OWN_FOLDERS = ("music", "brand", "_published")


class LocalStore:
    kind = "local"
    is_remote = False

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def local_path(self, key: str) -> Path:
        relative = key[len(VIDEOS_PREFIX):] if key.startswith(VIDEOS_PREFIX) else key
        return self.root / relative

    def put_file(self, key: str, local_path: str | Path) -> None:
        target = self.local_path(key)
        if Path(local_path).resolve() == target.resolve():
            return                      # the stage worked in the store's own folder
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:8]}.partial{target.suffix}")
        shutil.copyfile(local_path, partial)
        os.replace(partial, target)

    def get_file(self, key: str, local_path: str | Path) -> Path:
        source, target = self.local_path(key), Path(local_path)
        if not source.is_file():
            raise MissingObject(key)
        if source.resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        return target

    def put_json(self, key: str, data: dict) -> None:
        path = self.local_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")   # the name scratch.remove_leftovers sweeps
        tmp.write_text(json.dumps(data, indent=2, default=str))
        os.replace(tmp, path)

    def get_json(self, key: str) -> dict:
        try:
            return json.loads(self.local_path(key).read_text())
        except FileNotFoundError:
            raise MissingObject(key) from None

    def exists(self, key: str) -> bool:
        return self.local_path(key).is_file()

    def delete(self, key: str) -> None:
        self.local_path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> int:
        folder = self.local_path(prefix)
        if not folder.is_dir():
            return 0
        count = sum(1 for path in folder.rglob("*") if path.is_file())
        shutil.rmtree(folder, ignore_errors=True)
        return count

    def list(self, prefix: str) -> Iterator[StoredObject]:
        folder = self.local_path(prefix)
        if not folder.is_dir():
            return
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                yield StoredObject(prefix + path.relative_to(folder).as_posix(), stat.st_size,
                                   datetime.fromtimestamp(stat.st_mtime, timezone.utc))

    def ping(self) -> None:
        if not self.root.is_dir():
            raise FileNotFoundError(f"STORAGE_PATH {self.root} does not exist")

    def presigned_url(self, key: str, *, expires: int, download_name: str | None = None,
                      content_type: str | None = None) -> None:
        return None                     # the API sends local files itself

    def location(self, key: str) -> str:
        return str(self.local_path(key))

    def key_of(self, location: str) -> str | None:
        try:
            relative = Path(location).relative_to(self.root).as_posix()
        except ValueError:
            return None
        first = relative.split("/", 1)[0]
        return relative if first in OWN_FOLDERS else VIDEOS_PREFIX + relative
