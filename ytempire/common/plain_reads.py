"""One read statement outside any transaction, for the hot GET paths.

A read through the ORM session opens a transaction: psycopg2 sends BEGIN before the statement and
the session's close sends ROLLBACK, three round trips to PostgreSQL for one SELECT. The version
reads of the kept answers (common/kept_answers.py) are single statements that need no snapshot
shared with any other statement, so they run on a pooled connection in autocommit mode: one round
trip. Those connections are a pool of their own, in autocommit from the moment they open (the
`plain_reads` bind, ytempire/config.py): a connection of the main pool switched for one read
would be switched back on its return, a second round trip. Only where the request has nothing
uncommitted (GET handlers, or after the request's commit, as the queue position of a new job):
such a read does not see uncommitted writes.
"""
from __future__ import annotations

from sqlalchemy import Select

from ytempire.config import PLAIN_READS_BIND
from ytempire.extensions import db


def read_rows(stmt: Select, params: dict | None = None) -> list:
    with db.engines[PLAIN_READS_BIND].connect() as connection:
        return connection.execute(stmt, params or {}).all()
