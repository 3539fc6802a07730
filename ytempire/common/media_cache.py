"""The media cache shared by all videos: each download is stored once, under the hash of its bytes.

`objects/<aa>/<sha256>.<ext>` holds the content; `keys/<sha256 of the source key>` names the
object a source URL (or an image prompt) gave, so a clip found again by another video is not
fetched again. Every use touches the object's mtime, which makes it the least-recently-used
clock: `trim_cache` (run by beat) deletes the oldest objects until the cache fits its bound.
Writes go to a temporary name and are renamed into place, so concurrent workers never see a
half-written object; two workers fetching the same URL at once both write the same bytes.
"""
from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

GIB = 1024 ** 3


class MediaCache:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _key_file(self, key: str) -> Path:
        return self.root / "keys" / hashlib.sha256(key.encode()).hexdigest()

    def lookup(self, key: str) -> Path | None:
        """The cached object for `key`, touched as just used; None when absent (or trimmed)."""
        try:
            path = self.root / self._key_file(key).read_text().strip()
        except FileNotFoundError:
            return None
        if not path.is_file():
            return None
        now = time.time()
        os.utime(path, (now, now))
        return path

    def fetch(self, key: str, suffix: str, download: Callable[[Path], None]) -> tuple[Path, bool]:
        """The object for `key`, calling `download(tmp_path)` only on a miss: (path, was_cached)."""
        cached = self.lookup(key)
        if cached is not None:
            return cached, True
        with self._temporary(suffix) as tmp:
            download(tmp)
            path = self._store(tmp, suffix)
        self._write_key(key, path)
        return path, False

    def _store(self, tmp: Path, suffix: str) -> Path:
        digest = hashlib.sha256()
        with open(tmp, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        name = digest.hexdigest()
        path = self.root / "objects" / name[:2] / f"{name}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, path)        # same bytes already there: replacing changes nothing but the clock
        return path

    def _write_key(self, key: str, path: Path) -> None:
        key_file = self._key_file(key)
        key_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = key_file.with_name(f".{key_file.name}.{uuid.uuid4().hex[:8]}")
        tmp.write_text(str(path.relative_to(self.root)))
        os.replace(tmp, key_file)

    @contextmanager
    def _temporary(self, suffix: str) -> Iterator[Path]:
        tmp_dir = self.root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        tmp = tmp_dir / f"{uuid.uuid4().hex}{suffix}"
        try:
            yield tmp
        finally:
            tmp.unlink(missing_ok=True)

    def objects(self) -> list[Path]:
        return [p for p in (self.root / "objects").glob("*/*") if p.is_file()]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.objects())

    def trim(self, max_bytes: int) -> list[Path]:
        """Delete least-recently-used objects (and the keys naming them) until the total fits."""
        entries = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in self.objects()))
        total = sum(size for _, size, _ in entries)
        removed = []
        for _, size, path in entries:
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed.append(path)
        if removed:
            self._drop_dangling_keys()
        return removed

    def _drop_dangling_keys(self) -> None:
        for key_file in (self.root / "keys").glob("*"):
            try:
                if not (self.root / key_file.read_text().strip()).is_file():
                    key_file.unlink(missing_ok=True)
            except FileNotFoundError:
                continue


def media_cache(config) -> MediaCache:
    return MediaCache(config["MEDIA_CACHE_PATH"])


def trim_media_cache(config) -> int:
    """Beat: bound the shared cache to MEDIA_CACHE_MAX_GB; returns how many objects were removed."""
    return len(media_cache(config).trim(int(config["MEDIA_CACHE_MAX_GB"] * GIB)))
