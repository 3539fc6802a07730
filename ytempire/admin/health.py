"""Deep health check: every dependency probed in parallel, the whole answer within 2 s (issue 5).

Nothing on the way may hang: the route is exempt from the rate limiter (its storage is Redis),
and the caller's admin check (token blocklist in Redis, user row in PostgreSQL) runs in a worker
thread beside the probes. Whatever has not answered by the deadline is reported as failing.
"""
from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from functools import partial
from typing import Callable

import redis as redis_lib
import sqlalchemy.exc
from flask import current_app
from sqlalchemy import text

from ytempire.errors import ServiceUnavailable
from ytempire.extensions import db
from ytempire.celery_binding import get_celery, queue_depths
from ytempire.storage import store_from_config

DEADLINE_SECONDS = 1.7  # the whole answer, the admin check included
AUTH_HEAD_START_SECONDS = 0.2  # a caller who is plainly not an admin is refused before any probe runs
BROADCAST_SECONDS = 1.0  # how long workers get to answer
QUEUES = ("default", "ai", "render", "render_gpu", "upload")
REQUIRED_QUEUES = ("default", "ai", "render", "upload")  # render_gpu only with GPU_WORKER_ENABLED
MIN_FREE_DISK_BYTES = 1 * 1024 ** 3
DEPENDENCY_ERRORS = (redis_lib.exceptions.RedisError, sqlalchemy.exc.OperationalError, sqlalchemy.exc.TimeoutError)


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
    return {"queues": queue_depths(get_celery(app), QUEUES)}


def expected_queues(config) -> tuple[str, ...]:
    return REQUIRED_QUEUES + (("render_gpu",) if config["GPU_WORKER_ENABLED"] else ())


def check_workers(app):
    """Live workers, and every expected queue that none of them consumes (its jobs would wait forever)."""
    replies = get_celery(app).control.inspect(timeout=BROADCAST_SECONDS).active_queues() or {}
    consumed = {queue["name"] for queues in replies.values() for queue in queues or ()}
    unconsumed = [queue for queue in expected_queues(app.config) if queue not in consumed]
    return {"workers": sorted(replies), "count": len(replies), "queues_without_worker": unconsumed,
            "_degraded": bool(unconsumed)}


def check_storage(app):
    """The object store answers (with S3: the bucket exists and the credentials may see it)."""
    store = store_from_config(app.config)
    store.ping()
    return {"type": store.kind}


def check_disk(app):
    """Free space where this host writes files: STORAGE_PATH, or with S3 the stages' scratch folder."""
    local = app.config["STORAGE_TYPE"] != "s3"
    usage = shutil.disk_usage(app.config["STORAGE_PATH"] if local else _existing(app.config["SCRATCH_PATH"]))
    return {"free_bytes": usage.free, "total_bytes": usage.total, "_degraded": usage.free < MIN_FREE_DISK_BYTES}


def check_spend_budget(app):
    """Failing while today's spend has reached DAILY_SPEND_BUDGET: paid stages wait, and this says why.

    Asked only once the database has answered its probe, so a database outage is named once, as itself.
    """
    from ytempire.pipeline.budget import budget_status

    with app.app_context():
        status = budget_status()
    resume = status["paid_stages_resume_at"]
    return {"budget_reached": status["budget_reached"], "reason": status["reason"],
            "paid_stages_resume_at": resume.isoformat() if resume else None,
            "jobs_waiting_for_budget": status["jobs_waiting_for_budget"], "_degraded": status["budget_reached"]}


CHECKS = {"database": check_database, "redis": check_redis, "broker": check_broker,
          "workers": check_workers, "disk": check_disk, "storage": check_storage}


def _existing(path: str) -> str:
    os.makedirs(path, exist_ok=True)
    return path


def _probe_all(pool: ThreadPoolExecutor, app, deadline: float) -> dict:
    futures = {name: pool.submit(_timed, partial(check, app)) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=max(0.0, deadline - time.monotonic()))
    return {name: future.result() if future.done() else
            {"status": "error", "error": f"no answer within {DEADLINE_SECONDS}s"}
            for name, future in futures.items()}


def _raise_refusal(auth: Future) -> None:
    """A 401/403 is raised as soon as it is known; a dependency failure is answered with the probes instead."""
    if auth.done() and auth.exception() is not None and not isinstance(auth.exception(), DEPENDENCY_ERRORS):
        auth.result()


def system_health(authorize: Callable[[], None]) -> tuple[dict, bool]:
    """The report and whether every part is healthy, once `authorize` (the admin check) has passed.

    A caller whose check cannot finish because a dependency hangs or is down gets a 503 that names
    the failing parts, never the report itself.
    """
    app = current_app._get_current_object()
    deadline = time.monotonic() + DEADLINE_SECONDS
    pool = ThreadPoolExecutor(max_workers=len(CHECKS) + 1)
    try:
        auth = pool.submit(authorize)
        wait([auth], timeout=AUTH_HEAD_START_SECONDS)
        _raise_refusal(auth)
        components = _probe_all(pool, app, deadline)
        wait([auth], timeout=max(0.0, deadline - time.monotonic()))
        _raise_refusal(auth)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung probe's thread is left behind, not waited for
    if components["database"]["status"] == "ok":
        components["spend_budget"] = _timed(partial(check_spend_budget, app))
    failing = sorted(name for name, result in components.items() if result["status"] != "ok")
    if not auth.done() or auth.exception() is not None:
        details = [{"field": name, "message": f"{name} is failing"} for name in failing] or [
            {"field": "authentication", "message": f"no answer within {DEADLINE_SECONDS}s"}]
        raise ServiceUnavailable("Cannot verify the caller while a dependency is unavailable", details=details,
                                 headers={"Retry-After": "5"})
    return {"status": "unhealthy" if failing else "healthy", "failing": failing, "components": components}, not failing
