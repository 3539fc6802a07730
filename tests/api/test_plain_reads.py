"""Single-statement reads outside any transaction run on a pool kept in autocommit, apart from the main pool."""
import pytest
from sqlalchemy import text

from ytempire.common.plain_reads import read_rows
from ytempire.config import PLAIN_READS_BIND


@pytest.fixture
def isolation_switches(db):
    """Every isolation change any engine's dialect makes on its connections (each a round trip)."""
    switches = []
    dialects = {id(engine.dialect): engine.dialect for engine in db.engines.values()}.values()
    for dialect in dialects:
        real_set, real_reset = dialect.set_isolation_level, dialect.reset_isolation_level
        dialect.set_isolation_level = lambda conn, level, real=real_set: switches.append(level) or real(conn, level)
        dialect.reset_isolation_level = lambda conn, real=real_reset: switches.append("reset") or real(conn)
    yield switches
    for dialect in dialects:
        del dialect.set_isolation_level, dialect.reset_isolation_level


def test_plain_reads_never_switch_a_connection_in_or_out_of_autocommit(db, isolation_switches):
    read_rows(text("SELECT 1"))  # the pool's first connection: opened in autocommit
    isolation_switches.clear()
    assert [read_rows(text("SELECT :n"), {"n": n})[0][0] for n in range(3)] == [0, 1, 2]
    assert isolation_switches == []
    with db.engines[PLAIN_READS_BIND].connect() as connection:
        assert connection.connection.driver_connection.autocommit is True


def test_a_plain_read_runs_outside_any_transaction_and_sees_only_committed_rows(db, user):
    username = text("SELECT username FROM users WHERE id = :id")
    before = read_rows(username, {"id": user.user_id})[0][0]
    db.session.execute(text("UPDATE users SET username = 'renamed' WHERE id = :id"), {"id": user.user_id})
    assert read_rows(username, {"id": user.user_id}) == [(before,)]  # not the session's uncommitted write
    db.session.commit()
    assert read_rows(username, {"id": user.user_id}) == [("renamed",)]
    assert read_rows(text("SELECT txid_current_if_assigned() IS NULL, now() = statement_timestamp()")) == [(True, True)]


def test_the_main_pool_stays_transactional(db):
    read_rows(text("SELECT 1"))
    with db.engine.connect() as connection:
        assert connection.connection.driver_connection.autocommit is False
        assert db.engines[PLAIN_READS_BIND] is not db.engine
