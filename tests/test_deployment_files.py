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


def test_env_example_lists_every_setting_the_code_reads():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    config_source = (ROOT / "ytempire" / "config.py").read_text()
    read = set(re.findall(r'_(?:env|int|bool)\("([A-Z][A-Z0-9_]+)"', config_source))
    assert read - documented == set()


def test_dockerfile_runs_as_a_non_root_user_with_a_healthcheck():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/health" in dockerfile


def test_nginx_does_not_buffer_the_event_stream():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    events_block = nginx[nginx.index("/events"):]
    assert "proxy_buffering off" in events_block and "proxy_read_timeout" in events_block
