"""The request fast paths still enforce what they enforced: suspension, deletion, password changes,
rate limits, per-user isolation and fresh figures after the events that change them."""
import json
import uuid
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import event, text

from tests.helpers import AuthedClient, assert_error, register, set_tier
from ytempire import create_app
from ytempire.extensions import db as _db
from ytempire.users.models import User
from ytempire.videos.models import Video
from ytempire.videos.schemas import VideoSchema

# Several tests build an app of their own from `app_config`: the suite's app has migrated the
# database they register users in, and each test's rows are cleaned up after it.
pytestmark = pytest.mark.usefixtures("app")


def make_channel(user):
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def add_videos(db, user, channel, count, status="completed"):
    for n in range(count):
        db.session.add(Video(user_id=uuid.UUID(user.user_id), channel_id=uuid.UUID(channel["id"]),
                             title=f"Video {n:03d}", topic="t", status=status))
    db.session.commit()


@contextmanager
def cursor_events(app, record):
    """`record(conn, cursor, statement, ...)` for every SQL statement sent on any of the app's engines
    (the plain reads have a pool of their own) while the block runs."""
    with app.app_context():
        engines = list(_db.engines.values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


@contextmanager
def statements_seen(app):
    """Every SQL statement the app sends while the block runs."""
    seen = []
    with cursor_events(app, lambda _conn, _cursor, statement, *_args: seen.append(statement)):
        yield seen


def test_a_read_scoped_by_the_callers_id_does_not_load_the_user_row(app, db, user):
    add_videos(db, user, make_channel(user), 1)
    video_id = user.get("/api/v1/videos").get_json()["videos"][0]["id"]  # the account's status is now remembered
    with statements_seen(app) as seen:
        assert user.get(f"/api/v1/videos/{video_id}").status_code == 200
    assert [s for s in seen if "FROM videos" in s] and not [s for s in seen if "FROM users" in s]


def test_suspension_stops_a_token_whose_active_status_was_remembered(db, user):
    assert user.get("/api/v1/videos").status_code == 200
    db.session.get(User, uuid.UUID(user.user_id)).status = "suspended"
    db.session.commit()
    assert_error(user.get("/api/v1/videos"), 401, "UNAUTHORIZED")


def test_a_deleted_account_token_stops_working_after_its_status_was_remembered(db, user):
    assert user.get("/api/v1/videos").status_code == 200
    db.session.delete(db.session.get(User, uuid.UUID(user.user_id)))
    db.session.commit()
    assert_error(user.get("/api/v1/videos"), 401, "UNAUTHORIZED")


def test_a_password_change_revokes_tokens_used_on_the_fast_path(client, user):
    assert user.get("/api/v1/videos").status_code == 200
    changed = user.put("/api/v1/users/me", json={"current_password": "SecurePass123!",
                                                  "password": "AnotherPass456!"})
    assert changed.status_code == 200
    assert_error(user.get("/api/v1/videos"), 401, "UNAUTHORIZED")
    fresh = AuthedClient(client, {**user.tokens, "access_token": changed.get_json()["access_token"]})
    assert fresh.get("/api/v1/videos").status_code == 200


def test_logout_revokes_a_token_used_on_the_fast_path(user):
    assert user.get("/api/v1/videos").status_code == 200
    assert user.post("/api/v1/auth/logout").status_code == 200
    assert_error(user.get("/api/v1/videos"), 401, "UNAUTHORIZED")


def test_the_default_limit_is_one_budget_per_user_across_the_api(app_config):
    client = create_app({**app_config, "RATELIMIT_DEFAULT": "3 per hour"}).test_client()
    user = AuthedClient(client, register(client))
    for path in ("/api/v1/users/me", "/api/v1/channels", "/api/v1/videos"):
        response = user.get(path)
        assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "0"
    limited = user.get("/api/v1/users/me/usage")  # an endpoint not called before: the budget is shared
    assert_error(limited, 429, "RATE_LIMITED")
    other = AuthedClient(client, register(client))  # another user has their own budget
    assert other.get("/api/v1/users/me/usage").status_code == 200


def test_auth_endpoints_share_a_stricter_limit_per_address(app_config):
    client = create_app({**app_config, "RATELIMIT_AUTH": "3 per minute"}).test_client()
    for n in range(3):
        wrong = client.post("/api/v1/auth/login", json={"email": f"nobody{n}@example.com", "password": "Wrong123!x"})
        assert_error(wrong, 401, "UNAUTHORIZED")
    assert wrong.headers["X-RateLimit-Limit"] == "3"
    limited = client.post("/api/v1/auth/register", json={
        "email": "late@example.com", "username": "late", "password": "SecurePass123!", "terms_accepted": True})
    assert_error(limited, 429, "RATE_LIMITED")
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get("/api/v1/videos").status_code == 401  # other endpoints are not held by the auth budget


def test_the_default_auth_limit_is_60_per_minute(app_config):
    from ytempire.config import Config

    default = {**app_config, "RATELIMIT_AUTH": Config.RATELIMIT_AUTH}   # the suite's own config raises it
    response = create_app(default).test_client().post("/api/v1/auth/login", json={"email": "a@example.com", "password": "Wrong123!x"})
    assert response.headers["X-RateLimit-Limit"] == "60"


@contextmanager
def redis_commands_sent():
    """The name of every Redis command the app sends while the block runs (a pipeline as one tuple)."""
    import redis

    sent, command, pipeline = [], redis.Redis.execute_command, redis.client.Pipeline.execute

    def record_command(self, *args, **options):
        sent.append(args[0])
        return command(self, *args, **options)

    def record_pipeline(self, *args, **options):
        sent.append(tuple(queued[0][0] for queued in self.command_stack))
        return pipeline(self, *args, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(redis.Redis, "execute_command", record_command)
        patch.setattr(redis.client.Pipeline, "execute", record_pipeline)
        yield sent


def test_the_rate_limit_and_the_session_check_are_one_redis_command(user):
    assert user.get("/api/v1/users/me").status_code == 200   # the account's status is remembered now
    for path in ("/api/v1/users/me", "/api/v1/channels"):
        with redis_commands_sent() as sent:
            response = user.get(path)
        assert response.status_code == 200 and response.headers["X-RateLimit-Remaining"]
        assert sent == ["EVALSHA"]


def test_a_redis_that_lost_the_script_gets_it_again_and_still_counts(app_config, monkeypatch):
    from ytempire.common import rate_limits

    client = create_app({**app_config, "RATELIMIT_DEFAULT": "5 per hour"}).test_client()
    user = AuthedClient(client, register(client))
    assert user.get("/api/v1/users/me").headers["X-RateLimit-Remaining"] == "4"
    monkeypatch.setattr(rate_limits.COUNT_SCRIPT, "sha", "0" * 40)   # as after a Redis restart: unknown
    with redis_commands_sent() as sent:
        response = user.get("/api/v1/users/me")
    assert response.status_code == 200 and response.headers["X-RateLimit-Remaining"] == "3"
    assert sent == ["EVALSHA", "EVAL"]
    assert user.post("/api/v1/auth/logout").status_code == 200
    assert_error(user.get("/api/v1/users/me"), 401, "UNAUTHORIZED")   # the session reads came with the EVAL


def test_a_limiter_on_another_redis_counts_there_and_revocation_still_holds(app_config):
    elsewhere = f"{app_config['REDIS_URL']}?socket_timeout=5"   # another address to the app: its own client
    client = create_app({**app_config, "RATELIMIT_DEFAULT": "3 per hour", "RATELIMIT_STORAGE_URI": elsewhere}).test_client()
    user = AuthedClient(client, register(client))
    with redis_commands_sent() as sent:
        assert user.get("/api/v1/users/me").headers["X-RateLimit-Remaining"] == "2"
    assert sent[0] == "EVALSHA" and ("EXISTS", "GET", "GET") in sent   # the session read on its own
    assert user.post("/api/v1/auth/logout").status_code == 200
    assert_error(user.get("/api/v1/users/me"), 401, "UNAUTHORIZED")
    assert_error(user.get("/api/v1/users/me"), 429, "RATE_LIMITED")


def test_a_new_video_costs_three_redis_scripts_and_the_message_of_its_chain(user):
    """The rate limit with the session check; the daily-cap reservation; after the commit, the
    queue position with the owner's remembered answers dropped in the same script. Then the
    chain's first task, and no task-sent event (CELERY_TASK_SENT_EVENTS is off by default)."""
    channel = make_channel(user)
    body = {"channel_id": channel["id"], "topic": "Tides", "video_config": {"duration": 30}}
    assert user.post("/api/v1/videos/generate", json=body).status_code == 202   # today's counter exists
    remembered = user.get("/api/v1/users/me/usage").get_json()
    with redis_commands_sent() as sent:
        response = user.post("/api/v1/videos/generate", json=body)
    assert response.status_code == 202, response.get_json()
    assert sent == ["EVALSHA", "EVALSHA", "EVALSHA", "LPUSH"]
    assert remembered["videos"]["today"] == 1
    assert user.get("/api/v1/users/me/usage").get_json()["videos"]["today"] == 2   # the answer was dropped


def test_task_sent_events_are_published_when_an_operator_turns_them_on(app_config):
    """Flower shows a task before a worker takes it only from its task-sent event: one PUBLISH on
    the events exchange after the chain's message."""
    client = create_app({**app_config, "CELERY_TASK_SENT_EVENTS": True}).test_client()
    user = AuthedClient(client, register(client))
    channel = make_channel(user)
    body = {"channel_id": channel["id"], "topic": "Tides", "video_config": {"duration": 30}}
    assert user.post("/api/v1/videos/generate", json=body).status_code == 202
    with redis_commands_sent() as sent:
        assert user.post("/api/v1/videos/generate", json=body).status_code == 202
    assert sent[-2:] == ["LPUSH", "PUBLISH"]


def test_list_totals_follow_new_changed_and_deleted_videos(db, user):
    channel = make_channel(user)
    add_videos(db, user, channel, 3)
    assert user.get("/api/v1/videos").get_json()["pagination"]["total"] == 3
    assert user.get("/api/v1/videos?status=failed").get_json()["pagination"]["total"] == 0
    add_videos(db, user, channel, 1, status="failed")
    assert user.get("/api/v1/videos").get_json()["pagination"]["total"] == 4
    failed = user.get("/api/v1/videos?status=failed").get_json()
    assert failed["pagination"] == {"page": 1, "limit": 10, "total": 1, "pages": 1}
    video = db.session.get(Video, uuid.UUID(failed["videos"][0]["id"]))
    video.status = "completed"
    db.session.commit()
    assert user.get("/api/v1/videos?status=failed").get_json()["pagination"]["total"] == 0
    assert user.delete(f"/api/v1/videos/{video.id}").status_code == 204
    assert user.get("/api/v1/videos").get_json()["pagination"]["total"] == 3


def test_list_totals_are_per_user(db, user, other_user):
    add_videos(db, user, make_channel(user), 2)
    assert user.get("/api/v1/videos").get_json()["pagination"]["total"] == 2
    assert other_user.get("/api/v1/videos").get_json()["pagination"]["total"] == 0


@pytest.mark.parametrize("sort", ["-created_at", "title", "-title"])
def test_pages_in_sequence_list_every_video_once_in_order(db, user, sort):
    add_videos(db, user, make_channel(user), 7)
    whole = user.get(f"/api/v1/videos?limit=50&sort={sort}").get_json()["videos"]
    pages = [user.get(f"/api/v1/videos?limit=3&page={page}&sort={sort}").get_json() for page in (1, 2, 3, 4)]
    assert [v["id"] for p in pages for v in p["videos"]] == [v["id"] for v in whole]
    assert pages[0]["pagination"] == {"page": 1, "limit": 3, "total": 7, "pages": 3}
    assert pages[3]["videos"] == []
    if sort == "-created_at":  # the cursor from a page continues exactly where the next page starts
        after = user.get(f"/api/v1/videos?limit=3&cursor={pages[0]['next_cursor']}").get_json()
        assert [v["id"] for v in after["videos"]] == [v["id"] for v in pages[1]["videos"]]


def test_usage_is_remembered_and_a_new_video_or_cost_entry_refreshes_it(app, db, user):
    set_tier(app, user.user_id, "starter")
    channel = make_channel(user)
    before = user.get("/api/v1/users/me/usage").get_json()
    assert before["videos"]["this_period"] == 0 and before["cost"]["this_period"] == 0
    # A write that bypasses the app is not seen while the answer is remembered (up to 5 minutes)...
    db.session.execute(text("INSERT INTO cost_entries (user_id, stage, provider, unit, units, unit_price, amount, "
                            "charge_key) VALUES (:u, 'script_generation', 'offline', 'call', 1, 0.5, 0.5, 'raw')"),
                       {"u": user.user_id})
    db.session.commit()
    assert user.get("/api/v1/users/me/usage").get_json() == before
    # ...while the app's own events (a generated video) make the next read recompute.
    response = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Fresh figures",
                                                           "video_config": {"duration": 30}})
    assert response.status_code == 202, response.get_json()
    after = user.get("/api/v1/users/me/usage").get_json()
    assert after["videos"]["this_period"] == 1 and after["videos"]["today"] == 1
    assert Decimal(str(after["cost"]["this_period"])) == Decimal("0.5")


def test_remembered_analytics_are_per_user_and_another_users_channel_stays_404(user, other_user):
    channel = make_channel(user)
    assert user.get(f"/api/v1/analytics/channels/{channel['id']}").status_code == 200
    assert user.get("/api/v1/analytics/overview").get_json()["channels"][0]["channel_id"] == channel["id"]
    assert_error(other_user.get(f"/api/v1/analytics/channels/{channel['id']}"), 404, "NOT_FOUND")
    assert other_user.get("/api/v1/analytics/overview").get_json()["channels"] == []
    assert_error(other_user.get(f"/api/v1/analytics/overview?channel_id={channel['id']}"), 404, "NOT_FOUND")


def test_a_remembered_page_start_moves_when_a_newer_video_arrives(db, user):
    channel = make_channel(user)
    add_videos(db, user, channel, 6)
    before = [v["id"] for v in user.get("/api/v1/videos?limit=3&page=2").get_json()["videos"]]
    add_videos(db, user, channel, 1)
    after = [v["id"] for v in user.get("/api/v1/videos?limit=3&page=2").get_json()["videos"]]
    whole = [v["id"] for v in user.get("/api/v1/videos?limit=50").get_json()["videos"]]
    assert after == whole[3:6] and after != before


def test_a_kept_token_stops_working_when_it_expires(app, client, monkeypatch):
    """A verified token's claims are kept for the next requests, but only while `exp` holds."""
    from datetime import datetime, timedelta, timezone

    from flask_jwt_extended import create_access_token

    from ytempire.common import jwt_manager

    tokens = register(client)
    with app.app_context():
        short = create_access_token(identity=tokens["user_id"], expires_delta=timedelta(seconds=30))
    headers = {"Authorization": f"Bearer {short}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200   # verified and kept
    later = datetime.now(tz=timezone.utc) + timedelta(seconds=31)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr(jwt_manager, "datetime", Later)
    monkeypatch.setattr("jwt.api_jwt.datetime", Later)
    body = assert_error(client.get("/api/v1/users/me", headers=headers), 401, "UNAUTHORIZED")
    assert "expired" in body["error"]["message"].lower()


def test_a_token_kept_by_one_app_is_not_trusted_by_an_app_with_another_secret(app_config, client, user,
                                                                              process_defaults_restored):
    token = user.tokens["access_token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    other = create_app({**app_config, "JWT_SECRET_KEY": "another-secret-key-that-is-long-enough-for-hs256"})
    response = other.test_client().get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert_error(response, 401, "UNAUTHORIZED")


def test_a_tampered_copy_of_a_kept_token_is_refused(client, user):
    token = user.tokens["access_token"]
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    assert_error(client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {forged}"}), 401, "UNAUTHORIZED")


def test_a_listed_video_shows_every_change_even_from_writers_outside_the_orm(app, db, user):
    """List answers keep each video's dump per row version: any update, by any writer, is a new version."""
    channel = make_channel(user)
    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Tides",
                                                          "video_config": {"duration": 30}}).get_json()
    first = user.get("/api/v1/videos").get_json()["videos"][0]
    assert first["title"] == "Tides" and first["progress"] == 0
    with app.app_context():
        _db.session.execute(text("UPDATE videos SET title = 'Why tides turn' WHERE id = :id"),
                            {"id": receipt["video_id"]})
        _db.session.execute(text("UPDATE generation_jobs SET progress = 45 WHERE id = :id"),
                            {"id": receipt["job_id"]})
        _db.session.commit()
    again = user.get("/api/v1/videos").get_json()["videos"][0]
    assert again["title"] == "Why tides turn" and again["progress"] == 45
    assert again == user.get(f"/api/v1/videos/{receipt['video_id']}").get_json()
    with app.app_context():
        fresh = VideoSchema().dump(_db.session.get(Video, uuid.UUID(receipt["video_id"])))
    assert again == json.loads(json.dumps(fresh))   # the kept answer is what a fresh dump says


def test_a_polled_status_shows_every_change_even_from_writers_outside_the_orm(app, user):
    """GET /videos/{id}/status is kept per version of the video row and of its job row."""
    channel = make_channel(user)
    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Tides",
                                                          "video_config": {"duration": 30}}).get_json()
    status_url = f"/api/v1/videos/{receipt['video_id']}/status"
    before = user.get(status_url).get_json()
    assert before["status"] == "queued" and before["stages_completed"] == [] and before["progress"] == 0
    with app.app_context():
        _db.session.execute(text("UPDATE generation_jobs SET current_stage = 'voice_synthesis', progress = 40, "
                                 "stages_completed = '[\"script_generation\", \"content_optimization\"]' "
                                 "WHERE id = :id"), {"id": receipt["job_id"]})
        _db.session.commit()
    after = user.get(status_url).get_json()
    assert after["current_stage"] == "voice_synthesis" and after["progress"] == 40
    assert after["stages_completed"] == ["script_generation", "content_optimization"]
    assert "script_generation" not in after["stages_remaining"]
    with app.app_context():
        _db.session.execute(text("UPDATE videos SET status = 'processing' WHERE id = :id"),
                            {"id": receipt["video_id"]})
        _db.session.commit()
    assert user.get(status_url).get_json()["status"] == "processing"


def test_a_video_another_user_has_read_stays_404_for_everyone_else(user, other_user):
    """Answers are kept per version, not per caller: the owner check stays in the query."""
    channel = make_channel(user)
    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Tides",
                                                          "video_config": {"duration": 30}}).get_json()
    for path in (f"/api/v1/videos/{receipt['video_id']}", f"/api/v1/videos/{receipt['video_id']}/status"):
        assert user.get(path).status_code == 200
        assert_error(other_user.get(path), 404, "NOT_FOUND")
    assert other_user.get("/api/v1/videos").get_json()["videos"] == []


def test_a_channel_answer_follows_its_row_and_its_youtube_grant_whoever_writes_them(app, user):
    """Channel answers are kept per version of the channel row and of its grant's status and warnings."""
    from ytempire.youtube.models import ChannelCredential

    channel = make_channel(user)
    url = f"/api/v1/channels/{channel['id']}"
    assert user.get(url).get_json()["youtube_link"]["status"] == "not_linked"
    with app.app_context():
        _db.session.add(ChannelCredential(channel_id=uuid.UUID(channel["id"]), encrypted_token="sealed",
                                          youtube_channel_id=channel["youtube_channel_id"], google_project="test"))
        _db.session.commit()
    assert user.get(url).get_json()["youtube_link"]["status"] == "active"
    with app.app_context():
        _db.session.execute(text("UPDATE channel_credentials SET status = 'needs_reauth', "
                                 "warnings = '[\"unverified app\"]' WHERE channel_id = :id"), {"id": channel["id"]})
        _db.session.execute(text("UPDATE channels SET channel_name = 'Renamed' WHERE id = :id"), {"id": channel["id"]})
        _db.session.commit()
    one = user.get(url).get_json()
    assert one["name"] == "Renamed"
    assert one["youtube_link"]["status"] == "needs_reauth" and one["youtube_link"]["warnings"] == ["unverified app"]
    listed = user.get("/api/v1/channels").get_json()
    assert listed["channels"] == [one] and listed["pagination"]["total"] == 1


def test_channel_pages_count_the_total_and_a_page_past_the_end_is_empty(app, user, other_user):
    set_tier(app, user.user_id, "professional")
    created = [make_channel(user)["id"] for _ in range(3)]
    first = user.get("/api/v1/channels?limit=2").get_json()
    assert [c["id"] for c in first["channels"]] == created[::-1][:2]          # newest first
    assert first["pagination"] == {"page": 1, "limit": 2, "total": 3, "pages": 2}
    second = user.get("/api/v1/channels?page=2&limit=2").get_json()
    assert [c["id"] for c in second["channels"]] == created[:1]
    past = user.get("/api/v1/channels?page=50&limit=2").get_json()
    assert past["channels"] == [] and past["pagination"]["total"] == 3
    assert other_user.get("/api/v1/channels").get_json()["pagination"]["total"] == 0
    assert_error(other_user.get(f"/api/v1/channels/{created[0]}"), 404, "NOT_FOUND")


def test_a_channel_page_shows_each_grant_on_its_own_channel(app, user):
    """The page is cut before the grants are joined: each listed channel still carries its own."""
    from ytempire.youtube.models import ChannelCredential

    set_tier(app, user.user_id, "professional")
    oldest, middle, newest = (make_channel(user) for _ in range(3))
    with app.app_context():
        _db.session.add(ChannelCredential(channel_id=uuid.UUID(middle["id"]), encrypted_token="sealed",
                                          youtube_channel_id=middle["youtube_channel_id"], google_project="test"))
        _db.session.commit()
    first = user.get("/api/v1/channels?limit=2").get_json()
    assert [(c["id"], c["youtube_link"]["status"]) for c in first["channels"]] == [
        (newest["id"], "not_linked"), (middle["id"], "active")]
    assert first["pagination"]["total"] == 3
    second = user.get("/api/v1/channels?page=2&limit=2").get_json()
    assert [(c["id"], c["youtube_link"]["status"]) for c in second["channels"]] == [(oldest["id"], "not_linked")]


def test_the_profile_follows_its_row_whoever_writes_it(app, user):
    """GET /users/me is kept per version of the user row."""
    before = user.get("/api/v1/users/me").get_json()
    with app.app_context():
        _db.session.execute(text("UPDATE users SET username = 'renamed_outside' WHERE id = :id"), {"id": before["id"]})
        _db.session.commit()
    after = user.get("/api/v1/users/me").get_json()
    assert after["username"] == "renamed_outside" and after["updated_at"] != before["updated_at"]


def test_a_polled_video_costs_one_statement_outside_any_transaction(app, db, user):
    """A read answered from kept JSON sends its version query alone, on a connection in autocommit
    mode: psycopg2 sends no BEGIN before it and nothing is rolled back after it."""
    add_videos(db, user, make_channel(user), 1)
    video_id = user.get("/api/v1/videos").get_json()["videos"][0]["id"]
    user.get(f"/api/v1/videos/{video_id}")          # its answer is kept now
    sent = []

    def record(conn, _cursor, statement, *_args):
        sent.append((statement, conn.connection.dbapi_connection.autocommit))

    with cursor_events(app, record):
        assert user.get(f"/api/v1/videos/{video_id}").status_code == 200
    assert len(sent) == 1
    statement, autocommit = sent[0]
    assert "FROM videos" in statement and autocommit is True


def test_a_new_video_its_ledger_row_and_its_job_are_written_by_one_statement(app, db, user):
    """The receipt answers from the rows as written: one INSERT statement, nothing read back, and
    what the database holds is what the receipt says (ids, the job's link to its video, one clock)."""
    from datetime import datetime, timedelta

    from ytempire.accounting.models import GenerationRequest
    from ytempire.pipeline.models import GenerationJob

    channel = make_channel(user)
    with statements_seen(app) as seen:
        response = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Tides",
                                                              "video_config": {"duration": 30}})
    assert response.status_code == 202, response.get_json()
    receipt = response.get_json()
    writes = [s for s in seen if s.lstrip().upper().startswith(("INSERT", "WITH", "UPDATE"))]
    assert len(writes) == 1 and writes[0].count("INSERT INTO") == 3
    assert not [s for s in seen if "FROM videos" in s and "videos.title" in s]   # no whole row read back
    video = db.session.get(Video, uuid.UUID(receipt["video_id"]))
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    ledger = db.session.query(GenerationRequest).filter_by(video_id=video.id).one()
    assert job.video_id == video.id and job.user_id == video.user_id == ledger.user_id
    assert video.created_at == job.created_at == ledger.created_at
    assert video.status == "queued" and video.tags == [] and video.view_count == 0 and job.task_ids
    eta = datetime.fromisoformat(receipt["estimated_completion"].replace("Z", "+00:00"))
    assert eta - job.created_at >= timedelta(seconds=20)     # the fixed overhead, counted from the stored clock


def test_a_video_request_sends_two_statements_each_its_own_transaction(app, user):
    """The channel (owner, status, style defaults) is one autocommit read; the video, its ledger row
    and its job are one INSERT, also in autocommit: no BEGIN, no COMMIT, nothing on the main pool.
    A paused channel is still refused."""
    channel = make_channel(user)
    body = {"channel_id": channel["id"], "topic": "Tides", "video_config": {"duration": 30}}
    sent, commits = [], []

    def record(conn, _cursor, statement, *_args):
        sent.append((statement, conn.connection.dbapi_connection.autocommit))

    def note_commit(conn):
        commits.append(conn)

    with app.app_context():
        main_engine = _db.engine
    event.listen(main_engine, "commit", note_commit)
    try:
        with cursor_events(app, record):
            receipt = user.post("/api/v1/videos/generate", json=body)
    finally:
        event.remove(main_engine, "commit", note_commit)
    assert receipt.status_code == 202
    reads = [(s, autocommit) for s, autocommit in sent if "FROM channels" in s]
    assert len(reads) == 1 and reads[0][1] is True
    assert "channels.channel_name" not in reads[0][0] and "channels.style" in reads[0][0]
    assert [autocommit for s, autocommit in sent if "INSERT INTO" in s] == [True]
    assert commits == []
    video = user.get(f"/api/v1/videos/{receipt.get_json()['video_id']}").get_json()
    assert video["status"] == "queued" and video["job_id"] == receipt.get_json()["job_id"]
    assert user.put(f"/api/v1/channels/{channel['id']}", json={"status": "paused"}).status_code == 200
    assert_error(user.post("/api/v1/videos/generate", json=body), 400, "VALIDATION_ERROR")


def test_the_daily_cap_knows_the_tier_without_the_user_row_and_follows_a_tier_change(app, db, user, monkeypatch):
    """The tier comes with the remembered account standing; a change of the user row (an upgrade,
    an expiry date) forgets it, so the next request's cap is the new tier's."""
    from datetime import timedelta

    from ytempire.common.timeutil import utcnow

    monkeypatch.setitem(app.config, "MAX_VIDEOS_PER_DAY_FREE", 1)
    monkeypatch.setitem(app.config, "MAX_VIDEOS_PER_DAY_PRO", 3)
    channel = make_channel(user)
    body = {"channel_id": channel["id"], "topic": "Tides", "video_config": {"duration": 30}}
    assert user.post("/api/v1/videos/generate", json=body).status_code == 202
    with statements_seen(app) as seen:
        assert_error(user.post("/api/v1/videos/generate", json=body), 429, "DAILY_LIMIT_EXCEEDED")
    assert not [s for s in seen if "FROM users" in s]
    set_tier(app, user.user_id, "starter")
    assert user.post("/api/v1/videos/generate", json=body).status_code == 202
    with app.app_context():
        _db.session.get(User, uuid.UUID(user.user_id)).subscription_expires_at = utcnow() - timedelta(days=1)
        _db.session.commit()
    body_429 = assert_error(user.post("/api/v1/videos/generate", json=body), 429, "DAILY_LIMIT_EXCEEDED")
    assert "free tier" in body_429["error"]["message"]
