"""Check a pooled database connection before use only when it has sat idle.

SQLAlchemy's `pool_pre_ping` sends `SELECT 1` on every checkout: a whole round trip per request,
most of the database work of a cheap read. A connection returned a moment ago is as alive as the
ping would show; one that sat idle may have been cut (a database restart, a proxy's idle timeout).
So the ping runs only after DB_PING_AFTER_IDLE_SECONDS without use. A failed ping raises
DisconnectionError, on which the pool drops that connection and checks out a fresh one. A
connection that dies while busy fails its statement; SQLAlchemy then recycles every connection of
the pool older than that moment, so one request answers 503 and the next ones reconnect.

A connection opened by another process (a pool inherited across a fork, as Celery's prefork pool
does) is never used: two processes on one socket would corrupt each other's conversations.
"""
from __future__ import annotations

import os
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

_RETURNED_AT = "ytempire.returned_at"
_OPENED_BY = "ytempire.opened_by_pid"


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def remember_opener(_dbapi_connection, record):
        record.info[_OPENED_BY] = os.getpid()

    @event.listens_for(engine, "checkin")
    def remember_return(_dbapi_connection, record):
        if record is not None:
            record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection, record, proxy):
        if record.info.get(_OPENED_BY, os.getpid()) != os.getpid():
            # Not ours to close either: drop it without touching the socket the parent still uses.
            record.dbapi_connection = proxy.dbapi_connection = None
            raise DisconnectionError("connection opened by another process")
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is not None and time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)  # outside any transaction, as pool_pre_ping does
        except Exception as error:  # noqa: BLE001 - any failure means this connection is unusable
            raise DisconnectionError(f"connection failed its ping after idling: {error}") from error
