"""GET /videos/{id}/events through a real HTTP server and client, while a real worker runs the job."""
import json
import threading

import pytest
import requests
from werkzeug.serving import make_server

from tests.workers import celery_worker


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


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
    receipt = request_video(duration=10, publish="manual")
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

    # A client that dropped after the third stage reconnects and still gets the final state.
    resume_from = [e for e in events if e["event"] == "stage_completed"][2]["id"]
    with requests.get(url, headers={**headers, "Last-Event-ID": resume_from}, stream=True, timeout=30) as again:
        replay = read_events(again)
    assert [e["event"] for e in replay][-1] == "job_completed"
    assert "state" not in [e["event"] for e in replay]

    # A finished job answers with its final state and closes; the token may come in the query.
    with requests.get(f"{url}?access_token={user.tokens['access_token']}", stream=True, timeout=30) as late:
        final = read_events(late)
    assert len(final) == 1 and json.loads(final[0]["data"])["status"] == "completed"


def test_event_stream_of_another_users_video_is_404(other_user, request_video):
    receipt = request_video(duration=10)
    assert other_user.get(f"/api/v1/videos/{receipt['video_id']}/events").status_code == 404
