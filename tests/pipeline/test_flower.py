"""Flower, as the run command starts it: basic auth from configuration, every queue's workers visible."""
import os
import signal
import socket
import subprocess
import sys

import requests

from tests.workers import ROOT, celery_worker, wait_for, worker_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_flower_requires_basic_auth_and_lists_workers(app_config, tmp_path):
    port = free_port()
    log = open(tmp_path / "flower.log", "w")
    flower = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tasks", "flower", f"--port={port}", "--address=127.0.0.1",
         "--basic-auth=ops:s3cret"], cwd=ROOT, env=worker_env(app_config), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        with celery_worker(app_config, "render", tmp_path):
            wait_for(lambda: _answers(base), timeout=60, describe=lambda: (tmp_path / "flower.log").read_text())
            assert requests.get(f"{base}/api/workers", timeout=5).status_code == 401
            assert requests.get(f"{base}/api/workers", auth=("ops", "wrong"), timeout=5).status_code == 401
            workers = wait_for(lambda: requests.get(f"{base}/api/workers?refresh=1", auth=("ops", "s3cret"),
                                                    timeout=10).json(), timeout=30)
            queues = {q["name"] for info in workers.values() for q in info.get("active_queues", [])}
            assert "render" in queues
    finally:
        os.killpg(flower.pid, signal.SIGTERM)
        flower.wait(timeout=20)
        log.close()


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/healthcheck", timeout=2).status_code in (200, 401)
    except requests.RequestException:
        return False
