"""Fault injection on a private stack: how long a dead worker, a Redis restart or a PostgreSQL outage
costs a job.

    .venv/bin/python bench/faults.py [--kills 10] [--window 2] [--redis-jobs 5] [--pg-jobs 3]
                                     [--pg-down 20] [--only kill,redis,postgres] [--keep]

Starts its own PostgreSQL (initdb + pg_ctl, as the `postgres` user when run as root) and its own
Redis (append-only file, as `make run` does) on free ports under a temporary folder, migrates, and
runs the stack's processes with the default pipeline settings: worker-ai (default,ai), worker-render
(render, prefork, one process), worker-upload, beat. Jobs are 15 s videos through every stage with
the offline providers and the local publisher, requested through the API (the Flask app in this
process). The shared servers of the machine are never touched; every process it starts is stopped
by its own pid at the end.

- kill: for each of --kills jobs, once the render worker's pool child is encoding that job's video
  (ffmpeg running, `.partial.mp4` on disk), SIGKILL the worker's main process and the pool child,
  then start a new render worker (as a supervisor would). At most --window of these jobs are
  unfinished at once, so the render queue stays short. Measures kill → job completed, whether
  the ffmpeg survived the kill, leftover partial files and render folders, duplicate uploads
  (receipts per title in the local publisher) and duplicate charges (cost entries per stage).
- redis: --redis-jobs jobs in flight, Redis stopped (SIGTERM) for 10 s and started again on its
  data. Measures Redis' return → each job completed.
- postgres: --pg-jobs jobs in flight, PostgreSQL stopped (fast shutdown) for --pg-down seconds.
  Asks the API for each job's status every 2 s meanwhile (expects 503 with the error envelope),
  then measures PostgreSQL's return → each job completed.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import psycopg2
import redis as redis_lib

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 180          # the bound: every job done within 3 min of the fault's end
JOB_TIMEOUT_SECONDS = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Postgres:
    """A throw-away PostgreSQL cluster of our own (never the machine's shared one)."""

    def __init__(self, folder: Path):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        self.data, self.port = folder / "pgdata", free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/ytempire"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)

    def _run(self, *args):
        subprocess.run([*self.as_postgres, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self):
        self._run(f"{self.bin}/initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run(f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "ytempire")

    def start(self):
        self._run(f"{self.bin}/pg_ctl", "-D", str(self.data), "-w", "-l", str(self.data.parent / "pg.log"),
                  "-o", f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c max_connections=300",
                  "start")

    def stop(self):
        self._run(f"{self.bin}/pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")


class Redis:
    """A redis-server of our own with an append-only file, like `make run`'s embedded one."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"
        folder.mkdir(parents=True, exist_ok=True)

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--save", "", "--logfile", str(self.folder / "redis.log")])
        client = redis_lib.Redis.from_url(self.url)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis_lib.RedisError:
                time.sleep(0.05)
        raise RuntimeError("private redis did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Stack:
    """The worker processes, each in its own session so that stopping one never signals another."""

    COMMANDS = {
        "worker-ai": ["worker", "-Q", "default,ai", "--concurrency", "2"],
        "worker-render": ["worker", "-Q", "render", "--pool", "prefork", "--concurrency", "1"],
        "worker-upload": ["worker", "-Q", "upload", "--concurrency", "2"],
        "beat": ["beat"],
    }

    def __init__(self, env: dict, folder: Path):
        self.env, self.folder, self.processes, self.started = env, folder, {}, []

    def start(self, name: str) -> subprocess.Popen:
        args = list(self.COMMANDS[name])
        if name == "beat":
            args += ["--schedule", str(self.folder / "celerybeat-schedule")]
        else:
            args += ["-n", f"{name}-{uuid.uuid4().hex[:6]}@%h"]
        log_file = open(self.folder / f"{name}.log", "a")
        process = subprocess.Popen([sys.executable, "-m", "celery", "-A", "tasks", *args, "--loglevel", "INFO"],
                                   cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes[name] = process
        self.started.append(process)
        return process

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Jobs:
    """Requests videos through the API and reads their rows straight from PostgreSQL."""

    def __init__(self, app, database_url: str):
        self.client, self.database_url = app.test_client(), database_url
        email = f"faults_{uuid.uuid4().hex[:8]}@example.com"
        body = self.client.post("/api/v1/auth/register", json={
            "email": email, "username": f"faults_{uuid.uuid4().hex[:8]}", "password": "SecurePass123!",
            "terms_accepted": True}).get_json()
        self.headers = {"Authorization": f"Bearer {body['access_token']}"}
        channel = self.client.post("/api/v1/channels", headers=self.headers, json={
            "name": "Fault Bench", "niche": "science", "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
        self.channel_id = channel["id"]

    def request(self, title: str) -> dict:
        response = self.client.post("/api/v1/videos/generate", headers=self.headers, json={
            "channel_id": self.channel_id, "title": title, "topic": f"Why the ocean has tides ({title})",
            "video_config": {"duration": 15}})
        assert response.status_code == 202, response.get_json()
        return {**response.get_json(), "title": title}

    def status_via_api(self, video_id: str):
        response = self.client.get(f"/api/v1/videos/{video_id}/status", headers=self.headers)
        return response.status_code, response.get_json()

    def rows(self, job_ids) -> dict:
        """job id -> (status, completed_at epoch, current_stage, claimed_stage, stage_attempts); {} if PG is down."""
        try:
            with psycopg2.connect(self.database_url, connect_timeout=2) as connection, connection.cursor() as cursor:
                cursor.execute("SELECT id::text, status, extract(epoch FROM completed_at)::float8, current_stage, claimed_stage,"
                               " stage_attempts FROM generation_jobs WHERE id::text = ANY(%s)", (list(job_ids),))
                return {row[0]: row[1:] for row in cursor.fetchall()}
        except psycopg2.OperationalError:
            return {}

    def charges_per_job(self, job_ids) -> dict:
        """{number of cost entries: jobs with that many}. Every job runs the same offline pipeline, so
        one number means nothing was charged twice (the charge key also forbids it)."""
        with psycopg2.connect(self.database_url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cost_entries WHERE job_id::text = ANY(%s) GROUP BY job_id",
                           (list(job_ids),))
            counts = [row[0] for row in cursor.fetchall()]
        return {n: counts.count(n) for n in sorted(set(counts))}

    def wait_done(self, job_ids, timeout=JOB_TIMEOUT_SECONDS) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            rows = self.rows(job_ids)
            if len(rows) == len(job_ids) and all(row[0] in ("completed", "failed", "cancelled") for row in rows.values()):
                return rows
            time.sleep(1)
        return self.rows(job_ids)


def encoding(render_main: int):
    """(pool child, ffmpeg, video_id) while the render worker encodes a video, else None."""
    try:
        for child in psutil.Process(render_main).children():
            for grandchild in child.children():
                cmdline = grandchild.cmdline()
                if "ffmpeg" in grandchild.name() and "-c:v" in cmdline:
                    output = Path(cmdline[-1])
                    if ".partial." in output.name and output.exists():
                        return child, grandchild, output.parent.name
    except psutil.Error:
        return None
    return None


def leftovers(storage: Path) -> list[str]:
    found = [str(p) for p in storage.glob("*/.*.partial*")] + [str(p) for p in storage.glob("*/*.tmp")]
    return found + [str(p) for p in storage.glob("*/render") if any(p.iterdir())]


def stray_ffmpeg(storage: Path) -> list[int]:
    return [p.pid for p in psutil.process_iter(["name", "cmdline"])
            if "ffmpeg" in (p.info["name"] or "") and str(storage) in " ".join(p.info["cmdline"] or [])]


def uploads_per_title(storage: Path) -> dict:
    counts: dict[str, int] = {}
    for receipt in (storage / "_published").glob("*/receipt.json"):
        title = json.loads(receipt.read_text())["title"]
        counts[title] = counts.get(title, 0) + 1
    return counts


def summarize(name: str, jobs: Jobs, receipts: list[dict], fault_end: dict, storage: Path, extra=None) -> dict:
    job_ids = [r["job_id"] for r in receipts]
    rows = jobs.wait_done(job_ids)
    delays = {r["job_id"]: (rows[r["job_id"]][1] or 0) - fault_end[r["job_id"]] for r in receipts
              if r["job_id"] in rows and rows[r["job_id"]][0] == "completed"}
    titles = {r["title"] for r in receipts}
    uploads = {t: c for t, c in uploads_per_title(storage).items() if t in titles}
    result = {
        "scenario": name, "jobs": len(receipts),
        "completed": sum(1 for row in rows.values() if row[0] == "completed"),
        "failed": [(job_id, row[0]) for job_id, row in rows.items() if row[0] != "completed"],
        "within_3_min": sum(1 for d in delays.values() if d <= DEADLINE_SECONDS),
        "seconds_after_fault": sorted(round(d, 1) for d in delays.values()),
        "duplicate_uploads": sum(c - 1 for c in uploads.values() if c > 1),
        "uploads": sum(uploads.values()),
        "cost_entries_per_job": jobs.charges_per_job(job_ids),
        "leftover_files": leftovers(storage),
        "stray_ffmpeg": stray_ffmpeg(storage),
        "stage_attempts": sorted(max((row[4] or {}).values() or [0]) for row in rows.values()),
        **(extra or {}),
    }
    log(json.dumps(result))
    return result


def kill_scenario(stack: Stack, jobs: Jobs, storage: Path, count: int, window: int) -> dict:
    """Kill the render worker once per job, mid-encode; at most `window` of these jobs unfinished at a time.

    The window keeps the render queue short, so a job's time after its kill measures recovery,
    not a backlog of other jobs' renders queued ahead of it.
    """
    receipts, kill_times, ffmpeg_survived, by_video = [], {}, 0, {}
    deadline, next_poll, unfinished = time.time() + JOB_TIMEOUT_SECONDS * 2, 0.0, 0
    while len(kill_times) < count and time.time() < deadline:
        if time.time() >= next_poll:
            rows = jobs.rows([r["job_id"] for r in receipts])
            unfinished = sum(1 for row in rows.values() if row[0] not in ("completed", "failed", "cancelled"))
            next_poll = time.time() + 1
            if len(receipts) < count and unfinished < window:
                receipt = jobs.request(f"kill-{len(receipts)}-{uuid.uuid4().hex[:6]}")
                receipts.append(receipt)
                by_video[receipt["video_id"]] = receipt
        found = encoding(stack.processes["worker-render"].pid)
        if not found or found[2] not in by_video or by_video[found[2]]["job_id"] in kill_times:
            time.sleep(0.1)
            continue
        pool_child, ffmpeg, video_id = found
        main = stack.processes["worker-render"]
        os.kill(main.pid, signal.SIGKILL)
        pool_child.kill()
        kill_times[by_video[video_id]["job_id"]] = time.time()
        log(f"killed render worker {main.pid} + pool child {pool_child.pid} mid-encode of {video_id}")
        main.wait()
        _, alive = psutil.wait_procs([ffmpeg], timeout=5)
        if alive:
            ffmpeg_survived += 1
            log(f"ffmpeg {ffmpeg.pid} outlived its worker")
        stack.start("worker-render")
    return summarize("kill -9 render worker mid-encode", jobs, receipts, kill_times, storage,
                     {"kills": len(kill_times), "window": window, "ffmpeg_survived_kill": ffmpeg_survived})


def wait_in_flight(jobs: Jobs, receipts, timeout=300):
    """Until no job has finished and at least two run a stage right now (claimed)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        rows = jobs.rows([r["job_id"] for r in receipts])
        if sum(1 for row in rows.values() if row[3]) >= min(2, len(receipts)):
            return rows
        time.sleep(0.2)
    return jobs.rows([r["job_id"] for r in receipts])


def in_flight(rows) -> list[str]:
    return sorted(f"{row[0]}:{row[3] or row[2] or '-'}" for row in rows.values())


def redis_scenario(redis_server: Redis, jobs: Jobs, storage: Path, count: int, down: float) -> dict:
    receipts = [jobs.request(f"redis-{i}-{uuid.uuid4().hex[:6]}") for i in range(count)]
    rows = wait_in_flight(jobs, receipts)
    log(f"stopping Redis; claimed stages: {in_flight(rows)}")
    redis_server.stop()
    time.sleep(down)
    redis_server.start()
    back = time.time()
    log("Redis is back")
    return summarize("Redis restart", jobs, receipts, {r["job_id"]: back for r in receipts}, storage,
                     {"down_seconds": down, "in_flight": in_flight(rows)})


def postgres_scenario(postgres: Postgres, jobs: Jobs, storage: Path, count: int, down: float) -> dict:
    receipts = [jobs.request(f"pg-{i}-{uuid.uuid4().hex[:6]}") for i in range(count)]
    rows = wait_in_flight(jobs, receipts)
    log(f"stopping PostgreSQL; claimed stages: {in_flight(rows)}")
    postgres.stop()
    stopped, answers = time.time(), []
    while time.time() - stopped < down:
        for receipt in receipts:
            status, body = jobs.status_via_api(receipt["video_id"])
            code = (body or {}).get("error", {}).get("code")
            envelope = bool(body) and set(body) == {"error", "request_id", "timestamp"}
            answers.append((status, code, envelope))
        time.sleep(2)
    postgres.start()
    back = time.time()
    log("PostgreSQL is back")
    api = {f"{s} {c} envelope={e}": answers.count((s, c, e)) for s, c, e in set(answers)}
    return summarize("PostgreSQL down", jobs, receipts, {r["job_id"]: back for r in receipts}, storage,
                     {"down_seconds": down, "api_while_down": api,
                      "in_flight": in_flight(rows)})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--window", type=int, default=2, help="kill-scenario jobs unfinished at a time")
    parser.add_argument("--redis-jobs", type=int, default=5)
    parser.add_argument("--redis-down", type=float, default=10)
    parser.add_argument("--pg-jobs", type=int, default=3)
    parser.add_argument("--pg-down", type=float, default=20)
    parser.add_argument("--only", default="kill,redis,postgres")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) afterwards")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ytempire-faults-"))
    os.chmod(folder, 0o755)
    storage = folder / "storage"
    postgres, redis_server = Postgres(folder / "pg"), Redis(folder / "redis")
    stack, results = None, []
    try:
        postgres.init()
        redis_server.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ELEVENLABS_", "YOUTUBE_API"))}
        env.update({"DATABASE_URL": postgres.url, "REDIS_URL": redis_server.url, "CELERY_BROKER_URL": redis_server.url,
                    "STORAGE_PATH": str(storage), "PYTHONUNBUFFERED": "1",
                    # Not pipeline settings: one bench user requests more videos than a free day allows.
                    "MAX_VIDEOS_PER_DAY_FREE": "1000", "JWT_EXPIRATION_MINUTES": "600"})
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        from ytempire import create_app

        app = create_app()
        stack = Stack(env, folder)
        for name in Stack.COMMANDS:
            stack.start(name)
        jobs = Jobs(app, postgres.url)
        log(f"stack up in {folder}")
        scenarios = args.only.split(",")
        if "kill" in scenarios:
            results.append(kill_scenario(stack, jobs, storage, args.kills, args.window))
        if "redis" in scenarios:
            results.append(redis_scenario(redis_server, jobs, storage, args.redis_jobs, args.redis_down))
        if "postgres" in scenarios:
            results.append(postgres_scenario(postgres, jobs, storage, args.pg_jobs, args.pg_down))
    finally:
        if stack:
            stack.stop_all()
        for stop in (redis_server.stop, postgres.stop):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 - tear down the rest anyway
                log(f"teardown: {error}")
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=2))
    return 0 if all(r["completed"] == r["jobs"] == r["within_3_min"] and not r["duplicate_uploads"]
                    and len(r["cost_entries_per_job"]) == 1 and not r["leftover_files"] and not r["stray_ffmpeg"]
                    for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
