"""After assembly: captions files for the render, the quality report and the contact sheet, from a real
offline pipeline run; and a failed gate fails the stage with its reason."""
import json
import uuid

import pytest
from PIL import Image

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.media.audio_mix import measure_loudness
from ytempire.media.captions import read_ass_events
from ytempire.media.preview import PREVIEW_FILENAME
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.outcomes import StageFailed
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.pipeline.steps.media import (QUALITY_REPORT, check_assembled_video, load_narration, mix_video_soundtrack,
                                           write_video_captions)
from ytempire.pipeline.storage import artefact_path, video_dir


@pytest.fixture
def assembled(db, request_video):
    receipt = request_video(duration=15)
    for stage in STAGES[:4]:
        assert run_stage(receipt["job_id"], stage) == "done"
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video


def test_assembly_leaves_captions_a_quality_report_a_preview_and_a_soundtrack(db, assembled):
    folder = video_dir(assembled.id)
    narration = load_narration(assembled.id)
    events = read_ass_events(folder / "captions.ass")
    assert [e.highlighted for e in events] == [w.text for w in narration.words] and narration.words
    assert (folder / "captions.srt").read_text(encoding="utf-8").startswith("1\n00:00:00,000 --> ")
    report = json.loads((folder / QUALITY_REPORT).read_text())
    assert report["black"] == [] and report["caption_offset_max"] <= 0.006
    assert report["duration"] == pytest.approx(narration.duration, abs=0.2)
    assert report["integrated_lufs"] is not None and report["speech_dbfs"] > -35
    sheet = Image.open(folder / PREVIEW_FILENAME)
    assert sheet.format == "PNG" and sheet.width > sheet.height      # a 3x3 grid of 16:9 frames

    # The soundtrack the render will play instead of the raw narration.
    assert abs(measure_loudness(mix_video_soundtrack(assembled, narration)).integrated + 14) <= 1

    # Enforced, a failed gate fails the stage with its reason.
    captions = write_video_captions(assembled, narration)
    assembled.video_config = {**assembled.video_config, "duration": 120}      # asked for far more than rendered
    with pytest.raises(PermanentProviderError, match=r"shorter than the 2:00\.0 asked for"):
        check_assembled_video(assembled, narration, captions, enforce=True)


@pytest.fixture
def voiced(db, request_video):
    receipt = request_video(duration=15)
    for stage in STAGES[:3]:
        assert run_stage(receipt["job_id"], stage) == "done"
    return receipt


def lay_black_render(receipt, seconds: float) -> None:
    """A render left by an earlier attempt (the stage reuses it): a black picture over the real soundtrack."""
    video_id = uuid.UUID(receipt["video_id"])
    narration = load_narration(video_id)
    run_ffmpeg(["-f", "lavfi", "-i", f"color=c=black:s=640x360:r=12:d={seconds}", "-i", narration.audio_path,
                "-t", str(seconds), "-c:v", "libx264", "-c:a", "aac", "-shortest",
                str(artefact_path(video_id, "video_assembly"))])


def test_a_render_that_fails_a_gate_fails_the_job_with_the_reason(db, voiced):
    lay_black_render(voiced, seconds=load_narration(uuid.UUID(voiced["video_id"])).duration)
    with pytest.raises(StageFailed):
        run_stage(voiced["job_id"], "video_assembly")
    db.session.expire_all()
    job = db.session.get(GenerationJob, uuid.UUID(voiced["job_id"]))
    assert job.status == "failed"
    assert "failed its quality checks" in job.error_message and "the picture is black for" in job.error_message
    assert json.loads((video_dir(job.video_id) / QUALITY_REPORT).read_text())["black"]


def test_the_operators_switch_keeps_the_report_and_lets_the_render_through(app, db, voiced, monkeypatch):
    monkeypatch.setitem(app.config, "QUALITY_GATES_ENFORCED", False)
    lay_black_render(voiced, seconds=load_narration(uuid.UUID(voiced["video_id"])).duration)
    assert run_stage(voiced["job_id"], "video_assembly") == "done"
    report = json.loads((video_dir(uuid.UUID(voiced["video_id"])) / QUALITY_REPORT).read_text())
    assert report["black"] and report["problems"]
