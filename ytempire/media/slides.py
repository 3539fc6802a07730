"""One still picture per narration sentence: seeded background, title at the top, the sentence
as an outlined subtitle on a translucent box, and a thin progress bar.

Slides are drawn once each with Pillow and written as PNG; ffmpeg then turns them into video.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw

from ytempire.media.drawing import draw_centered_lines, fit_text, palette_for, seeded_background, translucent_box


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


def render_slide(sentence: str, out_path: str | Path, *, title: str, index: int, count: int,
                 size: tuple[int, int], seed: str | None = None) -> str:
    """Draw slide `index` of `count` for `sentence` and save it as PNG at `out_path`."""
    layout = SlideLayout(*size)
    seed = title if seed is None else seed
    image = seeded_background(size, seed, index)
    _draw_subtitle(image, sentence, layout)
    _draw_title(image, title, layout)
    _draw_progress(image, (index + 1) / max(count, 1), layout, palette_for(seed)[index % 6][0])
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


def _draw_title(image: Image.Image, title: str, layout: SlideLayout) -> None:
    fitted = fit_text(title, max_width=layout.text_width, max_height=layout.unit * 0.1,
                      max_size=int(layout.unit * 0.042), min_size=int(layout.unit * 0.028), max_lines=1)
    if len(fitted.lines) > 2:         # decoration, not content: a very long title is cut short
        fitted = replace(fitted, lines=[fitted.lines[0], fitted.lines[1] + "…"])
    top = layout.margin * (2.5 if layout.portrait else 0.8)
    draw_centered_lines(image, fitted, center_x=layout.width / 2, top=top, fill=(235, 235, 235),
                        stroke_width=max(1, fitted.font.size // 15))


def _draw_progress(image: Image.Image, fraction: float, layout: SlideLayout, colour) -> None:
    thickness = max(4, layout.unit // 120)
    bright = tuple(min(255, c * 2 + 60) for c in colour)
    ImageDraw.Draw(image).rectangle((0, layout.height - thickness, layout.width * fraction, layout.height),
                                    fill=bright)
