"""`make run 2>&1 | tee run.log`, then Ctrl-C: the launcher and everything it started end within seconds."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
# What the launcher's processes import from their working directory; the rest of tmp_path is the
# stack's own var/ (embedded PostgreSQL and Redis), so a developer's var/ is never touched.
PROJECT_FILES = ("wsgi.py", "tasks", "ytempire", "celeryconfig.py", "migrations", "gunicorn.conf.py")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _launch(tmp_path: Path, script: str, env: dict) -> subprocess.Popen:
    """Run `script | tee run.log` as a terminal would: one process group that Ctrl-C signals whole."""
    return subprocess.Popen(["bash", "-c", f"{script} 2>&1 | tee run.log"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _ctrl_c(launcher: subprocess.Popen) -> None:
    os.killpg(launcher.pid, signal.SIGINT)


def _wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"{what} not within {timeout} s; log:\n{log.read_text()[-3000:] if log.exists() else ''}")


def _api_answers(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_ctrl_c_on_make_run_piped_to_tee_stops_api_workers_beat_flower_postgres_and_redis(tmp_path):
    for name in PROJECT_FILES:
        (tmp_path / name).symlink_to(ROOT / name)
    port, flower_port, redis_port = _free_port(), _free_port(), _free_port()
    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "REDIS_URL",
                                                                             "CELERY_BROKER_URL", "STORAGE_PATH")}
    env.update(PORT=str(port), FLOWER_PORT=str(flower_port), EMBEDDED_REDIS_PORT=str(redis_port))
    launcher = _launch(tmp_path, f"{sys.executable} -m ytempire.devstack", env)
    log = tmp_path / "run.log"
    stack = []
    try:
        _wait_for(lambda: _api_answers(port), 180, "the API", log)
        _wait_for(lambda: all(f"{worker}@" in log.read_text() and "ready" in log.read_text()
                              for worker in ("ai", "render", "upload"))
                  and "beat: Starting" in log.read_text() and "flower started" in log.read_text(),
                  120, "workers, beat and Flower", log)
        postmaster = psutil.Process(int((tmp_path / "var" / "pgdata" / "postmaster.pid").read_text().split()[0]))
        stack = psutil.Process(launcher.pid).children(recursive=True) + [postmaster, *postmaster.children()]
        commands = " ".join(" ".join(process.cmdline()) for process in stack)
        for part in ("gunicorn", "-Q default,ai", "-Q render", "-Q upload", "beat", "flower", "redis-server"):
            assert part in commands, part

        started = time.monotonic()
        _ctrl_c(launcher)
        launcher.wait(timeout=20)
        _, alive = psutil.wait_procs(stack, timeout=max(0.0, 15 - (time.monotonic() - started)))
        assert alive == [], [process.cmdline() for process in alive]
        assert time.monotonic() - started < 15
        assert not _api_answers(port)
    finally:
        _kill_leftovers(launcher, stack)


def _kill_leftovers(launcher: subprocess.Popen, stack: list) -> None:
    """After a failure, leave nothing running (honcho's children are in sessions of their own)."""
    if launcher.poll() is None:
        os.killpg(launcher.pid, signal.SIGKILL)
    for process in stack:
        try:
            process.kill()
        except psutil.Error:
            pass


STUBBORN_STACK = """{python} -c '
from ytempire.devstack.supervisor import StackManager, protect_stdout
protect_stdout()
manager = StackManager(grace={grace})
manager.add_process("stubborn", "trap \\"\\" TERM; echo up; while :; do sleep 0.1; done")
manager.loop()'"""


@contextmanager
def stubborn_stack(tmp_path: Path, grace: float):
    """A launcher whose one process ignores SIGTERM, piped to tee; nothing of it outlives the test."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    launcher = _launch(tmp_path, STUBBORN_STACK.format(python=sys.executable, grace=grace), env)
    stack = []
    try:
        log = tmp_path / "run.log"
        _wait_for(lambda: log.exists() and "stubborn | up" in log.read_text(), 60, "the process", log)
        stack = psutil.Process(launcher.pid).children(recursive=True)
        yield launcher, stack
    finally:
        _kill_leftovers(launcher, stack)


def _all_gone_within(launcher, stack, seconds: float, started: float) -> bool:
    launcher.wait(timeout=10)
    _, alive = psutil.wait_procs(stack, timeout=seconds)
    return alive == [] and time.monotonic() - started < seconds


def test_a_second_ctrl_c_kills_a_process_that_ignores_the_first(tmp_path):
    with stubborn_stack(tmp_path, grace=120) as (launcher, stack):
        _ctrl_c(launcher)
        time.sleep(2)
        assert launcher.poll() is None  # it ignores SIGTERM and the grace period is long
        started = time.monotonic()
        _ctrl_c(launcher)
        assert _all_gone_within(launcher, stack, 5, started)


def test_one_ctrl_c_kills_a_process_that_ignores_it_after_the_grace_period(tmp_path):
    with stubborn_stack(tmp_path, grace=1) as (launcher, stack):
        started = time.monotonic()
        _ctrl_c(launcher)
        assert _all_gone_within(launcher, stack, 5, started)
