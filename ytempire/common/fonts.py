"""Find a scalable font on this machine for slides and thumbnails.

Pillow ships no scalable font of its own except `ImageFont.load_default(size=…)` (Latin only), so
we look for installed TrueType/OpenType files, preferring clean sans faces (DejaVu Sans is in the
`fonts-dejavu-core` Debian package). A font is only chosen if it really has glyphs for the text:
Hindi subtitles need a Devanagari font, and a Latin face would draw boxes ("tofu") instead.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
    "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts",
)
_PREFERRED = {
    True: ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"),
    False: ("DejaVuSans.ttf", "NotoSans-Regular.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf"),
}
_FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}
# The caption and title faces a channel's style may name: open fonts the image ships
# (fonts-dejavu-core, fonts-noto-core), bold cut first. A face missing here, or one without glyphs
# for the text's script, falls back to `font_path`'s choice, so a style never draws tofu.
BRAND_FONTS = {
    "dejavu_sans": ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"),
    "dejavu_serif": ("DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf"),
    "dejavu_mono": ("DejaVuSansMono-Bold.ttf", "DejaVuSansMono.ttf"),
    "noto_sans": ("NotoSans-Bold.ttf", "NotoSans-Regular.ttf"),
    "noto_serif": ("NotoSerif-Bold.ttf", "NotoSerif-Regular.ttf"),
}
DEFAULT_BRAND_FONT = "dejavu_sans"
_MISSING_GLYPH_PROBE = "\U0010FFFD"   # private use: no font draws it, so it renders as .notdef
_COVERAGE_SAMPLE = 64                 # distinct characters checked per text


@lru_cache(maxsize=1)
def installed_fonts() -> tuple[Path, ...]:
    """Every font file under the usual font directories, sorted for a stable choice."""
    found: list[Path] = []
    for directory in FONT_DIRS:
        root = Path(os.path.expanduser(directory))
        if root.is_dir():
            found.extend(p for p in root.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES)
    return tuple(sorted(found))


def _candidates(bold: bool) -> list[Path]:
    fonts = installed_fonts()
    by_name = {p.name: p for p in fonts}
    preferred = [by_name[name] for name in _PREFERRED[bold] if name in by_name]
    same_weight = [p for p in fonts if ("bold" in p.name.lower()) == bold and p not in preferred]
    return preferred + same_weight + [p for p in fonts if p not in preferred and p not in same_weight]


@lru_cache(maxsize=64)
def _probe_font(path: str) -> tuple[ImageFont.FreeTypeFont, bytes]:
    font = ImageFont.truetype(path, 24)
    return font, bytes(font.getmask(_MISSING_GLYPH_PROBE))


@lru_cache(maxsize=4096)
def _has_glyph(path: str, char: str) -> bool:
    font, notdef = _probe_font(path)
    return bytes(font.getmask(char)) != notdef


def covers(path: str | Path, text: str) -> bool:
    """Whether the font at `path` has a glyph for every visible character of `text`."""
    chars = sorted({c for c in text if not c.isspace()})[:_COVERAGE_SAMPLE]
    try:
        return all(_has_glyph(str(path), c) for c in chars)
    except OSError:                   # unreadable or not really a font
        return False


def font_path(*, bold: bool = False, text: str = "") -> str | None:
    """The best installed font for `text`, or None when the machine has no usable font."""
    candidates = _candidates(bold)
    for path in candidates:
        if covers(path, text):
            return str(path)
    return str(candidates[0]) if candidates else None


def brand_font_path(name: str | None, *, text: str = "") -> str | None:
    """The installed file of the brand face `name` if it can draw `text`, else `font_path`'s bold choice."""
    by_name = {p.name: p for p in installed_fonts()}
    for filename in BRAND_FONTS.get(name or "", ()):
        if filename in by_name and covers(by_name[filename], text):
            return str(by_name[filename])
    return font_path(bold=True, text=text)


def load_font(size: int, *, bold: bool = False, text: str = "", face: str | None = None) -> ImageFont.FreeTypeFont:
    """A scalable font of `size` pixels able to draw `text` (the brand `face` when given and able);
    Pillow's built-in face as last resort."""
    path = brand_font_path(face, text=text) if face else font_path(bold=bold, text=text)
    return _load(path, int(size)) if path else ImageFont.load_default(size=int(size))


@lru_cache(maxsize=256)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    # Slides ask for the same few sizes hundreds of times; parsing the file each time is waste.
    return ImageFont.truetype(path, size)
