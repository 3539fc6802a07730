"""Pooled PostgreSQL connections are pinged only after idling, and never shared across processes."""
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import QueuePool

from ytempire.common.idle_ping import ping_idle_connections


@pytest.fixture
def database_address(app):
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture
def engine(database_address):
    engine = create_engine(database_address, poolclass=QueuePool, pool_size=1, max_overflow=0)
    ping_idle_connections(engine, idle_seconds=0.3)
    pings = []
    real_ping = engine.dialect.do_ping
    engine.dialect.do_ping = lambda connection: pings.append(time.monotonic()) or real_ping(connection)
    engine.pings = pings
    yield engine
    engine.dispose()


def backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar()


def test_a_connection_back_a_moment_ago_is_used_without_a_ping(engine):
    first = backend_pid(engine)            # a new connection: pinged once
    pings_after_first = len(engine.pings)
    assert [backend_pid(engine) for _ in range(5)] == [first] * 5
    assert len(engine.pings) == pings_after_first


def test_a_connection_that_idled_is_pinged_and_replaced_when_the_server_dropped_it(engine, database_address):
    first = backend_pid(engine)
    with create_engine(database_address).connect() as other:   # the server ends it while it idles in the pool
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    time.sleep(0.4)
    pings_before = len(engine.pings)
    second = backend_pid(engine)           # no error: the ping failed and the pool connected afresh
    assert second != first and len(engine.pings) > pings_before


def test_a_connection_opened_by_another_process_is_not_used(engine):
    first = backend_pid(engine)
    (record,) = engine.pool._pool.queue           # the pooled connection's record, idle in the pool
    record.info["ytempire.opened_by_pid"] = -1     # as if inherited across a fork
    assert backend_pid(engine) != first
