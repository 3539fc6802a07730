"""captions_upload: the upload stage sends the video's captions through captions.insert (400 quota
units) to the Google stand-in, once; without the grant's scope or on a refusal the video still publishes."""
import os
import uuid

import pytest

from tests.standins.google_api import google_error
from tests.youtube.conftest import link
from ytempire.media.captions import write_captions
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.runner import StageDeferred, run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.storage import artefact_path, read_json, video_dir, write_json
from ytempire.providers.voice.interface import Narration, TimedText, TimedWord
from ytempire.youtube.quota_models import QuotaUsage

NARRATION = Narration("unused.wav", 4.0, [TimedText("Tides follow the moon.", 0.0, 1.6),
                                          TimedText("Twice a day.", 1.85, 3.0)], 34, "offline", "x",
                      [TimedWord("Tides", 0.0, 0.4), TimedWord("follow", 0.4, 0.8), TimedWord("the", 0.8, 1.0),
                       TimedWord("moon.", 1.0, 1.6), TimedWord("Twice", 1.85, 2.2), TimedWord("a", 2.2, 2.4),
                       TimedWord("day.", 2.4, 3.0)])


def uploaded_job(db, user, channel, *, captions_upload=True):
    """A job whose video went up in an earlier attempt (receipt saved), with captions on disk."""
    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "title": "How tides work", "topic": "Why the ocean has tides",
        "video_config": {"duration": 15, "language": "en-US", "captions_upload": captions_upload}}).get_json()
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    folder = video_dir(job.video_id)
    video_file = folder / "video.mp4"
    video_file.write_bytes(os.urandom(1000))
    write_captions(NARRATION, folder, width=1280, height=720)
    write_json(artefact_path(job.video_id, "youtube_upload"), {
        "video_id": "yt_video_1", "publisher": "youtube", "privacy_status": "private", "thumbnail_set": True})
    job.stages_completed = [s for s in STAGES if s != "youtube_upload"]
    job.current_stage = "youtube_upload"
    job.video.video_path = str(video_file)
    db.session.commit()
    return job.id, job.video_id


def pool_units(db):
    db.session.expire_all()
    return sum(u.units_used for u in db.session.query(QuotaUsage).filter_by(bucket="pool"))


def test_captions_go_to_youtube_once_and_are_charged_400_units(db, user, channel, linked, google):
    job_id, video_id = uploaded_job(db, user, channel)
    assert run_stage(job_id, "youtube_upload") == "done"
    [caption] = google.captions
    assert caption["snippet"] == {"videoId": "yt_video_1", "language": "en-US", "name": "", "isDraft": False}
    assert caption["upload_type"] == "multipart"
    assert caption["track"] == (video_dir(video_id) / "captions.srt").read_text(encoding="utf-8")
    assert caption["track"].startswith("1\n00:00:00,000 --> ") and "Tides follow the moon." in caption["track"]
    assert read_json(artefact_path(video_id, "youtube_upload"))["caption_id"] == caption["id"]
    assert pool_units(db) == 400


def test_without_captions_upload_nothing_is_sent(db, user, channel, linked, google):
    job_id, _ = uploaded_job(db, user, channel, captions_upload=False)
    assert run_stage(job_id, "youtube_upload") == "done"
    assert google.captions == [] and pool_units(db) == 0


def test_a_grant_without_the_captions_scope_skips_them_with_a_warning(db, user, channel, google):
    credential = link(db, channel["id"], google, scopes=google.granted_scopes[:4])
    job_id, _ = uploaded_job(db, user, channel)
    assert run_stage(job_id, "youtube_upload") == "done"
    assert google.captions == []
    db.session.expire_all()
    assert any("reconnect the channel to allow caption uploads" in w for w in credential.warnings)
    assert db.session.get(GenerationJob, job_id).status == "completed"


def test_a_refused_caption_track_does_not_fail_the_published_video(db, user, channel, linked, google):
    job_id, video_id = uploaded_job(db, user, channel)
    google.queue(google_error(403, "forbidden", "The permissions associated with the request are not sufficient."))
    assert run_stage(job_id, "youtube_upload") == "done"
    receipt = read_json(artefact_path(video_id, "youtube_upload"))
    assert "403" in receipt["caption_error"] and "caption_id" not in receipt
    db.session.expire_all()
    assert any("YouTube refused them" in w for w in linked.warnings)


def test_a_pool_that_cannot_pay_400_units_defers_and_the_rerun_sends_them_once(db, app, user, channel, linked,
                                                                               google, monkeypatch):
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 300)
    job_id, video_id = uploaded_job(db, user, channel)
    with pytest.raises(StageDeferred):
        run_stage(job_id, "youtube_upload")
    assert google.captions == [] and pool_units(db) == 0
    monkeypatch.setitem(app.config, "YOUTUBE_QUOTA_PER_ACCOUNT", 10000)
    assert run_stage(job_id, "youtube_upload") == "done"
    assert len(google.captions) == 1 and len(google.requests_to("/upload/youtube/v3/captions")) == 1
    assert read_json(artefact_path(video_id, "youtube_upload"))["caption_id"] == google.captions[0]["id"]
