"""Every documented endpoint, fed garbage, answers below 500 and in the envelope when it is an error."""
import re
import uuid

import pytest

GARBAGE_BODIES = [
    {"data": "{not json", "content_type": "application/json"},
    {"json": []},
    {"json": {"channel_id": "x" * 300, "topic": None, "tier": 7, "url": "javascript:alert(1)", "items": "no",
              "email": ["a"], "password": {}, "status": "\u0000", "video_config": "s", "events": [None]}},
    {"json": {"start_date": "2025-99-99", "limit": -1}},
]
GARBAGE_QUERIES = ["", "?page=-1&limit=abc&status=%00&start_date=nope&cursor=%%%&sort=drop%20table",
                   "?code=zzz&state=forged.state.value&hub.mode=subscribe&hub.topic=x&hub.challenge=y"]


def documented_operations(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    for path, methods in spec["paths"].items():
        for method in methods:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


def test_garbage_never_causes_a_server_error(client, user, app):
    checked = 0
    for method, path in documented_operations(client):
        for query in GARBAGE_QUERIES:
            for body in GARBAGE_BODIES if method in ("post", "put", "patch") else [{}]:
                for caller in (user, client):
                    response = getattr(caller, method)(path + query, **body)
                    checked += 1
                    assert response.status_code < 500 or response.status_code == 503, (method, path, query, body,
                                                                                      response.get_data(as_text=True))
                    if response.status_code >= 400 and response.mimetype == "application/json":
                        payload = response.get_json()
                        assert set(payload) >= {"error", "request_id", "timestamp"}, (method, path, payload)
    assert checked > 200


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "bearer x" * 500])
def test_malformed_authorization_headers_are_401(client, header):
    response = client.get("/api/v1/users/me", headers={"Authorization": header})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "UNAUTHORIZED"


@pytest.fixture
def admin(client, app):
    from tests.helpers import AuthedClient, register
    from ytempire.extensions import db
    from ytempire.users.models import User

    tokens = register(client)
    with app.app_context():
        db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
        db.session.commit()
        db.session.remove()
    return AuthedClient(client, tokens)


def documented_query_parameters(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    yield method, re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path), parameter["name"]


def test_nul_character_in_any_documented_query_parameter_is_400_naming_it(client, admin):
    checked = 0
    for method, path, name in documented_query_parameters(client):
        response = getattr(admin, method)(f"{path}?{name}=a%00b")
        checked += 1
        assert response.status_code < 500, (method, path, name, response.get_data(as_text=True))
        if response.status_code == 400:
            fields = {d["field"] for d in response.get_json()["error"]["details"]}
            assert name in fields or not fields, (method, path, name, fields)
    assert checked > 10
    response = admin.get("/api/v1/admin/users?search=a%00b")
    assert response.status_code == 400 and response.get_json()["error"]["details"][0]["field"] == "search"
