"""Stages called directly (in-process, no broker): idempotent replay, resume after failure, cancel."""
import os
import uuid

import pytest

from ytempire.pipeline import runner
from ytempire.accounting.models import CostEntry
from ytempire.pipeline.outcomes import StageFailed, StageSkipped
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.common.provider_errors import PermanentProviderError
from ytempire.pipeline.models import GenerationJob


def job_of(db, receipt):
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))


def charges(db, receipt):
    return sorted(db.session.query(CostEntry.charge_key).filter_by(job_id=uuid.UUID(receipt["job_id"])).all())


def test_running_every_stage_directly_completes_the_video(db, user, request_video):
    receipt = request_video(duration=60)
    for stage in STAGES:
        assert run_stage(receipt["job_id"], stage, "test-worker") == "done"
    job = job_of(db, receipt)
    assert job.status == "completed" and job.progress == 100 and job.stages_completed == list(STAGES)
    video = job.video
    assert video.status == "published" and video.publish_target == "local" and video.youtube_video_id is None
    assert os.path.getsize(video.video_path) > 10_000 and os.path.exists(video.thumbnail_path)
    assert 48 <= float(video.duration_seconds) <= 72  # the narration's length, within ±20% of the asked 60 s
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["stages_remaining"] == [] and status["progress"] == 100
    metrics = user.client.get("/metrics").get_data(as_text=True)
    for stage in STAGES:
        assert f'ytempire_stage_duration_seconds_count{{stage="{stage}"}} 1.0' in metrics
    assert 'ytempire_jobs{status="completed"} 1.0' in metrics


def test_replaying_a_finished_stage_stops_that_delivery_and_charges_nothing(db, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    before = charges(db, receipt)
    with pytest.raises(StageSkipped):  # a duplicate delivery: its chain must not go on
        run_stage(receipt["job_id"], "script_generation")
    assert charges(db, receipt) == before
    assert job_of(db, receipt).stages_completed == ["script_generation"]


def test_a_stage_rerun_after_a_lost_worker_reuses_the_stored_artefact(db, request_video, monkeypatch):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    job = job_of(db, receipt)
    # The worker died after writing the artefact but before recording completion.
    job.stages_completed = []
    db.session.commit()

    def must_not_call(*args, **kwargs):
        raise AssertionError("the script provider was called again")

    monkeypatch.setattr("ytempire.providers.script.offline.OfflineScriptProvider.write_script", must_not_call)
    before = charges(db, receipt)
    assert run_stage(receipt["job_id"], "script_generation") == "done"
    assert charges(db, receipt) == before


def test_a_permanent_failure_fails_the_job_and_retry_resumes_at_that_stage(db, user, request_video, monkeypatch):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    run_stage(receipt["job_id"], "content_optimization")

    def broken_voice(job):
        raise PermanentProviderError("voice provider rejected the text")

    monkeypatch.setitem(runner.STEPS, "voice_synthesis", broken_voice)
    with pytest.raises(StageFailed):
        run_stage(receipt["job_id"], "voice_synthesis")
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["status"] == "failed" and status["error"]["stage"] == "voice_synthesis"
    assert "rejected" in status["error"]["message"]
    charged = charges(db, receipt)

    monkeypatch.undo()
    retried = user.post(f"/api/v1/videos/{receipt['video_id']}/retry")
    assert retried.status_code == 202
    assert retried.get_json()["stages_completed"] == ["script_generation", "content_optimization"]
    assert retried.get_json()["current_stage"] == "voice_synthesis"
    job = job_of(db, receipt)
    assert len(job.task_ids) == 4  # only the unfinished stages were enqueued

    monkeypatch.setattr("ytempire.providers.script.offline.OfflineScriptProvider.write_script",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("script re-run")))
    with pytest.raises(StageSkipped):  # a finished stage is never run again
        run_stage(receipt["job_id"], "script_generation")
    for stage in STAGES[2:]:  # the retried chain: the unfinished stages only
        run_stage(receipt["job_id"], stage)
    assert job_of(db, receipt).status == "completed"
    finished_stage_charges = [c for c in charges(db, receipt) if ":script_generation:" in c[0]]
    assert finished_stage_charges == [c for c in charged if ":script_generation:" in c[0]]


def test_a_cancelled_job_stops_the_chain(db, user, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    job = job_of(db, receipt)
    job.status = "cancelled"
    db.session.commit()
    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "content_optimization")


def test_deleted_video_stops_the_chain(db, user, request_video):
    receipt = request_video()
    assert user.delete(f"/api/v1/videos/{receipt['video_id']}").status_code == 204
    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "script_generation")


def test_budget_cap_before_a_paid_stage_fails_the_job(db, app, user, request_video):
    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    db.session.add(CostEntry(user_id=uuid.UUID(user.user_id), video_id=uuid.UUID(receipt["video_id"]),
                             job_id=uuid.UUID(receipt["job_id"]), stage="script_generation", provider="test",
                             unit="call", units=1, unit_price=5, amount=5, charge_key="overspent"))
    db.session.commit()
    with pytest.raises(StageFailed):
        run_stage(receipt["job_id"], "content_optimization")
    status = user.get(f"/api/v1/videos/{receipt['video_id']}/status").get_json()
    assert status["status"] == "failed" and "cap" in status["error"]["message"]


def test_a_soft_time_limit_is_left_to_the_task_to_retry_not_a_failure(db, request_video, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    receipt = request_video()

    def slow_script(job):
        raise SoftTimeLimitExceeded()

    monkeypatch.setitem(runner.STEPS, "script_generation", slow_script)
    with pytest.raises(SoftTimeLimitExceeded):
        run_stage(receipt["job_id"], "script_generation")
    assert job_of(db, receipt).status == "running"


def test_a_video_deleted_while_its_stage_ran_leaves_no_files(db, app, user, request_video, monkeypatch):
    receipt = request_video()
    folder = os.path.join(app.config["STORAGE_PATH"], receipt["video_id"])

    def script_then_user_deletes(job):
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, "script.json"), "w").write("{}")
        # The user deletes the video from another connection while this stage is still running.
        assert user.delete(f"/api/v1/videos/{receipt['video_id']}").status_code == 204
        os.makedirs(folder, exist_ok=True)
        open(os.path.join(folder, "script.json"), "w").write("{}")

    monkeypatch.setitem(runner.STEPS, "script_generation", script_then_user_deletes)
    with pytest.raises(StageSkipped):
        run_stage(receipt["job_id"], "script_generation")
    assert not os.path.exists(folder)


def crash_after_the_artefact(db, receipt, stage):
    """The worker wrote the stage's artefact, then died before its charge and completion committed."""
    job = job_of(db, receipt)
    db.session.query(CostEntry).filter_by(job_id=job.id, stage=stage).delete()
    job.stages_completed = [s for s in job.stages_completed if s != stage]
    db.session.commit()


def test_a_rerun_that_reuses_a_paid_script_records_its_charge_exactly_once(db, app, request_video, monkeypatch):
    from decimal import Decimal

    from ytempire.pipeline.storage import artefact_path, read_json, write_json

    receipt = request_video()
    run_stage(receipt["job_id"], "script_generation")
    path = artefact_path(uuid.UUID(receipt["video_id"]), "script_generation")
    # As if OpenAI had written it: the usage is stored with the artefact.
    write_json(path, {**read_json(path), "provider": "openai", "model": "gpt-4o-mini",
                      "input_tokens": 1000, "output_tokens": 2000})
    crash_after_the_artefact(db, receipt, "script_generation")
    monkeypatch.setattr("ytempire.providers.script.offline.OfflineScriptProvider.write_script",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError("the paid call was made again")))
    for _ in range(2):  # the second run is a later duplicate: still one entry per call
        job_of(db, receipt).stages_completed = []
        db.session.commit()
        assert run_stage(receipt["job_id"], "script_generation") == "done"
    entries = db.session.query(CostEntry).filter_by(job_id=uuid.UUID(receipt["job_id"]),
                                                    stage="script_generation").all()
    assert sorted((e.provider, e.unit, int(e.units)) for e in entries) == [
        ("openai", "input_token", 1000), ("openai", "output_token", 2000)]
    assert sum(e.amount for e in entries) == Decimal("0.00015") + Decimal("0.0012")


def test_a_rerun_that_reuses_a_narration_records_its_charge_exactly_once(db, request_video):
    receipt = request_video()
    for stage in STAGES[:3]:
        run_stage(receipt["job_id"], stage)
    before = [c for c in charges(db, receipt) if ":voice_synthesis:" in c[0]]
    crash_after_the_artefact(db, receipt, "voice_synthesis")
    assert [c for c in charges(db, receipt) if ":voice_synthesis:" in c[0]] == []
    assert run_stage(receipt["job_id"], "voice_synthesis") == "done"
    entries = db.session.query(CostEntry).filter_by(job_id=uuid.UUID(receipt["job_id"]), stage="voice_synthesis").all()
    assert len(entries) == 1 and entries[0].units > 0
    assert [c for c in charges(db, receipt) if ":voice_synthesis:" in c[0]] == before


def test_chapter_times_in_the_description_follow_the_spoken_narration(db, request_video):
    import re

    from ytempire.pipeline.steps.media import load_narration
    from ytempire.pipeline.steps.script import load_script
    from ytempire.text.youtube_metadata import format_timestamp

    receipt = request_video(duration=120, video_config={"duration": 120, "voice": "energetic-female",
                                                        "language": "fr-FR"})
    for stage in STAGES[:3]:
        run_stage(receipt["job_id"], stage)
    video = job_of(db, receipt).video
    sections = load_script(video.id).sections
    segments = load_narration(video.id).segments
    # Each section's first sentence, found in the narration: when the viewer hears it begin.
    heard = []
    for section in sections:
        first = " ".join(section.text.split(". ")[0].split())
        heard.append(int(next(s.start for s in segments if s.text.startswith(first))))
    stamps = re.findall(r"^(\d+:\d\d) (.+)$", video.description, flags=re.MULTILINE)
    assert [heading for _, heading in stamps] == [s.heading for s in sections]
    assert [stamp for stamp, _ in stamps] == ["0:00", *(format_timestamp(t) for t in heard[1:])]


def test_re_timing_chapters_again_changes_nothing(db, request_video):
    from ytempire.pipeline.steps.media import load_narration, retime_chapters
    from ytempire.pipeline.steps.script import load_script

    receipt = request_video(duration=60)
    for stage in STAGES[:3]:
        run_stage(receipt["job_id"], stage)
    video = job_of(db, receipt).video
    assert retime_chapters(video.description, load_script(video.id).sections,
                           load_narration(video.id)) == video.description
