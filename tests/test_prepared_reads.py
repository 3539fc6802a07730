"""The plain reads as server-side prepared statements: same rows as plain execution, and they recover
from a connection that lost its statements or a table that changed shape."""
import uuid
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from ytempire.common.prepared_reads import parameter_type, prepared_form, use_prepared_statements
from ytempire.config import normalize_database_url

VALUES = {"n": 7, "word": "seven", "flag": True, "at": datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc),
          "id": uuid.UUID("00000000-0000-4000-8000-000000000007"), "price": Decimal("0.25"), "none": None}
EVERY_KIND = text("SELECT :n AS n, :word AS word, :flag AS flag, :at AS at, CAST(:id AS uuid) AS id, "
                  ":price AS price, :none AS none, :n + 1 AS next")


@pytest.fixture
def engines(database_url):
    """One connection each: prepared (as the plain_reads bind) and plain, both in autocommit."""
    url = normalize_database_url(database_url)
    prepared = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)
    use_prepared_statements(prepared)
    plain = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)
    yield prepared, plain
    prepared.dispose()
    plain.dispose()


def prepared_names(connection) -> list[str]:
    # Positional parameters: this read itself stays unprepared.
    return list(connection.exec_driver_sql(
        "SELECT name FROM pg_prepared_statements WHERE name LIKE %s ORDER BY name", ("ytempire_%",)).scalars())


def test_placeholders_become_numbered_parameters():
    body, names = prepared_form("SELECT a FROM t WHERE b = %(x)s AND c LIKE 'a%%' AND d > %(y)s OR e = %(x)s")
    assert body == "SELECT a FROM t WHERE b = $1 AND c LIKE 'a%' AND d > $2 OR e = $1"
    assert names == ["x", "y"]


def test_each_value_declares_the_type_its_literal_had():
    assert [parameter_type(VALUES[k]) for k in ("n", "word", "flag", "at", "id", "price", "none")] == [
        "bigint", "unknown", "boolean", "timestamptz", "uuid", "numeric", "unknown"]
    assert parameter_type([1, 2]) is None   # left unprepared


def test_a_read_is_prepared_once_per_connection_and_answers_as_plain_execution(engines):
    prepared, plain = engines
    with prepared.connect() as connection, plain.connect() as reference:
        first = connection.execute(EVERY_KIND, VALUES).one()
        again = connection.execute(EVERY_KIND, {**VALUES, "n": 8}).one()
        assert len(prepared_names(connection)) == 1
        assert first == reference.execute(EVERY_KIND, VALUES).one()
        assert again.n == 8 and again.next == 9
        assert prepared_names(reference) == []


def test_a_connection_that_lost_its_statements_prepares_them_again(engines):
    prepared, _ = engines
    with prepared.connect() as connection:
        assert connection.execute(text("SELECT :n + 1"), {"n": 1}).scalar() == 2
        connection.exec_driver_sql("DEALLOCATE ALL")   # as DISCARD ALL or a pooler's reset would
        assert connection.execute(text("SELECT :n + 1"), {"n": 2}).scalar() == 3
        assert len(prepared_names(connection)) == 1


def test_a_table_that_changed_shape_is_read_with_its_new_columns(engines):
    prepared, _ = engines
    table = f"prepared_probe_{uuid.uuid4().hex[:8]}"
    with prepared.connect() as connection:
        connection.exec_driver_sql(f"CREATE TABLE {table} (a int)")
        try:
            connection.exec_driver_sql(f"INSERT INTO {table} VALUES (1)")
            read = text(f"SELECT * FROM {table} WHERE a >= :n")
            assert connection.execute(read, {"n": 0}).one() == (1,)
            connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN b text DEFAULT 'x'")
            assert connection.execute(read, {"n": 0}).one() == (1, "x")
        finally:
            connection.exec_driver_sql(f"DROP TABLE {table}")


def test_values_of_other_kinds_run_unprepared(engines):
    prepared, _ = engines
    with prepared.connect() as connection:
        assert connection.execute(text("SELECT 3 = ANY(:ids)"), {"ids": [1, 2, 3]}).scalar() is True
        assert connection.exec_driver_sql("SELECT %s + 1", (1,)).scalar() == 2   # positional raw SQL
        assert prepared_names(connection) == []


def test_the_app_prepares_its_plain_reads_unless_switched_off(app_config):
    from ytempire import create_app
    from ytempire.common.plain_reads import read_rows

    for enabled, expected in ((True, 1), (False, 0)):
        app = create_app({**app_config, "DB_PREPARED_READS": enabled})
        with app.app_context():
            read_rows(text("SELECT :n AS n"), {"n": 5})
            names = read_rows(text("SELECT count(*) FROM pg_prepared_statements WHERE parameter_types = '{bigint}'"))
            assert names[0][0] == expected
            from ytempire.extensions import db

            db.engines["plain_reads"].dispose()
