"""docker-compose.yml, Dockerfile, .env.example and the nginx config agree with the code."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_every_part_of_the_system_with_healthchecks():
    services = COMPOSE["services"]
    for name in ("postgres", "redis", "api", "worker-ai", "worker-render", "worker-upload", "beat", "flower", "nginx"):
        assert name in services, name
    for name in ("postgres", "redis", "api", "flower", "nginx"):
        assert "healthcheck" in services[name], name
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, (name, dependency)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith((".", "/")) or source in COMPOSE["volumes"], (name, volume)


def test_every_queue_has_a_worker_in_compose():
    import celeryconfig

    consumed = set()
    for service in COMPOSE["services"].values():
        command = service.get("command") or []
        if "worker" in command:
            consumed |= set(command[command.index("-Q") + 1].split(","))
    assert {"default", "ai", "render", "upload"} <= consumed
    assert consumed <= set(celeryconfig.QUEUES)


def _variables_read_by_the_code() -> set[str]:
    """Names read from the environment anywhere outside the tests: config helpers and os.environ."""
    read = set()
    for path in [*ROOT.glob("*.py"), *(ROOT / "ytempire").rglob("*.py"), *(ROOT / "tasks").rglob("*.py")]:
        source = path.read_text()
        read |= set(re.findall(r'\b_(?:env|int|bool)\("([A-Z][A-Z0-9_]+)"', source))
        read |= set(re.findall(r'(?:environ\.get|getenv|env\.get)\(\s*"([A-Z][A-Z0-9_]+)"', source))
        read |= set(re.findall(r'environ\["([A-Z][A-Z0-9_]+)"\]', source))
        read |= set(re.findall(r'^[A-Z_]+_ENV = "([A-Z][A-Z0-9_]+)"', source, re.M))  # e.g. RENDER_PRICE_ENV
    return read


def test_env_example_lists_every_setting_the_code_reads():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    read = _variables_read_by_the_code()
    assert {"PORT", "FLOWER_PORT", "DEVSTACK_PROCESSES", "TRUSTED_PROXY_HOPS", "LOGIN_MAX_FAILURES_PER_ADDRESS",
            "RENDER_PRICE_PER_MINUTE"} <= read  # the scan itself finds them
    assert read - documented == set()


def test_readme_configuration_table_lists_every_variable():
    readme = (ROOT / "README.md").read_text()
    tabled = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, re.M))
    assert _variables_read_by_the_code() - tabled == set()


def _environment(service: dict) -> dict:
    return service.get("environment") or {}


def test_compose_workers_answer_a_ping_by_name_and_one_shot_services_have_no_healthcheck():
    services = COMPOSE["services"]
    workers = {name: service for name, service in services.items() if "worker" in (service.get("command") or [])}
    assert set(workers) >= {"worker-ai", "worker-render", "worker-upload", "worker-render-gpu"}
    for name, service in workers.items():
        command = service["command"]
        node = command[command.index("-n") + 1]
        assert node.endswith("@%h"), name
        test = " ".join(service["healthcheck"]["test"])
        assert f"inspect ping -d {node.replace('%h', '$$HOSTNAME')}" in test, name
    for name in ("beat", "migrate"):
        assert services[name]["healthcheck"] == {"disable": True}, name


def test_compose_api_runs_in_production_behind_one_proxy_and_alone_writes_metrics():
    services = COMPOSE["services"]
    api = _environment(services["api"])
    assert api["APP_ENV"] == "production" and api["TRUSTED_PROXY_HOPS"] == "1"
    assert api["SECRET_KEY"].startswith("${SECRET_KEY:?") and api["JWT_SECRET_KEY"].startswith("${JWT_SECRET_KEY:?")
    assert api["PROMETHEUS_MULTIPROC_DIR"]
    for name, service in services.items():
        if name != "api":
            assert "PROMETHEUS_MULTIPROC_DIR" not in _environment(service), name
    assert all(port.startswith("127.0.0.1:") for port in services["api"]["ports"])  # only nginx is public


# The services that run only when asked for: the GPU render worker, and MinIO for STORAGE_TYPE=s3.
OPT_IN_PROFILES = {"worker-render-gpu": ["gpu"], "minio": ["s3"], "minio-bucket": ["s3"]}


def test_compose_gpu_worker_consumes_render_gpu_under_the_gpu_profile():
    gpu = COMPOSE["services"]["worker-render-gpu"]
    assert gpu["profiles"] == ["gpu"]
    assert gpu["command"][gpu["command"].index("-Q") + 1] == "render_gpu"
    assert gpu["deploy"]["resources"]["reservations"]["devices"][0]["driver"] == "nvidia"
    for name, service in COMPOSE["services"].items():
        if name in OPT_IN_PROFILES:
            assert service["profiles"] == OPT_IN_PROFILES[name], name
        else:
            assert "profiles" not in service, name


def test_compose_minio_makes_its_bucket_once_and_no_core_service_needs_it():
    services = COMPOSE["services"]
    bucket = services["minio-bucket"]
    assert bucket["depends_on"] == {"minio": {"condition": "service_healthy"}} and bucket["restart"] == "no"
    assert "mc mb --ignore-existing" in " ".join(bucket["entrypoint"])
    assert "objects:/data" in services["minio"]["volumes"]
    assert all(port.startswith("127.0.0.1:") for port in services["minio"]["ports"])
    for name, service in services.items():   # an opt-in service cannot be a dependency of the default stack
        if name not in OPT_IN_PROFILES:
            assert not set(service.get("depends_on", {})) & set(OPT_IN_PROFILES), name


def test_image_leaves_out_secrets_and_local_state():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and "var" in ignored


def test_no_gunicorn_access_log_anywhere():
    # It would write the SSE endpoint's ?access_token= in clear, and repeat structlog's request line.
    for path in ("docker-compose.yml", "Dockerfile", "gunicorn.conf.py", "ytempire/devstack/__main__.py"):
        assert "access-log" not in (ROOT / path).read_text(), path


def test_dockerfile_runs_as_a_non_root_user_with_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/health" in dockerfile


def test_nginx_does_not_buffer_the_event_stream():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    events_block = nginx[nginx.index("/events"):]
    assert "proxy_buffering off" in events_block and "proxy_read_timeout" in events_block


def test_nginx_serves_tls_and_redirects_plain_http_to_https():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = [block for block in nginx.split("server {")[1:]]
    plain = next(block for block in servers if "listen 80;" in block)
    secure = next(block for block in servers if re.search(r"listen 443 ssl", block))
    assert "return 301 https://$host$request_uri" in plain and "proxy_pass" not in plain
    assert "ssl_certificate /etc/nginx/certs/" in secure and "ssl_certificate_key /etc/nginx/certs/" in secure
    assert "Strict-Transport-Security" in secure and "proxy_pass http://backend" in secure
    nginx_service = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["nginx"]
    assert "443:443" in nginx_service["ports"]
    assert any(volume.endswith(":/etc/nginx/certs:ro") for volume in nginx_service["volumes"])
