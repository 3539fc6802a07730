"""Kept-alive connections are shared out evenly over gunicorn's workers (gunicorn.conf.py's worker)."""
import http.client
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.api.test_gunicorn_refusals import free_port
from ytempire.common.balanced_worker import ABSENT, CONNECTIONS, assign_slot, release_slot, should_accept

ROOT = Path(__file__).resolve().parents[1]


def test_a_worker_accepts_only_while_it_holds_no_more_than_the_least_loaded_other():
    assert should_accept(3, 1000, [3, 5])
    assert not should_accept(4, 1000, [3, 5])
    assert should_accept(4, 1000, [])                 # alone
    assert not should_accept(1000, 1000, [])          # gunicorn's own limit still holds


def test_a_new_worker_takes_the_lowest_free_slot_and_a_dead_one_gives_it_back():
    first, second, third = SimpleNamespace(), SimpleNamespace(), SimpleNamespace()
    server = SimpleNamespace(WORKERS={})
    try:
        assign_slot(server, first)
        server.WORKERS[1] = first
        assign_slot(server, second)
        server.WORKERS[2] = second
        assert (first.balance_slot, second.balance_slot) == (0, 1)
        assert CONNECTIONS[0] == CONNECTIONS[1] == 0
        release_slot(first)
        del server.WORKERS[1]
        assert CONNECTIONS[0] == ABSENT
        assign_slot(server, third)
        assert third.balance_slot == 0
    finally:
        for slot in range(len(CONNECTIONS)):
            CONNECTIONS[slot] = ABSENT


@pytest.fixture
def two_workers():
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "tests.pid_app:app", "-c", "gunicorn.conf.py",
                                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                probe.request("GET", "/")
                probe.getresponse().read()
                probe.close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        time.sleep(1.5)   # the probe's connection is closed and both workers have counted it out
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_eight_kept_alive_clients_are_split_four_and_four(two_workers):
    clients, served_by = [], []
    for _ in range(8):
        client = http.client.HTTPConnection("127.0.0.1", two_workers, timeout=10)
        client.request("GET", "/")
        served_by.append(client.getresponse().read().decode())
        clients.append(client)
        time.sleep(0.2)   # both workers look at each other's count (every 50 ms while not accepting)
    for client, pid in zip(clients, served_by):
        client.request("GET", "/")                       # the connection is still the same worker's
        assert client.getresponse().read().decode() == pid
    assert sorted(Counter(served_by).values()) == [4, 4]
    for client in clients:
        client.close()
