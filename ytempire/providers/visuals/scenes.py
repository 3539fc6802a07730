"""Offline scenes: a picture per narrated sentence, drawn from the script's own words.

Each scene has its section's background family (the colour changes when the narration moves to
the next section), the section headline, a pictogram for the sentence's telling words with the
word under it, and a bar chart when the sentence states two or more numbers (a single number is
shown large). Scenes are drawn `PAN_OVERSCAN` larger than the frame and the renderer pans across
them, so the picture moves in every frame; content stays inside the part every pan position shows,
and the lower quarter is left clear for captions.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from ytempire.common.drawing import draw_centered_lines, fit_text, palette_for, seeded_background, translucent_box
from ytempire.providers.visuals.icons import glyph, icon_font
from ytempire.providers.visuals.interface import PAN_OVERSCAN


@dataclass(frozen=True)
class Scene:
    headline: str
    icons: list[str]                  # Font Awesome names, one or two
    labels: list[str]                 # the word under each icon
    numbers: list[tuple[str, float]]  # what the sentence states, for the chart
    section: int                      # colour family
    index: int                        # position in the video (varies the background)


def scene_size(size: tuple[int, int]) -> tuple[int, int]:
    return (int(-(-size[0] * PAN_OVERSCAN // 2) * 2), int(-(-size[1] * PAN_OVERSCAN // 2) * 2))


def draw_scene(scene: Scene, out_path: str | Path, *, size: tuple[int, int], seed: str,
               gradients: list | None = None, accent: tuple[int, int, int] | None = None,
               face: str | None = None) -> str:
    """Draw `scene` for a `size` frame (at the overscan size the renderer pans across) as a JPEG:
    encoding it costs a tenth of a PNG's, and the video is 4:2:0 anyway. A channel's `gradients`,
    `accent` and `face` replace the colours seeded by `seed` and the default font."""
    width, height = scene_size(size)
    image = seeded_background((width, height), seed, scene.section * 7 + scene.index % 3, gradients)
    # What every pan position shows: the frame-sized window at any offset within the overscan.
    safe = (width - size[0]) // 2 + int(size[0] * 0.06), (height - size[1]) // 2 + int(size[1] * 0.05)
    inner = (width - 2 * safe[0], height - 2 * safe[1])
    unit = min(size)
    headline = fit_text(scene.headline, max_width=inner[0], max_height=unit * 0.22, max_size=int(unit * 0.085),
                        min_size=int(unit * 0.05), max_lines=2, face=face)
    draw_centered_lines(image, headline, center_x=width / 2, top=safe[1], stroke_width=max(2, headline.font.size // 14))
    top = safe[1] + headline.height + int(unit * 0.04)
    bottom = safe[1] + int(inner[1] * 0.74)     # the lower quarter stays for captions
    portrait = size[1] > size[0]
    panels = [("icon", name, label) for name, label in zip(scene.icons, scene.labels)]
    if len(scene.numbers) >= 1:
        panels = panels[:1] + [("chart", "", "")]
    boxes = _split(safe[0], top, inner[0], bottom - top, len(panels), vertical=portrait)
    bright = accent or _brighter(palette_for(seed)[scene.section % 6][0])
    for (kind, name, label), box in zip(panels, boxes):
        if kind == "icon":
            _draw_icon(image, box, name, label, unit)
        else:
            _draw_numbers(image, box, scene.numbers, unit, bright)
    image.save(out_path, format="JPEG", quality=92)
    return str(out_path)


def _split(x: int, y: int, w: int, h: int, count: int, *, vertical: bool) -> list[tuple[int, int, int, int]]:
    if vertical:
        step = h // count
        return [(x, y + i * step, w, step) for i in range(count)]
    step = w // count
    return [(x + i * step, y, step, h) for i in range(count)]


def _draw_icon(image: Image.Image, box, name: str, label: str, unit: int) -> None:
    x, y, w, h = box
    label_fit = fit_text(label.capitalize(), max_width=w * 0.9, max_height=unit * 0.09, max_size=int(unit * 0.06),
                         min_size=int(unit * 0.035), max_lines=1) if label else None
    label_h = label_fit.height + int(unit * 0.02) if label_fit else 0
    diameter = int(min(w * 0.8, h - label_h) * 0.95)
    cx, top = x + w // 2, y + (h - label_h - diameter) // 2
    disc = (cx - diameter // 2, top, cx + diameter // 2, top + diameter)
    translucent_box(image, disc, colour=(255, 255, 255), opacity=50, radius=diameter // 2)
    ImageDraw.Draw(image).ellipse(disc, outline=(255, 255, 255), width=max(3, unit // 160))
    font = icon_font(int(diameter * 0.5))
    ImageDraw.Draw(image).text((cx, top + diameter // 2), glyph(name), font=font, fill=(255, 255, 255), anchor="mm")
    if label_fit:
        draw_centered_lines(image, label_fit, center_x=cx, top=top + diameter + int(unit * 0.02),
                            stroke_width=max(2, label_fit.font.size // 14))


def _brighter(colour) -> tuple[int, int, int]:
    return tuple(min(255, c * 2 + 80) for c in colour)


def _draw_numbers(image: Image.Image, box, numbers: list[tuple[str, float]], unit: int, bright) -> None:
    """Two or more numbers as bars with their values (in `bright`); one number set large with its word."""
    x, y, w, h = box
    draw = ImageDraw.Draw(image)
    translucent_box(image, (x + w * 0.05, y, x + w * 0.95, y + h), opacity=110, radius=unit // 40)
    if len(numbers) == 1:
        label, value = numbers[0]
        text = f"{value:g}{'%' if label == '%' else ''}"
        big = fit_text(text, max_width=w * 0.8, max_height=h * 0.55, max_size=int(unit * 0.3), min_size=int(unit * 0.08),
                       max_lines=1)
        draw_centered_lines(image, big, center_x=x + w / 2, top=y + h * 0.12, fill=bright, stroke_width=3)
        if label and label != "%":
            word = fit_text(label, max_width=w * 0.8, max_height=h * 0.2, max_size=int(unit * 0.06),
                            min_size=int(unit * 0.035), max_lines=1)
            draw_centered_lines(image, word, center_x=x + w / 2, top=y + h * 0.12 + big.height)
        return
    shown = numbers[:6]
    peak = max(value for _, value in shown) or 1.0
    base, room = y + h * 0.82, h * 0.62
    slot = w * 0.84 / len(shown)
    value_font = fit_text("0", max_width=slot, max_height=unit, max_size=int(unit * 0.045),
                          min_size=int(unit * 0.03), max_lines=1).font
    for i, (label, value) in enumerate(shown):
        left = x + w * 0.08 + i * slot + slot * 0.15
        bar_h = max(4.0, room * value / peak)
        draw.rectangle((left, base - bar_h, left + slot * 0.7, base), fill=bright, outline=(255, 255, 255), width=2)
        draw.text((left + slot * 0.35, base - bar_h - 6), f"{value:g}{'%' if label == '%' else ''}", font=value_font,
                  fill=(255, 255, 255), anchor="md", stroke_width=2, stroke_fill=(0, 0, 0))
        if label and label != "%":
            draw.text((left + slot * 0.35, base + 8), label[:10], font=value_font, fill=(255, 255, 255), anchor="ma",
                      stroke_width=2, stroke_fill=(0, 0, 0))
