"""Pillow drawing shared by slides and thumbnails: seeded palettes, gradients, fitted text.

Everything is deterministic in its seed (the video title), so re-running a stage redraws the
same pictures, and every video still gets its own colours.
"""
from __future__ import annotations

import colorsys
import hashlib
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ytempire.common.fonts import load_font

RGB = tuple[int, int, int]


def seeded_rng(*parts: object) -> random.Random:
    """A Random seeded from `parts` by SHA-256: stable across processes, unlike hash()."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def palette_for(seed: str, count: int = 6) -> list[tuple[RGB, RGB]]:
    """`count` gradient colour pairs around a hue chosen by `seed`.

    Hues are spread by the golden angle so neighbouring slides differ; values stay dark enough
    that white text with a dark outline reads on every one.
    """
    rng = seeded_rng("palette", seed)
    base_hue = rng.random()
    pairs = []
    for i in range(count):
        hue = (base_hue + i * 0.381966) % 1.0
        saturation = rng.uniform(0.55, 0.85)
        start = colorsys.hsv_to_rgb(hue, saturation, rng.uniform(0.35, 0.55))
        end = colorsys.hsv_to_rgb((hue + rng.uniform(0.06, 0.18)) % 1.0, saturation, rng.uniform(0.12, 0.28))
        pairs.append((_to_rgb(start), _to_rgb(end)))
    return pairs


def brand_gradients(primary: RGB, secondary: RGB, accent: RGB, background: RGB) -> list[tuple[RGB, RGB]]:
    """Six gradient pairs from a channel's brand colours, in place of `palette_for`'s seeded hues.

    Each pair runs from a brand colour (dimmed, so white outlined text still reads on it) into the
    background colour; the families alternate so consecutive slides and sections still differ.
    """
    def dimmed(colour: RGB, value: float) -> RGB:
        h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
        return _to_rgb(colorsys.hsv_to_rgb(h, s, min(v, value)))

    deep = dimmed(background, 0.3)
    return [(dimmed(primary, 0.6), deep), (dimmed(secondary, 0.6), deep), (dimmed(primary, 0.5), dimmed(secondary, 0.3)),
            (dimmed(accent, 0.55), deep), (dimmed(secondary, 0.5), dimmed(primary, 0.3)), (dimmed(primary, 0.45), deep)]


def _to_rgb(colour: tuple[float, float, float]) -> RGB:
    return tuple(int(round(c * 255)) for c in colour)  # type: ignore[return-value]


def gradient(size: tuple[int, int], start: RGB, end: RGB, angle_deg: float) -> Image.Image:
    """A linear gradient from `start` to `end` along `angle_deg`, built with numpy in one pass."""
    width, height = size
    theta = np.deg2rad(angle_deg)
    xs = np.linspace(-0.5, 0.5, width, dtype=np.float32)[None, :] * np.cos(theta)
    ys = np.linspace(-0.5, 0.5, height, dtype=np.float32)[:, None] * np.sin(theta)
    t = xs + ys
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    a, b = np.array(start, np.float32), np.array(end, np.float32)
    pixels = a + (b - a) * t[..., None]
    return Image.fromarray(pixels.astype(np.uint8))


def add_soft_shapes(image: Image.Image, rng: random.Random, colour: RGB, count: int = 3) -> Image.Image:
    """Overlay a few large blurred translucent circles, so plain gradients look less flat."""
    width, height = image.size
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        radius = rng.uniform(0.15, 0.45) * min(width, height)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(*colour, rng.randint(25, 60)))
    layer = layer.filter(ImageFilter.GaussianBlur(min(width, height) / 30))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


BACKGROUND_SCALE = 8                  # backgrounds are smooth: draw small, upscale once


def seeded_background(size: tuple[int, int], seed: str, index: int = 0,
                      palette: list[tuple[RGB, RGB]] | None = None) -> Image.Image:
    """Background number `index` of the family chosen by `seed` (or of a channel's `palette`, from
    `brand_gradients`): a palette gradient at a seeded angle with soft shapes. Drawn at 1/8 scale
    and upscaled: the same look at a tenth of the cost, which matters when a ten-minute video needs
    150 of them."""
    palette = palette or palette_for(seed)
    start, end = palette[index % len(palette)]
    rng = seeded_rng("background", seed, index)
    small_size = (max(2, size[0] // BACKGROUND_SCALE), max(2, size[1] // BACKGROUND_SCALE))
    small = gradient(small_size, start, end, angle_deg=rng.uniform(0, 360))
    small = add_soft_shapes(small, rng, palette[(index + 3) % len(palette)][0])
    return small.resize(size, Image.Resampling.BICUBIC)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is broken by characters
    (this also wraps scripts written without spaces)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and font.getlength(current + char) > max_width:
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class FittedText:
    font: ImageFont.FreeTypeFont
    lines: list[str]
    line_height: int

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def fit_text(text: str, *, max_width: float, max_height: float, max_size: int, min_size: int,
             max_lines: int, bold: bool = True, line_spacing: float = 1.15, face: str | None = None) -> FittedText:
    """The largest font size (stepping down from `max_size`) at which `text` wraps into
    `max_lines` lines within the box. At `min_size` it returns however many lines it takes:
    spoken words are never cut from the screen."""
    size = max_size
    while True:
        font = load_font(size, bold=bold, text=text, face=face)
        lines = wrap_text(text, font, max_width)
        ascent, descent = font.getmetrics()
        fitted = FittedText(font, lines, int((ascent + descent) * line_spacing))
        if size <= min_size or (len(lines) <= max_lines and fitted.height <= max_height):
            return fitted
        size = max(min_size, int(size * 0.92))


def draw_centered_lines(image: Image.Image, fitted: FittedText, *, center_x: float, top: float,
                        fill: RGB = (255, 255, 255), stroke: RGB = (0, 0, 0), stroke_width: int = 2) -> None:
    """Draw the fitted lines centred on `center_x` from `top` down, outlined for legibility."""
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(fitted.lines):
        draw.text((center_x, top + i * fitted.line_height), line, font=fitted.font, fill=fill, anchor="ma",
                  stroke_width=stroke_width, stroke_fill=stroke)


def translucent_box(image: Image.Image, box: tuple[float, float, float, float], *, colour: RGB = (0, 0, 0),
                    opacity: int = 150, radius: int = 16) -> None:
    """Blend a rounded translucent box into `image` in place (the subtitle backdrop).

    Pasting a colour through an alpha mask blends only the box, instead of compositing a
    full-frame RGBA layer."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, x1 - x0 - 1, y1 - y0 - 1), radius=radius, fill=opacity)
    image.paste(colour, (x0, y0, x1, y1), mask)
