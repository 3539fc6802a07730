"""The worker's entry: build the Flask app and the Celery app bound to it, with every task registered.

The task modules use `@shared_task`, which attaches each task to every Celery app created later,
so importing them first is enough to register them.
"""
import tasks.outbound_webhooks  # noqa: F401 - registers outbound webhook delivery
import tasks.pipeline  # noqa: F401 - registers one task per stage
import tasks.schedules  # noqa: F401 - registers the beat tasks
import tasks.task_logs  # noqa: F401 - one JSON line per task run
from celery import signals
from ytempire import create_app
from ytempire.celery_binding import declare_queues, get_celery

flask_app = create_app()
celery = get_celery(flask_app)


@signals.worker_init.connect
def _declare_queues(**_):
    declare_queues(celery)
