"""Thumbnails: the title, large and legible, on a generated background, within YouTube's limits."""
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFont

from ytempire.common.drawing import seeded_background, wrap_text
from ytempire.common.fonts import covers, font_path, load_font
from ytempire.media.thumbnail import MAX_THUMBNAIL_BYTES, render_thumbnail

TITLE = "Why Octopuses Are Smarter Than You Think"


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)


def test_thumbnail_is_a_1280x720_jpeg_under_two_megabytes(tmp_path):
    path = render_thumbnail(TITLE, tmp_path / "thumb.jpg")
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (1280, 720))
    assert 0 < Path(path).stat().st_size <= MAX_THUMBNAIL_BYTES


def test_title_is_drawn_large_in_the_middle(tmp_path):
    path = render_thumbnail(TITLE, tmp_path / "thumb.png")
    pixels = _pixels(path)
    background = np.asarray(seeded_background((1280, 720), TITLE), dtype=np.float64)
    changed = np.abs(pixels - background).max(axis=2) > 60
    middle = changed[200:520, 128:1152]
    assert middle.mean() > 0.15                                   # big text covers much of the centre
    assert pixels[200:520, 128:1152].std() > 60                   # high contrast: white fill, dark outline
    white = (pixels[200:520, 128:1152] > 235).all(axis=2).mean()
    dark = (pixels[200:520, 128:1152] < 30).all(axis=2).mean()
    assert white > 0.05 and dark > 0.05
    # Nothing spills off the frame: a thin border stays pure background.
    border = np.concatenate([changed[:12].ravel(), changed[-12:].ravel(), changed[:, :12].ravel(), changed[:, -12:].ravel()])
    assert border.mean() < 0.001


def test_short_titles_get_bigger_letters_than_long_ones(tmp_path):
    def tallest_text_line(title):
        pixels = _pixels(render_thumbnail(title, tmp_path / f"{len(title)}.png", seed="same"))
        background = np.asarray(seeded_background((1280, 720), "same"), dtype=np.float64)
        inked = (np.abs(pixels - background).max(axis=2) > 60).any(axis=1)
        runs, current = [], 0                                     # heights of consecutive inked rows
        for row in inked:
            current = current + 1 if row else 0
            runs.append(current)
        return max(runs)
    short = tallest_text_line("Why?")
    long = tallest_text_line("The Complete Beginner's Guide to Growing Tomatoes on a Small City Balcony in 2026")
    assert short > 100                                            # one word is set huge
    assert short > 1.5 * long                                     # a long title shrinks to fit


def test_same_title_same_thumbnail_other_title_other_colours(tmp_path):
    a = Path(render_thumbnail(TITLE, tmp_path / "a.png")).read_bytes()
    b = Path(render_thumbnail(TITLE, tmp_path / "b.png")).read_bytes()
    c = render_thumbnail("A Different Title Entirely", tmp_path / "c.png")
    assert a == b
    assert np.abs(_pixels(tmp_path / "a.png")[:100].mean(axis=(0, 1)) - _pixels(c)[:100].mean(axis=(0, 1))).max() > 5


def test_custom_size_and_bad_extension(tmp_path):
    with Image.open(render_thumbnail(TITLE, tmp_path / "small.png", size=(640, 360))) as image:
        assert image.size == (640, 360)
    with pytest.raises(ValueError, match=".gif"):
        render_thumbnail(TITLE, tmp_path / "thumb.gif")


def test_an_installed_scalable_font_is_found():
    path = font_path(bold=True)
    assert path and Path(path).is_file()
    font = load_font(48, bold=True)
    assert isinstance(font, ImageFont.FreeTypeFont) and font.size == 48


def test_font_coverage_check_tells_missing_scripts_apart():
    path = font_path(bold=True, text="Hello")
    assert covers(path, "Hello, café, Привет, Ελλάδα")
    if "DejaVu" in Path(path).name:                               # DejaVu has no Devanagari
        assert not covers(path, "नमस्ते")


def test_wrapped_lines_fit_and_keep_every_word():
    font = load_font(40, bold=True)
    text = "An extraordinarily long sentence with supercalifragilisticexpialidociousness inside it"
    lines = wrap_text(text, font, 300)
    assert all(font.getlength(line) <= 300 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def _picture() -> Image.Image:
    """A picture no template would draw: green above, red below, a white disc in the middle."""
    from PIL import ImageDraw

    image = Image.new("RGB", (1600, 900), (20, 160, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 450, 1600, 900), fill=(200, 30, 30))
    draw.ellipse((650, 300, 950, 600), fill=(255, 255, 255))
    return image


def test_split_shows_the_videos_picture_on_the_right(tmp_path):
    from ytempire.media.niche_styles import style_for_niche
    from ytempire.media.style import BrandStyle

    split = BrandStyle.from_stored({**style_for_niche("science"), "thumbnail_template": "split"}, {})
    with_picture = _pixels(render_thumbnail(TITLE, tmp_path / "a.jpg", style=split, picture=_picture()))
    without = _pixels(render_thumbnail(TITLE, tmp_path / "b.jpg", style=split))
    right = with_picture[:, 800:]                                         # right of the panel and stripe
    assert right[60:300].mean(axis=(0, 1))[1] > 120 and right[60:300].mean(axis=(0, 1))[0] < 60      # green top
    assert right[420:660].mean(axis=(0, 1))[0] > 150 and right[420:660].mean(axis=(0, 1))[1] < 60    # red bottom
    assert np.abs(with_picture[:, :700] - without[:, :700]).mean() < 2    # the title panel is unchanged


def test_bold_lays_the_title_over_the_darkened_picture(tmp_path):
    picture = np.asarray(_picture().resize((1280, 720)), dtype=np.float64)
    thumb = _pixels(render_thumbnail(TITLE, tmp_path / "bold.jpg", picture=_picture()))
    corner = thumb[:80, :80].mean(axis=(0, 1))                            # no title there: the picture, darker
    assert corner[1] > corner[0] + 40 and corner.mean() < picture[:80, :80].mean(axis=(0, 1)).mean() * 0.75
    assert thumb[620:, :80].mean(axis=(0, 1))[0] > thumb[620:, :80].mean(axis=(0, 1))[1] + 40   # red below
