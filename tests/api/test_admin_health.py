"""GET /admin/system/health answers within 2 s whatever hangs, and names what fails (issue 5)."""
import socket
import threading
import time
import uuid

import pytest

from tests.helpers import assert_error, register
from tests.workers import celery_worker
from ytempire import create_app
from ytempire.users.models import User

HEALTH = "/api/v1/admin/system/health"


@pytest.fixture
def hanging_server():
    """A TCP server that accepts connections and never answers: a dependency that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def admin_token(client, db):
    tokens = register(client)
    db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
    db.session.commit()
    return tokens["access_token"]


@pytest.fixture
def app_with(app, app_config):
    """Build another app with overrides; afterwards the session app's process-wide singletons are its own again."""
    yield lambda **overrides: create_app({**app_config, **overrides})
    app.extensions["celery"].set_default()


def timed_health(app, token):
    client = app.test_client()
    started = time.monotonic()
    response = client.get(HEALTH, headers={"Authorization": f"Bearer {token}"})
    return response, time.monotonic() - started


def test_health_with_a_hanging_redis_is_503_naming_it_within_2_seconds(app_with, admin_token, hanging_server):
    hung = f"redis://127.0.0.1:{hanging_server}/0"
    response, elapsed = timed_health(app_with(REDIS_URL=hung, RATELIMIT_STORAGE_URI=hung, CELERY_BROKER_URL=hung),
                                     admin_token)
    assert elapsed < 2
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")  # the token's blocklist entry cannot be read
    assert {"redis", "broker"} <= {detail["field"] for detail in body["error"]["details"]}
    assert "database" not in {detail["field"] for detail in body["error"]["details"]}


def test_health_with_a_hanging_postgresql_is_503_naming_it_within_2_seconds(app_with, admin_token, hanging_server):
    hung = f"postgresql://ytempire@127.0.0.1:{hanging_server}/x"
    response, elapsed = timed_health(app_with(SQLALCHEMY_DATABASE_URI=hung), admin_token)
    assert elapsed < 2
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")  # the admin's user row cannot be read
    assert [detail["field"] for detail in body["error"]["details"]] == ["database", "workers"]


def test_health_is_not_rate_limited(app_with, admin_token):
    client = app_with(RATELIMIT_DEFAULT="1 per hour").test_client()
    headers = {"Authorization": f"Bearer {admin_token}"}
    statuses = {client.get(HEALTH, headers=headers).status_code for _ in range(3)}
    assert statuses == {503}  # no worker runs here; never 429
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    assert_error(client.get("/api/v1/users/me", headers=headers), 429, "RATE_LIMITED")


@pytest.mark.broker
def test_health_names_queues_no_worker_consumes_and_is_200_when_all_are(app, app_config, admin_token, tmp_path):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {admin_token}"}
    with celery_worker(app_config, "default,ai", tmp_path):
        response = client.get(HEALTH, headers=headers)
        assert response.status_code == 503
        assert response.get_json()["failing"] == ["workers"]
        assert response.get_json()["components"]["workers"]["queues_without_worker"] == ["render", "upload"]
        with celery_worker(app_config, "render,upload", tmp_path):
            response = client.get(HEALTH, headers=headers)
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "healthy" and body["failing"] == []
    assert body["components"]["workers"]["count"] == 2
    assert body["components"]["workers"]["queues_without_worker"] == []


def test_health_expects_a_render_gpu_worker_only_when_enabled(app_with, app_config, admin_token, tmp_path):
    with celery_worker(app_config, "default,ai,render,upload", tmp_path):
        response, _ = timed_health(app_with(GPU_WORKER_ENABLED=True), admin_token)
    assert response.status_code == 503
    assert response.get_json()["components"]["workers"]["queues_without_worker"] == ["render_gpu"]
