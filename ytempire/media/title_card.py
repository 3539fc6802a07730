"""The intro/outro title card: the video's title (or a closing line) on the channel's colours, one PNG.

Drawn once with Pillow like a slide; the renderer loops it for the card's seconds, so the card
costs one still image, not a frame per frame.
"""
from __future__ import annotations

from pathlib import Path

from PIL import ImageDraw

from ytempire.common.drawing import draw_centered_lines, fit_text, seeded_background
from ytempire.media.style import BrandStyle

TITLE_CARD_SECONDS = 2.0


def draw_title_card(text: str, out_path: str | Path, *, size: tuple[int, int], style: BrandStyle) -> str:
    """The card for `text` in `style`'s gradient, face and accent, as PNG at `out_path`."""
    width, height = size
    image = seeded_background(size, text, 0, style.palette.gradients())
    fitted = fit_text(text.strip() or " ", max_width=width * 0.8, max_height=height * 0.5, max_size=int(min(size) * 0.12),
                      min_size=int(min(size) * 0.05), max_lines=3, face=style.captions.font)
    top = (height - fitted.height) / 2
    draw_centered_lines(image, fitted, center_x=width / 2, top=top, stroke_width=max(2, fitted.font.size // 14))
    bar_y = top + fitted.height + height * 0.03
    ImageDraw.Draw(image).rectangle((width * 0.4, bar_y, width * 0.6, bar_y + max(4, height // 100)),
                                    fill=style.palette.accent)
    image.save(out_path, format="PNG", compress_level=1)
    return str(out_path)
