"""Beat tasks run directly (their schedules are checked in celeryconfig)."""
import os
import pickle
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import celeryconfig
from tests.workers import drop_queued, queue_length
from tasks.schedules import clean_storage_task, publish_scheduled_videos, recover_stuck_jobs, reset_youtube_quota
from ytempire.youtube.quota_models import QuotaUsage
from ytempire.pipeline.models import GenerationJob
from ytempire.videos.models import Video


def test_beat_schedule_names_registered_tasks(app):
    registered = set(app.extensions["celery"].tasks)
    for entry in celeryconfig.beat_schedule.values():
        assert entry["task"] in registered, entry


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def reset_schedule_at(now):
    """The configured quota-reset schedule, evaluated as if it were `now`."""
    schedule = celeryconfig.beat_schedule["reset-youtube-quota"]["schedule"]
    return type(schedule)(nowfun=lambda: now)


@pytest.mark.parametrize("last_run,not_yet,due", [
    # Winter (PST, UTC-8): midnight Pacific is 08:00 UTC.
    (utc(2026, 11, 24, 8, 0, 5), utc(2026, 11, 25, 7, 59, 59), utc(2026, 11, 25, 8, 0, 0)),
    # Summer (PDT, UTC-7): 07:00 UTC.
    (utc(2026, 7, 1, 7, 0, 3), utc(2026, 7, 2, 6, 59, 59), utc(2026, 7, 2, 7, 0, 0)),
    # The night DST ends (2026-11-01): 07:00 UTC on the 1st, then 08:00 UTC on the 2nd.
    (utc(2026, 11, 1, 7, 0, 1), utc(2026, 11, 2, 7, 59, 0), utc(2026, 11, 2, 8, 0, 0)),
    # The night DST starts (2026-03-08): 08:00 UTC on the 8th, then 07:00 UTC on the 9th.
    (utc(2026, 3, 8, 8, 0, 1), utc(2026, 3, 9, 6, 59, 0), utc(2026, 3, 9, 7, 0, 0)),
])
def test_quota_reset_fires_at_pacific_midnight_not_before(last_run, not_yet, due):
    waiting = reset_schedule_at(not_yet).is_due(last_run)
    assert not waiting.is_due and 0 < waiting.next <= 60     # beat wakes up for it
    assert reset_schedule_at(due).is_due(last_run).is_due
    assert reset_schedule_at(due + timedelta(minutes=3)).is_due(last_run).is_due   # a late beat still runs it
    assert reset_schedule_at(due).remaining_estimate(last_run) <= timedelta(0)
    assert reset_schedule_at(not_yet).remaining_estimate(last_run) > timedelta(0)


def test_quota_reset_does_not_fire_at_utc_midnight_and_fires_once_a_day():
    last_run = utc(2026, 11, 24, 8, 0, 2)                       # ran at midnight PST
    assert not reset_schedule_at(utc(2026, 11, 25, 0, 0, 0)).is_due(last_run).is_due   # 16:00 PST
    after = reset_schedule_at(utc(2026, 11, 24, 8, 5)).is_due(last_run)
    assert not after.is_due and after.next == pytest.approx(24 * 3600 - 300)      # next: tomorrow's midnight
    # Beat starting fresh (last_run_at = now) waits for the next midnight instead of firing at once.
    assert not reset_schedule_at(utc(2026, 11, 24, 20, 0)).is_due(utc(2026, 11, 24, 20, 0)).is_due


def test_the_reset_schedule_survives_beats_shelve():
    schedule = celeryconfig.beat_schedule["reset-youtube-quota"]["schedule"]
    assert pickle.loads(pickle.dumps(schedule)) == schedule


def test_channel_sync_runs_daily_after_the_quota_day_starts():
    schedule = celeryconfig.beat_schedule["sync-channels"]["schedule"]
    assert schedule.hour == {8} and schedule.minute == {15} and schedule.day_of_week == set(range(7))


def test_scheduled_video_is_uploaded_once_its_time_comes(db, app, request_video):
    future = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    receipt = request_video(publish="scheduled", scheduled_at=future)
    video = db.session.get(Video, uuid.UUID(receipt["video_id"]))
    assert "youtube_upload" not in video.job.stages
    video.status, video.job.status = "completed", "completed"
    video.job.stages_completed = list(video.job.stages)
    db.session.commit()
    assert publish_scheduled_videos() == 0  # not yet
    video.scheduled_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    db.session.commit()
    drop_queued(app, "upload")
    assert publish_scheduled_videos() == 1
    db.session.refresh(video)
    assert video.status == "queued" and video.job.stages[-1] == "youtube_upload"
    assert queue_length(app, "upload") == 1


def test_recover_task_re_enqueues_a_stuck_job(db, request_video):
    receipt = request_video()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    job.enqueued_at = datetime.now(timezone.utc) - timedelta(hours=1)
    db.session.commit()
    assert recover_stuck_jobs() == 1
    assert recover_stuck_jobs() == 0  # freshly enqueued again


def test_quota_reset_purges_old_days(db):
    db.session.add(QuotaUsage(credential="c", quota_day=datetime(2020, 1, 1).date(), bucket="pool",
                              units_used=5, units_limit=10000))
    db.session.commit()
    assert reset_youtube_quota()["purged"] == 1


def test_storage_cleanup_removes_orphans_and_old_failures_only(db, app, request_video, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE_PATH", str(tmp_path))
    root = str(tmp_path)
    orphan = os.path.join(root, str(uuid.uuid4()))
    os.makedirs(orphan)
    live, recent_failure, old_failure = request_video(), request_video(), request_video()
    for receipt in (live, recent_failure, old_failure):
        os.makedirs(os.path.join(root, receipt["video_id"]), exist_ok=True)
    for receipt, failed_days_ago in ((recent_failure, 1), (old_failure, 30)):
        job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
        job.status, job.video.status = "failed", "failed"
        job.completed_at = datetime.now(timezone.utc) - timedelta(days=failed_days_ago)
    db.session.commit()
    assert clean_storage_task() == 2
    assert not os.path.exists(orphan) and not os.path.exists(os.path.join(root, old_failure["video_id"]))
    assert os.path.exists(os.path.join(root, live["video_id"]))
    assert os.path.exists(os.path.join(root, recent_failure["video_id"]))
