"""A throw-away database and Redis db (and RabbitMQ virtual host) for a benchmark run, on the local servers."""
from __future__ import annotations

import os
import subprocess
import uuid
from contextlib import contextmanager

import psycopg2
import redis

ADMIN_DATABASE_URL = os.environ.get("BENCH_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_BASE = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
RABBITMQ_BASE = os.environ.get("BENCH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")


@contextmanager
def bench_services(storage_path: str, broker: str = "redis"):
    """`broker`: "redis" (the Redis db is the broker too) or "rabbitmq" (a virtual host of this run's own)."""
    name = f"ytempire_bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(ADMIN_DATABASE_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    base, _, _ = ADMIN_DATABASE_URL.rpartition("/")
    claims = redis.Redis.from_url(f"{REDIS_BASE}/0")
    number = next(n for n in range(15, 0, -1) if claims.set(f"ytempire:test:db:{n}", "bench", nx=True, ex=3600))
    redis_url = f"{REDIS_BASE}/{number}"
    redis.Redis.from_url(redis_url).flushdb()
    config = {"SQLALCHEMY_DATABASE_URI": f"{base}/{name}", "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
              "RATELIMIT_STORAGE_URI": redis_url, "STORAGE_PATH": storage_path, "BCRYPT_ROUNDS": 4}
    vhost = None
    if broker == "rabbitmq":
        vhost = name
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, capture_output=True)
        subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"], check=True,
                       capture_output=True)
        config["CELERY_BROKER_URL"] = f"{RABBITMQ_BASE}/{vhost}"
    try:
        yield config
    finally:
        if vhost:
            subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True)
        redis.Redis.from_url(redis_url).flushdb()
        claims.delete(f"ytempire:test:db:{number}")
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
