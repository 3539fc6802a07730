"""The style a channel starts with, derived from its niche, so no two kinds of channel look alike.

A niche naming a known topic (matched by keyword) gets that topic's look; any other niche is hashed
onto one of several looks, so two channels with unknown niches still usually differ. The result is
the stored JSON shape the channels API validates (`Channel.style`).
"""
from __future__ import annotations

import hashlib
import re

# keywords → (primary, secondary, accent, background, caption font, thumbnail template)
_LOOKS = (
    (("tech", "software", "programming", "coding", "ai", "gadget", "computer"),
     ("#1E88E5", "#00ACC1", "#00E5FF", "#0B1021", "dejavu_mono", "split")),
    (("finance", "money", "invest", "crypto", "stock", "business", "econom"),
     ("#2E7D32", "#1B5E20", "#FFD54F", "#0E1A12", "dejavu_serif", "minimal")),
    (("gaming", "game", "esport", "minecraft"),
     ("#AA00FF", "#D500F9", "#76FF03", "#12001F", "dejavu_sans", "bold")),
    (("health", "fitness", "workout", "yoga", "nutrition", "wellness"),
     ("#43A047", "#26A69A", "#FFEB3B", "#0D1F1A", "dejavu_sans", "bold")),
    (("food", "cooking", "recipe", "baking", "kitchen"),
     ("#EF6C00", "#D84315", "#FFCA28", "#2A1205", "dejavu_serif", "bold")),
    (("travel", "adventure", "outdoor", "nature"),
     ("#00897B", "#F4A261", "#FFE082", "#062A2A", "dejavu_sans", "split")),
    (("news", "politic", "current"),
     ("#C62828", "#37474F", "#FFFFFF", "#121212", "dejavu_serif", "minimal")),
    (("history", "documentary", "culture", "art"),
     ("#8D6E63", "#6D4C41", "#FFCC80", "#1E140F", "dejavu_serif", "minimal")),
    (("science", "space", "physics", "biology", "education", "learn"),
     ("#3949AB", "#5E35B1", "#FFD740", "#0A0C24", "dejavu_sans", "split")),
    (("kids", "children", "toy", "cartoon"),
     ("#FF4081", "#FFC400", "#00E5FF", "#2A0A2E", "dejavu_sans", "bold")),
    (("beauty", "fashion", "makeup", "style", "lifestyle"),
     ("#D81B60", "#F06292", "#FFD1DC", "#24070F", "dejavu_serif", "minimal")),
    (("music", "song", "guitar", "piano"),
     ("#F50057", "#651FFF", "#FFEA00", "#0D0618", "dejavu_sans", "split")),
)
# For niches no keyword names: distinct hues, none of them the old one-size purple.
_FALLBACKS = (
    ("#00838F", "#006064", "#FFAB40", "#061B1E", "dejavu_sans", "bold"),
    ("#C0CA33", "#558B2F", "#FFFFFF", "#141A06", "dejavu_sans", "split"),
    ("#E53935", "#FB8C00", "#FFF59D", "#1F0808", "dejavu_sans", "bold"),
    ("#1565C0", "#6A1B9A", "#FF6E40", "#080C1E", "dejavu_serif", "minimal"),
    ("#6D4C41", "#F9A825", "#FFFFFF", "#1A120D", "dejavu_serif", "split"),
    ("#00BFA5", "#2962FF", "#FFD600", "#041A17", "dejavu_mono", "bold"),
)
_CAPTION_HIGHLIGHT_FALLBACK = "#FFE600"


def _matches(word: str, keyword: str) -> bool:
    # Short keywords ("ai", "art") only as whole words: "aim" and "party" are not about them.
    return word == keyword or (len(keyword) > 3 and word.startswith(keyword))


def _look_for(niche: str) -> tuple:
    words = re.findall(r"[a-z]+", (niche or "").lower())
    for keywords, look in _LOOKS:
        if any(_matches(word, keyword) for word in words for keyword in keywords):
            return look
    digest = hashlib.sha256(" ".join(words).encode()).digest()
    return _FALLBACKS[digest[0] % len(_FALLBACKS)]


def style_for_niche(niche: str) -> dict:
    """The full style (stored JSON shape) a channel of `niche` gets until its owner saves one."""
    primary, secondary, accent, background, font, template = _look_for(niche)
    highlight = accent if accent.upper() != "#FFFFFF" else _CAPTION_HIGHLIGHT_FALLBACK
    return {
        "palette": {"primary": primary, "secondary": secondary, "accent": accent, "background": background},
        "captions": {"font": font, "size": 100, "highlight_color": highlight, "position": "bottom"},
        "intro": {"kind": "none", "clip_asset_id": None},
        "outro": {"kind": "none", "clip_asset_id": None},
        "watermark": None,
        "default_voice": None,
        "default_music": None,
        "default_visuals": None,
        "thumbnail_template": template,
    }
