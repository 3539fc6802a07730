"""How a stage delivery can end other than 'done': each one stops the Celery chain."""
from __future__ import annotations


class StageSkipped(Exception):
    """The job is cancelled, failed, finished or gone, or another delivery has the stage: stop here."""


class StageDeferred(StageSkipped):
    """The stage cannot run before `until` (YouTube quota): the job waits as pending, the chain stops.

    A StageSkipped, so the task wrapper stops the chain the same way; beat's recovery re-enqueues
    the job once `until` has passed.
    """

    def __init__(self, until, reason: str):
        super().__init__(reason)
        self.until, self.reason = until, reason


class StageFailed(Exception):
    """The stage failed for good and the job is marked failed."""


class StageHeld(StageSkipped):
    """The upload looks too much like the user's recent videos: held for a person, the chain stops.

    `result` is the originality check (scores, closest videos) the hold stores on the video.
    """

    def __init__(self, result: dict):
        super().__init__("; ".join(result.get("reasons", [])) or "held for review")
        self.result = result
