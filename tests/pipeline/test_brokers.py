"""Redis or RabbitMQ as the broker: the same routing, and every reader of queues works on both.

Tests marked `broker` run once per broker (`make test` repeats them with `--broker=rabbitmq`); the
quorum-queue test always runs on RabbitMQ, in this run's own virtual host.
"""
import json
import subprocess
import uuid

import pytest

from tests.workers import celery_worker, queue_length
from ytempire.pipeline import runner
from ytempire.users.models import User


def rabbitmq_listing(kind: str, vhost: str, *columns: str) -> dict[str, dict]:
    """`rabbitmqctl list_<kind>` of one virtual host, by name (the management plugin may be off)."""
    result = subprocess.run(["rabbitmqctl", "-q", "--formatter", "json", f"list_{kind}", "-p", vhost,
                             "name", *columns], capture_output=True, text=True, timeout=120, check=True)
    return {row["name"]: row for row in json.loads(result.stdout)}


def test_stage_queues_on_rabbitmq_are_durable_quorum_queues_behind_durable_topic_exchanges(
        app, app_config, rabbitmq_url, tmp_path):
    """A worker on one queue declares them all: it binds every queue to the delayed-delivery exchange."""
    queues = ("default", "ai", "render", "render_gpu", "upload")
    with celery_worker({**app_config, "CELERY_BROKER_URL": rabbitmq_url}, "ai", tmp_path) as (_, log):
        pass
    vhost = rabbitmq_url.rsplit("/", 1)[1]
    declared = rabbitmq_listing("queues", vhost, "type", "durable", "arguments")
    exchanges = rabbitmq_listing("exchanges", vhost, "type", "durable")
    visibility_ms = app.extensions["celery"].conf.broker_transport_options["visibility_timeout"] * 1000
    for queue in queues:
        assert declared[queue]["type"] == "quorum" and declared[queue]["durable"] is True, declared[queue]
        arguments = {name: value for name, *_, value in declared[queue]["arguments"]}
        assert arguments["x-consumer-timeout"] == visibility_ms  # as long as Redis's visibility timeout
        assert exchanges[queue]["type"] == "topic" and exchanges[queue]["durable"] is True, exchanges[queue]
    # Celery saw the quorum queues: per-consumer prefetch, and retry countdowns wait in the broker.
    assert "Global QoS is disabled" in log.read_text()
    assert "Failed to setup delayed delivery" not in log.read_text()
    assert "celery_delayed_27" in exchanges and "celery_delayed_delivery" in exchanges


@pytest.mark.broker
def test_health_and_metrics_count_the_messages_waiting_on_the_broker(app, db, client, user, request_video):
    request_video(duration=15)
    request_video(duration=15)
    assert queue_length(app, "ai") == 2
    db.session.get(User, uuid.UUID(user.user_id)).is_admin = True
    db.session.commit()
    body = user.get("/api/v1/admin/system/health").get_json()
    assert body["components"]["broker"]["status"] == "ok", body
    assert body["components"]["broker"]["queues"] == {"default": 0, "ai": 2, "render": 0, "render_gpu": 0,
                                                      "upload": 0}
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'ytempire_queue_depth{queue="ai"} 2.0' in metrics
    assert 'ytempire_queue_depth{queue="render"} 0.0' in metrics


@pytest.mark.broker
def test_a_long_retry_after_is_clamped_below_the_brokers_redelivery_timeout(app):
    with app.app_context():
        countdown = runner.retry_countdown(0, 86_400)
    assert countdown == runner.MAX_RETRY_COUNTDOWN_SECONDS
    assert countdown <= app.extensions["celery"].conf.broker_transport_options["visibility_timeout"] / 2
