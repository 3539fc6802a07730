"""The YouTube beat tasks run as Celery tasks (Task.apply: the task machinery, our app-context binding), not
only their services: channel counters, analytics snapshots and hub renewal against the Google stand-in."""
import uuid
from datetime import timedelta
from urllib.parse import parse_qs

from tasks.schedules import renew_pubsub, reset_youtube_quota, sync_analytics, sync_channels
from ytempire.analytics.models import ChannelDailyStat
from ytempire.channels.models import Channel
from ytempire.common.timeutil import utcnow
from ytempire.youtube.models import PubSubSubscription


def run(task):
    result = task.apply()
    assert result.successful(), result.traceback
    return result.get()


def test_sync_channels_task_stores_the_linked_channels_counters(db, channel, linked, google):
    assert run(sync_channels) == {"synced": 1, "failed": 0}
    stored = db.session.get(Channel, uuid.UUID(channel["id"]))
    assert (stored.subscriber_count, stored.total_views, stored.video_count) == (1234, 98765, 42)


def test_sync_channels_task_counts_a_revoked_grant_as_failed_and_marks_it(db, channel, linked, google):
    from ytempire.common.secrets_at_rest import decrypt_token

    token = decrypt_token(linked.encrypted_token)
    google.tokens.pop(token["access_token"])
    google.revoked.add(token["refresh_token"])
    assert run(sync_channels) == {"synced": 0, "failed": 1}
    db.session.expire_all()
    assert linked.status == "needs_reauth"


def test_sync_analytics_task_upserts_the_recent_days(db, channel, linked, google):
    today = utcnow().date()
    google.set_daily("channel", today - timedelta(days=2), [{"views": 5, "subscribersGained": 1}] * 3)
    assert run(sync_analytics) == {"channels": 1, "failed": 0, "local_video_rows": 0}
    assert db.session.query(ChannelDailyStat).count() == 3


def test_renew_pubsub_task_asks_the_hub_and_records_the_pending_request(db, channel, linked, google):
    assert run(renew_pubsub) == {"requested": 1, "failed": 0, "skipped": False}
    form = parse_qs(google.requests_to("/hub")[0].body.decode())
    assert form["hub.mode"] == ["subscribe"]
    assert db.session.query(PubSubSubscription).one().requested_mode == "subscribe"


def test_reset_task_resumes_a_job_deferred_until_the_reset(db, app, user, channel):
    from ytempire.pipeline.models import GenerationJob

    receipt = user.post("/api/v1/videos/generate", json={"channel_id": channel["id"], "title": "T", "topic": "tides",
                                                         "video_config": {"duration": 15}}).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.status, job.deferred_until = "pending", utcnow() + timedelta(hours=2)
    job.enqueued_at = utcnow() - timedelta(hours=5)
    db.session.commit()
    assert run(reset_youtube_quota)["resumed"] == 0             # still before the reset
    job.deferred_until = utcnow() - timedelta(seconds=5)        # the reset has passed
    db.session.commit()
    assert run(reset_youtube_quota)["resumed"] == 1
