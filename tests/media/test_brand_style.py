"""A channel's style in the pictures: two styles render visibly different frames and thumbnails from
the same narration; the watermark sits in its corner; the intro and outro join the narrated part
(with the sound moved behind the intro) in both renderers; the captions take the style's look."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests.media.conftest import TITLE
from tests.media.signals import decoded_rms, parse_srt, video_frame
from tests.standins.media_files import make_image
from ytempire.common.ffmpeg import probe, run_ffmpeg
from ytempire.media import footage
from ytempire.media.captions import read_ass_events, write_captions
from ytempire.media.footage import render_footage
from ytempire.media.niche_styles import style_for_niche
from ytempire.media.quality import inspect_video
from ytempire.media.render import render_video
from ytempire.media.style import BrandStyle
from ytempire.media.thumbnail import render_thumbnail
from ytempire.media.title_card import TITLE_CARD_SECONDS
from ytempire.providers.visuals.interface import STILL, Shot, VisualPlan

SMALL = (128, 72)
BLUE = {"primary": "#1040F0", "secondary": "#1080F0", "accent": "#00E5FF", "background": "#050A30"}
RED = {"primary": "#F02010", "secondary": "#F08010", "accent": "#FFEE00", "background": "#300505"}


def style(palette: dict, **changes) -> dict:
    stored = style_for_niche("technology")
    return {**stored, "palette": palette, **changes}


@pytest.fixture(scope="module")
def assets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("brand-assets")
    logo = folder / "logo.png"
    Image.new("RGBA", (200, 100), (255, 0, 255, 255)).save(logo)
    outro = folder / "outro.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "color=c=0x00FF00:s=320x240:d=1:r=30", "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", str(outro)])
    return {"logo": str(logo), "outro": str(outro)}


def render(narration, tmp_path, name: str, stored: dict | None, assets=None, *, captions=True) -> str:
    brand = BrandStyle.from_stored(stored, {"logo": assets["logo"], "outro": assets["outro"]} if assets else {}) \
        if stored else None
    files = write_captions(narration, tmp_path / f"captions-{name}", width=1280, height=720,
                           style=brand.captions if brand else None) if captions else None
    return render_video(narration, tmp_path / f"{name}.mp4", title=TITLE, workdir=tmp_path / "work", style=brand,
                        captions_ass_path=files.ass_path if files else None,
                        captions_fonts_dir=files.fonts_dir if files else None).path


def test_two_styles_give_visibly_different_frames_from_the_same_narration(narration, tmp_path):
    blue = render(narration, tmp_path, "blue", style(BLUE))
    red = render(narration, tmp_path, "red", style(RED, captions={"font": "dejavu_serif", "size": 150,
                                                                  "highlight_color": "#00FF00", "position": "top"}))
    at = narration.segments[1].start + 0.3
    blue_frame, red_frame = video_frame(blue, at, SMALL), video_frame(red, at, SMALL)
    assert np.abs(blue_frame - red_frame).mean() > 25
    # Each frame is in its own palette: blue dominates one, red the other.
    assert blue_frame[..., 2].mean() > blue_frame[..., 0].mean() + 20
    assert red_frame[..., 0].mean() > red_frame[..., 2].mean() + 20
    # The red style's captions are at the top: its top band holds the bright caption text, the blue one's not.
    top = slice(2, 16)
    assert red_frame[top].max() > 200 and (red_frame[top].max(axis=2) > 200).sum() > (blue_frame[top].max(axis=2) > 200).sum()


def test_the_watermark_sits_in_its_corner_and_nowhere_else(narration, tmp_path, assets):
    plain = render(narration, tmp_path, "plain", style(BLUE), captions=False)
    marked = render(narration, tmp_path, "marked", style(BLUE, watermark={"asset_id": "logo", "corner": "top_left",
                                                                          "opacity": 0.9}), assets, captions=False)
    at = narration.duration / 2
    a, b = video_frame(plain, at, (1280, 720)), video_frame(marked, at, (1280, 720))
    corner = (slice(25, 110), slice(25, 190))              # the logo: 192x96 at a 22 px margin
    magenta = b[corner]
    assert magenta[..., 1].mean() < 90 and magenta[..., 0].mean() > 180 and magenta[..., 2].mean() > 180
    assert np.abs(a[corner] - b[corner]).mean() > 80
    for elsewhere in ((slice(600, 700), slice(1100, 1260)), (slice(25, 110), slice(1100, 1260))):
        assert np.abs(a[elsewhere] - b[elsewhere]).mean() < 3


def test_a_lighter_opacity_shows_more_of_the_picture_through(narration, tmp_path, assets):
    def corner_green(opacity):
        path = render(narration, tmp_path, f"o{opacity}", style(BLUE, watermark={
            "asset_id": "logo", "corner": "bottom_right", "opacity": opacity}), assets, captions=False)
        return video_frame(path, 1.0, (1280, 720))[640:690, 1120:1240]
    strong, faint = corner_green(1.0), corner_green(0.2)
    assert strong[..., 0].mean() > faint[..., 0].mean() + 100      # magenta's red shows at full opacity


def test_intro_card_and_outro_clip_join_the_narration_and_the_sound_waits(narration, tmp_path, assets):
    path = render(narration, tmp_path, "bumpers", style(RED, intro={"kind": "title_card"},
                                                        outro={"kind": "clip", "clip_asset_id": "outro"}), assets)
    assert probe(path).duration == pytest.approx(TITLE_CARD_SECONDS + narration.duration + 1.0, abs=0.1)
    card = video_frame(path, 1.0, SMALL)
    assert card[..., 0].mean() > card[..., 2].mean() + 20                  # the card is in the red palette
    outro = video_frame(path, TITLE_CARD_SECONDS + narration.duration + 0.5, (128, 72))
    middle = outro[10:62, 30:98]                                            # the green clip, fitted and padded
    assert middle[..., 1].mean() > 200 and middle[..., 0].mean() < 40
    assert outro[:, :8].mean() < 60                                         # padded in the dark background
    assert decoded_rms(path, 0.1, TITLE_CARD_SECONDS - 0.3) < 30            # silence under the card
    assert decoded_rms(path, TITLE_CARD_SECONDS + 0.2, narration.duration - 0.4) > 300
    sidecar = parse_srt((tmp_path / "bumpers.srt").read_text(encoding="utf-8"))
    assert sidecar[0][1] == pytest.approx(TITLE_CARD_SECONDS + narration.segments[0].start, abs=0.01)
    # The quality gates measure the narration where it now plays and do not count the bumpers' length.
    report = inspect_video(path, narration, requested_seconds=narration.duration,
                           captions_ass=tmp_path / "captions-bumpers" / "captions.ass",
                           lead=TITLE_CARD_SECONDS, bumpers=TITLE_CARD_SECONDS + 1.0)
    assert report.speech_dbfs > -35 and report.pause_dbfs < report.speech_dbfs - 3
    assert not report.black and not report.frozen
    assert [p for p in report.problems if "LUFS" not in p] == []       # the raw narration is not loudness-normalised


@pytest.mark.parametrize("shots_per_pass", [footage.SHOTS_PER_PASS, 1])
def test_footage_renders_carry_the_watermark_and_bumpers_in_one_pass_or_in_parts(narration, tmp_path, assets,
                                                                                 monkeypatch, shots_per_pass):
    monkeypatch.setattr(footage, "SHOTS_PER_PASS", shots_per_pass)
    still = make_image(tmp_path / "still.png", "testsrc2", (640, 360))
    half = narration.duration / 2
    plan = VisualPlan([Shot(0, half, STILL, str(still)), Shot(half, narration.duration - half, STILL, str(still))],
                      "test")
    brand = BrandStyle.from_stored(style(BLUE, intro={"kind": "title_card"},
                                         watermark={"asset_id": "logo", "corner": "top_right", "opacity": 1.0}),
                                   {"logo": assets["logo"]})
    result = render_footage(plan, narration, tmp_path / "footage.mp4", size=(640, 360), workdir=tmp_path / "work",
                            style=brand, title=TITLE)
    assert result.duration == pytest.approx(TITLE_CARD_SECONDS + narration.duration, abs=0.1)
    card = video_frame(result.path, 1.0, (64, 36))
    assert card[..., 2].mean() > card[..., 0].mean() + 20                   # the intro card in the blue palette
    frame = video_frame(result.path, TITLE_CARD_SECONDS + half, (640, 360))
    logo = frame[15:55, 550:625]                                            # 96x48 at an 11 px margin
    assert logo[..., 0].mean() > 200 and logo[..., 1].mean() < 60 and logo[..., 2].mean() > 200
    assert decoded_rms(result.path, 0.1, TITLE_CARD_SECONDS - 0.3) < 30


def test_two_styles_give_different_thumbnails_and_templates_differ(tmp_path):
    def pixels(stored, name):
        brand = BrandStyle.from_stored(stored, {})
        path = render_thumbnail(TITLE, tmp_path / f"{name}.png", style=brand)
        return np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)

    blue, red = pixels(style(BLUE), "blue"), pixels(style(RED), "red")
    assert np.abs(blue - red).mean() > 30
    assert blue[..., 2].mean() > blue[..., 0].mean() and red[..., 0].mean() > red[..., 2].mean()
    templates = {name: pixels(style(BLUE, thumbnail_template=name), name) for name in ("bold", "split", "minimal")}
    for a, b in (("bold", "split"), ("bold", "minimal"), ("split", "minimal")):
        assert np.abs(templates[a] - templates[b]).mean() > 10, (a, b)
    # split: a solid panel of the background colour on the left; minimal: a flat background with an accent frame.
    assert np.abs(templates["split"][5:40, 5:40] - np.array([5, 10, 48])).max() < 3
    assert np.abs(templates["minimal"][5:30, 5:30] - np.array([5, 10, 48])).max() < 3
    frame_line = templates["minimal"][45:47, 300:900]
    assert np.abs(frame_line - np.array([0, 229, 255])).mean() < 10


def test_caption_style_sets_face_size_highlight_and_position(narration, tmp_path):
    plain = write_captions(narration, tmp_path / "plain", width=1280, height=720)
    brand = BrandStyle.from_stored(style(RED, captions={"font": "dejavu_serif", "size": 150,
                                                        "highlight_color": "#00FF80", "position": "top"}), {})
    styled = write_captions(narration, tmp_path / "styled", width=1280, height=720, style=brand.captions)

    def style_line(files):
        line = next(x for x in open(files.ass_path, encoding="utf-8") if x.startswith("Style: Caption,"))
        return line.split(",")

    plain_line, styled_line = style_line(plain), style_line(styled)
    assert styled_line[1] == "DejaVu Serif" and plain_line[1] == "DejaVu Sans"
    assert int(styled_line[2]) == round(int(plain_line[2]) * 1.5)
    assert styled_line[4] == "&H0080FF00&"                                  # #00FF80 as ASS BGR
    assert styled_line[18] == "8" and plain_line[18] == "2"                 # top centre vs bottom centre
    assert "{\\1c&H0080FF00&}" in open(styled.ass_path, encoding="utf-8").read()
    assert [e.highlighted for e in read_ass_events(styled.ass_path)] == \
        [e.highlighted for e in read_ass_events(plain.ass_path)]


def test_the_sound_with_music_under_it_also_waits_for_the_intro(narration, tmp_path):
    music = tmp_path / "music.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=220:sample_rate=44100:duration=6", str(music)])
    brand = BrandStyle.from_stored(style(BLUE, intro={"kind": "title_card"}), {})
    result = render_video(narration, tmp_path / "music.mp4", title=TITLE, workdir=tmp_path / "work", style=brand,
                          background_music=str(music))
    assert result.duration == pytest.approx(TITLE_CARD_SECONDS + narration.duration, abs=0.1)
    assert decoded_rms(result.path, 0.1, TITLE_CARD_SECONDS - 0.3) < 30
    assert decoded_rms(result.path, TITLE_CARD_SECONDS + 0.2, narration.duration - 0.4) > 300


def test_the_soft_captions_move_behind_the_intro_and_the_burned_ones_stay_on_the_narration(narration, tmp_path):
    plain = write_captions(narration, tmp_path / "plain", width=1280, height=720)
    late = write_captions(narration, tmp_path / "late", width=1280, height=720, lead=2.0)
    plain_cues = parse_srt(open(plain.srt_path, encoding="utf-8").read())
    late_cues = parse_srt(open(late.srt_path, encoding="utf-8").read())
    assert [(n, start + 2.0, end + 2.0, text) for n, start, end, text in plain_cues] == \
        [(n, pytest.approx(start, abs=0.002), pytest.approx(end, abs=0.002), text) for n, start, end, text in late_cues]
    assert open(plain.ass_path, encoding="utf-8").read() == open(late.ass_path, encoding="utf-8").read()
