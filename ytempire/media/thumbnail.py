"""The video thumbnail: the title, big and bold, on a generated background (Pillow only).

YouTube shows thumbnails small, so the title is fitted as large as it can be (up to four lines),
white with a heavy dark outline and a soft shadow so it reads on any background colour.
The file stays under YouTube's 2 MB thumbnail limit.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from ytempire.common.atomic_files import atomic_output
from ytempire.common.drawing import FittedText, draw_centered_lines, fit_text, palette_for, seeded_background

MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024     # YouTube's limit for custom thumbnails
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def render_thumbnail(title: str, out_path: str | Path, *, seed: str | None = None,
                     size: tuple[int, int] = (1280, 720)) -> str:
    """Draw the thumbnail for `title` to `out_path` (.jpg/.jpeg/.png) and return the path."""
    out_path = Path(out_path)
    image_format = _FORMATS.get(out_path.suffix.lower())
    if image_format is None:
        raise ValueError(f"thumbnail must be .jpg, .jpeg or .png, not {out_path.suffix!r}")
    width, height = size
    seed = title if seed is None else seed
    image = seeded_background(size, seed, index=0)
    fitted = fit_text(title.strip() or " ", max_width=width * 0.88, max_height=height * 0.68,
                      max_size=int(height * 0.2), min_size=int(height * 0.06), max_lines=4, line_spacing=1.05)
    top = (height - fitted.height) / 2 - height * 0.03
    image = _with_shadow(image, fitted, top)
    _draw_accent(image, palette_for(seed)[2][0], below=top + fitted.height)
    draw_centered_lines(image, fitted, center_x=width / 2, top=top, stroke_width=max(3, fitted.font.size // 10))
    data = _encode_within_limit(image, image_format)
    with atomic_output(out_path) as tmp:
        tmp.write_bytes(data)
    return str(out_path)


def _draw_accent(image: Image.Image, colour, *, below: float) -> None:
    """A bright bar under the title: a strong shape makes a thumbnail stand out in a grid."""
    width, height = image.size
    bright = tuple(min(255, int(c * 1.8) + 60) for c in colour)
    y = below + height * 0.035
    ImageDraw.Draw(image).rounded_rectangle((width * 0.35, y, width * 0.65, y + height * 0.022),
                                            radius=int(height * 0.011), fill=bright)


def _with_shadow(image: Image.Image, fitted: FittedText, top: float) -> Image.Image:
    """Blend a blurred dark copy of the text under where the text will go."""
    shadow = Image.new("L", image.size, 0)
    offset = max(3, fitted.font.size // 16)
    draw = ImageDraw.Draw(shadow)
    for i, line in enumerate(fitted.lines):
        draw.text((image.width / 2 + offset, top + offset + i * fitted.line_height), line, font=fitted.font,
                  fill=200, anchor="ma", stroke_width=max(3, fitted.font.size // 10), stroke_fill=200)
    shadow = shadow.filter(ImageFilter.GaussianBlur(offset))
    return Image.composite(Image.new("RGB", image.size, (0, 0, 0)), image, shadow)


def _encode_within_limit(image: Image.Image, image_format: str) -> bytes:
    """Encode, lowering JPEG quality (or PNG colours) until the file fits YouTube's limit."""
    attempts = ([{"quality": q, "optimize": True} for q in (92, 85, 75, 60, 45)] if image_format == "JPEG"
                else [{"optimize": True}, {"optimize": True, "colors": 256}])
    for options in attempts:
        colours = options.pop("colors", None)
        candidate = image.quantize(colours) if colours else image
        buffer = io.BytesIO()
        candidate.save(buffer, format=image_format, **options)
        if buffer.tell() <= MAX_THUMBNAIL_BYTES:
            return buffer.getvalue()
    raise ValueError(f"thumbnail cannot be encoded under {MAX_THUMBNAIL_BYTES} bytes at size {image.size}")
