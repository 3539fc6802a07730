"""Pictograms for the offline scenes, from Font Awesome Free (the `fontawesomefree` wheel).

Its icons are CC BY 4.0 and its font files SIL OFL 1.1; the credit below goes into every video
description that shows them. Icons are drawn from the solid TTF with Pillow, found by name and by
the search terms in the package's own metadata (`icons.json`: "sun" is found by "solar", "sunny").
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from ytempire.providers.visuals.interface import Credit

ICON_CREDIT = Credit(author="Font Awesome Free 6 by Fonticons, Inc.", source_url="https://fontawesome.com/license/free",
                     licence="CC BY 4.0", provider="offline")
# Shown when no word of the sentence names an icon: neutral, explanatory pictures.
FALLBACK_ICONS = ("lightbulb", "circle-info", "magnifying-glass", "star", "shapes", "compass", "book-open",
                  "chart-line", "gears", "globe")
MIN_PREFIX = 4                        # "loose" must not find the toilet ("loo")


def _package_dir() -> Path:
    import fontawesomefree

    return Path(fontawesomefree.__file__).parent / "static" / "fontawesomefree"


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, str]]:
    """(icon name -> glyph, search term -> icon name) of the solid, non-brand icons."""
    data = json.loads((_package_dir() / "metadata" / "icons.json").read_text(encoding="utf-8"))
    glyphs: dict[str, str] = {}
    terms: dict[str, str] = {}
    for name, icon in data.items():
        if "solid" not in icon.get("styles", ()):
            continue
        glyphs[name] = chr(int(icon["unicode"], 16))
        for part in name.split("-"):
            terms.setdefault(part, name)
        for term in (icon.get("search") or {}).get("terms") or ():
            terms.setdefault(str(term).lower(), name)
    for name in glyphs:               # a whole name beats a term borrowed from another icon
        terms[name] = name
    return glyphs, terms


def icon_for(word: str) -> str | None:
    """The icon name a word calls up: by name or search term, its singular, or its longest known
    prefix covering most of it ("batteries" -> "battery"); None when nothing fits."""
    _, terms = _index()
    word = word.lower()
    for candidate in (word, word[:-1] if word.endswith("s") else None, word[:-2] if word.endswith("es") else None):
        if candidate and candidate in terms:
            return terms[candidate]
    for end in range(len(word) - 1, max(MIN_PREFIX, -(-len(word) * 3 // 5)) - 1, -1):
        if word[:end] in terms:
            return terms[word[:end]]
    return None


def icons_for(words: list[str], fallback_seed: int, limit: int = 2) -> list[str]:
    """Distinct icon names for the words, in order; one fallback icon when none matches."""
    found = list(dict.fromkeys(name for name in map(icon_for, words) if name))[:limit]
    return found or [FALLBACK_ICONS[fallback_seed % len(FALLBACK_ICONS)]]


def glyph(name: str) -> str:
    return _index()[0][name]


@lru_cache(maxsize=8)
def icon_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_package_dir() / "webfonts" / "fa-solid-900.ttf"), size)
