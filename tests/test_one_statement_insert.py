"""Several tables' new rows in one INSERT statement: the objects end up as their rows."""
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from ytempire.accounting.models import GenerationRequest
from ytempire.common.one_statement_insert import insert_in_one_statement
from ytempire.pipeline import lifecycle
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video


@pytest.fixture
def channel_id(user):
    channel = user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    return uuid.UUID(channel["id"])


def new_rows(user_id, channel_id, topic):
    video = Video(user_id=user_id, channel_id=channel_id, title=topic, topic=topic, estimated_cost=Decimal("0.4"))
    job = GenerationJob(video=video, user_id=user_id, stages=["script_generation"])
    return video, GenerationRequest(user_id=user_id, video=video), job


def test_rows_of_three_tables_go_in_one_statement_and_the_objects_match_them(db, user, channel_id):
    user_id = uuid.UUID(user.user_id)
    first, second = new_rows(user_id, channel_id, "One"), new_rows(user_id, channel_id, "Two")
    sent = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        insert_in_one_statement(db.session.connection(), [first[0], second[0], first[1], second[1],
                                                          first[2], second[2]])
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(sent) == 1 and sent[0].count("INSERT INTO") == 6
    for video, ledger, job in (first, second):
        # Filled in as a flush would: Python defaults, the job's and ledger's link, the timestamps.
        assert video.id and video.status == "draft" and video.tags == [] and video.view_count == 0
        assert job.video_id == ledger.video_id == video.id and job.status == "pending" and job.progress == 0
        assert video.created_at == video.updated_at == job.created_at == ledger.created_at
        db.session.expire_all()
        stored = db.session.get(Video, video.id)
        assert (stored.title, stored.status, stored.tags, stored.created_at, stored.estimated_cost) == \
               (video.title, "draft", [], video.created_at, Decimal("0.4000"))
        assert db.session.get(GenerationJob, job.id).video_id == video.id


def test_json_and_list_values_are_stored_as_given(db, user, channel_id):
    """Values that need converting on their way to the driver (JSON columns) arrive intact."""
    user_id = uuid.UUID(user.user_id)
    config = {"duration": 30, "voice": {"id": "calm", "speed": 1.1}, "music": None, "note": "50 % \u00e9t\u00e9"}
    video = Video(user_id=user_id, channel_id=channel_id, title="Json", topic="Json", tags=["a", "b c"],
                  video_config=config, estimated_cost=Decimal("0.4"))
    job = GenerationJob(video=video, user_id=user_id, stages=["script_generation", "voice_synthesis"],
                        cost_breakdown={"script_generation": "0.01"})
    insert_in_one_statement(db.session.connection(), [video, job])
    db.session.commit()
    db.session.expire_all()
    stored_video, stored_job = db.session.get(Video, video.id), db.session.get(GenerationJob, job.id)
    assert (stored_video.tags, stored_video.video_config) == (["a", "b c"], config)
    assert stored_job.stages == ["script_generation", "voice_synthesis"]
    assert stored_job.cost_breakdown == {"script_generation": "0.01"}


def test_a_row_missing_a_required_value_is_refused_before_anything_is_sent(db, user, channel_id):
    video = Video(channel_id=channel_id, title="No owner", topic="No owner")
    with pytest.raises(TypeError, match="Video.user_id must be set"):
        insert_in_one_statement(db.session.connection(), [video])
    db.session.rollback()
    assert db.session.query(Video).count() == 0


def queued_rows(user_id, channel_id, topic, video_id=None):
    video = Video(id=video_id or uuid.uuid4(), user_id=user_id, channel_id=channel_id, title=topic, topic=topic,
                  estimated_cost=Decimal("0.4"))
    job = lifecycle.create(video, stages=["script_generation"], use_gpu=False, cost_breakdown={})
    return [video, GenerationRequest(user_id=user_id, video=video), job]


def test_new_rows_join_a_transaction_the_caller_has_open_and_commit_or_fail_with_it(db, user, channel_id):
    """With its own write uncommitted, a caller's new rows go in its transaction: both are committed
    together, and a refused INSERT takes the caller's write back with it."""
    user_id = uuid.UUID(user.user_id)
    rename = text("UPDATE users SET username = :name WHERE id = :id")
    db.session.execute(rename, {"name": "joined", "id": user_id})
    first = queued_rows(user_id, channel_id, "One")
    lifecycle.queue_new(first)
    db.session.remove()
    assert db.session.scalar(text("SELECT username FROM users WHERE id = :id"), {"id": user_id}) == "joined"
    assert db.session.get(Video, first[0].id).status == "queued"

    db.session.execute(rename, {"name": "rolled-back", "id": user_id})
    with pytest.raises(IntegrityError):   # the same video id again: the INSERT is refused
        lifecycle.queue_new(queued_rows(user_id, channel_id, "Two", video_id=first[0].id))
    db.session.rollback()
    assert db.session.scalar(text("SELECT username FROM users WHERE id = :id"), {"id": user_id}) == "joined"
    assert db.session.query(Video).count() == 1
