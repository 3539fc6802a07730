"""Deep health check: every dependency probed in parallel, the whole answer within ~2 s.

A hanging dependency cannot hold the request: each probe runs in a worker thread and whatever
has not answered by the deadline is reported as timed out.
"""
from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor, wait

import redis as redis_lib
from flask import current_app
from sqlalchemy import text

from ytempire.extensions import db

DEADLINE_SECONDS = 1.6
QUEUES = ("default", "ai", "render", "render_gpu", "upload")
MIN_FREE_DISK_BYTES = 1 * 1024 ** 3


def _timed(probe):
    started = time.perf_counter()
    try:
        detail = probe()
        status = "ok"
    except Exception as error:  # noqa: BLE001 - any failure of a dependency is reported, not raised
        detail, status = {"error": f"{type(error).__name__}: {error}"[:300]}, "error"
    if isinstance(detail, dict) and detail.pop("_degraded", False):
        status = "error"
    return {"status": status, "latency_ms": round((time.perf_counter() - started) * 1000, 1), **(detail or {})}


def check_database(app):
    with app.app_context():
        with db.engine.connect() as conn:
            conn.execute(text("SET LOCAL statement_timeout = 1000"))
            conn.execute(text("SELECT 1"))
    return {}


def _client(url):
    return redis_lib.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def check_redis(app):
    _client(app.config["REDIS_URL"]).ping()
    return {}


def check_broker(app):
    client = _client(app.config["CELERY_BROKER_URL"])
    client.ping()
    depths = {queue: client.llen(queue) for queue in QUEUES}
    return {"queues": depths}


def check_workers(app):
    replies = app.extensions["celery"].control.ping(timeout=1.0)
    workers = sorted(name for reply in replies for name in reply)
    return {"workers": workers, "count": len(workers), "_degraded": not workers}


def check_disk(app):
    usage = shutil.disk_usage(app.config["STORAGE_PATH"])
    return {"free_bytes": usage.free, "total_bytes": usage.total, "_degraded": usage.free < MIN_FREE_DISK_BYTES}


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker,
          "workers": check_workers, "disk": check_disk}


def system_health() -> tuple[dict, bool]:
    app = current_app._get_current_object()
    pool = ThreadPoolExecutor(max_workers=len(CHECKS))
    futures = {name: pool.submit(_timed, lambda check=check: check(app)) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=DEADLINE_SECONDS)
    components = {}
    for name, future in futures.items():
        if future.done():
            components[name] = future.result()
        else:
            components[name] = {"status": "error", "error": f"no answer within {DEADLINE_SECONDS}s"}
    pool.shutdown(wait=False, cancel_futures=True)
    failing = sorted(name for name, result in components.items() if result["status"] != "ok")
    return {"status": "unhealthy" if failing else "healthy", "failing": failing, "components": components}, not failing
