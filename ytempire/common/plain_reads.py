"""One statement outside any transaction: the hot GET paths' reads, and a new video's one INSERT.

A read through the ORM session opens a transaction: psycopg2 sends BEGIN before the statement and
the session's close sends ROLLBACK, three round trips to PostgreSQL for one SELECT. The version
reads of the kept answers (common/kept_answers.py) are single statements that need no snapshot
shared with any other statement, so they run on a pooled connection in autocommit mode: one round
trip. Those connections are a pool of their own, in autocommit from the moment they open (the
`plain_reads` bind, ytempire/config.py): a connection of the main pool switched for one read
would be switched back on its return, a second round trip. Only where the request has nothing
uncommitted (GET handlers, or after the request's commit, as the queue position of a new job):
such a read does not see uncommitted writes.

A write that is a single statement is its own transaction in autocommit (PostgreSQL runs each
statement atomically): `autocommit_connection` serves the new video's one INSERT
(common/one_statement_insert.py), which saves the BEGIN and COMMIT round trips.
"""
from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.engine import Connection

from ytempire.config import PLAIN_READS_BIND
from ytempire.extensions import db


def autocommit_connection() -> Connection:
    """A connection of the autocommit pool, to use in a `with` block: each statement commits alone."""
    return db.engines[PLAIN_READS_BIND].connect()


def read_rows(stmt: Select, params: dict | None = None) -> list:
    with autocommit_connection() as connection:
        return connection.execute(stmt, params or {}).all()
