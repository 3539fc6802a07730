"""The video thumbnail: the title, big and bold, on a generated background (Pillow only).

YouTube shows thumbnails small, so the title is fitted as large as it can be (up to four lines),
white with a heavy dark outline and a soft shadow so it reads on any background colour.
The file stays under YouTube's 2 MB thumbnail limit.

A channel's style picks the colours and face and one of three templates: `bold` (the title centred
over the brand gradient with an accent bar), `split` (the title on a solid panel on the left, an
accent stripe at its edge, the gradient on the right) or `minimal` (a flat background, an accent
frame, the title in a calmer size). Given a `picture` from the video's own footage or images
(media/hero.py), `bold` lays the title over it, darkened so the title still reads, and `split` shows
it on the right instead of the gradient: the thumbnail then shows what the video shows.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from ytempire.common.atomic_files import atomic_output
from ytempire.common.drawing import FittedText, draw_centered_lines, fit_text, palette_for, seeded_background
from ytempire.media.style import BrandStyle

MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024     # YouTube's limit for custom thumbnails
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


def render_thumbnail(title: str, out_path: str | Path, *, seed: str | None = None,
                     size: tuple[int, int] = (1280, 720), style: BrandStyle | None = None,
                     picture: Image.Image | None = None) -> str:
    """Draw the thumbnail for `title` to `out_path` (.jpg/.jpeg/.png) in the channel's `style`
    (colours seeded by `seed` without one) and return the path."""
    out_path = Path(out_path)
    image_format = _FORMATS.get(out_path.suffix.lower())
    if image_format is None:
        raise ValueError(f"thumbnail must be .jpg, .jpeg or .png, not {out_path.suffix!r}")
    seed = title if seed is None else seed
    text = title.strip() or " "
    template = style.thumbnail_template if style else "bold"
    if template == "split":
        image = _split(text, size, seed, style, picture)
    elif template == "minimal":
        image = _minimal(text, size, style)
    else:
        image = _bold(text, size, seed, style, picture)
    data = _encode_within_limit(image, image_format)
    with atomic_output(out_path) as tmp:
        tmp.write_bytes(data)
    return str(out_path)


def _bold(text: str, size: tuple[int, int], seed: str, style: BrandStyle | None,
          picture: Image.Image | None) -> Image.Image:
    """The title as large as it fits, centred over the background (or the darkened picture), an
    accent bar under it."""
    width, height = size
    image = (_darkened(_filled(picture, size)) if picture is not None
             else seeded_background(size, seed, 0, style.palette.gradients() if style else None))
    fitted = fit_text(text, max_width=width * 0.88, max_height=height * 0.68, max_size=int(height * 0.2),
                      min_size=int(height * 0.06), max_lines=4, line_spacing=1.05,
                      face=style.captions.font if style else None)
    top = (height - fitted.height) / 2 - height * 0.03
    image = _with_shadow(image, fitted, top, width / 2)
    accent = style.palette.accent if style else _brighter(palette_for(seed)[2][0])
    _draw_accent(image, accent, below=top + fitted.height)
    draw_centered_lines(image, fitted, center_x=width / 2, top=top, stroke_width=max(3, fitted.font.size // 10))
    return image


def _split(text: str, size: tuple[int, int], seed: str, style: BrandStyle | None,
           picture: Image.Image | None) -> Image.Image:
    """A solid panel on the left 58 % with the title, an accent stripe at its edge, the picture (or
    the gradient) beyond."""
    width, height = size
    image = seeded_background(size, seed, 1, style.palette.gradients() if style else None)
    if picture is not None:
        right = int(width * 0.58)
        image.paste(_filled(picture, (width - right, height)), (right, 0))
    panel_colour = style.palette.background if style else (20, 20, 28)
    accent = style.palette.accent if style else _brighter(palette_for(seed)[2][0])
    edge = int(width * 0.58)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, edge, height), fill=panel_colour)
    draw.rectangle((edge, 0, edge + max(6, width // 60), height), fill=accent)
    fitted = fit_text(text, max_width=edge * 0.86, max_height=height * 0.8, max_size=int(height * 0.17),
                      min_size=int(height * 0.05), max_lines=5, line_spacing=1.05,
                      face=style.captions.font if style else None)
    top = (height - fitted.height) / 2
    draw_centered_lines(image, fitted, center_x=edge / 2, top=top, stroke_width=max(3, fitted.font.size // 12))
    return image


def _minimal(text: str, size: tuple[int, int], style: BrandStyle | None) -> Image.Image:
    """A flat background, a thin accent frame and the title at a calmer size, in the accent colour's light."""
    width, height = size
    background = style.palette.background if style else (24, 24, 30)
    accent = style.palette.accent if style else (255, 230, 0)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    inset, line = int(height * 0.06), max(4, height // 90)
    draw.rectangle((inset, inset, width - inset, height - inset), outline=accent, width=line)
    fitted = fit_text(text, max_width=width * 0.72, max_height=height * 0.6, max_size=int(height * 0.13),
                      min_size=int(height * 0.05), max_lines=4, line_spacing=1.1,
                      face=style.captions.font if style else None)
    top = (height - fitted.height) / 2
    draw_centered_lines(image, fitted, center_x=width / 2, top=top, stroke_width=max(2, fitted.font.size // 16))
    return image


def _filled(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """`picture` scaled to cover `size` and cropped to it around its centre."""
    return ImageOps.fit(picture.convert("RGB"), size, Image.Resampling.LANCZOS)


def _darkened(image: Image.Image) -> Image.Image:
    """Dark enough that a white, outlined title reads on any picture."""
    return Image.blend(image, Image.new("RGB", image.size, (0, 0, 0)), 0.45)


def _brighter(colour) -> tuple[int, int, int]:
    return tuple(min(255, int(c * 1.8) + 60) for c in colour)


def _draw_accent(image: Image.Image, bright, *, below: float) -> None:
    """A bright bar under the title: a strong shape makes a thumbnail stand out in a grid."""
    width, height = image.size
    y = below + height * 0.035
    ImageDraw.Draw(image).rounded_rectangle((width * 0.35, y, width * 0.65, y + height * 0.022),
                                            radius=int(height * 0.011), fill=bright)


def _with_shadow(image: Image.Image, fitted: FittedText, top: float, center_x: float) -> Image.Image:
    """Blend a blurred dark copy of the text under where the text will go."""
    shadow = Image.new("L", image.size, 0)
    offset = max(3, fitted.font.size // 16)
    draw = ImageDraw.Draw(shadow)
    for i, line in enumerate(fitted.lines):
        draw.text((center_x + offset, top + offset + i * fitted.line_height), line, font=fitted.font,
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
