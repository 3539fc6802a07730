"""One Celery task per pipeline stage; each is a thin wrapper over `run_stage`.

A permanent failure, a cancelled job or a duplicate delivery (stage done, or claimed by another
delivery) raises `Ignore`, which stops the chain without marking the task as a success (so the
next stage is never sent).
"""
from celery import shared_task
from celery.exceptions import Ignore, SoftTimeLimitExceeded

from ytempire.pipeline.runner import (StageFailed, StageSkipped, fail_after_retries, record_retry, retry_countdown,
                                      run_stage)
from ytempire.common import infrastructure_errors
from ytempire.common.infrastructure_errors import TRANSIENT_INFRASTRUCTURE_ERRORS
from ytempire.common.provider_errors import TransientProviderError


def run_pipeline_stage(task, job_id: str, stage: str) -> str:
    try:
        return run_stage(job_id, stage, worker_id=task.request.hostname, task_id=task.request.id)
    except (StageSkipped, StageFailed):
        raise Ignore()
    except (TransientProviderError, SoftTimeLimitExceeded) as error:
        countdown = retry_countdown(task.request.retries, getattr(error, "retry_after", None))
        max_retries = record_retry(job_id, countdown)
        if task.request.retries >= max_retries:
            fail_after_retries(job_id, stage, error)
            raise Ignore()
        raise task.retry(exc=error, countdown=countdown, max_retries=max_retries)
    except TRANSIENT_INFRASTRUCTURE_ERRORS as error:
        # Not counted against the job's retries (PostgreSQL may not even answer): past the last
        # retry the task ends, its claim expires and recovery sends the stage again.
        raise task.retry(exc=error, countdown=infrastructure_errors.retry_countdown(task.request.retries),
                         max_retries=infrastructure_errors.MAX_RETRIES)
    finally:
        infrastructure_errors.close_session_quietly()


@shared_task(bind=True, name="pipeline.script_generation")
def script_generation(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "script_generation")


@shared_task(bind=True, name="pipeline.content_optimization")
def content_optimization(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "content_optimization")


@shared_task(bind=True, name="pipeline.voice_synthesis")
def voice_synthesis(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "voice_synthesis")


@shared_task(bind=True, name="pipeline.video_assembly")
def video_assembly(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "video_assembly")


@shared_task(bind=True, name="pipeline.thumbnail_creation")
def thumbnail_creation(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "thumbnail_creation")


@shared_task(bind=True, name="pipeline.youtube_upload")
def youtube_upload(self, job_id: str) -> str:
    return run_pipeline_stage(self, job_id, "youtube_upload")
