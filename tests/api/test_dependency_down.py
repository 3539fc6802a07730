"""A hung or missing Redis or PostgreSQL is a quick 503 naming the failing part, never a stuck request."""
import socket
import time

import pytest

from tests.helpers import assert_error, register
from ytempire import create_app

LOGIN = "/api/v1/auth/login"
CREDENTIALS = {"email": "a@example.com", "password": "Whatever1"}


@pytest.fixture
def silent_port():
    """A TCP port that accepts connections (the kernel's backlog) but never answers a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield server.getsockname()[1]
    server.close()


pytestmark = pytest.mark.usefixtures("process_defaults_restored")


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_hung_redis_is_503_naming_redis_within_two_seconds(app_config, silent_port):
    app = create_app({**app_config, "REDIS_URL": f"redis://127.0.0.1:{silent_port}/0",
                      "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{silent_port}/0"})
    response, seconds = _timed(lambda: app.test_client().post(LOGIN, json=CREDENTIALS))
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert body["error"]["details"][0]["field"] == "redis"
    assert seconds < 2, seconds


def test_hung_redis_behind_a_valid_token_is_503_within_two_seconds(client, app_config, silent_port):
    """The JWT blocklist lookup uses the shared client and its timeout too."""
    app = create_app({**app_config, "REDIS_URL": f"redis://127.0.0.1:{silent_port}/0",
                      "RATELIMIT_STORAGE_URI": "memory://"})
    tokens = register(client)  # on the working app, whose limiter storage is now memory:// (see above)
    response, seconds = _timed(lambda: app.test_client().get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}))
    assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert response.get_json()["error"]["details"][0]["field"] == "redis"
    assert seconds < 2, seconds


def test_hung_postgresql_is_503_naming_postgresql_within_three_seconds(app_config, silent_port):
    app = create_app({**app_config,
                      "SQLALCHEMY_DATABASE_URI": f"postgresql://postgres@127.0.0.1:{silent_port}/nothing"})
    response, seconds = _timed(lambda: app.test_client().post(LOGIN, json=CREDENTIALS))
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert body["error"]["details"][0]["field"] == "postgresql"
    assert seconds < 3, seconds  # libpq's connect_timeout (2 s) plus the request itself


def test_refused_redis_is_503_naming_redis(app_config):
    app = create_app({**app_config, "REDIS_URL": "redis://127.0.0.1:1/0", "RATELIMIT_STORAGE_URI": "memory://"})
    body = assert_error(app.test_client().post(LOGIN, json=CREDENTIALS), 503, "SERVICE_UNAVAILABLE")
    assert body["error"]["details"] == [{"field": "redis", "message": "Redis is unavailable"}]


def test_timeouts_are_configurable_and_reach_every_shared_client(app_config):
    app = create_app({**app_config, "REDIS_SOCKET_TIMEOUT_SECONDS": 0.5, "REDIS_CONNECT_TIMEOUT_SECONDS": 0.25,
                      "DB_CONNECT_TIMEOUT_SECONDS": 4})
    kwargs = app.extensions["redis"].connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == 0.5 and kwargs["socket_connect_timeout"] == 0.25
    assert app.config["RATELIMIT_STORAGE_OPTIONS"] == {"socket_timeout": 0.5, "socket_connect_timeout": 0.25}
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["connect_timeout"] == 4
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == app_config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"]


def test_database_down_keeps_its_own_retry_after_rather_than_the_rate_limit_window(app_config):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/nowhere"})
    response = app.test_client().post(LOGIN, json=CREDENTIALS)
    assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert response.get_json()["error"]["details"][0]["field"] == "postgresql"
    assert response.headers["Retry-After"] == "5"
    assert response.headers["X-RateLimit-Limit"]  # the limiter did run and add its headers
