"""Beat tasks run directly (their schedules are checked in celeryconfig)."""
import os
import uuid
from datetime import datetime, timedelta, timezone

import celeryconfig
from tasks.schedules import clean_storage_task, publish_scheduled_videos, recover_stuck_jobs, reset_youtube_quota
from ytempire.pipeline.quota_models import QuotaUsage
from ytempire.videos.models import GenerationJob, Video


def test_beat_schedule_names_registered_tasks(app):
    registered = set(app.extensions["celery"].tasks)
    for entry in celeryconfig.beat_schedule.values():
        assert entry["task"] in registered, entry


def test_quota_reset_is_at_pacific_midnight():
    schedule = celeryconfig.beat_schedule["reset-youtube-quota"]["schedule"]
    assert schedule.hour == {0} and schedule.minute == {0}
    assert str(schedule.nowfun().tzinfo) == "America/Los_Angeles"


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
    app.extensions["redis"].delete("upload")
    assert publish_scheduled_videos() == 1
    db.session.refresh(video)
    assert video.status == "queued" and video.job.stages[-1] == "youtube_upload"
    assert app.extensions["redis"].llen("upload") == 1


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
