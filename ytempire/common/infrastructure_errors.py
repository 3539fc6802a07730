"""Failures of our own services that pass: PostgreSQL or Redis restarting, a dropped connection,
a serialization failure or deadlock. A stage retries them with backoff, like a provider's 503;
they never fail a job, because nothing about the job is wrong.
"""
from __future__ import annotations

import kombu.exceptions
import psycopg2
import redis.exceptions
import sqlalchemy.exc

TRANSIENT_INFRASTRUCTURE_ERRORS = (
    # SQLAlchemy wraps psycopg2's OperationalError (lost connection, admin shutdown, serialization
    # failure, deadlock) as its own OperationalError; the others come from the pool and the driver.
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
    psycopg2.OperationalError,
    psycopg2.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)

# Backoff of those retries: long enough together to outlast a restart, each short enough that the
# stage resumes soon after the service is back. Past the last one recovery takes the job over.
RETRY_BASE_SECONDS = 5.0
RETRY_MAX_SECONDS = 60.0
MAX_RETRIES = 12


def retry_countdown(attempt: int) -> float:
    """5, 10, 20, 40, then 60 seconds (roughly 10 minutes over MAX_RETRIES attempts)."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * (2 ** min(attempt, 6)))


def close_session_quietly() -> None:
    """End the task's session even when PostgreSQL dropped its connection after the work was committed.

    Otherwise the rollback in the app context's teardown raises on the dead connection, and a
    stage that finished is reported as failed, which stops its chain before the next stage is sent.
    """
    from ytempire.extensions import db

    try:
        db.session.remove()
    except TRANSIENT_INFRASTRUCTURE_ERRORS:
        db.session.registry.clear()  # the connection is already invalidated; drop the session with it
