"""Queue routing of the stage chain: ai, render (or render_gpu), upload."""
import uuid

import pytest

from ytempire.pipeline.workflow import build_chain
from ytempire.pipeline.models import GenerationJob

pytestmark = pytest.mark.broker


def queues_of(db, receipt):
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    signatures, _ = build_chain(job)
    return {sig.task.split(".")[1]: sig.options["queue"] for sig in signatures}


def test_stages_go_to_their_queues(db, request_video):
    assert queues_of(db, request_video()) == {
        "script_generation": "ai", "content_optimization": "ai", "voice_synthesis": "ai",
        "video_assembly": "render", "thumbnail_creation": "render", "youtube_upload": "upload"}


def test_gpu_jobs_use_render_gpu_only_when_a_gpu_worker_is_configured(db, app, request_video):
    receipt = request_video(video_config={"duration": 15, "use_gpu": True})
    assert queues_of(db, receipt)["video_assembly"] == "render"  # no GPU worker: CPU render
    app.config["GPU_WORKER_ENABLED"] = True
    try:
        routed = queues_of(db, receipt)
    finally:
        app.config["GPU_WORKER_ENABLED"] = False
    assert routed["video_assembly"] == "render_gpu" and routed["thumbnail_creation"] == "render_gpu"
    assert routed["script_generation"] == "ai"


def test_signatures_are_immutable_so_stages_never_receive_a_previous_result(db, request_video):
    job = db.session.get(GenerationJob, uuid.UUID(request_video()["job_id"]))
    signatures, task_ids = build_chain(job)
    assert all(sig.immutable for sig in signatures)
    assert [sig.options["task_id"] for sig in signatures] == task_ids


def test_the_api_declares_a_stage_queue_only_on_a_broker_that_needs_it(app, request_video, monkeypatch):
    """On Redis the first task goes straight onto its queue's list, which needs no declaration;
    RabbitMQ would drop a message for a queue nobody had declared, so there the API declares it."""
    from kombu.messaging import Producer

    from ytempire.celery_binding import is_rabbitmq

    declared, published = [], []
    maybe_declare, publish = Producer.maybe_declare, Producer.publish

    def record_declare(self, entity, *args, **kwargs):
        declared.append(entity.name)
        return maybe_declare(self, entity, *args, **kwargs)

    def record_publish(self, body, *args, **kwargs):
        published.append(kwargs.get("routing_key"))
        return publish(self, body, *args, **kwargs)

    monkeypatch.setattr(Producer, "maybe_declare", record_declare)
    monkeypatch.setattr(Producer, "publish", record_publish)
    request_video()
    assert "ai" in published   # the script stage's task, on its queue
    assert ("ai" in declared) is is_rabbitmq(app.extensions["celery"])
