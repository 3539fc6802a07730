"""`flask --app wsgi demo`: drive the running stack over HTTP, like a user would.

Registers (or logs in) a demo user, makes sure it has a channel, asks for a video, and draws a
progress bar per stage until the MP4 is ready; then prints its path and cost.
"""
from __future__ import annotations

import os
import sys
import time
import uuid

import click
import requests

from ytempire.pipeline.stages import STAGES

DEMO_EMAIL = "demo@ytempire.local"
DEMO_PASSWORD = "DemoPass123!"


def default_api_url(environ=os.environ) -> str:
    """DEMO_API_URL, else the local stack on PORT (what `make run` listens on)."""
    return environ.get("DEMO_API_URL") or f"http://127.0.0.1:{environ.get('PORT') or 8000}/api/v1"


def _call(method, url, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = requests.request(method, url, headers=headers, timeout=30, **kwargs)
    except requests.RequestException as error:
        # One line, not requests' chain of four tracebacks: the usual cause is a stack not running.
        raise click.ClickException(
            f"cannot reach the API at {url} ({type(error).__name__}); is `make run` running? "
            "Point the demo at it with PORT, DEMO_API_URL or --api.") from None
    if response.status_code >= 400 and response.status_code not in (401, 409):
        raise click.ClickException(f"{method} {url} -> {response.status_code}: {response.text}")
    return response


def sign_in(api: str) -> str:
    response = _call("POST", f"{api}/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    if response.status_code == 200:
        return response.json()["access_token"]
    response = _call("POST", f"{api}/auth/register", json={
        "email": DEMO_EMAIL, "username": "demo", "password": DEMO_PASSWORD, "terms_accepted": True})
    return response.json()["access_token"]


def demo_channel(api: str, token: str) -> str:
    channels = _call("GET", f"{api}/channels", token).json()["channels"]
    if channels:
        return channels[0]["id"]
    return _call("POST", f"{api}/channels", token, json={
        "name": "Demo Channel", "niche": "technology", "youtube_channel_id": f"UC_demo_{uuid.uuid4().hex[:8]}",
    }).json()["id"]


def draw(status: dict) -> None:
    done = set(status["stages_completed"])
    lines = []
    for stage in STAGES:
        mark = "#" * 20 if stage in done else (">" + "." * 19 if stage == status["current_stage"] else "." * 20)
        lines.append(f"  {stage:<22} [{mark}]")
    click.echo("\033[2J\033[H" if sys.stdout.isatty() else "", nl=False)
    click.echo(f"video {status['video_id']}  {status['status']}  {status['progress']}%")
    click.echo("\n".join(lines))


def run_demo(api: str, topic: str, duration: int, timeout: int, storage_path: str) -> None:
    token = sign_in(api)
    channel_id = demo_channel(api, token)
    receipt = _call("POST", f"{api}/videos/generate", token, json={
        "channel_id": channel_id, "topic": topic, "video_config": {"duration": duration}}).json()
    click.echo(f"queued job {receipt['job_id']} (estimated cost ${receipt['estimated_cost']})")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = _call("GET", f"{api}/videos/{receipt['video_id']}/status", token).json()
        draw(status)
        if status["status"] in ("completed", "needs_review", "published", "failed", "cancelled"):
            break
        time.sleep(1)
    else:
        raise click.ClickException("timed out waiting for the video; is a worker for every queue running?")
    if status["status"] == "failed":
        raise click.ClickException(f"generation failed: {status.get('error')}")
    video = _call("GET", f"{api}/videos/{receipt['video_id']}", token).json()
    cost = _call("GET", f"{api}/videos/{receipt['video_id']}/cost", token).json()
    click.echo(f"\nMP4: {storage_path}/{video['id']}/video.mp4  ({video['duration_seconds']} s)")
    click.echo(f"     also at {api}/videos/{video['id']}/download")
    click.echo(f"cost: ${cost['total_cost']} (script {cost['script_generation']}, voice {cost['voice_synthesis']}, "
               f"processing {cost['video_processing']})")
