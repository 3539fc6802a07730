"""One structured log line per task run, with the job and video it worked on."""
import time

import structlog
from celery.signals import task_failure, task_postrun, task_prerun, task_retry

log = structlog.get_logger("ytempire.task")
_started: dict[str, float] = {}


@task_prerun.connect
def bind_task_context(task_id=None, task=None, args=None, **_):
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(task_id=task_id, task=task.name)
    if args and task.name.startswith("pipeline."):
        structlog.contextvars.bind_contextvars(job_id=str(args[0]))
    _started[task_id] = time.perf_counter()


@task_postrun.connect
def log_task_run(task_id=None, task=None, state=None, **_):
    started = _started.pop(task_id, None)
    log.info("task", state=state, duration_ms=round((time.perf_counter() - started) * 1000, 1) if started else None)
    structlog.contextvars.clear_contextvars()


@task_retry.connect
def log_task_retry(request=None, reason=None, **_):
    log.warning("task_retry", reason=str(reason)[:300])


@task_failure.connect
def log_task_failure(task_id=None, exception=None, **_):
    log.error("task_failed", error=f"{type(exception).__name__}: {exception}"[:300])
