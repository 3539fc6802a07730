"""The worker's entry: build the Flask app and the Celery app bound to it, then load the tasks."""
from ytempire import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
celery.autodiscover_tasks(["tasks"], related_name=None)

import tasks.pipeline  # noqa: E402,F401 - registers the stage tasks
import tasks.schedules  # noqa: E402,F401 - registers the beat tasks
import tasks.outbound_webhooks  # noqa: E402,F401 - registers outbound webhook delivery
import tasks.task_logs  # noqa: E402,F401 - one JSON line per task run
