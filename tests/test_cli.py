"""Operator commands through Flask's CLI runner."""
import json
import socket
import uuid

import pytest

from tests.workers import drop_queued, queue_length
from ytempire.youtube.quota import reserve_quota
from ytempire.users.models import User
from ytempire.pipeline.models import GenerationJob


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def receipt(user):
    channel = user.post("/api/v1/channels", json={"name": "C", "niche": "tech",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    return user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "topic": "CLI"}).get_json()


@pytest.mark.parametrize("command", ["create-admin", "check-job", "clear-stuck-jobs", "requeue", "quota-status",
                                     "demo"])
def test_every_command_has_help(runner, command):
    result = runner.invoke(args=[command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_create_admin_creates_a_superuser(runner, db):
    result = runner.invoke(args=["create-admin", "--email", "Ops@Example.com", "--username", "ops"],
                           input="StrongPass1!\nStrongPass1!\n")
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="ops@example.com").one()
    assert user.is_admin


def test_create_admin_refuses_a_weak_password(runner, db):
    result = runner.invoke(args=["create-admin", "--email", "ops@example.com", "--username", "ops"],
                           input="weak\nweak\n")
    assert result.exit_code != 0 and db.session.query(User).count() == 0


def test_create_admin_reactivates_a_suspended_account_and_sets_its_password(runner, db, user):
    from ytempire.auth.passwords import verify_password

    account = db.session.get(User, uuid.UUID(user.user_id))
    account.status = "suspended"
    db.session.commit()
    result = runner.invoke(args=["create-admin", "--email", account.email.upper(), "--username", account.username],
                           input="NewStrong9!pass\nNewStrong9!pass\n")
    assert result.exit_code == 0, result.output
    assert "reactivated (was suspended)" in result.output and "password reset" in result.output
    db.session.refresh(account)
    assert account.status == "active" and account.is_admin
    assert verify_password("NewStrong9!pass", account.password_hash)
    assert user.get("/api/v1/users/me").status_code == 401  # sessions from before the reset are over


@pytest.mark.parametrize("email, username, says", [
    ("not-an-email", "ops", "email: Not a valid email address"),
    ("ops@example.com", "x", "username: Username must be 3-50 characters"),
    ("ops@example.com", "bad name!", "username: Username may contain"),
])
def test_create_admin_with_invalid_input_says_what_is_wrong(runner, db, email, username, says):
    result = runner.invoke(args=["create-admin", "--email", email, "--username", username],
                           input="StrongPass1!\nStrongPass1!\n")
    assert result.exit_code == 1 and says in result.output, result.output
    assert "Traceback" not in result.output and db.session.query(User).count() == 0


def test_create_admin_with_a_taken_username_says_so(runner, db, user):
    taken = db.session.get(User, uuid.UUID(user.user_id)).username
    result = runner.invoke(args=["create-admin", "--email", "ops@example.com", "--username", taken],
                           input="StrongPass1!\nStrongPass1!\n")
    assert result.exit_code == 1 and "username" in result.output and "IntegrityError" not in result.output
    assert db.session.query(User).count() == 1


def test_check_job_shows_state_by_job_or_video_id(runner, receipt):
    for identifier in (receipt["job_id"], receipt["video_id"]):
        result = runner.invoke(args=["check-job", identifier])
        assert result.exit_code == 0, result.output
        shown = json.loads(result.output)
        assert shown["job_id"] == receipt["job_id"] and shown["status"] == "pending"
        assert shown["stages_remaining"][0] == "script_generation"
    assert runner.invoke(args=["check-job", "nope"]).exit_code != 0


def test_clear_stuck_jobs_requeues_or_fails_jobs_past_the_deadline(runner, receipt, db):
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.enqueued_at = job.enqueued_at.replace(year=2000)
    db.session.commit()
    result = runner.invoke(args=["clear-stuck-jobs"])
    assert "re-enqueued 1" in result.output
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    db.session.refresh(job)
    job.enqueued_at = job.enqueued_at.replace(year=2000)
    db.session.commit()
    assert "failed 1" in runner.invoke(args=["clear-stuck-jobs", "--fail"]).output
    db.session.refresh(job)
    assert job.status == "failed"


def test_requeue_resumes_a_failed_job(runner, receipt, db, app):
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.status, job.error_message = "failed", "boom"
    db.session.commit()
    drop_queued(app, "ai")
    result = runner.invoke(args=["requeue", receipt["job_id"]])
    assert result.exit_code == 0 and "script_generation" in result.output
    assert queue_length(app, "ai") == 1


def test_requeue_of_a_pending_job_refuses_unless_forced(runner, receipt, app):
    drop_queued(app, "ai")
    result = runner.invoke(args=["requeue", receipt["job_id"]])
    assert result.exit_code == 1 and "is pending" in result.output and "--force" in result.output
    assert queue_length(app, "ai") == 0
    result = runner.invoke(args=["requeue", receipt["job_id"], "--force"])
    assert result.exit_code == 0, result.output
    assert queue_length(app, "ai") == 1


def test_quota_status_lists_todays_usage(runner, db):
    reserve_quota("project-x", "channels.list")
    result = runner.invoke(args=["quota-status"])
    rows = json.loads(result.output)
    assert rows[0]["credential"] == "project-x" and rows[0]["used"] == 1 and rows[0]["limit"] == 10000


@pytest.mark.usefixtures("process_defaults_restored")  # this app is on Redis db 0, not the test db
def test_operator_command_against_an_unreachable_database_says_so_without_a_traceback():
    from ytempire import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/nowhere"})
    result = app.test_cli_runner().invoke(args=["quota-status"])
    assert result.exit_code == 1
    assert "cannot reach PostgreSQL" in result.output and "Traceback" not in result.output


def test_devstack_leaves_its_service_urls_for_make_cli(tmp_path):
    import subprocess

    from ytempire.devstack.__main__ import write_service_env

    env_file = tmp_path / "devstack.env"
    write_service_env(env_file, {"DATABASE_URL": "postgresql://postgres@/ytempire?host=/srv/my data",
                                 "REDIS_URL": "redis://127.0.0.1:6390/0"})
    sourced = subprocess.run(["bash", "-c", f"set -a; . '{env_file}'; echo \"$DATABASE_URL|$REDIS_URL\""],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert sourced == "postgresql://postgres@/ytempire?host=/srv/my data|redis://127.0.0.1:6390/0"


def test_devstack_makes_private_secrets_once_and_the_environment_wins(tmp_path):
    import stat
    import subprocess

    from ytempire.config import DEVELOPMENT_SECRET_KEY
    from ytempire.devstack.__main__ import local_secrets

    path = tmp_path / "secrets.env"
    first = local_secrets(path, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_secrets(path, {}) == first
    assert DEVELOPMENT_SECRET_KEY not in first.values() and first["SECRET_KEY"] != first["JWT_SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 32
    assert local_secrets(path, {"SECRET_KEY": "from-env"}) == {**first, "SECRET_KEY": "from-env"}
    # `make cli` sources the file; a value already in the environment is kept.
    sourced = subprocess.run(["bash", "-c", f"JWT_SECRET_KEY=mine; set -a; . '{path}'; echo \"$SECRET_KEY|$JWT_SECRET_KEY\""],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert sourced == f"{first['SECRET_KEY']}|mine"


def test_devstack_gives_the_metrics_folder_to_the_api_alone(tmp_path, monkeypatch):
    from ytempire.devstack.__main__ import process_env

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    stale = tmp_path / "prometheus" / "counter_123.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    base = {"REDIS_URL": "redis://x"}
    assert process_env("flower", base, tmp_path) == base
    assert process_env("worker-ai", base, tmp_path) == base
    assert process_env("api", base, tmp_path) == {**base, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    assert not stale.exists()


def test_devstack_api_writes_no_access_log_and_api_and_flower_listen_on_loopback():
    from ytempire.devstack.__main__ import PROCESSES, command_settings

    commands = {name: command.format(**command_settings({})) for name, command in PROCESSES.items()}
    assert "access-log" not in commands["api"] and "--bind 127.0.0.1:8000" in commands["api"]
    assert "--bind 0.0.0.0:8613" in PROCESSES["api"].format(**command_settings({"API_ADDRESS": "0.0.0.0",
                                                                                  "PORT": "8613"}))
    assert "--address=127.0.0.1 --port=5555" in commands["flower"]
    assert "--address=0.0.0.0" in PROCESSES["flower"].format(**command_settings({"FLOWER_ADDRESS": "0.0.0.0"}))


def test_demo_follows_port_and_says_in_one_line_when_the_api_is_unreachable(app):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = app.test_cli_runner().invoke(args=["demo"], env={"PORT": str(port), "DEMO_API_URL": ""})
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert f"cannot reach the API at http://127.0.0.1:{port}/api/v1/" in result.output


def test_demo_api_url_wins_over_port():
    from ytempire.devstack.demo import default_api_url

    assert default_api_url({"PORT": "8613"}) == "http://127.0.0.1:8613/api/v1"
    assert default_api_url({}) == "http://127.0.0.1:8000/api/v1"
    assert default_api_url({"PORT": "8613", "DEMO_API_URL": "https://api.example.com/api/v1"}) == \
        "https://api.example.com/api/v1"


def test_devstack_refuses_an_api_port_another_listener_holds_even_one_that_shares_by_reuse_port():
    """A listener with SO_REUSEPORT (another server's) would let a second stack bind beside it."""
    from ytempire.devstack.__main__ import port_in_use

    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = str(listener.getsockname()[1])
        assert port_in_use("127.0.0.1", port)
    assert not port_in_use("127.0.0.1", port)
