"""The pipeline's stages, each defined once: its queue, its step, its time limits and its progress.

Everything else is derived from this table: the Celery task per stage (tasks/pipeline.py), the
routes and the broker's visibility timeout (celeryconfig.py), the chain a job runs
(pipeline/workflow.py), the claim expiry (pipeline/claims.py) and the progress a client sees.
Adding a stage is one entry here (and its step function).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded

from ytempire.common.provider_errors import TransientProviderError
from ytempire.pipeline.steps.media import assemble_video, create_thumbnail, synthesize_voice
from ytempire.pipeline.steps.publish import upload_video
from ytempire.pipeline.steps.script import generate_script, optimize_content


@dataclass(frozen=True)
class Stage:
    name: str
    queue: str
    step: Callable                    # step(job): do the work once, store the artefact, charge the ledger
    soft_time_limit: int              # seconds: the step gets SoftTimeLimitExceeded (retried)
    time_limit: int                   # seconds: Celery kills the task; no live run of the stage is older
    progress_after: int               # 0-100 reached when the stage finishes, weighted by typical duration
    gpu_queue: str | None = None      # where a `use_gpu` job's stage goes when GPU workers are enabled
    # Errors worth a retry with backoff (the job's max_retries bounds them); anything else fails the job.
    retry_on: tuple[type[Exception], ...] = (TransientProviderError, SoftTimeLimitExceeded)

    @property
    def task_name(self) -> str:
        return f"pipeline.{self.name}"


PIPELINE = (
    Stage("script_generation", "ai", generate_script, 120, 180, 15),
    Stage("content_optimization", "ai", optimize_content, 120, 180, 25),
    Stage("voice_synthesis", "ai", synthesize_voice, 600, 720, 45),
    Stage("video_assembly", "render", assemble_video, 1800, 2100, 80, gpu_queue="render_gpu"),
    Stage("thumbnail_creation", "render", create_thumbnail, 120, 180, 90, gpu_queue="render_gpu"),
    Stage("youtube_upload", "upload", upload_video, 1800, 2100, 100),
)
STAGES = tuple(stage.name for stage in PIPELINE)
STAGE_BY_NAME = {stage.name: stage for stage in PIPELINE}
UPLOAD_STAGE = "youtube_upload"
LONGEST_TIME_LIMIT = max(stage.time_limit for stage in PIPELINE)


def stage_named(name: str) -> Stage:
    return STAGE_BY_NAME[name]


def progress_before(name: str) -> int:
    """The progress a job has when `name` starts: the mark of the stage before it."""
    index = STAGES.index(name)
    return PIPELINE[index - 1].progress_after if index else 0
