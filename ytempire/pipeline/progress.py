"""Progress inside a long stage (the render): a fraction of the stage done becomes job progress between
the mark of the stage before and this stage's own mark (the runner opens that span around the step),
written to the job row and published on the video's event stream as `stage_progress`.

The row is updated on a connection of its own: the stage's session holds the stage's pending
changes, which must commit only when the stage ends. Progress only grows, and a report comes at
most once a second and only when the whole percent changes.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import update

from ytempire.extensions import db
from ytempire.pipeline.events import publish_job_event
from ytempire.pipeline.models import GenerationJob

MIN_INTERVAL_SECONDS = 1.0
_span: ContextVar[tuple | None] = ContextVar("stage_progress_span", default=None)


@contextmanager
def stage_span(job, stage: str, low: int, high: int) -> Iterator[None]:
    """While the step runs, `stage_progress_reporter()` reports between `low` and `high`."""
    token = _span.set((job, stage, low, high))
    try:
        yield
    finally:
        _span.reset(token)


def stage_progress_reporter() -> Callable[[float], None]:
    """`report(fraction)` for the stage running now (0..1 of it done); a no-op outside the runner."""
    span = _span.get()
    if span is None:
        return lambda fraction: None
    job, stage, low, high = span
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
