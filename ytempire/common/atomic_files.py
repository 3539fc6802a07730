"""Write-then-rename for every artefact a stage produces (narration, video, captions, thumbnail).

Stages are idempotent and reuse a finished artefact on a re-run, so a file must exist under its
final name only when it is complete. The temporary name is unique, so two deliveries of the same
task (acks_late redelivery) never write into one file, and it keeps the suffix, so tools that
choose a format by extension (ffmpeg, Pillow, wave) behave the same.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block completes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:12]}.partial{path.suffix}")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
