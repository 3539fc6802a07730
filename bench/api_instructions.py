"""Instructions per request, counted by valgrind's callgrind: the API's own work, repeatable on a noisy host.

`api_load.py` and `api_cpu.py` time requests, and on a shared 2-core machine the same code measures
±15 % from one minute to the next, more than most single changes buy. An instruction count does not
move with the machine's load (two runs of the same code agree within ~0.2 %), so it can tell whether a
change to the request path costs or saves work. It counts the API process only: PostgreSQL's and
Redis's share, system calls' time in the kernel and cache effects are not in it, so confirm what
it finds with `api_load.py`.

A small data set (one user with a channel, a few videos, one with a finished job) in a throw-away
database: the Python work of a request does not grow with the table, only PostgreSQL's does. The app
runs in a process under callgrind with instrumentation off until every endpoint is warm; then, per
endpoint, the counters are zeroed, N requests go through Flask's test client, and the counters are
dumped.

Run: .venv/bin/python bench/api_instructions.py [--requests 100] [--only LABEL]
Needs PostgreSQL and Redis on 127.0.0.1 (make services) and valgrind (Debian's package, installed
when missing). Takes about five minutes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_load import CALLER, SECRET  # noqa: E402
from bench.environment import bench_services  # noqa: E402

SEED_SQL = """
INSERT INTO users (id, email, username, password_hash, subscription_tier)
VALUES (%(caller)s, 'bench@example.com', 'bench0', 'not-a-hash', 'enterprise');
INSERT INTO channels (user_id, youtube_channel_id, channel_name, niche, status)
VALUES (%(caller)s, 'UCbench', 'Channel', 'tech', 'active');
INSERT INTO videos (user_id, channel_id, title, topic, status, publish_mode, privacy_status, estimated_cost,
                    created_at, updated_at)
SELECT %(caller)s, (SELECT id FROM channels), 'Video ' || k, 'Topic ' || k, 'completed', 'manual', 'private',
       0.05, now() - k * interval '1 minute', now() - k * interval '1 minute'
FROM generate_series(1, 50) AS k;
INSERT INTO generation_jobs (video_id, user_id, status, progress, current_stage, stages, stages_completed)
SELECT id, user_id, 'completed', 100, 'thumbnail_creation', '["script_generation"]', '["script_generation"]'
FROM videos ORDER BY created_at DESC LIMIT 1;
"""

OVERHEAD = "zero and dump"
ENDPOINTS = [
    ("GET /health", "get", "/health"),
    ("GET /users/me", "get", "/api/v1/users/me"),
    ("GET /channels", "get", "/api/v1/channels"),
    ("GET /videos/{id}", "get", "/api/v1/videos/{video}"),
    ("GET /videos?limit=20", "get", "/api/v1/videos?limit=20"),
    ("GET /users/me/usage", "get", "/api/v1/users/me/usage"),
    ("POST /videos/generate", "post", "/api/v1/videos/generate"),
]


def ensure_valgrind() -> None:
    if not shutil.which("valgrind"):
        subprocess.run(["apt-get", "install", "-y", "-q", "valgrind"], check=True, stdout=subprocess.DEVNULL)


def prepare(config: dict) -> dict:
    """Migrate and seed; what the measuring process needs: the app's config, a token, the ids."""
    import psycopg2
    from flask_migrate import upgrade

    from ytempire import create_app

    app = create_app(config)
    with app.app_context():
        upgrade()
    connection = psycopg2.connect(config["SQLALCHEMY_DATABASE_URI"])
    connection.autocommit = True
    connection.cursor().execute(SEED_SQL, {"caller": str(CALLER)})
    connection.close()
    with app.app_context():
        from ytempire.auth.tokens import issue_tokens
        from ytempire.extensions import db
        from ytempire.pipeline.queue_positions import rebuild
        from ytempire.users.models import User

        rebuild()
        token = issue_tokens(db.session.get(User, CALLER))["access_token"]
        channel, video = db.session.execute(db.text(
            "SELECT channel_id, video_id FROM generation_jobs JOIN videos ON videos.id = video_id")).one()
    return {"config": config, "token": token, "channel": str(channel), "video": str(video)}


def measure_in_this_process(setup_file: str, requests: int, only: str) -> None:
    """Runs under callgrind: warm every endpoint, then zero, run and dump the counters per endpoint."""
    setup = json.loads(Path(setup_file).read_text())
    from ytempire import create_app

    client = create_app(setup["config"]).test_client()
    headers = {"Authorization": f"Bearer {setup['token']}"}
    body = {"channel_id": setup["channel"], "topic": "Load test topic", "publish": "manual",
            "video_config": {"duration": 30}}

    def call(method: str, path: str) -> None:
        if method == "post":
            response = client.post(path, json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
        else:
            response = client.get(path, headers=headers)
        assert response.status_code < 300, (path, response.status_code, response.get_json())

    chosen = [(label, method, path.format(video=setup["video"])) for label, method, path in ENDPOINTS
              if only in label]
    for _label, method, path in chosen:
        for _ in range(30):
            call(method, path)
    pid = str(os.getpid())

    def control(option: str) -> None:
        subprocess.run(["callgrind_control", option, pid], check=True, stdout=subprocess.DEVNULL)

    control("--instr=on")
    # Zeroing and dumping are each a child process, part of which the counters see: measured alone
    # (no request between them), that share is subtracted from every row.
    control("--zero")
    control(f"--dump={OVERHEAD}")
    for label, method, path in chosen:
        control("--zero")
        for _ in range(requests):
            call(method, path)
        control(f"--dump={label}")


def dumped_counts(folder: Path) -> dict[str, int]:
    """Each dump's label (its trigger) and its instruction total."""
    counts = {}
    for dump in folder.glob("callgrind.out*"):
        text = dump.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (.*)$", text, re.M)
        total = re.search(r"^summary: (\d+)", text, re.M)
        if trigger and total:
            counts[trigger.group(1).strip()] = int(total.group(1))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--only", default="")
    parser.add_argument("--measure", help=argparse.SUPPRESS)   # the process under callgrind
    options = parser.parse_args()
    if options.measure:
        measure_in_this_process(options.measure, options.requests, options.only)
        return
    ensure_valgrind()
    with tempfile.TemporaryDirectory() as storage, bench_services(storage) as config:
        config |= {"SECRET_KEY": SECRET, "JWT_SECRET_KEY": SECRET + "-jwt",
                   # The limiter still runs on every request; the bench must not run into its ceiling.
                   "RATELIMIT_DEFAULT": "1000000000 per hour", "MAX_VIDEOS_PER_DAY_PRO": 1_000_000_000}
        setup_file, dumps = Path(storage) / "setup.json", Path(storage) / "dumps"
        dumps.mkdir()
        setup_file.write_text(json.dumps(prepare(config)))
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                        f"--callgrind-out-file={dumps}/callgrind.out", sys.executable, __file__,
                        "--measure", str(setup_file), "--requests", str(options.requests), "--only", options.only],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts = dumped_counts(dumps)
    print(f"\n{options.requests} requests per row, in-process (Flask test client), callgrind\n")
    print("| endpoint | instructions per request |\n|---|---|")
    for label, _method, _path in ENDPOINTS:
        if options.only in label:
            if label not in counts or OVERHEAD not in counts:
                raise SystemExit(f"no callgrind dump for {label}")
            print(f"| {label} | {(counts[label] - counts[OVERHEAD]) / options.requests:,.0f} |")


if __name__ == "__main__":
    main()
