"""Quality gates: a good render passes; black gaps, frozen pictures, wrong loudness, drifting captions,
drowned narration and a wrong length each fail with a reason a person understands."""
import dataclasses

import pytest

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.media.audio_mix import mix_soundtrack
from ytempire.media.captions import write_captions
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.media.quality import check_video, inspect_video
from ytempire.providers.voice.interface import TimedWord

SIZE = "320x180"


@pytest.fixture(scope="module")
def soundtrack(narration, tmp_path_factory):
    path = tmp_path_factory.mktemp("quality") / "soundtrack.wav"
    return mix_soundtrack(narration.audio_path, path, duration=narration.duration).path


@pytest.fixture(scope="module")
def captions(narration, tmp_path_factory):
    return write_captions(narration, tmp_path_factory.mktemp("captions"), width=320, height=180)


def render(path, duration, audio, *, source=None, picture="null", audio_filter="anull"):
    """A small test video: moving test pattern (or `source`) with `picture` applied, and `audio`."""
    source = source or f"testsrc2=s={SIZE}:r=12:d={duration:.3f}"
    run_ffmpeg(["-f", "lavfi", "-i", source, "-i", str(audio), "-vf", picture, "-af", audio_filter,
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                "-shortest", str(path)])
    return path


@pytest.fixture(scope="module")
def good_video(narration, soundtrack, tmp_path_factory):
    return render(tmp_path_factory.mktemp("good") / "good.mp4", narration.duration, soundtrack)


def test_a_good_render_passes_every_gate(good_video, narration, captions):
    report = check_video(good_video, narration, requested_seconds=narration.duration,
                         captions_ass=captions.ass_path)
    assert report.passed and not report.black and not report.frozen
    assert abs(report.integrated_lufs + 14) <= 1
    assert report.caption_offset_max <= 0.006
    assert report.speech_dbfs > report.pause_dbfs + 3


def test_a_render_with_a_black_gap_is_caught(narration, soundtrack, tmp_path):
    video = render(tmp_path / "gap.mp4", narration.duration, soundtrack,
                   picture="drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(t,4,5.5)'")
    with pytest.raises(PermanentProviderError, match=r"the picture is black for 1\.[4-6] s at 0:04\.0") as failed:
        check_video(video, narration, requested_seconds=narration.duration)
    assert "stands still" not in str(failed.value) and "LUFS" not in str(failed.value)


def test_a_black_flash_shorter_than_half_a_second_passes(narration, soundtrack, tmp_path):
    video = render(tmp_path / "flash.mp4", narration.duration, soundtrack,
                   picture="drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(t,4,4.3)'")
    assert inspect_video(video, narration).black == []


def test_a_still_picture_and_a_wrong_length_are_caught(narration, soundtrack, tmp_path):
    video = render(tmp_path / "still.mp4", narration.duration, soundtrack,
                   source=f"color=c=0x336699:s={SIZE}:r=12:d={narration.duration:.3f}")
    report = inspect_video(video, narration, requested_seconds=narration.duration * 2)
    assert report.frozen and report.frozen[0][0] == pytest.approx(0, abs=0.2)
    assert any("stands still" in p for p in report.problems)
    assert any("50% shorter than" in p for p in report.problems)


def test_without_the_freeze_gate_a_still_picture_is_measured_but_passes(narration, soundtrack, tmp_path):
    video = render(tmp_path / "slides.mp4", narration.duration, soundtrack,
                   source=f"color=c=0x336699:s={SIZE}:r=12:d={narration.duration:.3f}")
    report = inspect_video(video, narration, requested_seconds=narration.duration, freeze_gate=False)
    assert report.frozen and report.passed


def test_quiet_sound_fails_the_loudness_gate(narration, soundtrack, good_video, tmp_path):
    video = render(tmp_path / "quiet.mp4", narration.duration, soundtrack, audio_filter="volume=-8dB")
    report = inspect_video(video, narration)
    assert report.integrated_lufs < -20
    assert [p for p in report.problems if "LUFS" in p and "quieter than other videos" in p]


def test_narration_drowned_by_noise_is_caught(narration, soundtrack, tmp_path):
    noisy = tmp_path / "noisy.wav"
    run_ffmpeg(["-i", str(soundtrack), "-f", "lavfi", "-i", "anoisesrc=c=pink:a=0.9:r=48000",
                "-filter_complex", "[1:a]volume=6dB[n];[0:a][n]amix=inputs=2:duration=first:normalize=0", str(noisy)])
    report = inspect_video(render(tmp_path / "noisy.mp4", narration.duration, noisy), narration)
    assert any("narration is drowned" in p for p in report.problems), report


def test_captions_that_drift_from_the_voice_are_caught(good_video, narration, captions, tmp_path):
    late = [TimedWord(w.text, w.start + 0.3, w.end + 0.3) if n % 5 == 3 else w for n, w in enumerate(narration.words)]
    drifted = write_captions(dataclasses.replace(narration, words=late), tmp_path, width=320, height=180)
    with pytest.raises(PermanentProviderError, match=r"captions are out of sync with the voice for \d+ words"):
        check_video(good_video, narration, captions_ass=drifted.ass_path)
    sentence = write_captions(narration, tmp_path / "sentence", width=320, height=180, mode="sentence")
    assert inspect_video(good_video, narration, captions_ass=sentence.ass_path).passed
