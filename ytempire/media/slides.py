"""One still picture per narration sentence: seeded background, title at the top, the narrated
section's headline large in the middle, the sentence as an outlined subtitle on a translucent
box, and a thin progress bar.

Slides are drawn once each with Pillow and written as PNG; ffmpeg then turns them into video.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

from ytempire.common.drawing import (FittedText, draw_centered_lines, fit_text, palette_for, seeded_background, translucent_box)
from ytempire.media.style import BrandStyle


@dataclass(frozen=True)
class SlideLayout:
    """Sizes and positions derived from the frame, so landscape and shorts share one drawing."""

    width: int
    height: int

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def unit(self) -> int:            # 720 for 1280x720, 1080 for 1080x1920
        return min(self.width, self.height)

    @property
    def margin(self) -> int:
        return int(self.unit * 0.05)

    @property
    def text_width(self) -> int:
        return int(self.width * 0.86)

    @property
    def subtitle_max_lines(self) -> int:
        return 6 if self.portrait else 3

    @property
    def headline_center_y(self) -> float:
        # Between the title and the subtitle at its tallest: in landscape the subtitle box can
        # reach up to ~60% of the height, in shorts (centred at 55%) up to ~40%.
        return self.height * (0.28 if self.portrait else 0.36)

    @property
    def headline_max_height(self) -> float:
        return self.height * (0.2 if self.portrait else 0.4)


def render_slide(sentence: str, out_path: str | Path, *, title: str, index: int, count: int,
                 size: tuple[int, int], seed: str | None = None, headline: str | None = None,
                 style: BrandStyle | None = None) -> str:
    """Draw slide `index` of `count` for `sentence` and save it as PNG at `out_path`; a `headline`
    (the narrated section's) is set large in the middle. A channel's `style` gives the colours and
    the face of the headline and title; without one the colours come from `seed`."""
    layout = SlideLayout(*size)
    seed = title if seed is None else seed
    image = seeded_background(size, seed, index, style.palette.gradients() if style else None)
    face = style.captions.font if style else None
    if headline:
        _draw_headline(image, headline, layout, face)
    _draw_subtitle(image, sentence, layout)
    _draw_title(image, title, layout, face)
    bar = style.palette.accent if style else _brighter(palette_for(seed)[index % 6][0])
    _draw_progress(image, (index + 1) / max(count, 1), layout, bar)
    # compress_level 1: the PNG is read once by ffmpeg, so speed beats size.
    image.save(out_path, format="PNG", compress_level=1)
    return str(out_path)


def _draw_subtitle(image: Image.Image, sentence: str, layout: SlideLayout) -> None:
    fitted = fit_text(sentence, max_width=layout.text_width, max_height=layout.height * 0.4,
                      max_size=int(layout.unit * 0.064), min_size=int(layout.unit * 0.04),
                      max_lines=layout.subtitle_max_lines)
    pad = int(fitted.line_height * 0.45)
    if layout.portrait:               # shorts: the middle of the screen, clear of the app's buttons
        top = int(layout.height * 0.55 - fitted.height / 2)
    else:                             # landscape: the lower third, like broadcast subtitles
        top = layout.height - layout.margin * 2 - fitted.height
    box_width = max(fitted.font.getlength(line) for line in fitted.lines) + 2 * pad
    box = ((layout.width - box_width) / 2, top - pad, (layout.width + box_width) / 2, top + fitted.height + pad)
    translucent_box(image, box, radius=pad)
    draw_centered_lines(image, fitted, center_x=layout.width / 2, top=top,
                        stroke_width=max(2, fitted.font.size // 18))


def _draw_headline(image: Image.Image, headline: str, layout: SlideLayout, face: str | None) -> None:
    origin, outline, letters = _headline_stamp(headline, layout, face)
    image.paste((0, 0, 0), origin, outline)
    image.paste((255, 255, 255), origin, letters)


@lru_cache(maxsize=4)
def _headline_stamp(headline: str, layout: SlideLayout,
                    face: str | None = None) -> tuple[tuple[int, int], Image.Image, Image.Image]:
    """Where the headline goes, and its outline and letter masks. A section's slides share one
    headline, so it is rasterised once and pasted on each: large stroked text is most of its cost."""
    fitted = _at_most(fit_text(headline, max_width=layout.text_width, max_height=layout.headline_max_height,
                               max_size=int(layout.unit * 0.1), min_size=int(layout.unit * 0.06), max_lines=3,
                               face=face), 3)
    stroke = max(3, fitted.font.size // 14)
    size = (layout.text_width + 2 * stroke, fitted.height + 2 * stroke)
    outline, letters = Image.new("L", size), Image.new("L", size)
    draw_centered_lines(outline, fitted, center_x=size[0] / 2, top=stroke, fill=255, stroke=255, stroke_width=stroke)
    draw_centered_lines(letters, fitted, center_x=size[0] / 2, top=stroke, fill=255, stroke_width=0)
    origin = ((layout.width - size[0]) // 2, int(layout.headline_center_y - fitted.height / 2) - stroke)
    return origin, outline, letters


def _draw_title(image: Image.Image, title: str, layout: SlideLayout, face: str | None = None) -> None:
    fitted = _at_most(fit_text(title, max_width=layout.text_width, max_height=layout.unit * 0.1,
                               max_size=int(layout.unit * 0.042), min_size=int(layout.unit * 0.028), max_lines=1,
                               face=face), 2)
    top = layout.margin * (2.5 if layout.portrait else 0.8)
    draw_centered_lines(image, fitted, center_x=layout.width / 2, top=top, fill=(235, 235, 235),
                        stroke_width=max(1, fitted.font.size // 15))


def _at_most(fitted: FittedText, lines: int) -> FittedText:
    """Decoration, not content (unlike the spoken subtitle): text too long even at the smallest
    size is cut to `lines` lines, ending in an ellipsis."""
    if len(fitted.lines) <= lines:
        return fitted
    return replace(fitted, lines=[*fitted.lines[:lines - 1], fitted.lines[lines - 1] + "…"])


def _brighter(colour) -> tuple[int, int, int]:
    return tuple(min(255, c * 2 + 60) for c in colour)


def _draw_progress(image: Image.Image, fraction: float, layout: SlideLayout, colour) -> None:
    thickness = max(4, layout.unit // 120)
    ImageDraw.Draw(image).rectangle((0, layout.height - thickness, layout.width * fraction, layout.height),
                                    fill=colour)
