"""Progress inside a long stage (the render): a fraction of the stage done becomes job progress between
the mark of the stage before and this stage's own mark (stages.PROGRESS_AFTER), written to the job
row and published on the video's event stream as `stage_progress`.

The row is updated on a connection of its own: the stage's session holds the stage's pending
changes, which must commit only when the stage ends. Progress only grows, and a report comes at
most once a second and only when the whole percent changes.
"""
from __future__ import annotations

import time
from typing import Callable

from sqlalchemy import update

from ytempire.extensions import db
from ytempire.pipeline.events import publish_job_event
from ytempire.pipeline.stages import PROGRESS_AFTER, STAGES
from ytempire.videos.models import GenerationJob

MIN_INTERVAL_SECONDS = 1.0


def stage_progress_reporter(job, stage: str) -> Callable[[float], None]:
    """`report(fraction)` for `stage` of `job` (0..1 of the stage done)."""
    index = STAGES.index(stage)
    low, high = (PROGRESS_AFTER[STAGES[index - 1]] if index else 0), PROGRESS_AFTER[stage]
    job_id, reported = job.id, {"percent": job.progress, "at": float("-inf")}

    def report(fraction: float) -> None:
        fraction = max(0.0, min(1.0, fraction))
        percent = min(high - 1, low + int((high - low) * fraction))  # the mark itself: when the stage ends
        now = time.monotonic()
        if percent <= reported["percent"] or now - reported["at"] < MIN_INTERVAL_SECONDS:
            return
        reported.update(percent=percent, at=now)
        with db.engine.begin() as connection:
            connection.execute(update(GenerationJob).where(
                GenerationJob.id == job_id, GenerationJob.status == "running", GenerationJob.progress < percent)
                .values(progress=percent))
        publish_job_event(job, "stage_progress", stage=stage, progress=percent, stage_percent=int(fraction * 100))

    return report
