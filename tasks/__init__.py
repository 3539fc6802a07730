"""Celery tasks: thin wrappers over ytempire services. `celery -A tasks worker` finds `celery` here."""
from tasks.worker import celery  # noqa: F401
