"""Keep a running stage's claim alive from a thread beside the work.

The task's own session sits inside a long step (an ffmpeg encode, a provider call) and may hold
the job row locked, so the renewal runs on its own connection in short transactions of its own:
it neither waits on the work nor joins its transaction. When the worker process dies, the thread
dies with it and the claim goes stale; that is how recovery tells a dead worker from a slow one.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

import structlog
from flask import current_app
from sqlalchemy import text, update

from ytempire.common.timeutil import utcnow
from ytempire.extensions import db
from ytempire.pipeline.models import GenerationJob

log = structlog.get_logger(__name__)
jobs_table = GenerationJob.__table__


class StageHeartbeat(threading.Thread):
    """Renews `claimed_at` and `heartbeat_at` of the claim named by `token` every `interval` seconds."""

    def __init__(self, engine, job_id, token, interval: float):
        super().__init__(name=f"stage-heartbeat-{job_id}", daemon=True)
        self.engine, self.job_id, self.token, self.interval = engine, job_id, token, interval
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            self.beat()

    def beat(self) -> bool:
        """One renewal; False when the claim is no longer ours or PostgreSQL did not answer."""
        try:
            with self.engine.begin() as connection:
                # The task may hold the row for a moment: skip this beat rather than queue behind it.
                connection.execute(text("SET LOCAL lock_timeout = '2s'"))
                now = utcnow()
                renewed = connection.execute(
                    update(jobs_table).where(jobs_table.c.id == self.job_id, jobs_table.c.claim_token == self.token)
                    .values(claimed_at=now, heartbeat_at=now)).rowcount
            return renewed == 1
        except Exception as error:  # noqa: BLE001 - a missed beat is retried; the work must go on
            log.warning("stage_heartbeat_missed", job_id=str(self.job_id), error=f"{type(error).__name__}: {error}"[:300])
            return False

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=self.interval)


@contextmanager
def keep_alive(job_id, token):
    """Renew the claim `token` on the job while the block runs."""
    heartbeat = StageHeartbeat(db.engine, job_id, token, current_app.config["STAGE_HEARTBEAT_INTERVAL_SECONDS"])
    heartbeat.start()
    try:
        yield heartbeat
    finally:
        heartbeat.stop()
