"""Behind TRUSTED_PROXY_HOPS proxies the client address comes from X-Forwarded-For; by default from nobody."""
import pytest

from tests.helpers import STRONG_PASSWORD, assert_error, register
from ytempire import create_app

LOGIN = "/api/v1/auth/login"
NGINX = {"REMOTE_ADDR": "172.18.0.5"}  # every request arrives from the proxy's address


def _forwarded(address):
    return {"X-Forwarded-For": address, "X-Forwarded-Proto": "https"}


def _remaining(response):
    return int(response.headers["X-RateLimit-Remaining"])


@pytest.fixture
def proxied_app(app, app_config):  # `app` migrates the database and cleans up after
    return create_app({**app_config, "TRUSTED_PROXY_HOPS": 1, "RATELIMIT_DEFAULT": "5 per hour",
                       "LOGIN_MAX_FAILURES_PER_ADDRESS": 3})


def test_behind_one_proxy_each_forwarded_client_has_its_own_rate_limit(proxied_app):
    client = proxied_app.test_client()
    first = client.get("/api/v1/users/me", headers=_forwarded("203.0.113.1"), environ_base=NGINX)
    again = client.get("/api/v1/users/me", headers=_forwarded("203.0.113.1"), environ_base=NGINX)
    other = client.get("/api/v1/users/me", headers=_forwarded("203.0.113.2"), environ_base=NGINX)
    assert _remaining(again) == _remaining(first) - 1
    assert _remaining(other) == _remaining(first)


def test_behind_one_proxy_the_login_throttle_counts_the_forwarded_address(proxied_app):
    client = proxied_app.test_client()
    register(client, email="victim@example.com")
    for number in range(3):
        client.post(LOGIN, json={"email": f"guess{number}@example.com", "password": "Wrong1234"},
                    headers=_forwarded("203.0.113.7"), environ_base=NGINX)
    assert_error(client.post(LOGIN, json={"email": "victim@example.com", "password": STRONG_PASSWORD},
                             headers=_forwarded("203.0.113.7"), environ_base=NGINX), 429, "RATE_LIMITED")
    response = client.post(LOGIN, json={"email": "victim@example.com", "password": STRONG_PASSWORD},
                           headers=_forwarded("203.0.113.8"), environ_base=NGINX)
    assert response.status_code == 200


def test_only_the_last_hop_is_believed_so_a_client_cannot_pick_its_address(proxied_app):
    """nginx appends the real peer; anything the client put before it is ignored."""
    client = proxied_app.test_client()
    first = client.get("/api/v1/users/me", headers=_forwarded("1.1.1.1, 203.0.113.9"), environ_base=NGINX)
    spoofed = client.get("/api/v1/users/me", headers=_forwarded("2.2.2.2, 203.0.113.9"), environ_base=NGINX)
    assert _remaining(spoofed) == _remaining(first) - 1


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, app_config):
    app = create_app({**app_config, "RATELIMIT_DEFAULT": "5 per hour"})
    assert app.config["TRUSTED_PROXY_HOPS"] == 0
    client = app.test_client()
    first = client.get("/api/v1/users/me", headers=_forwarded("203.0.113.1"), environ_base=NGINX)
    other = client.get("/api/v1/users/me", headers=_forwarded("203.0.113.2"), environ_base=NGINX)
    assert _remaining(other) == _remaining(first) - 1
