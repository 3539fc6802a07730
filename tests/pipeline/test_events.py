"""GET /videos/{id}/events through a real HTTP server and client, while a real worker runs the job."""
import json
import threading
import time
import uuid

import requests

from tests.workers import celery_worker
from ytempire.extensions import db
from ytempire.pipeline.events import publish_job_event
from ytempire.videos import service
from ytempire.videos.models import Video


def read_events(response, on_event=lambda event: None):
    events, current = [], {}
    for line in response.iter_lines(decode_unicode=True):
        if line == "":
            if current:
                events.append(current)
                on_event(current)
                current = {}
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(": ")
        current[field] = value
    return events


def test_event_stream_follows_a_job_to_its_final_state_and_resumes(app_config, tmp_path, live_server, user,
                                                                   request_video):
    receipt = request_video(duration=15, publish="manual")
    url = f"{live_server}/api/v1/videos/{receipt['video_id']}/events"
    headers = {"Authorization": f"Bearer {user.tokens['access_token']}"}
    events, connected, responses = [], threading.Event(), []

    def listen():
        with requests.get(url, headers=headers, stream=True, timeout=240) as response:
            responses.append(response)
            for event in read_events(response, on_event=lambda _: connected.set()):
                events.append(event)

    listener = threading.Thread(target=listen)
    listener.start()
    assert connected.wait(30), "no first event"
    with celery_worker(app_config, "default,ai,render,upload", tmp_path, concurrency=2):
        listener.join(timeout=240)
    response = responses[0]
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    assert response.headers["X-Accel-Buffering"] == "no"
    names = [event["event"] for event in events]
    assert names[0] == "state" and names[-1] == "job_completed"
    assert json.loads(events[0]["data"])["status"] == "queued"
    streamed = [json.loads(e["data"])["stage"] for e in events if e["event"] == "stage_completed"]
    assert streamed == ["script_generation", "content_optimization", "voice_synthesis", "video_assembly",
                        "thumbnail_creation"]
    progress = [json.loads(e["data"])["progress"] for e in events if e["event"] == "stage_completed"]
    assert progress == sorted(progress) and progress[-1] == 100  # manual publish: the thumbnail ends the job

    # A client that dropped after the third stage reconnects after the end: the final state, then close.
    resume_from = [e for e in events if e["event"] == "stage_completed"][2]["id"]
    with requests.get(url, headers={**headers, "Last-Event-ID": resume_from}, stream=True, timeout=30) as again:
        replay = read_events(again)
    assert [e["event"] for e in replay] == ["state"]
    assert json.loads(replay[0]["data"])["status"] == "completed"

    # A finished job answers with its final state and closes; the token may come in the query.
    with requests.get(f"{url}?access_token={user.tokens['access_token']}", stream=True, timeout=30) as late:
        final = read_events(late)
    assert len(final) == 1 and json.loads(final[0]["data"])["status"] == "completed"


def test_event_stream_of_another_users_video_is_404(other_user, request_video):
    receipt = request_video(duration=15)
    assert other_user.get(f"/api/v1/videos/{receipt['video_id']}/events").status_code == 404


def _finish(app, video_id):
    with app.app_context():
        video = db.session.get(Video, uuid.UUID(video_id))
        video.status, video.job.status, video.job.progress = "completed", "completed", 100
        db.session.commit()


def _publish(app, video_id, *events):
    """Publish events for the video's job as a worker would, and return their stream ids."""
    with app.app_context():
        job = db.session.get(Video, uuid.UUID(video_id)).job
        for event in events:
            publish_job_event(job, event, stage="script_generation")
        return [entry_id for entry_id, _ in app.extensions["redis"].xrange(f"video-events:{video_id}")]


def test_reconnect_after_the_job_ended_is_the_final_state_at_once(app, live_server, user, request_video):
    receipt = request_video(duration=15)
    _finish(app, receipt["video_id"])
    headers = {"Authorization": f"Bearer {user.tokens['access_token']}", "Last-Event-ID": "1-0"}
    started = time.monotonic()
    with requests.get(f"{live_server}/api/v1/videos/{receipt['video_id']}/events", headers=headers, stream=True,
                      timeout=5) as response:
        events = read_events(response)
    assert time.monotonic() - started < 3
    assert [e["event"] for e in events] == ["state"]
    assert json.loads(events[0]["data"])["status"] == "completed"


def test_resume_of_an_unfinished_job_replays_only_what_was_missed(app, live_server, user, request_video):
    receipt = request_video(duration=15)
    ids = _publish(app, receipt["video_id"], "stage_started", "stage_completed", "job_completed")
    headers = {"Authorization": f"Bearer {user.tokens['access_token']}", "Last-Event-ID": ids[0]}
    with requests.get(f"{live_server}/api/v1/videos/{receipt['video_id']}/events", headers=headers, stream=True,
                      timeout=10) as response:
        events = read_events(response)
    assert [(e["id"], e["event"]) for e in events] == [(ids[1], "stage_completed"), (ids[2], "job_completed")]


def test_event_published_while_the_state_is_read_is_not_lost(app, live_server, user, request_video, monkeypatch):
    receipt = request_video(duration=15)
    read_state = service.video_status

    def state_read_while_a_worker_publishes(video):
        _publish(app, receipt["video_id"], "job_completed")
        return read_state(video)

    monkeypatch.setattr(service, "video_status", state_read_while_a_worker_publishes)
    headers = {"Authorization": f"Bearer {user.tokens['access_token']}"}
    with requests.get(f"{live_server}/api/v1/videos/{receipt['video_id']}/events", headers=headers, stream=True,
                      timeout=10) as response:
        events = read_events(response)
    assert [e["event"] for e in events] == ["state", "job_completed"]
    assert json.loads(events[0]["data"])["status"] == "queued"
