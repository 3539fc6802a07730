"""Fixtures chained app → db → client → user, on a real PostgreSQL and a real Redis.

Each run creates its own database (ytempire_test_<random>) and takes its own Redis db number,
and drops both afterwards. If either server is unreachable the run fails; it never skips.
`--broker=rabbitmq` sends the tasks through RabbitMQ instead, in a virtual host of this run's own.
"""
from __future__ import annotations

import os
import subprocess
import uuid

import psycopg2
import pytest
import redis as redis_lib
from sqlalchemy import text

from ytempire import create_app
from ytempire.celery_binding import is_rabbitmq
from ytempire.extensions import db as _db

from tests.helpers import AuthedClient, register
from tests.workers import drop_queued

ADMIN_DATABASE_URL = os.environ.get("TEST_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
TEST_RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")


def pytest_addoption(parser):
    parser.addoption("--broker", choices=("redis", "rabbitmq"), default=os.environ.get("TEST_BROKER", "redis"),
                     help="Celery broker of the run (Redis stays the result backend either way)")


def _database_url(name: str) -> str:
    base, _, _ = ADMIN_DATABASE_URL.rpartition("/")
    return f"{base}/{name}"


def _admin_connection():
    try:
        conn = psycopg2.connect(ADMIN_DATABASE_URL, connect_timeout=5)
    except psycopg2.OperationalError as exc:
        pytest.exit(f"PostgreSQL unreachable at {ADMIN_DATABASE_URL}: {exc}", returncode=3)
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def database_url():
    name = f"ytempire_test_{uuid.uuid4().hex[:12]}"
    conn = _admin_connection()
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    yield _database_url(name)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def _claim_redis_db() -> int:
    """A Redis db number no other run is using (claimed with SET NX in db 0)."""
    try:
        admin = redis_lib.Redis.from_url(f"{TEST_REDIS_URL}/0", socket_connect_timeout=5)
        admin.ping()
    except redis_lib.RedisError as exc:
        pytest.exit(f"Redis unreachable at {TEST_REDIS_URL}: {exc}", returncode=3)
    for number in range(1, 16):
        if admin.set(f"ytempire:test:db:{number}", os.getpid(), nx=True, ex=3600):
            return number
    pytest.exit("No free Redis db number for this test run (1-15 all claimed)", returncode=3)


@pytest.fixture(scope="session")
def redis_url():
    number = _claim_redis_db()
    url = f"{TEST_REDIS_URL}/{number}"
    client = redis_lib.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    redis_lib.Redis.from_url(f"{TEST_REDIS_URL}/0").delete(f"ytempire:test:db:{number}")


def _rabbitmqctl(*args: str) -> None:
    """Virtual hosts are made with the server's own tool: the management plugin may be off."""
    result = subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.exit(f"rabbitmqctl {' '.join(args)} failed: {result.stderr or result.stdout}", returncode=3)


@pytest.fixture(scope="session")
def rabbitmq_url():
    """A RabbitMQ virtual host of this run's own, deleted afterwards; an unreachable server fails the run."""
    from kombu import Connection

    vhost = f"ytempire_test_{uuid.uuid4().hex[:12]}"
    try:
        Connection(TEST_RABBITMQ_URL, connect_timeout=5).ensure_connection(max_retries=0)
    except Exception as exc:  # noqa: BLE001 - any reason it cannot be reached ends the run
        pytest.exit(f"RabbitMQ unreachable at {TEST_RABBITMQ_URL}: {exc}", returncode=3)
    _rabbitmqctl("add_vhost", vhost)
    user = Connection(TEST_RABBITMQ_URL).userid
    _rabbitmqctl("set_permissions", "-p", vhost, user, ".*", ".*", ".*")
    yield f"{TEST_RABBITMQ_URL}/{vhost}"
    _rabbitmqctl("delete_vhost", vhost)


@pytest.fixture(scope="session")
def broker_url(request, redis_url):
    if request.config.getoption("--broker") == "rabbitmq":
        return request.getfixturevalue("rabbitmq_url")
    return redis_url


@pytest.fixture(scope="session")
def storage_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("storage"))


@pytest.fixture(scope="session")
def media_cache_path(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media-cache"))


@pytest.fixture(scope="session")
def app_config(database_url, redis_url, broker_url, storage_path, media_cache_path):
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 10, "max_overflow": 20},
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": broker_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        # The suite registers and logs in hundreds of users from one address within minutes; the
        # tests of the /auth limit set their own.
        "RATELIMIT_AUTH": "100000 per minute",
        "BCRYPT_ROUNDS": 4,
        "STORAGE_PATH": storage_path,
        "MEDIA_CACHE_PATH": media_cache_path,
        "JWT_SECRET_KEY": "test-jwt-secret-key-with-enough-length-for-hs256",
    }


@pytest.fixture(scope="session")
def app(app_config):
    from flask_migrate import upgrade

    app = create_app(app_config)
    with app.app_context():
        upgrade()  # the real migrations, not create_all
    return app


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Every test starts with empty tables and an empty Redis db."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        _db.session.remove()
        tables = _db.session.scalars(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")).all()
        _db.session.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
        _db.session.commit()
        app.extensions["redis"].flushdb()
        if is_rabbitmq(app.extensions["celery"]):  # the broker's queues are not in the Redis db
            drop_queued(app, *app.extensions["celery"].amqp.queues)


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def user(client):
    return AuthedClient(client, register(client))


@pytest.fixture
def other_user(client):
    return AuthedClient(client, register(client))


@pytest.fixture
def process_defaults_restored(app_config):
    """The default Celery app is process-wide: the last create_app sets it.

    Tests that build an app on a dead broker or store hand the defaults back to the suite's app afterwards.
    """
    yield
    create_app(app_config)
