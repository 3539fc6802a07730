"""Real Celery workers for tests: subprocesses running `celery -A tasks worker` on the test services."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from ytempire.celery_binding import queue_depths

ROOT = Path(__file__).resolve().parent.parent


def worker_env(app_config: dict, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ELEVENLABS_"))}
    env.update({
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app_config["REDIS_URL"],
        "CELERY_BROKER_URL": app_config["CELERY_BROKER_URL"],
        "STORAGE_PATH": app_config["STORAGE_PATH"],
        "PIPELINE_RETRY_BASE_SECONDS": "0.2",
        "PYTHONUNBUFFERED": "1",
    })
    env.update({k: str(v) for k, v in extra.items()})
    return env


@contextmanager
def celery_worker(app_config: dict, queues: str, log_dir: Path, concurrency: int = 1, **env):
    """Start a worker on `queues`, wait until it is ready, stop it (warm shutdown) afterwards."""
    name = f"test-{queues.replace(',', '-')}-{uuid.uuid4().hex[:6]}@%h"
    log_path = log_dir / f"{name.split('@')[0]}.log"
    log_file = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tasks", "worker", "-Q", queues, "-n", name,
         "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "INFO", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=worker_env(app_config, **env), stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield process, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log_file.close()


def queue_length(app, queue: str) -> int:
    """Messages waiting in `queue` on the run's broker (Redis or RabbitMQ)."""
    return queue_depths(app.extensions["celery"], [queue])[queue]


def drop_queued(app, *queues: str) -> None:
    """Throw away what waits in `queues`, as a broker that lost its messages would."""
    with app.extensions["celery"].connection_for_write() as connection:
        for queue in queues:
            channel = connection.channel()
            try:
                channel.queue_purge(queue)
            except connection.channel_errors:
                pass  # never declared on RabbitMQ: nothing waits there
            finally:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - closed by the broker's 404
                    pass


def wait_for(predicate, timeout: float = 120, interval: float = 0.3, describe=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s: {describe()}")
