"""Requests gunicorn refuses before the app sees them still get the JSON envelope (a real gunicorn process)."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port: int, raw: bytes) -> tuple[int, dict, bytes]:
    """Send one raw HTTP request; the status, headers (lower-case names) and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = [line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
            if length and len(body) >= int(length[0].split(b":")[1]):
                break
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.fixture(scope="module")
def gunicorn_port(database_url, redis_url, tmp_path_factory):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    env.update({"DATABASE_URL": database_url, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
                "STORAGE_PATH": str(tmp_path_factory.mktemp("gunicorn-storage"))})
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "wsgi:app", "-c", "gunicorn.conf.py",
                                "--bind", f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                exchange(port, b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def assert_envelope(status, headers, body, expected_status):
    assert status == expected_status, body[:300]
    assert headers["content-type"] == "application/json"
    payload = json.loads(body)
    assert set(payload) == {"error", "request_id", "timestamp"} and payload["timestamp"].endswith("Z")
    assert payload["request_id"] == headers["x-request-id"]
    assert payload["error"]["message"] and payload["error"]["details"] == []
    return payload


def test_a_request_line_over_gunicorns_limit_is_a_414_in_the_json_envelope(gunicorn_port):
    raw = b"GET /api/v1/videos?cursor=" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n"
    payload = assert_envelope(*exchange(gunicorn_port, raw), 414)
    assert payload["error"]["code"] == "URI_TOO_LONG"


def test_oversized_headers_and_a_malformed_request_line_are_in_the_envelope_too(gunicorn_port):
    huge_header = b"GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"b" * 20_000 + b"\r\n\r\n"
    assert_envelope(*exchange(gunicorn_port, huge_header), 431)
    assert_envelope(*exchange(gunicorn_port, b"GET /health HTTP/9.9\r\nHost: t\r\n\r\n"), 400)


def test_a_long_request_line_within_the_limit_reaches_the_app(gunicorn_port):
    status, headers, body = exchange(gunicorn_port, b"GET /api/v1/videos?cursor=" + b"a" * 3_000 +
                                     b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 401 and json.loads(body)["error"]["code"] == "UNAUTHORIZED"
