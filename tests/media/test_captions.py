"""Word-timed captions: the ASS we write, and what libass burns into a frame from it."""
import numpy as np
import pytest
from PIL import Image, ImageFont

from ytempire.media.captions import (CAPTION_MODES, ass_filter, caption_layout, caption_pages, read_ass_events,
                                     spoken_words, write_captions)
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.providers.voice.interface import Narration

SIZES = {"landscape": (1280, 720), "shorts": (1080, 1920)}


@pytest.mark.parametrize("fmt", SIZES)
def test_word_mode_has_one_event_per_spoken_word_starting_at_its_time(narration, tmp_path, fmt):
    width, height = SIZES[fmt]
    files = write_captions(narration, tmp_path, width=width, height=height, mode="word")
    events = read_ass_events(files.ass_path)
    assert [e.highlighted for e in events] == [w.text for w in narration.words]
    for event, word in zip(events, narration.words):
        assert abs(event.start - word.start) <= 0.0051 and event.end > event.start
        assert word.text in event.text
    text = open(files.ass_path, encoding="utf-8").read()
    assert f"PlayResX: {width}\nPlayResY: {height}" in text
    assert all(line.count("\\N") <= 1 for line in text.splitlines() if line.startswith("Dialogue:"))


@pytest.mark.parametrize("fmt", SIZES)
def test_pages_fit_two_lines_inside_the_title_safe_width_with_a_phone_sized_font(narration, fmt):
    width, height = SIZES[fmt]
    layout = caption_layout(width, height, " ".join(s.text for s in narration.segments))
    assert layout.font_size >= 0.04 * height if width > height else layout.font_size >= 0.07 * width
    assert layout.margin_x >= 0.1 * width and layout.margin_bottom >= 0.1 * height
    font = ImageFont.truetype(layout.font_path, layout.font_size)
    pages = caption_pages(narration, layout)
    assert pages and [w for p in pages for w in p.words] == spoken_words(narration)
    for page in pages:
        assert 1 <= len(page.lines) <= 2
        assert any(" ".join(w.text for w in page.words) in s.text for s in narration.segments)   # one sentence
        assert all(font.getlength(" ".join(w.text for w in line)) <= layout.line_width for line in page.lines)
    assert all(a.end <= b.start + 1e-9 for a, b in zip(pages, pages[1:]))


def test_sentence_mode_shows_pages_without_highlight_and_none_writes_only_the_soft_track(narration, tmp_path):
    files = write_captions(narration, tmp_path / "s", width=1280, height=720, mode="sentence")
    events = read_ass_events(files.ass_path)
    layout = caption_layout(1280, 720, " ".join(s.text for s in narration.segments))
    pages = caption_pages(narration, layout)
    assert [e.start for e in events] == [pytest.approx(p.start, abs=0.0051) for p in pages]
    assert all(e.highlighted is None for e in events)
    none = write_captions(narration, tmp_path / "n", width=1280, height=720, mode="none")
    assert none.ass_path is None and ass_filter(none) is None
    srt = open(none.srt_path, encoding="utf-8").read()
    assert srt.startswith("1\n00:00:00,000 --> ") and narration.words[0].text in srt
    assert srt.count(" --> ") == len(pages)
    with pytest.raises(ValueError):
        write_captions(narration, tmp_path, width=1280, height=720, mode="karaoke")
    assert CAPTION_MODES == ("word", "sentence", "none")


def test_narration_without_word_timing_gets_proportional_words(narration):
    untimed = Narration(**{**narration.__dict__, "words": []})
    words = spoken_words(untimed)
    assert [w.text for w in words] == [w.text for w in narration.words]
    assert words[0].start == narration.segments[0].start and words[-1].end == pytest.approx(narration.segments[-1].end, abs=0.001)


def _frame(video, seconds, out) -> np.ndarray:
    run_ffmpeg(["-ss", f"{seconds:.3f}", "-i", str(video), "-frames:v", "1", str(out)])
    return np.asarray(Image.open(out).convert("RGB")).astype(int)


@pytest.mark.parametrize("fmt", SIZES)
def test_burned_captions_highlight_the_spoken_word_inside_the_title_safe_area(narration, tmp_path, fmt):
    width, height = SIZES[fmt]
    files = write_captions(narration, tmp_path, width=width, height=height)
    video = tmp_path / "burned.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", f"color=c=black:s={width}x{height}:r=12:d={narration.duration:.2f}",
                "-vf", ass_filter(files), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", str(video)])
    first, second = narration.words[1], narration.words[2]
    boxes = []
    for n, word in enumerate((first, second)):
        rgb = _frame(video, (word.start + word.end) / 2, tmp_path / f"{fmt}_{n}.png")
        text = rgb.max(axis=2) > 120
        ys, xs = np.nonzero(text)
        assert xs.size > 500                                   # there is text on the frame
        assert xs.min() >= 0.1 * width - 4 and xs.max() <= 0.9 * width + 4      # inside title-safe
        assert ys.max() <= 0.9 * height + 4 and ys.min() >= 0.5 * height
        amber = (rgb[..., 0] > 180) & (rgb[..., 1] > 150) & (rgb[..., 2] < 90)
        ay, ax = np.nonzero(amber)
        assert ax.size > 50                                    # one word is highlighted
        boxes.append((ax.min(), ax.max(), ay.min()))
    assert boxes[0][1] < boxes[1][0] or boxes[0][2] < boxes[1][2]   # the highlight moved on to the next word
