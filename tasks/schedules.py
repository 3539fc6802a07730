"""Beat tasks: thin wrappers over pipeline services."""
from celery import shared_task

from ytempire.pipeline.recovery import recover_stuck_jobs as recover
from ytempire.pipeline.scheduling import publish_due_videos


@shared_task(name="schedules.recover_stuck_jobs")
def recover_stuck_jobs() -> int:
    """Re-enqueue jobs committed but never started, or whose worker died."""
    return recover()


@shared_task(name="schedules.publish_scheduled_videos")
def publish_scheduled_videos() -> int:
    """Enqueue the upload of videos whose scheduled time has come."""
    return publish_due_videos()
