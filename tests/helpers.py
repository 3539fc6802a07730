"""Helpers the tests share: registering users, authed clients, envelope assertions."""
import uuid

from ytempire.extensions import db as _db

STRONG_PASSWORD = "SecurePass123!"


def register(client, email=None, username=None, password=STRONG_PASSWORD):
    email = email or f"user_{uuid.uuid4().hex[:8]}@example.com"
    username = username or f"user_{uuid.uuid4().hex[:8]}"
    response = client.post("/api/v1/auth/register", json={
        "email": email, "username": username, "password": password, "terms_accepted": True})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


class AuthedClient:
    """A test client that sends one user's bearer token."""

    def __init__(self, client, tokens):
        self.client, self.tokens = client, tokens
        self.user_id = tokens["user_id"]

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.tokens['access_token']}", **(headers or {})}

    def __getattr__(self, method):
        def call(url, headers=None, **kwargs):
            return getattr(self.client, method)(url, headers=self._headers(headers), **kwargs)
        return call


def set_tier(app, user_id, tier):
    from ytempire.users.models import User

    with app.app_context():
        _db.session.get(User, uuid.UUID(user_id)).subscription_tier = tier
        _db.session.commit()
        _db.session.remove()


def assert_error(response, status, code):
    """The documented envelope, with the given status and code."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error", "request_id", "timestamp"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    assert body["request_id"] == response.headers["X-Request-ID"]
    assert body["timestamp"].endswith("Z")
    return body
