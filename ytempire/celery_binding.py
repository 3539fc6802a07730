"""Bind Celery to a Flask app: tasks run inside an app context, reusing one that exists.

Pattern from Flask's docs (patterns/celery) with Superset's existing-context guard. The broker is
Redis or RabbitMQ (`CELERY_BROKER_URL`); what differs between them is decided here, once.
"""
from __future__ import annotations

import logging
import math

import redis
from celery import Celery, Task
from flask import Flask, has_app_context
from kombu import Connection, Exchange, Queue
from kombu.exceptions import OperationalError

from ytempire.celery_redis_transport import transport_for

AMQP_SCHEMES = ("amqp://", "amqps://", "pyamqp://")
log = logging.getLogger(__name__)


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            if has_app_context():
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

        def retry(self, *args, countdown=None, **options):
            """RabbitMQ's delayed delivery counts whole seconds and refuses a countdown under one."""
            if countdown and is_rabbitmq(self.app):
                countdown = math.ceil(countdown)
            return super().retry(*args, countdown=countdown, **options)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object("celeryconfig")
    celery_app.conf.update(broker_url=app.config["CELERY_BROKER_URL"], result_backend=app.config["REDIS_URL"],
                           broker_transport=transport_for(app.config["CELERY_BROKER_URL"]),
                           task_send_sent_event=app.config["CELERY_TASK_SENT_EVENTS"])
    if is_rabbitmq(celery_app):
        celery_app.conf.task_queues = quorum_queues(celery_app.conf.task_queues, redelivery_timeout(celery_app))
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def get_celery(app: Flask) -> Celery:
    return app.extensions["celery"]


def is_rabbitmq(celery_app: Celery) -> bool:
    return str(celery_app.conf.broker_url).startswith(AMQP_SCHEMES)


def publish_options(celery_app: Celery) -> dict:
    """What sending a task to its queue passes to Celery besides the task's own options.

    On Redis, a message for a queue goes straight onto the queue's list, which needs no
    declaration; left to itself kombu copies and binds the queue object on every publish only to
    find it declared already (a sixth of sending a chain from the API). RabbitMQ drops a message
    for a queue that does not exist yet, so there the queue is declared as Celery does.
    """
    return {} if is_rabbitmq(celery_app) else {"declare": []}


def quorum_queues(queues, unacked_seconds: float) -> list[Queue]:
    """The same queues and routing keys as durable quorum queues on durable topic exchanges.

    Quorum queues are replicated and survive a broker restart. Topic rather than direct exchanges
    because Celery's native delayed delivery (a retry's countdown waits in the broker, not held
    unacknowledged by a worker) only routes through topic exchanges. `x-consumer-timeout` lets a
    delivery stay unacknowledged as long as Redis's visibility timeout (the longest stage plus a
    margin): RabbitMQ 3.12+ reads it per queue; older servers need `consumer_timeout` in rabbitmq.conf.
    """
    arguments = {"x-queue-type": "quorum", "x-consumer-timeout": int(unacked_seconds * 1000)}
    return [Queue(queue.name, Exchange(queue.exchange.name, type="topic", durable=True),
                  routing_key=queue.routing_key, durable=True, queue_arguments=arguments) for queue in queues]


def declare_queues(celery_app: Celery) -> None:
    """On RabbitMQ, declare every stage queue and its exchange, not only those this worker consumes.

    At start a worker binds all of the app's queues to Celery's delayed-delivery exchange; an exchange
    that no one has declared yet (e.g. render_gpu's) would make that fail, and with it every retry.
    """
    if not is_rabbitmq(celery_app):
        return
    connection = celery_app.connection_for_write()
    try:
        with connection:
            connection.ensure_connection(max_retries=3)
            for queue in celery_app.amqp.queues.values():
                queue.bind(connection.default_channel).declare()
    except (OperationalError, *connection.connection_errors) as error:  # the worker's own connection retries
        log.warning("declaring queues failed: %s", error)


def redelivery_timeout(celery_app: Celery) -> float:
    """Seconds a delivery may stay unacknowledged before the broker gives it to another worker.

    Redis: the visibility timeout; RabbitMQ: the consumer timeout we set on each queue to the same value.
    """
    return float(celery_app.conf.broker_transport_options["visibility_timeout"])


def queue_depths(celery_app: Celery, queues, timeout: float = 1.0) -> dict[str, int]:
    """Messages waiting in each queue, on either broker (a queue not declared yet counts 0)."""
    url = celery_app.conf.broker_url
    if is_rabbitmq(celery_app):
        return _declared_depths(url, queues, timeout)
    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return {queue: client.llen(queue) for queue in queues}


def _declared_depths(url: str, queues, timeout: float) -> dict[str, int]:
    """AMQP has no 'length of' command: a passive declare answers with the message count."""
    depths = {}
    with Connection(url, connect_timeout=timeout,
                    transport_options={"read_timeout": timeout, "write_timeout": timeout}) as connection:
        connection.ensure_connection(max_retries=0)
        for queue in queues:
            channel = connection.channel()  # a 404 closes its channel: one per queue
            try:
                depths[queue] = channel.queue_declare(queue, passive=True).message_count
            except connection.channel_errors:
                depths[queue] = 0
            finally:
                try:
                    channel.close()
                except Exception:  # noqa: BLE001 - already closed by the broker's 404
                    pass
    return depths
