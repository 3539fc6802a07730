"""The renderer turns a narration into a real, playable MP4 whose visuals follow the voice."""
from dataclasses import replace
from pathlib import Path

import numpy as np
import psutil
import pytest
from PIL import Image

from ytempire.common import ffmpeg
from ytempire.common.ffmpeg import FFmpegError, pick_video_encoder, probe, run_ffmpeg
from ytempire.media.output import FPS
from ytempire.media.render import render_video, slide_spans
from ytempire.media.slides import render_slide
from ytempire.providers.voice.interface import TimedText

from tests.media.conftest import TITLE
from tests.media.signals import decoded_rms, parse_srt, video_frame

THUMB = (64, 36)


def test_mp4_has_one_h264_and_one_aac_stream_at_720p(landscape_video, narration):
    info = probe(landscape_video.path)
    (video,), (audio,) = info.of_kind("video"), info.of_kind("audio")
    assert len(info.streams) == 2
    assert (video.codec, video.width, video.height, video.pix_fmt) == ("h264", 1280, 720, "yuv420p")
    assert audio.codec == "aac" and audio.sample_rate == 48000
    assert abs(info.duration - narration.duration) <= 0.3
    assert landscape_video.encoder == "libx264"
    assert (landscape_video.width, landscape_video.height) == (1280, 720)
    assert landscape_video.duration == pytest.approx(info.duration)


def test_mp4_audio_carries_the_narration(landscape_video, narration):
    for seg in narration.segments[:2]:
        assert decoded_rms(landscape_video.path, seg.start, seg.end - seg.start) > 1000


def test_mp4_is_faststart(landscape_video):
    head = Path(landscape_video.path).read_bytes()
    assert 0 < head.find(b"moov") < head.find(b"mdat")          # playable before fully downloaded


def test_each_sentence_is_on_screen_exactly_while_it_is_spoken(landscape_video, narration, tmp_path):
    """Frames sampled in every segment match that segment's slide and no other, switching at each start."""
    slides = [_slide_thumbnail(seg.text, i, len(narration.segments), (1280, 720), tmp_path)
              for i, seg in enumerate(narration.segments)]
    margin = 1.5 / FPS
    for i, seg in enumerate(narration.segments):
        for at in (seg.start + margin, (seg.start + seg.end) / 2, seg.end - margin):
            distances = [_distance(video_frame(landscape_video.path, at, THUMB), slide) for slide in slides]
            assert int(np.argmin(distances)) == i, (at, distances)
            assert distances[i] < 6 and min(d for j, d in enumerate(distances) if j != i) > 3 * distances[i]
    # During the pause after a sentence, that sentence's slide stays up until the next one starts.
    first, second = narration.segments[:2]
    in_pause = video_frame(landscape_video.path, (first.end + second.start) / 2 - margin, THUMB)
    assert int(np.argmin([_distance(in_pause, s) for s in slides])) == 0


def test_srt_sidecar_matches_the_segments(landscape_video, narration):
    srt = Path(landscape_video.path).with_suffix(".srt")
    cues = parse_srt(srt.read_text(encoding="utf-8"))
    assert [c[0] for c in cues] == list(range(1, len(narration.segments) + 1))
    for (_, start, end, text), seg in zip(cues, narration.segments):
        assert text == seg.text
        assert start == pytest.approx(seg.start, abs=0.0006) and end == pytest.approx(seg.end, abs=0.0006)


def test_render_leaves_no_temporary_files(landscape_video, media_dir):
    assert sorted(p.name for p in Path(landscape_video.path).parent.iterdir()) == ["landscape.mp4", "landscape.srt"]
    assert list((media_dir / "work").iterdir()) == []


def test_failed_render_leaves_no_video_behind(narration, tmp_path):
    broken = replace(narration, audio_path=str(tmp_path / "gone.wav"))
    with pytest.raises(FFmpegError, match="gone.wav"):
        render_video(broken, tmp_path / "out" / "video.mp4", title=TITLE, workdir=tmp_path / "work")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["video.srt"]    # captions come first, no MP4
    assert list((tmp_path / "work").iterdir()) == []


def test_shorts_are_vertical_1080x1920(narration, tmp_path):
    result = render_video(narration, tmp_path / "short.mp4", title=TITLE, fmt="shorts", workdir=tmp_path)
    (video,) = probe(result.path).of_kind("video")
    assert (video.codec, video.width, video.height) == ("h264", 1080, 1920)
    assert (result.width, result.height) == (1080, 1920)
    assert abs(result.duration - narration.duration) <= 0.3
    seg = narration.segments[1]
    slide = _slide_thumbnail(seg.text, 1, len(narration.segments), (1080, 1920), tmp_path, small=(36, 64))
    assert _distance(video_frame(result.path, (seg.start + seg.end) / 2, (36, 64)), slide) < 6


def test_background_music_plays_quietly_under_the_voice(narration, tmp_path):
    music = tmp_path / "music.wav"                               # shorter than the narration: must loop
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=1.5:sample_rate=44100", str(music)])
    with_music = render_video(narration, tmp_path / "music.mp4", title=TITLE, background_music=str(music),
                              workdir=tmp_path)
    assert abs(with_music.duration - narration.duration) <= 0.3
    assert len(probe(with_music.path).of_kind("audio")) == 1
    fade = 2.5
    pauses = [(a.end + 0.05, b.start - a.end - 0.1) for a, b in zip(narration.segments, narration.segments[1:])
              if a.end > fade and b.start < narration.duration - fade]
    assert pauses, "the test narration needs a pause clear of the music fades"
    voice_level = decoded_rms(with_music.path, narration.segments[1].start, 1.0)
    for start, length in pauses:
        music_level = decoded_rms(with_music.path, start, length)
        assert 100 < music_level < voice_level / 3                # audible, but well under the voice
    silent_render = render_video(narration, tmp_path / "plain.mp4", title=TITLE, workdir=tmp_path)
    assert all(decoded_rms(silent_render.path, s, n) < 30 for s, n in pauses)


def test_slide_spans_tile_the_narration():
    segments = [TimedText("a", 0.1, 1.0), TimedText("b", 1.25, 2.0), TimedText("c", 2.25, 3.0)]
    assert slide_spans(segments, 3.5) == [(0.0, 1.25), (1.25, 2.25), (2.25, 3.5)]
    with pytest.raises(ValueError):
        slide_spans([], 1.0)


def test_unknown_format_and_missing_music_are_rejected(narration, tmp_path):
    with pytest.raises(ValueError, match="landscape"):
        render_video(narration, tmp_path / "x.mp4", title=TITLE, fmt="square", workdir=tmp_path)
    with pytest.raises(FileNotFoundError):
        render_video(narration, tmp_path / "x.mp4", title=TITLE, background_music=str(tmp_path / "none.mp3"),
                     workdir=tmp_path)


def test_ffmpeg_failure_raises_with_stderr_tail(tmp_path):
    with pytest.raises(FFmpegError) as caught:
        run_ffmpeg(["-i", str(tmp_path / "missing.wav"), str(tmp_path / "out.mp4")])
    assert caught.value.returncode != 0
    assert "No such file or directory" in str(caught.value)


def test_probe_rejects_a_file_that_is_not_media(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_text("not a video")
    with pytest.raises(FFmpegError):
        probe(junk)


def test_gpu_encoder_only_when_nvenc_is_listed_and_encodes(monkeypatch):
    def fake_ffmpeg(listed: bool, encodes: bool):
        def run(args, **_):
            if "-encoders" in args:
                return _Completed(b" V....D h264_nvenc  NVIDIA NVENC H.264 encoder\n" if listed else b" libx264\n")
            if not encodes:
                raise FFmpegError("Cannot load libcuda.so.1")
            return _Completed(b"")
        return run

    for listed, encodes, expected in [(True, True, "h264_nvenc"), (True, False, "libx264"), (False, True, "libx264")]:
        monkeypatch.setattr(ffmpeg, "run_ffmpeg", fake_ffmpeg(listed, encodes))
        ffmpeg.nvenc_available.cache_clear()
        assert pick_video_encoder(prefer_gpu=True) == expected
        assert pick_video_encoder(prefer_gpu=False) == "libx264"
    ffmpeg.nvenc_available.cache_clear()


class _Completed:
    def __init__(self, stdout: bytes):
        self.stdout = stdout


def _slide_thumbnail(text, index, count, size, tmp_path, small=THUMB) -> np.ndarray:
    path = render_slide(text, tmp_path / f"expected_{size[0]}_{index}.png", title=TITLE, index=index, count=count,
                        size=size)
    return np.asarray(Image.open(path).convert("RGB").resize(small, Image.Resampling.BOX), dtype=np.float64)


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def test_run_ffmpeg_reports_the_output_time_written_as_it_encodes(tmp_path):
    seen = []
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=24:duration=6", "-c:v", "libx264",
                "-preset", "ultrafast", str(tmp_path / "out.mp4")], progress=seen.append)
    assert seen and seen == sorted(seen)
    assert 5.5 <= seen[-1] <= 6.5 and probe(tmp_path / "out.mp4").duration == pytest.approx(6, abs=0.2)


def test_render_reports_the_fraction_encoded_up_to_the_whole(narration, tmp_path):
    fractions = []
    render_video(narration, tmp_path / "progress.mp4", title=TITLE, workdir=tmp_path, on_progress=fractions.append)
    assert fractions and fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    assert fractions[-1] == pytest.approx(1.0, abs=0.05)


def test_a_progress_callback_that_raises_stops_ffmpeg(tmp_path):
    def interrupted(seconds):
        raise KeyboardInterrupt  # as a task's time limit would, from inside the callback

    with pytest.raises(KeyboardInterrupt):
        run_ffmpeg(["-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=24:duration=30", "-c:v", "libx264",
                    "-preset", "ultrafast", str(tmp_path / "out.mp4")], progress=interrupted)
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(tmp_path / "out.mp4") in " ".join(p.info["cmdline"] or [])]
