"""The OpenAPI spec states what the server enforces, and the server enforces what the spec states."""
import base64
import json
import uuid

import pytest

from tests.helpers import assert_error

CHANNELS = "/api/v1/channels"


@pytest.fixture
def spec(client):
    return client.get("/api/docs/openapi.json").get_json()


def query_parameter(spec, path, name):
    return next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)


@pytest.fixture
def channel(user):
    return user.post(CHANNELS, json={"name": "Tech", "niche": "technology",
                                     "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def test_the_password_rule_is_in_the_spec_wherever_a_password_is_set(spec, client):
    for schema in ("Register", "UserUpdate"):
        password = spec["components"]["schemas"][schema]["properties"]["password"]
        assert password["minLength"] == 8 and password["maxLength"] == 72 and "digit" in password["description"]
        assert password["pattern"] == r"^(?=[\s\S]*[a-z])(?=[\s\S]*[A-Z])(?=[\s\S]*[0-9])"
    response = client.post("/api/v1/auth/register", json={"email": "p@example.com", "username": "pword",
                                                          "password": "alllowercase1", "terms_accepted": True})
    assert_error(response, 400, "VALIDATION_ERROR")


def test_the_webhook_url_is_an_http_uri_in_the_spec_and_on_the_server(spec, user):
    for schema in ("HookCreate", "HookUpdate"):
        url = spec["components"]["schemas"][schema]["properties"]["url"]
        assert url["format"] == "uri" and url["pattern"] == "^[Hh][Tt][Tt][Pp][Ss]?://" and url["maxLength"] == 2000
    body = assert_error(user.post("/api/v1/hooks", json={"url": "ftp://example.com/x", "events": ["video.failed"]}),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "url"


def test_the_cursor_format_is_in_the_spec_and_anything_else_is_400(spec, user):
    cursor = query_parameter(spec, "/api/v1/videos", "cursor")
    assert cursor["schema"]["pattern"] == r"^[A-Za-z0-9_-]+={0,2}$" and cursor["schema"]["maxLength"] == 200
    assert "next_cursor" in cursor["description"]
    body = assert_error(user.get("/api/v1/videos?cursor=a%2Bb%2F"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "cursor"


def test_a_cursor_page_has_null_pagination_as_the_spec_allows(spec, user, channel):
    pagination = spec["components"]["schemas"]["VideoList"]["properties"]["pagination"]
    assert {"type": "object", "nullable": True} in pagination["anyOf"]
    user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Gadgets of the year"})
    cursor = base64.urlsafe_b64encode(json.dumps(["2999-01-01T00:00:00+00:00", str(uuid.uuid4())]).encode()).decode()
    page = user.get("/api/v1/videos", query_string={"cursor": cursor}).get_json()
    assert page["pagination"] is None and len(page["videos"]) == 1


def test_the_hub_parameters_and_their_rules_are_in_the_spec(spec, client):
    path = "/api/v1/webhooks/youtube"
    mode = query_parameter(spec, path, "hub.mode")
    assert mode["required"] is True and mode["schema"]["enum"] == ["subscribe", "unsubscribe", "denied"]
    assert query_parameter(spec, path, "hub.topic")["required"] is True
    assert query_parameter(spec, path, "hub.lease_seconds")["schema"]["minimum"] == 1
    body = assert_error(client.get(f"{path}?hub.mode=bogus&hub.topic=x&hub.challenge=c"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "hub.mode"
    body = assert_error(client.get(f"{path}?hub.mode=subscribe&hub.topic=x"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "hub.challenge"


def test_options_on_generate_offers_only_what_generate_answers(client):
    allowed = {m.strip() for m in client.options("/api/v1/videos/generate").headers["Allow"].split(",")}
    assert allowed == {"OPTIONS", "POST"}
    one_video = {m.strip() for m in client.options(f"/api/v1/videos/{uuid.uuid4()}").headers["Allow"].split(",")}
    assert {"GET", "PUT", "DELETE"} <= one_video
    assert_error(client.get("/api/v1/videos/generate"), 405, "METHOD_NOT_ALLOWED")


def test_a_put_without_a_body_is_400_not_a_silent_no_op(user, channel):
    video_id = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"],
                                                          "topic": "Gadgets of the year"}).get_json()["video_id"]
    for path in (f"/api/v1/videos/{video_id}", f"{CHANNELS}/{channel['id']}", "/api/v1/users/me"):
        assert_error(user.put(path), 400, "VALIDATION_ERROR")
        assert_error(user.put(path, data="name=x", content_type="application/x-www-form-urlencoded"),
                     400, "VALIDATION_ERROR")


@pytest.mark.parametrize("value", [0, 1, "true", "false", None, "yes"])
def test_booleans_are_json_true_or_false_only(user, channel, value):
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}",
                                 json={"youtube_settings": {"contains_synthetic_media": value}}), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "youtube_settings.contains_synthetic_media"
    response = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "Gadgets of the year",
                                                          "video_config": {"use_gpu": value}})
    assert_error(response, 400, "VALIDATION_ERROR")
