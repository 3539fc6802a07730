"""Leftovers of a stage attempt that died: half-written outputs and render scratch folders.

Every artefact is written under a temporary name and renamed into place (media/atomic.py, the local
object store's put_file and put_json), and the renderer draws its slides into a temporary folder
under `render/`. This is the local store's concern only: with S3 a stage works in its own scratch
folder, which `pipeline.storage.stage_scratch` empties and removes.
A killed worker leaves those behind; they are never reused, so the next attempt (holding the
job's claim, so no other attempt is writing) and the storage cleanup remove them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app

# media/atomic.py and the local store name a temporary file ".<stem>.<random>.partial<suffix>"; put_json "<name>.tmp".
LEFTOVER_PATTERNS = (".*.partial*", "*.tmp")
SCRATCH_FOLDER = "render"


def remove_leftovers(video_id) -> int:
    """Remove the video's half-written files and render scratch; how many entries were removed."""
    folder = Path(current_app.config["STORAGE_PATH"]) / str(video_id)
    if not folder.is_dir():
        return 0
    removed = 0
    for pattern in LEFTOVER_PATTERNS:
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)
            removed += 1
    scratch = folder / SCRATCH_FOLDER
    if scratch.is_dir():
        removed += sum(1 for _ in scratch.iterdir())
        shutil.rmtree(scratch, ignore_errors=True)
    return removed
