"""Operator commands: `flask --app wsgi <command> --help`."""
import functools
import json

import click
import redis
import sqlalchemy.exc
from flask import Flask, current_app

from ytempire.accounting.costs import cost_breakdown
from ytempire.admin.accounts import ensure_admin
from ytempire.common.uuids import parse_uuid
from ytempire.devstack.demo import default_api_url, run_demo
from ytempire.errors import DEPENDENCY_NAMES, APIError, failing_dependency
from ytempire.extensions import db
from ytempire.pipeline import lifecycle
from ytempire.pipeline.models import ACTIVE_JOB_STATUSES, GenerationJob
from ytempire.pipeline.recovery import recover_stuck_jobs, stuck_jobs
from ytempire.videos.models import Video
from ytempire.youtube.quota import quota_report


def _job_or_exit(job_or_video_id):

    parsed = parse_uuid(job_or_video_id)
    job = db.session.get(GenerationJob, parsed) if parsed else None
    if job is None and parsed:
        video = db.session.get(Video, parsed)
        job = video.job if video else None
    if job is None:
        raise click.ClickException(f"no job or video with id {job_or_video_id}")
    return job


def _explaining_unreachable_services(command):
    """A down or unknown database or Redis is one clear line for the operator, not a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (sqlalchemy.exc.OperationalError, redis.exceptions.ConnectionError) as error:
            raise click.ClickException(
                f"cannot reach {DEPENDENCY_NAMES[failing_dependency(error)]}"
                f" ({type(error).__name__}). Set DATABASE_URL / REDIS_URL, or run `make cli ARGS=...` to use"
                " the stack `make run` started.") from error

    return wrapper


OPERATOR_COMMANDS = ("create-admin", "check-job", "clear-stuck-jobs", "requeue", "quota-status")


def register_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--username", required=True)
    @click.password_option()
    def create_admin(email, username, password):
        """Create a superuser; an existing account with that email is promoted, reactivated and gets this password."""

        try:
            user, done = ensure_admin(email, username, password)
        except APIError as error:
            problems = "; ".join(f"{d['field']}: {d['message']}" for d in error.details)
            raise click.ClickException(f"{error.message}{': ' + problems if problems else ''}") from error
        click.echo(f"admin ready: {user.email} ({user.id}): {', '.join(done)}")

    @app.cli.command("check-job")
    @click.argument("job_id")
    def check_job(job_id):
        """Show a job (by job or video id): status, stages, retries, error, cost."""

        job = _job_or_exit(job_id)
        costs = {k: str(v) for k, v in cost_breakdown(job.video_id).items()}
        click.echo(json.dumps({
            "job_id": str(job.id), "video_id": str(job.video_id), "status": job.status,
            "video_status": job.video.status, "progress": job.progress, "current_stage": job.current_stage,
            "stages_completed": job.stages_completed, "stages_remaining": job.remaining_stages(),
            "retry_count": job.retry_count, "max_retries": job.max_retries, "worker_id": job.worker_id,
            "enqueued_at": str(job.enqueued_at), "heartbeat_at": str(job.heartbeat_at),
            "error_message": job.error_message, "cost": costs,
        }, indent=2))

    @app.cli.command("clear-stuck-jobs")
    @click.option("--fail", is_flag=True, help="Mark stuck jobs failed instead of re-enqueueing them")
    def clear_stuck_jobs(fail):
        """Re-enqueue (or fail) jobs pending or running past their deadline."""

        if fail:
            jobs = stuck_jobs()
            for job in jobs:
                lifecycle.fail(job, job.current_stage or "unknown", "Cleared as stuck by an operator")
            click.echo(f"failed {len(jobs)} stuck job(s)")
        else:
            click.echo(f"re-enqueued {recover_stuck_jobs()} stuck job(s)")

    @app.cli.command("requeue")
    @click.argument("job_id")
    @click.option("--force", is_flag=True, help="Also a pending or running job (its stages may then run twice)")
    def requeue(job_id, force):
        """Send a job's unfinished stages to the queues again (failed jobs resume where they failed)."""

        job = _job_or_exit(job_id)
        if job.status == "completed" or not job.remaining_stages():
            raise click.ClickException(f"job {job.id} has nothing left to run ({job.status})")
        if job.status in ACTIVE_JOB_STATUSES and not force:
            raise click.ClickException(f"job {job.id} is {job.status}: a worker has it or will; "
                                       "clear-stuck-jobs handles dead ones, or pass --force")
        lifecycle.reopen(job)
        click.echo(f"requeued {job.id}: {', '.join(job.remaining_stages())}")

    @app.cli.command("quota-status")
    def quota_status():
        """YouTube quota used today per credential (Pacific-time quota day)."""

        click.echo(json.dumps(quota_report(), indent=2, default=str))

    @app.cli.command("demo")
    @click.option("--api", default=None, help="Base URL of the running API [default: DEMO_API_URL, else "
                  "http://127.0.0.1:$PORT/api/v1, PORT 8000]")
    @click.option("--topic", default="How solar panels turn sunlight into electricity", show_default=True)
    @click.option("--duration", default=45, show_default=True, help="Video length in seconds")
    @click.option("--timeout", default=600, show_default=True, help="Seconds to wait for the video")
    def demo(api, topic, duration, timeout):
        """Generate one video through the running stack, with a progress bar per stage."""

        run_demo((api or default_api_url()).rstrip("/"), topic, duration, timeout, current_app.config["STORAGE_PATH"])

    for name in OPERATOR_COMMANDS:
        app.cli.commands[name].callback = _explaining_unreachable_services(app.cli.commands[name].callback)
