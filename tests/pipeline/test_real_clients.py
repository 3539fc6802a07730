"""The pipeline through real workers with the real OpenAI and ElevenLabs clients, against stand-ins."""
import uuid

import pytest

from tests.standins.elevenlabs_server import ElevenLabsStandIn
from tests.standins.openai_server import OpenAIStandIn
from tests.workers import celery_worker, wait_for
from ytempire.accounting.models import CostEntry
from ytempire.pipeline.models import GenerationJob


def status_of(user, receipt):
    return user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()


@pytest.mark.broker  # retries wait on the broker (RabbitMQ: its delayed-delivery queues)
def test_rate_limited_openai_is_retried_with_backoff_and_charged_once(app_config, tmp_path, db, user,
                                                                      request_video):
    receipt = request_video(duration=15, publish="manual")
    with OpenAIStandIn(api_key="sk-test") as openai_api:
        openai_api.rate_limit_next(retry_after=1)
        openai_api.server_error_next(502)
        with celery_worker(app_config, "ai", tmp_path, OPENAI_API_KEY="sk-test",
                           OPENAI_BASE_URL=openai_api.base_url):
            wait_for(lambda: "content_optimization" in status_of(user, receipt)["stages_completed"], timeout=120,
                     describe=lambda: status_of(user, receipt))
        assert len(openai_api.requests) == 4  # 429, 502, then script and optimization
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    assert job.retry_count == 2
    entries = db.session.query(CostEntry).filter_by(job_id=job.id, provider="openai").all()
    assert sorted(e.stage for e in entries) == ["content_optimization", "content_optimization",
                                                "script_generation", "script_generation"]
    assert all(e.amount > 0 for e in entries)
    video = user.get(f"/api/v1/videos/{receipt['video_id']}").get_json()
    assert video["title"] == "How tides work"  # the user's own title is kept
    assert video["description"].startswith("Everything about")


def test_a_rejected_openai_request_fails_the_job_with_its_message(app_config, tmp_path, user, request_video):
    receipt = request_video(duration=15, publish="manual")
    with OpenAIStandIn(api_key="sk-test") as openai_api:
        openai_api.error_next(400, "This model does not exist")
        with celery_worker(app_config, "ai", tmp_path, OPENAI_API_KEY="sk-test",
                           OPENAI_BASE_URL=openai_api.base_url):
            wait_for(lambda: status_of(user, receipt)["status"] == "failed", timeout=60,
                     describe=lambda: status_of(user, receipt))
    error = status_of(user, receipt)["error"]
    assert error["stage"] == "script_generation" and "does not exist" in error["message"]


def test_elevenlabs_narration_flows_into_the_video(app_config, tmp_path, db, user, request_video):
    receipt = request_video(duration=15, publish="manual")
    with ElevenLabsStandIn(api_key="xi-test") as voice_api:
        with celery_worker(app_config, "ai,render", tmp_path, concurrency=2, ELEVENLABS_API_KEY="xi-test",
                           ELEVENLABS_BASE_URL=voice_api.url):
            wait_for(lambda: status_of(user, receipt)["status"] == "completed", timeout=180,
                     describe=lambda: status_of(user, receipt))
        spoken = voice_api.speech_requests
    assert spoken and all(r.headers.get("xi-api-key") == "xi-test" for r in spoken)
    entry = db.session.query(CostEntry).filter_by(job_id=uuid.UUID(receipt["job_id"]), stage="voice_synthesis").one()
    assert entry.provider == "elevenlabs" and entry.units > 0 and entry.amount > 0
    assert user.get(f"/api/v1/videos/{receipt['video_id']}/download").status_code == 200
