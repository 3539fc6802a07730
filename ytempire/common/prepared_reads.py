"""The plain reads as server-side prepared statements: PostgreSQL plans each hot query once per connection.

psycopg2 sends every statement as text with its values inlined, so PostgreSQL parses and plans
each one again: for the channel page (a window count, a sort, a join) that was 0.33 ms of the
server's time against 0.18 ms once prepared; for one video by id, 0.10 against 0.04 (pgbench, one
client). Here each statement the `plain_reads` engine sends is PREPAREd on first use on a
connection (its `%(name)s` placeholders numbered `$1`, `$2`, …) and then run as `EXECUTE name(…)`
with the same values; SQLAlchemy reads the rows back as from the statement itself. PostgreSQL
chooses per statement between a plan for each call's values and one generic plan (its
`plan_cache_mode = auto`: generic only once it costs no more than the custom ones did).

The names a connection has prepared are kept in its pool record's `info`; a connection that lost
them (DISCARD ALL, a server-side reset) or a statement whose table changed shape under it is
prepared afresh once. Off with DB_PREPARED_READS=false, e.g. behind a transaction-pooling
PgBouncer older than 1.21, which cannot keep prepared statements.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from datetime import date, datetime
from decimal import Decimal

import psycopg2.errors
from sqlalchemy import event
from sqlalchemy.engine import Engine

_PLACEHOLDER = re.compile(r"%%|%\((\w+)\)s")
_PREPARED = "ytempire.prepared_reads"
MAX_PREPARED_PER_CONNECTION = 500
# Lost prepared statement (26000); a cached plan whose result columns changed (0A000).
_STALE = (psycopg2.errors.InvalidSqlStatementName, psycopg2.errors.FeatureNotSupported)


def prepared_form(statement: str) -> tuple[str, list[str]]:
    """`statement` with `$1`… in place of its `%(name)s` placeholders (a name used twice keeps
    one number) and `%%` as `%`, and the names in number order."""
    names: list[str] = []

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PLACEHOLDER.sub(replace, statement), names


# Each value declares its parameter's type as psycopg2 would have typed it inlined (an int is a
# number, a datetime a timestamptz…), so a value PostgreSQL cannot place by its context (`SELECT
# $1`) keeps the type the inlined literal had; a string or NULL is `unknown` there as here, and is
# typed by its context. A value of any other kind leaves the statement unprepared.
_PARAMETER_TYPES = ((bool, "boolean"), (int, "bigint"), (float, "double precision"), (Decimal, "numeric"),
                    (datetime, None), (date, "date"), (uuid.UUID, "uuid"), (str, "unknown"), (type(None), "unknown"),
                    (bytes, "bytea"))


def parameter_type(value) -> str | None:
    for kind, name in _PARAMETER_TYPES:
        if isinstance(value, kind):
            if kind is datetime:
                return "timestamptz" if value.tzinfo is not None else "timestamp"
            return name
    return None


class _Prepared:
    """One statement's prepared form for its parameters' types: its name, the PREPARE, the EXECUTE."""

    def __init__(self, body: str, names: list[str], types: tuple[str, ...]):
        declared = f"({', '.join(types)})" if types else ""
        self.name = "ytempire_" + hashlib.sha1(f"{types}{body}".encode()).hexdigest()[:24]
        self.prepare = f"PREPARE {self.name}{declared} AS {body}"
        self.execute = f"EXECUTE {self.name}" + (f"({', '.join(f'%({n})s' for n in names)})" if names else "")


def _prepared(cache: dict, statement: str, parameters: dict) -> _Prepared | None:
    shape = cache.get(statement)
    if shape is None:
        shape = cache[statement] = prepared_form(statement)
    body, names = shape
    types = tuple(parameter_type(parameters.get(name)) for name in names)
    if None in types:
        return None
    form = cache.get((statement, types))
    if form is None:
        form = cache[(statement, types)] = _Prepared(body, names, types)
    return form


def use_prepared_statements(engine: Engine) -> None:
    """Run every SELECT `engine` executes with named parameters through PREPARE/EXECUTE."""
    forms: dict = {}   # statement text: its prepared shape; (text, parameter types): its _Prepared

    @event.listens_for(engine, "do_execute")
    def execute_prepared(cursor, statement, parameters, context):
        if not isinstance(parameters, dict) or not statement.startswith("SELECT"):
            return None   # not a compiled read (the dialect's own SHOWs, positional raw SQL): as it is
        if len(forms) > 2 * MAX_PREPARED_PER_CONNECTION:   # statement texts are cached shapes; bound it anyway
            forms.clear()
        form = _prepared(forms, statement, parameters)
        if form is None:
            return None
        names = context.root_connection.connection.info.setdefault(_PREPARED, set())
        try:
            _run(cursor, form, parameters, names)
        except _STALE:
            _deallocate(cursor, form.name)
            names.discard(form.name)
            _run(cursor, form, parameters, names)
        return True   # executed: SQLAlchemy reads the rows from the cursor


def _run(cursor, form: _Prepared, parameters, names: set) -> None:
    if form.name not in names:
        if len(names) >= MAX_PREPARED_PER_CONNECTION:
            cursor.execute("DEALLOCATE ALL")
            names.clear()
        try:
            cursor.execute(form.prepare)
        except psycopg2.errors.DuplicatePreparedStatement:   # prepared before this record knew
            pass
        names.add(form.name)
    cursor.execute(form.execute, parameters)


def _deallocate(cursor, name: str) -> None:
    try:
        cursor.execute(f"DEALLOCATE {name}")
    except psycopg2.errors.InvalidSqlStatementName:   # already gone
        pass
