"""`python -m ytempire.devstack`: migrate, then run API, workers, beat and Flower under one supervisor.

DATABASE_URL / REDIS_URL from the environment are used when set; otherwise embedded servers
start under ./var (see embedded.py). Logs of every process are interleaved with a name prefix.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from honcho.manager import Manager

from ytempire.devstack.embedded import start_postgres, start_redis

PROCESSES = {
    "api": "gunicorn wsgi:app --bind 0.0.0.0:{port} --workers 2 --threads 4 --timeout 120 --access-logfile -",
    "worker-ai": "celery -A tasks worker -Q default,ai -n ai@%h --concurrency 2 --loglevel INFO",
    "worker-render": "celery -A tasks worker -Q render --pool prefork -n render@%h --concurrency 1 --loglevel INFO",
    "worker-upload": "celery -A tasks worker -Q upload -n upload@%h --concurrency 2 --loglevel INFO",
    "beat": "celery -A tasks beat --loglevel INFO --schedule var/celerybeat-schedule",
    "flower": "celery -A tasks flower --port={flower_port} --basic-auth={flower_auth}",
}


def resolve_services(var_dir: Path) -> tuple[dict, list]:
    """Environment for the children, plus handles that keep embedded servers alive."""
    env, handles = {}, []
    if not os.environ.get("DATABASE_URL"):
        server, url = start_postgres(var_dir)
        handles.append(server)
        env["DATABASE_URL"] = url
        print(f"[devstack] DATABASE_URL unset: embedded PostgreSQL, data in {var_dir / 'pgdata'}")
    else:
        print("[devstack] using DATABASE_URL from the environment")
    if not os.environ.get("REDIS_URL"):
        process, url = start_redis(var_dir)
        if process:
            handles.append(process)
        env["REDIS_URL"] = url
        print(f"[devstack] REDIS_URL unset: embedded Redis at {url}, data in {var_dir / 'redis'}")
    else:
        print("[devstack] using REDIS_URL from the environment")
    return env, handles


ENV_FILE_NAME = "devstack.env"


def write_service_env(path: Path, values: dict) -> None:
    """Leave the URLs this run chose where `make cli` (operator commands) finds them."""
    lines = [f"{key}={shlex.quote(str(value))}" for key, value in sorted(values.items())]
    path.write_text("# written by `make run`; read by `make cli`\n" + "\n".join(lines) + "\n")


def main() -> int:
    root = Path.cwd()
    var_dir = root / "var"
    var_dir.mkdir(exist_ok=True)
    service_env, handles = resolve_services(var_dir)
    env = {**os.environ, **service_env}
    env.setdefault("STORAGE_PATH", str(var_dir / "storage"))
    # gunicorn's workers share request metrics through this folder (emptied at each start).
    metrics_dir = var_dir / "prometheus"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir()
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    write_service_env(var_dir / ENV_FILE_NAME, {**service_env, "STORAGE_PATH": env["STORAGE_PATH"]})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], env=env, check=True)

    port = env.get("PORT", "8000")
    flower_auth = env.get("FLOWER_BASIC_AUTH", "admin:admin")
    only = set(filter(None, env.get("DEVSTACK_PROCESSES", "").split(",")))
    manager = Manager()
    for name, command in PROCESSES.items():
        if only and name not in only:
            continue
        manager.add_process(name, command.format(port=port, flower_port=env.get("FLOWER_PORT", "5555"),
                                                 flower_auth=flower_auth), env=env, cwd=str(root))
    print(f"[devstack] API on http://127.0.0.1:{port} (docs: /api/docs/), Flower on :{env.get('FLOWER_PORT', '5555')}")
    try:
        manager.loop()
    finally:
        for handle in handles:
            if hasattr(handle, "terminate"):
                handle.terminate()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
