"""Every failure is a 4xx/5xx in the one envelope with X-Request-ID; rate limits send headers."""
import pytest

from tests.helpers import assert_error, register
from ytempire import create_app


def test_bad_json_is_400(client):
    response = client.post("/api/v1/auth/register", data="{not json", content_type="application/json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_json_that_is_not_an_object_is_400(client):
    assert_error(client.post("/api/v1/auth/login", json=["a", "b"]), 400, "VALIDATION_ERROR")
    assert_error(client.post("/api/v1/auth/login", json="text"), 400, "VALIDATION_ERROR")


def test_wrong_types_are_400_with_field_details(client):
    body = assert_error(client.post("/api/v1/auth/login", json={"email": 5, "password": {"a": 1}}),
                        400, "VALIDATION_ERROR")
    assert {d["field"] for d in body["error"]["details"]} == {"email", "password"}


def test_unknown_route_is_404(client):
    assert_error(client.get("/api/v1/does-not-exist"), 404, "NOT_FOUND")


def test_wrong_method_is_405_with_allow_header(client):
    response = client.delete("/api/v1/auth/login")
    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in response.headers["Allow"]


def test_incoming_request_id_is_echoed_and_a_bad_one_replaced(client):
    response = client.get("/api/v1/nowhere", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert response.get_json()["request_id"] == "abc-123"
    response = client.get("/health", headers={"X-Request-ID": "bad id; with spaces <script>"})
    assert response.headers["X-Request-ID"].startswith("req_")


@pytest.fixture
def crashing_app(app_config):
    app = create_app(app_config)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    return app


def test_unexpected_exception_is_500_envelope_without_internals(crashing_app, capsys):
    response = crashing_app.test_client().get("/api/v1/boom")
    body = assert_error(response, 500, "INTERNAL_ERROR")
    text = response.get_data(as_text=True)
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text
    logged = capsys.readouterr().out
    assert body["request_id"] in logged and "unhandled_exception" in logged


@pytest.fixture
def db_crashing_app(app_config):
    """An endpoint whose INSERT violates a CHECK, so PostgreSQL's DETAIL holds the whole row."""
    from ytempire.extensions import db
    from ytempire.users.models import User

    app = create_app(app_config)

    @app.get("/api/v1/db-boom")
    def db_boom():
        db.session.add(User(email="leak@example.com", username="leaky", password_hash="$2b$12$SECRETHASHVALUE",
                            subscription_tier="gold"))
        db.session.commit()

    return app


def test_database_error_is_logged_without_row_values(db_crashing_app, capsys):
    import json

    response = db_crashing_app.test_client().get("/api/v1/db-boom", headers={"X-Request-ID": "db-boom-1"})
    assert_error(response, 500, "INTERNAL_ERROR")
    logged = capsys.readouterr().out
    assert "SECRETHASHVALUE" not in logged and "leak@example.com" not in logged and "Failing row" not in logged
    line = next(json.loads(raw) for raw in logged.splitlines() if '"unhandled_exception"' in raw)
    assert line["request_id"] == "db-boom-1" and line["pgcode"] == "23514"
    assert line["constraint"] == "ck_users_subscription_tier_valid" and line["error_type"] == "IntegrityError"


@pytest.fixture
def limited_app(app_config):
    return create_app({**app_config, "RATELIMIT_DEFAULT": "3 per hour"})


def test_rate_limit_sends_headers_and_then_429(limited_app):
    client = limited_app.test_client()
    tokens = register(client)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    first = client.get("/api/v1/users/me", headers=headers)
    assert first.headers["X-RateLimit-Limit"] == "3"
    assert int(first.headers["X-RateLimit-Remaining"]) == 2
    assert int(first.headers["X-RateLimit-Reset"]) > 0
    assert "Retry-After" not in first.headers
    client.get("/api/v1/users/me", headers=headers)
    client.get("/api/v1/users/me", headers=headers)
    limited = client.get("/api/v1/users/me", headers=headers)
    assert_error(limited, 429, "RATE_LIMITED")
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert int(limited.headers["Retry-After"]) > 0


def test_rate_limit_is_per_user_not_shared(limited_app):
    client = limited_app.test_client()
    first, second = register(client), register(client)
    for _ in range(3):
        client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert client.get("/api/v1/users/me",
                      headers={"Authorization": f"Bearer {second['access_token']}"}).status_code == 200


def test_oversized_body_is_413_envelope(client):
    response = client.post("/api/v1/auth/login", data="x" * (2 * 1024 * 1024), content_type="application/json")
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_nul_characters_anywhere_in_the_input_are_400_not_500(client, user):
    body = assert_error(user.post("/api/v1/channels", json={"name": "ok", "niche": "a\x00b",
                                                             "youtube_channel_id": "UC_abcdef"}), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "niche"
    assert_error(user.post("/api/v1/channels", json={"name": "ok", "niche": "x", "youtube_channel_id": "UC_abcdef",
                                                      "target_audience": {"interests": ["a\x00"]}}),
                 400, "VALIDATION_ERROR")
    assert_error(user.get("/api/v1/channels?status=act%00ive"), 400, "VALIDATION_ERROR")
    assert_error(client.post("/api/v1/auth/login", json={"email": "a\x00@b.co", "password": "x"}),
                 400, "VALIDATION_ERROR")
    assert user.get("/api/v1/channels").status_code == 200  # nothing was left half-done
