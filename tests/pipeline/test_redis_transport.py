"""The Redis broker's transport: one redis-py client per pool, and every message still arrives."""
import json
import uuid

import redis as redis_lib
from celery import Celery

from ytempire.celery_redis_transport import transport_for


def test_only_plain_redis_urls_get_the_shared_client_transport():
    assert transport_for("redis://127.0.0.1:6379/3") == "ytempire.celery_redis_transport:Transport"
    assert transport_for("rediss://cache.example:6380/0") == "ytempire.celery_redis_transport:Transport"
    assert transport_for("amqp://guest:guest@127.0.0.1:5672/vhost") is None
    assert transport_for("sentinel://127.0.0.1:26379") is None


def test_the_app_on_a_redis_broker_uses_it(app):
    celery = app.extensions["celery"]
    assert celery.conf.broker_transport == transport_for(str(celery.conf.broker_url))


def test_publishing_many_tasks_builds_no_client_per_message_and_every_message_arrives(redis_url, monkeypatch):
    # A Celery app of its own: the suite's app may be on RabbitMQ (make test's second pass).
    celery = Celery("transport-test", broker=redis_url)
    celery.conf.broker_transport = transport_for(redis_url)
    queue = f"transport-test-{uuid.uuid4().hex[:8]}"
    built, original_init = [], redis_lib.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original_init(self, *args, **kwargs)

    ids = [str(uuid.uuid4()) for _ in range(21)]
    with celery.connection_for_write() as connection:
        assert type(connection.transport).__module__ == "ytempire.celery_redis_transport"
        with celery.producer_or_acquire(celery.amqp.Producer(connection)) as producer:
            celery.send_task("tasks.none", args=("warm-up",), queue=queue, task_id=ids[0], producer=producer)
            monkeypatch.setattr(redis_lib.Redis, "__init__", counting_init)
            for task_id in ids[1:]:
                celery.send_task("tasks.none", args=(task_id,), queue=queue, task_id=task_id, producer=producer)
            monkeypatch.undo()
    assert built == []  # kombu's own transport builds a new client for every message it publishes
    client = redis_lib.Redis.from_url(redis_url)
    received = [json.loads(message)["headers"]["id"] for message in client.lrange(queue, 0, -1)]
    client.delete(queue)
    assert sorted(received) == sorted(ids)
