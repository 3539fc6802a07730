"""The footage renderer: clips and panned stills in one pass, looping, and the optional soundtrack,
burned-in ASS captions and soft subtitle track (which the slide renderer accepts too)."""
from __future__ import annotations

import numpy as np
import pytest

from ytempire.common.ffmpeg import decode_audio, probe, run_ffmpeg
from ytempire.media.footage import render_footage
from ytempire.media.render import render_video
from ytempire.providers.visuals.interface import CLIP, STILL, Shot, VisualPlan

from tests.media.signals import video_frame
from tests.standins.media_files import make_clip, make_image

SIZE = (640, 360)
YELLOW_BOX_ASS = """[Script Info]
ScriptType: v4.00+
PlayResX: 640
PlayResY: 360

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Word,DejaVu Sans,40,&H0000FFFF,&H0000FFFF,&H0000FFFF,&H0000FFFF,1,0,0,0,100,100,0,0,3,12,0,2,20,20,20,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:01:00.00,Word,,0,0,0,,MMMMMMMM
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("footage-inputs")
    return {
        "clip": make_clip(folder / "bars.mp4", "smptebars", (640, 360), 2.0),
        "clip2": make_clip(folder / "mandel.mp4", "mandelbrot", (800, 600), 3.0),
        "still": make_image(folder / "still.png", "testsrc2", (1024, 768)),
        "tone": _tone(folder / "tone.m4a", 880),
        "ass": _write(folder / "captions.ass", YELLOW_BOX_ASS),
        "srt": _write(folder / "soft.srt", "1\n00:00:00,500 --> 00:00:02,000\nHello there\n"),
    }


def _tone(path, hz):
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency={hz}:duration=20", "-c:a", "aac", str(path)])
    return path


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _plan(inputs, narration) -> VisualPlan:
    third = narration.duration / 3
    return VisualPlan([
        Shot(0.0, third, CLIP, str(inputs["clip"]), clip_duration=2.0),            # looped when the third > 2 s
        Shot(third, third, STILL, str(inputs["still"])),
        Shot(2 * third, narration.duration - 2 * third, CLIP, str(inputs["clip2"]), clip_start=0.5, clip_duration=3.0),
    ], "test")


def _dominant_hz(path, start, seconds) -> float:
    pcm = np.frombuffer(decode_audio(path, start=start, duration=seconds), np.int16).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(pcm))
    return float(np.argmax(spectrum[1:]) + 1) * 16000 / len(pcm)


def test_footage_plays_each_shot_for_its_span_and_stills_move(inputs, narration, tmp_path):
    result = render_footage(_plan(inputs, narration), narration, tmp_path / "plain.mp4", size=SIZE,
                            workdir=tmp_path / "work")
    info = probe(result.path)
    video = info.of_kind("video")[0]
    assert (video.width, video.height) == SIZE and abs(info.duration - narration.duration) < 0.2
    assert not info.of_kind("subtitle") and (tmp_path / "plain.srt").exists()
    third = narration.duration / 3
    bars, still_a, still_b, mandel = (video_frame(result.path, t, (64, 36)) for t in
                                      (0.5, third + 0.3, 2 * third - 0.3, 2 * third + 0.5))
    # SMPTE bars: seven vertical bars, so the top rows vary across and not down.
    assert np.abs(np.diff(bars[5], axis=0)).sum() > 500 and np.abs(bars[2] - bars[8]).mean() < 3
    assert np.abs(still_a - still_b).mean() > 2              # the still is panned, not frozen
    assert np.abs(mandel - bars).mean() > 20 and np.abs(mandel - still_b).mean() > 20
    # The 2 s clip looped to fill its longer shot: the frame just after the loop matches its start.
    if third > 2.2:
        assert np.abs(video_frame(result.path, 2.05, (64, 36)) - video_frame(result.path, 0.05, (64, 36))).mean() < 4
    # The narration is the audio (espeak's voice, not a tone).
    assert 0 < len(decode_audio(result.path, duration=1.0))


def test_soundtrack_ass_captions_and_soft_subtitles_in_the_same_pass(inputs, narration, tmp_path):
    plain = render_footage(_plan(inputs, narration), narration, tmp_path / "plain.mp4", size=SIZE,
                           workdir=tmp_path / "work")
    full = render_footage(_plan(inputs, narration), narration, tmp_path / "full.mp4", size=SIZE,
                          workdir=tmp_path / "work", soundtrack_path=str(inputs["tone"]),
                          captions_ass_path=str(inputs["ass"]), soft_subtitles_path=str(inputs["srt"]))
    info = probe(full.path)
    assert [s.codec for s in info.of_kind("subtitle")] == ["mov_text"]
    assert abs(_dominant_hz(full.path, 1.0, 1.0) - 880) < 5                   # the soundtrack, not the voice
    assert abs(_dominant_hz(plain.path, 1.0, 1.0) - 880) > 50
    for at in (0.5, narration.duration / 2):
        with_box = video_frame(full.path, at, SIZE)[300:350, 200:440]
        without = video_frame(plain.path, at, SIZE)[300:350, 200:440]
        red, green, blue = with_box[..., 0].mean(), with_box[..., 1].mean(), with_box[..., 2].mean()
        assert red > 200 and green > 200 and blue < 60, (at, red, green, blue)  # the yellow caption box
        assert np.abs(with_box - without).mean() > 40
    text = run_ffmpeg(["-i", full.path, "-map", "0:s", "-f", "srt", "-"]).stdout.decode()
    assert "Hello there" in text


def test_slides_take_the_same_soundtrack_captions_and_subtitles(inputs, narration, tmp_path):
    result = render_video(narration, tmp_path / "slides.mp4", title="Octopuses", workdir=tmp_path / "work",
                          soundtrack_path=str(inputs["tone"]), captions_ass_path=str(inputs["ass"]),
                          soft_subtitles_path=str(inputs["srt"]))
    info = probe(result.path)
    assert [s.codec for s in info.of_kind("subtitle")] == ["mov_text"]
    assert abs(_dominant_hz(result.path, 1.0, 1.0) - 880) < 5
    box = video_frame(result.path, 1.0, (1280, 720))[600:700, 400:880]
    assert box[..., 0].mean() > 200 and box[..., 2].mean() < 60


def test_a_long_plan_is_encoded_in_parts_that_keep_shots_captions_and_audio_in_time(inputs, narration, tmp_path):
    from ytempire.media.footage import SHOTS_PER_PASS

    count = SHOTS_PER_PASS + 4
    step = narration.duration / count
    shots = [Shot(i * step, step, CLIP, str(inputs["clip"]), clip_duration=2.0) if i % 2 == 0 else
             Shot(i * step, step, CLIP, str(inputs["clip2"]), clip_duration=3.0) for i in range(count)]
    boundary = SHOTS_PER_PASS * step                   # where the second part starts
    ass = tmp_path / "window.ass"
    event_end = boundary + 1.0
    ass.write_text(YELLOW_BOX_ASS.replace("0:00:00.00,0:01:00.00", f"0:00:{boundary - 1:05.2f},0:00:{event_end:05.2f}"))
    result = render_footage(VisualPlan(shots, "test"), narration, tmp_path / "long.mp4", size=SIZE,
                            workdir=tmp_path / "work", soundtrack_path=str(inputs["tone"]),
                            captions_ass_path=str(ass), soft_subtitles_path=str(inputs["srt"]))
    info = probe(result.path)
    assert abs(info.duration - narration.duration) < 0.15
    assert [s.codec for s in info.of_kind("subtitle")] == ["mov_text"]
    assert abs(_dominant_hz(result.path, 1.0, 1.0) - 880) < 5
    bars = video_frame(inputs["clip"], 0.5, (64, 36))
    for i in (0, 1, SHOTS_PER_PASS - 1, SHOTS_PER_PASS, count - 1):   # each shot where the plan puts it
        frame = video_frame(result.path, (i + 0.5) * step, (64, 36))
        assert (np.abs(frame[:20] - bars[:20]).mean() < 10) == (i % 2 == 0), i
    def caption_box(at):
        box = video_frame(result.path, at, SIZE)[300:350, 200:440]
        return box[..., 0].mean() > 200 and box[..., 1].mean() > 200 and box[..., 2].mean() < 60
    assert caption_box(boundary - 0.5) and caption_box(boundary + 0.5)       # on both sides of the join
    assert not caption_box(boundary - 1.5) and not caption_box(event_end + 0.5)
