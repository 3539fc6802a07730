"""`python -m ytempire.devstack`: migrate, then run API, workers, beat and Flower under one supervisor.

DATABASE_URL / REDIS_URL from the environment are used when set; otherwise embedded servers
start under ./var (see embedded.py). Logs of every process are interleaved with a name prefix.
"""
from __future__ import annotations

import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
from pathlib import Path

from ytempire.devstack.embedded import start_postgres, start_redis, stop_embedded
from ytempire.devstack.supervisor import StackManager, protect_stdout

# No gunicorn access log: structlog already logs each request once, and gunicorn's line would
# carry the SSE endpoint's ?access_token= query in clear.
PROCESSES = {
    "api": "gunicorn wsgi:app --bind {api_address}:{port} --workers 2 --threads 4 --timeout 120",
    "worker-ai": "celery -A tasks worker -Q default,ai -n ai@%h --concurrency 2 --loglevel INFO",
    "worker-render": "celery -A tasks worker -Q render --pool prefork -n render@%h --concurrency 1 --loglevel INFO",
    "worker-upload": "celery -A tasks worker -Q upload -n upload@%h --concurrency 2 --loglevel INFO",
    "beat": "celery -A tasks beat --loglevel INFO --schedule var/celerybeat-schedule",
    "flower": "celery -A tasks flower --address={flower_address} --port={flower_port} --basic-auth={flower_auth}",
}
# Only the API serves /metrics: a worker or Flower writing into the multiprocess folder would add
# its own series (flower_*) to the API's answer.
API_ONLY_ENV = ("PROMETHEUS_MULTIPROC_DIR",)


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
SECRETS_FILE_NAME = "secrets.env"
SECRET_NAMES = ("SECRET_KEY", "JWT_SECRET_KEY")
SECRET_LINE = re.compile(r'^(\w+)="\$\{\w+:-([\w-]+)\}"$')


def local_secrets(path: Path, environ) -> dict:
    """SECRET_KEY and JWT_SECRET_KEY: the environment's, else random ones made on the first run.

    Kept in var/ (mode 0600) so tokens and encrypted OAuth tokens survive a restart; never the
    public development default, which anyone could use to forge a token.
    """
    stored = dict(SECRET_LINE.match(line).groups() for line in path.read_text().splitlines()
                  if SECRET_LINE.match(line)) if path.exists() else {}
    if any(name not in stored for name in SECRET_NAMES):
        stored = {name: stored.get(name) or secrets.token_urlsafe(48) for name in SECRET_NAMES}
        # The file is also sourced by `make cli`; ${NAME:-…} keeps a value set in the environment.
        lines = [f'{name}="${{{name}:-{value}}}"' for name, value in stored.items()]
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write("# made by the first `make run`; delete to rotate (signs everyone out)\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return {name: environ.get(name) or stored[name] for name in SECRET_NAMES}


def write_service_env(path: Path, values: dict) -> None:
    """Leave the URLs this run chose where `make cli` (operator commands) finds them."""
    lines = [f"{key}={shlex.quote(str(value))}" for key, value in sorted(values.items())]
    path.write_text("# written by `make run`; read by `make cli`\n" + "\n".join(lines) + "\n")


def api_metrics_env(var_dir: Path) -> dict:
    """gunicorn's workers share request metrics through this folder; the last run's files are dropped."""
    metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or var_dir / "prometheus")
    metrics_dir.mkdir(parents=True, exist_ok=True)
    for stale in metrics_dir.glob("*.db"):  # only prometheus_client's files: the folder may be the user's
        stale.unlink()
    return {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}


def command_settings(env) -> dict:
    """The values PROCESSES' commands are filled with; API (with /metrics) and Flower (a broker console)
    listen on loopback unless told."""
    return {"port": env.get("PORT", "8000"), "api_address": env.get("API_ADDRESS", "127.0.0.1"),
            "flower_port": env.get("FLOWER_PORT", "5555"),
            "flower_address": env.get("FLOWER_ADDRESS", "127.0.0.1"),
            "flower_auth": env.get("FLOWER_BASIC_AUTH", "admin:admin")}


def port_in_use(address: str, port: str) -> bool:
    """Whether something already listens on address:port.

    gunicorn's workers bind with SO_REUSEPORT (gunicorn.conf.py), so a second stack's API would not
    fail to bind: it would quietly take half of the first one's connections. The probe binds without
    SO_REUSEPORT, which any listener there refuses (SO_REUSEADDR lets it past a closed run's TIME_WAIT).
    """
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, int(port)))
        except OSError:
            return True
    return False


def process_env(name: str, env: dict, var_dir: Path) -> dict:
    """What one process runs with: the shared environment, plus the metrics folder for the api alone."""
    return {**env, **api_metrics_env(var_dir)} if name == "api" else env


def main() -> int:
    protect_stdout()
    only = set(filter(None, os.environ.get("DEVSTACK_PROCESSES", "").split(",")))
    api = command_settings(os.environ)
    if (not only or "api" in only) and port_in_use(api["api_address"], api["port"]):
        print(f"[devstack] {api['api_address']}:{api['port']} is already in use (another `make run`?); "
              "stop it or set PORT", file=sys.stderr)
        return 1
    root = Path.cwd()
    var_dir = root / "var"
    var_dir.mkdir(exist_ok=True)
    service_env, handles = resolve_services(var_dir)
    env = {name: value for name, value in os.environ.items() if name not in API_ONLY_ENV}
    env.update(service_env)
    env.update(local_secrets(var_dir / SECRETS_FILE_NAME, os.environ))
    env.setdefault("STORAGE_PATH", str(var_dir / "storage"))
    settings = command_settings(env)
    # PORT too: `make demo` in another terminal then finds this stack's API.
    write_service_env(var_dir / ENV_FILE_NAME, {**service_env, "STORAGE_PATH": env["STORAGE_PATH"],
                                                "PORT": settings["port"]})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    try:
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], env=env, check=True)
    except (KeyboardInterrupt, subprocess.CalledProcessError):
        stop_embedded(handles)
        return 1

    manager = StackManager()
    for name, command in PROCESSES.items():
        if only and name not in only:
            continue
        manager.add_process(name, command.format(**settings), env=process_env(name, env, var_dir), cwd=str(root))
    print(f"[devstack] API on http://{settings['api_address']}:{settings['port']} (docs: /api/docs/), "
          f"Flower on {settings['flower_address']}:{settings['flower_port']}")
    try:
        manager.loop()
    finally:
        stop_embedded(handles)
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
