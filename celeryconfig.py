"""Celery settings (lowercase names). Broker and result URLs come from the Flask config at bind time.

Reliability choices, each from Celery's docs:
- acks_late + reject_on_worker_lost: a task whose worker dies is re-delivered, not lost.
- prefetch 1: a long render never sits reserved behind another on the same worker.
- visibility_timeout above the longest hard time limit: Redis would otherwise re-deliver a task
  that is still running. Deferred work (quota) waits in PostgreSQL, never as a long ETA.
"""
from celery.schedules import crontab
from kombu import Exchange, Queue

from ytempire.pipeline.stages import LONGEST_TIME_LIMIT, PIPELINE
from ytempire.youtube.quota_schedule import QuotaDaySchedule

# default (webhook deliveries, beat tasks) and every queue a stage can be sent to.
QUEUES = ("default", *dict.fromkeys(queue for stage in PIPELINE for queue in (stage.queue, stage.gpu_queue) if queue))

task_queues = [Queue(name, Exchange(name), routing_key=name) for name in QUEUES]
task_default_queue = "default"
task_create_missing_queues = False
# Stage tasks go to their stage's queue (the stage table); their time limits are set on the tasks.
task_routes = {
    **{stage.task_name: {"queue": stage.queue} for stage in PIPELINE},
    # YouTube reads spend quota and wait on Google: they run beside uploads, not on default.
    "schedules.sync_channels": {"queue": "upload"},
    "schedules.sync_analytics": {"queue": "upload"},
    "schedules.renew_pubsub": {"queue": "upload"},
    # The cache is on the render worker's disk: trim it there.
    "schedules.trim_media_cache": {"queue": "render"},
    "schedules.*": {"queue": "default"},
}

task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
event_serializer = "json"
result_accept_content = ["json"]
timezone = "UTC"
enable_utc = True

task_acks_late = True
task_reject_on_worker_lost = True
task_track_started = True
worker_prefetch_multiplier = 1
worker_cancel_long_running_tasks_on_connection_loss = True
worker_send_task_events = True
# Our JSON log lines go straight to stdout instead of being re-wrapped as Celery warnings.
worker_redirect_stdouts = False
# task_send_sent_event: from the Flask config's CELERY_TASK_SENT_EVENTS (ytempire/celery_binding.py).
broker_connection_retry_on_startup = True
broker_transport_options = {"visibility_timeout": LONGEST_TIME_LIMIT + 600}
result_backend_transport_options = {"visibility_timeout": LONGEST_TIME_LIMIT + 600}
result_expires = 24 * 3600

beat_schedule = {
    # Every minute: a dead worker's claim goes stale after STAGE_HEARTBEAT_TIMEOUT_SECONDS; with nothing stuck
    # the run is one query on the status index.
    "recover-stuck-jobs": {"task": "schedules.recover_stuck_jobs", "schedule": 60.0},
    # The receipts' queue positions come from a Redis set kept by the life-cycle; rebuilt from
    # PostgreSQL in case Redis lost an update (one indexed read of the unfinished jobs).
    "rebuild-queue-positions": {"task": "schedules.rebuild_queue_positions", "schedule": 300.0},
    "publish-scheduled-videos": {"task": "schedules.publish_scheduled_videos", "schedule": 60.0},
    # YouTube's quota day ends at midnight Pacific, whatever our timezone (a crontab would match UTC hours).
    "reset-youtube-quota": {"task": "schedules.reset_youtube_quota", "schedule": QuotaDaySchedule()},
    "clean-storage": {"task": "schedules.clean_storage", "schedule": crontab(hour=3, minute=30)},
    # Counters change slowly: once a day, at 08:15 UTC, just after a new quota day starts (08:00 UTC, 07:00 in summer).
    "sync-channels": {"task": "schedules.sync_channels", "schedule": crontab(minute=15, hour=8)},
    "sync-analytics": {"task": "schedules.sync_analytics", "schedule": crontab(minute=45, hour="*/6")},
    "renew-pubsub": {"task": "schedules.renew_pubsub", "schedule": crontab(minute=30, hour="*/12")},
    # Outbound webhook deliveries whose task the broker lost while no new webhook traffic came by.
    "resend-overdue-webhooks": {"task": "schedules.resend_overdue_webhooks", "schedule": 300.0},
    # Downloads shared by all videos: bounded by MEDIA_CACHE_MAX_GB, least recently used go first.
    "trim-media-cache": {"task": "schedules.trim_media_cache", "schedule": crontab(minute=5)},
}
