"""Progress inside the render: ffmpeg's own reports move the job's progress and reach the SSE stream."""
import threading
import uuid

import requests

from ytempire.pipeline.progress import stage_progress_reporter, stage_span
from ytempire.pipeline.stages import progress_before
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.models import GenerationJob

from tests.pipeline.test_events import read_events


def test_the_render_reports_its_progress_on_the_event_stream_between_the_stage_marks(db, live_server, user,
                                                                                      request_video):
    receipt = request_video(duration=30)
    response = requests.get(f"{live_server}/api/v1/videos/{receipt['video_id']}/events",
                            headers={"Authorization": f"Bearer {user.tokens['access_token']}"}, stream=True, timeout=300)
    events = []
    reader = threading.Thread(target=lambda: events.extend(read_events(response)), daemon=True)
    reader.start()
    for stage in STAGES:
        assert run_stage(receipt["job_id"], stage, "test-worker") == "done"
    reader.join(timeout=60)

    names = [(event["event"], event["data"]) for event in events]
    render = [i for i, (name, data) in enumerate(names) if '"stage": "video_assembly"' in data]
    inside = [events[i] for i in render if events[i]["event"] == "stage_progress"]
    assert inside, [name for name, _ in names]
    assert names[render[0]][0] == "stage_started" and names[render[-1]][0] == "stage_completed"
    progress = [int(event["data"].split('"progress": ')[1].split(",")[0]) for event in inside]
    assert progress == sorted(set(progress)) and all(45 < value < 80 for value in progress)


def test_stage_progress_is_stored_on_the_job_and_never_goes_back(db, user, request_video):
    receipt = request_video()
    for stage in STAGES[:3]:
        run_stage(receipt["job_id"], stage, "test-worker")
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.status, job.current_stage = "running", "video_assembly"
    db.session.commit()

    with stage_span(job, "video_assembly", progress_before("video_assembly"), 80):
        report = stage_progress_reporter()
    report(0.5)
    db.session.expire_all()  # the test shares the app's session: read the row as committed
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["progress"] == 62                                  # 45 + half of the render's 35 points
    report(0.2)
    report(1.0)                                                      # within the second: not written yet
    db.session.expire_all()
    assert user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()["progress"] == 62
