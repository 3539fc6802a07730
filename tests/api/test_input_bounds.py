"""Inputs that used to reach the database or Redis and fail there: each is a 400 in the envelope, nothing stored."""
import base64
import json
import uuid

import pytest

from tests.helpers import assert_error
from ytempire.videos.models import Video

GENERATE = "/api/v1/videos/generate"
# Its UTC value is 10000-01-01T13:59:59Z: Python cannot read it back once stored.
PAST_THE_LAST_YEAR = "9999-12-31T23:59:59-14:00"


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def generate(user, channel, **overrides):
    return user.post(GENERATE, json={"channel_id": channel["id"], "topic": "Review of the latest gadgets",
                                     "publish": "manual", **overrides})


def assert_rejected_field(response, field):
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert field in {detail["field"] for detail in body["error"]["details"]}, body


def test_a_scheduled_at_whose_utc_value_is_past_year_9999_is_400_on_generate_put_and_publish(user, channel, db):
    assert_rejected_field(generate(user, channel, publish="scheduled", scheduled_at=PAST_THE_LAST_YEAR),
                          "scheduled_at")
    video_id = generate(user, channel).get_json()["video_id"]
    assert_rejected_field(user.put(f"/api/v1/videos/{video_id}", json={"scheduled_at": PAST_THE_LAST_YEAR}),
                          "scheduled_at")
    assert_rejected_field(user.post(f"/api/v1/videos/{video_id}/publish", json={"scheduled_at": PAST_THE_LAST_YEAR}),
                          "scheduled_at")
    assert db.session.get(Video, uuid.UUID(video_id)).scheduled_at is None
    assert user.get(f"/api/v1/videos/{video_id}").status_code == 200
    assert user.get("/api/v1/videos").get_json()["pagination"]["total"] == 1


def test_a_far_future_schedule_with_an_offset_is_stored_in_utc_and_reads_back(user, channel):
    response = generate(user, channel, publish="scheduled", scheduled_at="9999-12-29T23:59:59-14:00")
    assert response.status_code == 202, response.get_json()
    video = user.get(f"/api/v1/videos/{response.get_json()['video_id']}").get_json()
    assert video["scheduled_at"] == "9999-12-30T13:59:59Z"


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00"])
def test_list_filters_with_instants_out_of_range_are_400(user, value):
    for name in ("created_after", "created_before"):
        assert_rejected_field(user.get("/api/v1/videos", query_string={name: value}), name)


@pytest.mark.parametrize("value", ["2025-01-01T00:00:00+23:59", "2025-01-01T00:00:00-20:00"])
def test_list_filters_with_offsets_beyond_what_postgresql_takes_are_read_in_utc_not_a_500(user, value):
    for name in ("created_after", "created_before"):
        response = user.get("/api/v1/videos", query_string={name: value})
        assert response.status_code == 200, response.get_json()


def test_a_list_filter_with_a_large_but_valid_offset_is_read_as_its_utc_instant(user, channel):
    generate(user, channel)
    response = user.get("/api/v1/videos", query_string={"created_after": "2000-01-01T00:00:00+23:59"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["pagination"]["total"] == 1


@pytest.mark.parametrize("created_at", ["2025-01-01T00:00:00+23:59", "9999-12-31T23:59:59-14:00",
                                        "0001-01-01T00:00:00+14:00"])
def test_a_cursor_with_an_offset_or_instant_the_database_cannot_take_is_400(user, created_at):
    cursor = base64.urlsafe_b64encode(json.dumps([created_at, str(uuid.uuid4())]).encode()).decode()
    response = user.get("/api/v1/videos", query_string={"cursor": cursor})
    if created_at.endswith("+23:59"):
        # A representable instant: the offset is applied here, PostgreSQL only ever sees UTC.
        assert response.status_code == 200, response.get_json()
    else:
        assert_rejected_field(response, "cursor")


def test_a_deeply_nested_json_body_is_400_before_login(client):
    body = "[" * 100_000 + "]" * 100_000
    for path in ("/api/v1/auth/login", "/api/v1/videos/generate", "/api/v1/webhooks/stripe"):
        response = client.post(path, data=body, content_type="application/json")
        assert_error(response, 400, "VALIDATION_ERROR")


def test_json_nested_just_past_the_limit_is_400_and_at_the_limit_is_validated_as_usual(client):
    from ytempire.common.request_guard import MAX_JSON_DEPTH

    def nested(depth):  # an object whose `email` is nested `depth` levels in all
        value = "x"
        for _ in range(depth - 1):
            value = [value]
        return {"email": value, "password": "x"}

    assert_error(client.post("/api/v1/auth/login", json=nested(MAX_JSON_DEPTH + 1)), 400, "VALIDATION_ERROR")
    at_limit = client.post("/api/v1/auth/login", json=nested(MAX_JSON_DEPTH))
    assert_rejected_field(at_limit, "email")


def test_a_body_with_fewer_brackets_than_the_limit_is_not_parsed_by_the_depth_check(client, monkeypatch):
    """Nesting needs a bracket per level, so a body with no more brackets than the limit cannot
    be too deep: only the view's schema parses it. Brackets inside strings count too, which only
    sends a shallow body through the full check, never a deep one past it."""
    from ytempire.common import request_guard

    parsed, json_depth = [], request_guard.json_depth
    monkeypatch.setattr(request_guard, "json_depth", lambda value: parsed.append(value) or json_depth(value))
    assert client.post("/api/v1/auth/login", json={"email": "[{", "password": "x"}).status_code == 401
    assert parsed == []
    brackets = "[" * request_guard.MAX_JSON_DEPTH
    assert_error(client.post("/api/v1/auth/login", json={"email": brackets, "password": "x"}), 401, "UNAUTHORIZED")
    assert len(parsed) == 1   # over the count: checked in full, and shallow, so on to the view


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\x00"])
def test_a_lone_surrogate_or_nul_in_login_is_400_naming_the_field(client, text):
    response = client.post("/api/v1/auth/login", json={"email": f"user{text}@example.com", "password": "x"})
    assert_rejected_field(response, "email")
    response = client.post("/api/v1/auth/login", json={"email": "user@example.com", "password": text})
    assert_rejected_field(response, "password")


def test_a_lone_surrogate_in_a_nested_string_or_an_object_key_is_400_and_nothing_is_stored(user, channel, db):
    response = generate(user, channel, title="Gadgets \ud83d", video_config={"voice": "a\udc00"})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert {d["field"] for d in body["error"]["details"]} == {"title", "video_config.voice"}
    assert_rejected_field(user.put(f"/api/v1/channels/{channel['id']}", json={"\ud800": "x", "niche": "x"}),
                          "\ud800")
    assert db.session.query(Video).count() == 0


def test_a_properly_paired_surrogate_is_an_ordinary_character(user, channel):
    response = generate(user, channel, title="Gadgets \U0001f680")
    assert response.status_code == 202, response.get_json()
