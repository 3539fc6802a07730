"""CPU per request, in-process: what each endpoint costs the API process, PostgreSQL and Redis.

wrk's figures on a shared machine move with the machine's load; CPU time spent per request does
not (much). Same data set as `api_load.py` (1,000,000 videos, 100,000 the caller's), the app
called through Flask's test client in this process: for each endpoint, N requests after a warm-up,
and per request the API's own CPU (process_time), the SQL statements it sent, and the CPU the
PostgreSQL backends of the bench's database and the Redis server used meanwhile (from /proc; the
Redis server is shared with whatever else runs on the machine, so its column is an upper bound). The sum is the CPU a request
takes from the machine: on 2 cores, 1 ms of it is at most 2,000 requests a second.

Run: .venv/bin/python bench/api_cpu.py [--requests 300] [--only LABEL] > /dev/null
The table goes to stderr: stdout carries the app's request log lines, which are part of the cost.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import psutil
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_load import SECRET, prepare  # noqa: E402
from bench.environment import bench_services  # noqa: E402


def process_cpu(pids) -> float:
    """CPU seconds used so far by the processes `pids` (those that have exited count nothing)."""
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def redis_server_pids() -> list[int]:
    return [p.pid for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("redis-server")]


def backend_pids(engine) -> list[int]:
    """The PostgreSQL backends serving this bench's database (the app's pooled connections)."""
    with engine.connect() as connection:
        return list(connection.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        ).scalars())


def measure(client, engine, path: str, token: str, requests: int, statements: list, method: str = "get",
            body_of=None) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    for n in range(5):
        call(client, method, path, headers, body_of, f"warm-{n}")
    statements.clear()
    backends, redis_pids = backend_pids(engine), redis_server_pids()
    postgres, redis = process_cpu(backends), process_cpu(redis_pids)
    started_cpu, started = time.process_time(), time.perf_counter()
    for n in range(requests):
        response = call(client, method, path, headers, body_of, str(n))
        assert response.status_code < 300, (path, response.status_code, response.get_json())
    api_ms = (time.process_time() - started_cpu) * 1000 / requests
    wall_ms = (time.perf_counter() - started) * 1000 / requests
    return {"api": api_ms, "postgres": (process_cpu(backends) - postgres) * 1000 / requests,
            "redis": (process_cpu(redis_pids) - redis) * 1000 / requests,
            "sql": len(statements) / requests, "wall": wall_ms}


def call(client, method: str, path: str, headers: dict, body_of, tag: str):
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(path, headers={**headers, "Idempotency-Key": f"cpu-{tag}-{time.time_ns()}"}, json=body_of())


def report(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        config |= {"SECRET_KEY": SECRET, "JWT_SECRET_KEY": SECRET + "-jwt",
                   "RATELIMIT_DEFAULT": "1000000000 per hour", "MAX_VIDEOS_PER_DAY_PRO": 1_000_000_000,
                   "MAX_VIDEOS_PER_DAY_ENTERPRISE": 1_000_000_000}
        ready = prepare(config)
        app, token = ready["app"], ready["token"]
        statements: list = []
        with app.app_context():
            engine = app.extensions["sqlalchemy"].engine
            for each_engine in app.extensions["sqlalchemy"].engines.values():  # plain reads have their own pool
                event.listen(each_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        client = app.test_client()
        api = "/api/v1"
        first = client.get(f"{api}/videos?page=2000&limit=20", headers={"Authorization": f"Bearer {token}"})
        deep = first.get_json()["next_cursor"]
        post_body = {"channel_id": ready["channel"], "topic": "Load test topic", "publish": "manual",
                     "video_config": {"duration": 30}}
        rows = [
            ("GET /health", "/health", "get"),
            ("GET /users/me", f"{api}/users/me", "get"),
            ("GET /channels", f"{api}/channels", "get"),
            ("GET /channels/{id}", f"{api}/channels/{ready['channel']}", "get"),
            ("GET /videos/{id}", f"{api}/videos/{ready['video']}", "get"),
            ("GET /videos/{id}/status", f"{api}/videos/{ready['video']}/status", "get"),
            ("GET /videos?limit=20", f"{api}/videos?limit=20", "get"),
            ("GET /videos?status=failed&limit=20", f"{api}/videos?status=failed&limit=20", "get"),
            ("GET /videos?channel_id=…&limit=20", f"{api}/videos?channel_id={ready['channel']}&limit=20", "get"),
            ("GET /videos?page=2000&limit=20", f"{api}/videos?page=2000&limit=20", "get"),
            ("GET /videos?cursor=… (page 2001)", f"{api}/videos?limit=20&cursor={deep}", "get"),
            ("GET /analytics/overview", f"{api}/analytics/overview", "get"),
            ("GET /analytics/channels/{id}", f"{api}/analytics/channels/{ready['channel']}", "get"),
            ("GET /users/me/usage", f"{api}/users/me/usage", "get"),
            ("POST /videos/generate", f"{api}/videos/generate", "post"),
        ]
        report(f"\n{options.requests} requests per row, in-process (Flask test client); CPU ms per request\n")
        report("| endpoint | API ms | PostgreSQL ms | Redis ms | total CPU ms | SQL statements | wall ms |")
        report("|---|---|---|---|---|---|---|")
        for label, path, method in rows:
            if options.only not in label:
                continue
            r = measure(client, engine, path, token, options.requests, statements, method, lambda: post_body)
            report(f"| {label} | {r['api']:.2f} | {r['postgres']:.2f} | {r['redis']:.2f} | "
                   f"{r['api'] + r['postgres'] + r['redis']:.2f} | {r['sql']:.1f} | {r['wall']:.2f} |")


if __name__ == "__main__":
    main()
