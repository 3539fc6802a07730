"""Queue positions: read from the life-cycle's Redis set once it is built, counted in PostgreSQL until then."""
import uuid

import pytest
import redis as redis_lib
from sqlalchemy import event

from tests.helpers import set_tier
from ytempire.extensions import db as _db
from ytempire.pipeline import lifecycle, queue_positions
from ytempire.pipeline.models import GenerationJob

GENERATE = "/api/v1/videos/generate"


@pytest.fixture
def channel(app, user):
    set_tier(app, user.user_id, "professional")
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def generate(user, channel) -> dict:
    response = user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Queue positions",
                                         "video_config": {"duration": 30}})
    assert response.status_code == 202, response.get_json()
    return response.get_json()


@pytest.fixture
def counted(app):
    """The job counts the app sends to PostgreSQL while the test runs."""
    seen = []

    def record(_conn, _cursor, statement, *_args):
        if "count(" in statement and "generation_jobs" in statement:
            seen.append(statement)

    with app.app_context():
        engines = list(_db.engines.values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    yield seen
    for engine in engines:
        event.remove(engine, "before_cursor_execute", record)


def members(app) -> set:
    return set(app.extensions["redis"].zrange(queue_positions.QUEUE_KEY, 0, -1))


def job(db, receipt) -> GenerationJob:
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))


def test_until_the_set_is_built_positions_are_counted_in_postgresql(user, channel, counted):
    assert [generate(user, channel)["queue_position"] for _ in range(2)] == [1, 2]
    assert len(counted) == 2


def test_once_built_a_receipt_reads_its_position_from_the_set(app, db, user, channel, counted):
    first = generate(user, channel)
    with app.app_context():
        assert queue_positions.rebuild() == 1
    counted.clear()
    receipts = [generate(user, channel) for _ in range(3)]
    assert [r["queue_position"] for r in receipts] == [2, 3, 4]
    assert counted == []
    assert members(app) == {first["job_id"], *(r["job_id"] for r in receipts)}
    with app.app_context():   # a replay (no new job) reads the set too
        assert queue_positions.position(job(db, receipts[1])) == 3


def test_jobs_that_finish_fail_or_are_cancelled_leave_the_queue(app, db, user, channel):
    with app.app_context():
        queue_positions.rebuild()
    failed, cancelled, waiting = (generate(user, channel) for _ in range(3))
    lifecycle.fail(job(db, failed), "script_generation", "provider down")
    lifecycle.cancel(job(db, cancelled))
    assert members(app) == {waiting["job_id"]}
    assert generate(user, channel)["queue_position"] == 2
    lifecycle.reopen(job(db, failed), fresh_attempts=True)   # a retry waits again, at its own age
    assert failed["job_id"] in members(app)
    assert queue_positions.position(job(db, failed)) == 1


def test_a_rebuild_repairs_what_redis_lost_or_kept_by_mistake(app, db, user, channel):
    with app.app_context():
        queue_positions.rebuild()
    kept, lost = generate(user, channel), generate(user, channel)
    store = app.extensions["redis"]
    store.zrem(queue_positions.QUEUE_KEY, lost["job_id"])
    store.zadd(queue_positions.QUEUE_KEY, {str(uuid.uuid4()): 1})   # a job deleted with its account, say
    with app.app_context():
        assert queue_positions.rebuild() == 2
    assert members(app) == {kept["job_id"], lost["job_id"]}


def test_a_flushed_redis_falls_back_to_counting_until_rebuilt(app, user, channel, counted):
    with app.app_context():
        queue_positions.rebuild()
    generate(user, channel)
    app.extensions["redis"].delete(queue_positions.QUEUE_KEY, queue_positions.BUILT_KEY)
    counted.clear()
    assert generate(user, channel)["queue_position"] == 2
    assert len(counted) == 1


def test_an_unreachable_redis_never_stops_a_transition(app, db, user, channel, monkeypatch):
    waiting = job(db, generate(user, channel))
    down = redis_lib.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    monkeypatch.setattr(queue_positions, "get_redis", lambda: down)
    lifecycle.fail(waiting, "script_generation", "provider down")
    assert db.session.get(GenerationJob, waiting.id).status == "failed"
    lifecycle.reopen(waiting, fresh_attempts=True)
    assert queue_positions.position(waiting) == 1   # counted in PostgreSQL
