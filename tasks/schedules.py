"""Beat tasks: thin wrappers over services, scheduled in celeryconfig.beat_schedule."""
from celery import shared_task
from flask import current_app

from ytempire.analytics.sync import sync_all_analytics, sync_all_channels
from ytempire.outbound_webhooks.service import resend_overdue_deliveries
from ytempire.common.media_cache import trim_media_cache
from ytempire.pipeline.cleanup import clean_storage
from ytempire.youtube.quota import purge_old_quota_days
from ytempire.pipeline.queue_positions import rebuild as rebuild_queue_positions
from ytempire.pipeline.recovery import recover_stuck_jobs as recover
from ytempire.pipeline.scheduling import publish_due_videos
from ytempire.youtube.pubsub import renew_pubsub_subscriptions


@shared_task(name="schedules.recover_stuck_jobs")
def recover_stuck_jobs() -> int:
    """Re-enqueue jobs committed but never started, or whose worker died."""
    return recover()


@shared_task(name="schedules.rebuild_queue_positions")
def rebuild_queue_positions_task() -> int:
    """The queue-position set as PostgreSQL says it is (repairs updates Redis lost)."""
    return rebuild_queue_positions()


@shared_task(name="schedules.publish_scheduled_videos")
def publish_scheduled_videos() -> int:
    """Enqueue the upload of videos whose scheduled time has come."""
    return publish_due_videos()


@shared_task(name="schedules.reset_youtube_quota")
def reset_youtube_quota() -> dict:
    """Midnight Pacific: the new quota day starts empty; old days are purged, deferred jobs resume."""
    return {"purged": purge_old_quota_days(), "resumed": recover()}


@shared_task(name="schedules.clean_storage")
def clean_storage_task() -> int:
    """Daily: remove files of deleted videos and of old failed ones."""
    return clean_storage()


@shared_task(name="schedules.sync_channels")
def sync_channels() -> dict:
    """Refresh linked channels' subscriber, view and video counts (1 quota unit each)."""
    return sync_all_channels()


@shared_task(name="schedules.sync_analytics")
def sync_analytics() -> dict:
    """Upsert recent YouTube Analytics days into the daily snapshots; zero rows for local uploads."""
    return sync_all_analytics()


@shared_task(name="schedules.renew_pubsub")
def renew_pubsub() -> dict:
    """Re-subscribe upload feeds whose hub lease ends within a day."""
    return renew_pubsub_subscriptions()


@shared_task(name="schedules.resend_overdue_webhooks")
def resend_overdue_webhooks() -> int:
    """Every 5 minutes: resend outbound webhook deliveries whose task was lost."""
    return resend_overdue_deliveries()


@shared_task(name="schedules.trim_media_cache")
def trim_media_cache_task() -> int:
    """Hourly: delete least-recently-used downloads until the media cache fits MEDIA_CACHE_MAX_GB."""
    return trim_media_cache(current_app.config)
