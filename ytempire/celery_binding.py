"""Bind Celery to a Flask app: tasks run inside an app context, reusing one that exists.

Pattern from Flask's docs (patterns/celery) with Superset's existing-context guard.
"""
from celery import Celery, Task
from flask import Flask, has_app_context


def init_celery(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            if has_app_context():
                return self.run(*args, **kwargs)
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.config_from_object("celeryconfig")
    celery_app.conf.update(broker_url=app.config["CELERY_BROKER_URL"], result_backend=app.config["REDIS_URL"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def get_celery(app: Flask) -> Celery:
    return app.extensions["celery"]
