"""The API under load at fleet scale, against a hello-world Flask floor under the same gunicorn settings.

Seeds a throw-away database with 1,000,000 videos (100,000 of them the caller's, across 250
channels), a year of daily stats for those 250 channels, 30 days of stats for the caller's newest
1,000 videos and a month of cost entries; starts the API exactly as `make run` does (the devstack's
gunicorn command) and a hello-world Flask app beside it, then drives each endpoint with wrk
(32 connections) and prints req/s, the ratio to the floor, p50 and p99.

Run: .venv/bin/python bench/api_load.py [--duration 8] [--connections 32] [--only /videos]
Needs PostgreSQL and Redis on 127.0.0.1 (make services); installs Debian's wrk when missing.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import bench_services  # noqa: E402

CALLER = uuid.UUID("00000000-0000-4000-8000-000000000001")
TOTAL_VIDEOS, CALLER_VIDEOS, CALLER_CHANNELS, OTHER_USERS = 1_000_000, 100_000, 250, 9
SECRET = "bench-secret-key-" + uuid.uuid4().hex

SEED_SQL = """
INSERT INTO users (id, email, username, password_hash, subscription_tier)
SELECT CASE WHEN u = 0 THEN %(caller)s::uuid ELSE gen_random_uuid() END,
       'bench' || u || '@example.com', 'bench' || u, 'not-a-hash', 'enterprise'
FROM generate_series(0, %(others)s) AS u;

INSERT INTO channels (user_id, youtube_channel_id, channel_name, niche, status, created_at)
SELECT %(caller)s::uuid, 'UCbench' || c, 'Channel ' || c, 'tech', 'active', now() - c * interval '1 minute'
FROM generate_series(1, %(caller_channels)s) AS c;
INSERT INTO channels (user_id, youtube_channel_id, channel_name, niche, status)
SELECT id, 'UCother' || id, 'Other', 'tech', 'active' FROM users WHERE id <> %(caller)s::uuid;

-- Every user's videos, newest first spread over a year; 2%% failed, 30%% published, the rest completed.
CREATE TEMP TABLE owner_channels AS
SELECT user_id, array_agg(id ORDER BY id) AS ids,
       row_number() OVER (ORDER BY user_id <> %(caller)s::uuid, user_id) - 1 AS n
FROM channels GROUP BY user_id;
INSERT INTO videos (user_id, channel_id, title, topic, status, publish_mode, privacy_status, published_at,
                    estimated_cost, generation_cost, duration_seconds, created_at, updated_at)
SELECT o.user_id, o.ids[1 + s.k %% array_length(o.ids, 1)], 'Video ' || s.k, 'Topic number ' || s.k,
       CASE WHEN s.k %% 50 = 0 THEN 'failed' WHEN s.k %% 10 < 3 THEN 'published' ELSE 'completed' END,
       'manual', 'private',
       CASE WHEN s.k %% 10 < 3 AND s.k %% 50 <> 0 THEN now() - s.k * interval '5 minutes' END,
       0.05, 0.05, 60, now() - s.k * interval '5 minutes', now() - s.k * interval '5 minutes'
FROM (SELECT i %% %(users)s AS owner, i / %(users)s AS k FROM generate_series(0, %(total)s - 1) AS i) s
JOIN owner_channels o ON o.n = s.owner;

INSERT INTO channel_daily_stats (channel_id, day, views, subscribers_gained, subscribers_lost, estimated_revenue,
                                 subscriber_count)
SELECT c.id, current_date - d, 1000 + d, 10, 2, 3.5, 5000 + d
FROM channels c, generate_series(0, 364) AS d WHERE c.user_id = %(caller)s::uuid;

INSERT INTO video_daily_stats (video_id, day, views, likes, comments, watch_time_minutes, estimated_revenue)
SELECT v.id, current_date - d, 100, 5, 1, 250, 0.2
FROM (SELECT id FROM videos WHERE user_id = %(caller)s::uuid ORDER BY created_at DESC LIMIT 1000) v,
     generate_series(0, 29) AS d;

INSERT INTO cost_entries (user_id, video_id, stage, provider, unit, units, unit_price, amount, charge_key, created_at)
SELECT v.user_id, v.id, s.stage, 'offline', 'call', 1, 0.01, 0.01, v.id || ':' || s.stage, v.created_at
FROM (SELECT id, user_id, created_at FROM videos WHERE user_id = %(caller)s::uuid
      AND created_at >= date_trunc('month', now()) ORDER BY created_at DESC LIMIT 5000) v,
     (VALUES ('script_generation'), ('voice_synthesis')) AS s(stage);

INSERT INTO generation_requests (user_id, video_id, created_at)
SELECT user_id, id, created_at FROM videos WHERE user_id = %(caller)s::uuid AND created_at >= current_date;

-- The one video read by id gets a finished job, as every generated video has.
INSERT INTO generation_jobs (video_id, user_id, status, progress, current_stage, stages, stages_completed)
SELECT id, user_id, 'completed', 100, 'thumbnail_creation',
       '["script_generation","content_optimization","voice_synthesis","video_assembly","thumbnail_creation"]',
       '["script_generation","content_optimization","voice_synthesis","video_assembly","thumbnail_creation"]'
FROM videos WHERE user_id = %(caller)s::uuid ORDER BY created_at DESC LIMIT 1;
"""

POST_LUA = """
wrk.method = "POST"
wrk.body = '{"channel_id": "%(channel)s", "topic": "Load test topic", "publish": "manual", "video_config": {"duration": 30}}'
local threads = 0
all = {}
function setup(thread)
  threads = threads + 1
  thread:set("tag", "%(run)s-" .. threads)
  table.insert(all, thread)
end
local n = 0
request = function()
  n = n + 1  -- a new Idempotency-Key per request: each one creates a video
  -- wrk.format takes these headers instead of wrk.headers, so all of them go here
  return wrk.format(nil, nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %(token)s",
                               ["Idempotency-Key"] = tag .. "-" .. n})
end
refused = ""
response = function(status, headers, body)
  if status ~= 202 and refused == "" then refused = status .. " " .. body end
end
function done(summary, latency, requests)
  for _, thread in ipairs(all) do
    local seen = thread:get("refused")
    if seen ~= "" then io.write("first refusal: " .. seen .. "\\n") end
  end
end
"""


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(database_url: str) -> None:
    started = time.perf_counter()
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    cursor = connection.cursor()
    cursor.execute(SEED_SQL, {"caller": str(CALLER), "others": OTHER_USERS, "caller_channels": CALLER_CHANNELS,
                              "users": OTHER_USERS + 1, "total": TOTAL_VIDEOS})
    cursor.execute("VACUUM ANALYZE")
    # The seed's dirty pages written out now, not by checkpoints running through the measured rows
    # (a million rows are over max_wal_size): the rows measure the API, not the bulk load's aftermath.
    cursor.execute("CHECKPOINT")
    cursor.execute("SELECT count(*), count(*) FILTER (WHERE user_id = %s) FROM videos", (str(CALLER),))
    total, mine = cursor.fetchone()
    connection.close()
    print(f"seeded {total:,} videos ({mine:,} the caller's) in {time.perf_counter() - started:.0f} s", flush=True)


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


@contextmanager
def gunicorn(app_spec: str, env: dict, port: int):
    """gunicorn as `make run` starts the API (the devstack's command), for `app_spec`."""
    from ytempire.devstack.__main__ import PROCESSES

    command = PROCESSES["api"].format(port=port, api_address="127.0.0.1").replace("wsgi:app", app_spec)
    bin_dir = str(Path(sys.executable).parent)
    process = subprocess.Popen(shlex.split(command), cwd=ROOT, env={**os.environ, **env,
                               "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_up(port)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # requests wrk gave up on still running: not worth waiting for
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(wrk: str, url: str, seconds: int, connections: int, token: str | None = None,
            script: str | None = None) -> dict:
    args = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if token and not script:
        args += ["-H", f"Authorization: Bearer {token}"]
    if script:
        args += ["-s", script]
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)}
    if "99" not in latency:
        raise RuntimeError(f"unreadable wrk output for {url}:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.M)
    for refusal in re.findall(r"^first refusal: .*$", output, re.M):
        print(f"{url}: {refusal[:300]}", flush=True)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": latency["50"], "p99": latency["99"], "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def prepare(config: dict) -> dict:
    """Migrate, seed, and read back what the requests need: a token, a channel, a video, cursors."""
    import json
    import urllib.request

    from flask_migrate import upgrade

    from ytempire import create_app

    app = create_app(config)
    with app.app_context():
        upgrade()
    seed(config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        from ytempire.pipeline.queue_positions import rebuild

        rebuild()   # the queue-position set, as beat keeps it built on a running system
        from ytempire.auth.tokens import issue_tokens
        from ytempire.extensions import db
        from ytempire.users.models import User

        token = issue_tokens(db.session.get(User, CALLER))["access_token"]
        channel = db.session.execute(db.text("SELECT id FROM channels WHERE user_id = :u ORDER BY created_at LIMIT 1"),
                                     {"u": CALLER}).scalar()
        video = db.session.execute(db.text("SELECT video_id FROM generation_jobs LIMIT 1")).scalar()
    return {"app": app, "token": token, "channel": str(channel), "video": str(video),
            "fetch": lambda base, path: json.load(urllib.request.urlopen(urllib.request.Request(
                base + path, headers={"Authorization": f"Bearer {token}"})))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per endpoint")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", default="", help="run only the endpoints whose label contains this")
    options = parser.parse_args()
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        config |= {"SECRET_KEY": SECRET, "JWT_SECRET_KEY": SECRET + "-jwt"}
        ready = prepare(config)
        token, base = ready["token"], None
        metrics_dir = Path(storage) / "prometheus"
        metrics_dir.mkdir()
        env = {"DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": config["REDIS_URL"],
               "CELERY_BROKER_URL": config["REDIS_URL"], "SECRET_KEY": SECRET, "JWT_SECRET_KEY": SECRET + "-jwt",
               "STORAGE_PATH": storage, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
               # The limiter still runs on every request; the bench must not run into its ceiling.
               "RATELIMIT_DEFAULT": "1000000000 per hour", "MAX_VIDEOS_PER_DAY_PRO": "1000000000"}
        api_port, floor_port = free_port(), free_port()
        with gunicorn("wsgi:app", env, api_port), gunicorn("bench.hello_app:app", {}, floor_port):
            base = f"http://127.0.0.1:{api_port}"
            deep = ready["fetch"](base, "/api/v1/videos?page=2000&limit=20")["next_cursor"]
            post_script = Path(storage) / "post.lua"
            api = base + "/api/v1"
            rows = [
                ("GET /health", base + "/health", None),
                ("GET /users/me", api + "/users/me", None),
                ("GET /channels", api + "/channels", None),
                ("GET /channels/{id}", f"{api}/channels/{ready['channel']}", None),
                ("GET /videos/{id}", f"{api}/videos/{ready['video']}", None),
                ("GET /videos/{id}/status", f"{api}/videos/{ready['video']}/status", None),
                ("GET /videos?limit=20", api + "/videos?limit=20", None),
                ("GET /videos?status=failed&limit=20", api + "/videos?status=failed&limit=20", None),
                ("GET /videos?channel_id=…&limit=20", f"{api}/videos?channel_id={ready['channel']}&limit=20", None),
                ("GET /videos?page=2000&limit=20", api + "/videos?page=2000&limit=20", None),
                ("GET /videos?cursor=… (page 2001)", f"{api}/videos?limit=20&cursor={deep}", None),
                ("GET /analytics/overview", api + "/analytics/overview", None),
                ("GET /analytics/channels/{id}", f"{api}/analytics/channels/{ready['channel']}", None),
                ("GET /users/me/usage", api + "/users/me/usage", None),
                ("POST /videos/generate", api + "/videos/generate", str(post_script)),
            ]
            rows = [row for row in rows if options.only in row[0]]
            floor_url = f"http://127.0.0.1:{floor_port}/"
            run_wrk(wrk, floor_url, 2, options.connections)  # warm-up
            results = []
            for label, url, script in rows:
                # The floor right before each row: on a shared machine the load changes from minute to minute.
                floor = run_wrk(wrk, floor_url, options.duration, options.connections)
                for seconds in (1, options.duration):  # a warm-up (pools, caches), then the measured run
                    if script:
                        post_script.write_text(POST_LUA % {"channel": ready["channel"], "token": token,
                                                           "run": uuid.uuid4().hex[:8]})
                    result = run_wrk(wrk, url, seconds, options.connections, token, script)
                    # Requests wrk gave up on may still run: let them finish before the next row.
                    time.sleep(min(10.0, 1.0 + result["p99"] / 1000))
                results.append((label, result, floor))
            print_table(results, options)


def print_table(results: list, options) -> None:
    floors = [floor for *_, floor in results]
    print(f"\n{options.connections} connections, {options.duration} s per row; × floor: against the floor "
          f"measured just before that row (floor req/s ranged {min(f['rps'] for f in floors):,.0f}"
          f"–{max(f['rps'] for f in floors):,.0f})\n")
    print("| endpoint | req/s | × floor | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|---|")
    mean = {key: sum(f[key] for f in floors) / len(floors) for key in ("rps", "p50", "p99")}
    print(f"| Flask hello (floor, mean) | {mean['rps']:,.0f} | 1.00 | {mean['p50']:.1f} | {mean['p99']:.1f} | 0 |")
    for label, r, floor in results:
        note = f"{r['non_2xx']}" + (f" ({r['socket_errors']})" if r["socket_errors"] else "")
        print(f"| {label} | {r['rps']:,.0f} | {r['rps'] / floor['rps']:.3f} | {r['p50']:.1f} | {r['p99']:.1f} "
              f"| {note} |")


if __name__ == "__main__":
    main()
