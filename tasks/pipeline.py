"""One Celery task per pipeline stage, registered from the stage table; each wraps `run_stage`.

A permanent failure, a cancelled job or a duplicate delivery (stage done, or claimed by another
delivery) raises `Ignore`, which stops the chain without marking the task as a success (so the
next stage is never sent). The stage's retryable errors are retried with backoff until the job's
`max_retries`, then fail the job. A lost PostgreSQL/Redis/broker connection is retried apart from
those: it is the service restarting, not the stage failing.
"""
from celery import shared_task
from celery.exceptions import Ignore

from ytempire.common import infrastructure_errors
from ytempire.common.infrastructure_errors import TRANSIENT_INFRASTRUCTURE_ERRORS
from ytempire.pipeline.outcomes import StageFailed, StageSkipped
from ytempire.pipeline.runner import fail_after_retries, is_retryable, record_retry, retry_countdown, run_stage
from ytempire.pipeline.stages import PIPELINE, Stage


def run_pipeline_stage(task, job_id: str, stage: str) -> str:
    try:
        return run_stage(job_id, stage, worker_id=task.request.hostname, task_id=task.request.id)
    except (StageSkipped, StageFailed):
        raise Ignore()
    except TRANSIENT_INFRASTRUCTURE_ERRORS as error:
        # Not counted against the job's retries (PostgreSQL may not even answer): past the last
        # retry the task ends, its claim expires and recovery sends the stage again.
        raise task.retry(exc=error, countdown=infrastructure_errors.retry_countdown(task.request.retries),
                         max_retries=infrastructure_errors.MAX_RETRIES)
    except Exception as error:
        if not is_retryable(stage, error):
            raise
        countdown = retry_countdown(task.request.retries, getattr(error, "retry_after", None))
        max_retries = record_retry(job_id, countdown)
        if task.request.retries >= max_retries:
            fail_after_retries(job_id, stage, error)
            raise Ignore()
        raise task.retry(exc=error, countdown=countdown, max_retries=max_retries)
    finally:
        infrastructure_errors.close_session_quietly()


def register_stage_task(stage: Stage):
    """The stage's task, named `pipeline.<stage>`, with the stage's time limits."""
    def run(self, job_id: str) -> str:
        return run_pipeline_stage(self, job_id, stage.name)

    run.__name__ = run.__qualname__ = stage.name
    run.__doc__ = f"The {stage.name} stage of a job."
    return shared_task(bind=True, name=stage.task_name, soft_time_limit=stage.soft_time_limit,
                       time_limit=stage.time_limit)(run)


STAGE_TASKS = {stage.name: register_stage_task(stage) for stage in PIPELINE}
