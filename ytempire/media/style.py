"""A channel's brand kit as the renderers see it: colours, caption look, watermark, intro/outro, thumbnail.

The channel stores its style as JSON (`Channel.style`, validated by the channels API); the
pipeline turns it into a `BrandStyle` with the uploaded assets resolved to files. Renderers take
`style=None` for the unbranded look (seeded colours), which is what a call without a channel gets.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ytempire.common.drawing import RGB, brand_gradients
from ytempire.common.fonts import DEFAULT_BRAND_FONT

CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")
CAPTION_POSITIONS = ("bottom", "middle", "top")
BUMPER_KINDS = ("none", "title_card", "clip")
THUMBNAIL_TEMPLATES = ("bold", "split", "minimal")
CAPTION_SIZE_RANGE = (50, 200)        # percent of the frame-relative caption size
OPACITY_RANGE = (0.05, 1.0)
HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class Palette:
    primary: RGB
    secondary: RGB
    accent: RGB
    background: RGB

    def gradients(self) -> list[tuple[RGB, RGB]]:
        return brand_gradients(self.primary, self.secondary, self.accent, self.background)


@dataclass(frozen=True)
class CaptionStyle:
    font: str = DEFAULT_BRAND_FONT
    size: int = 100                   # percent of the default size
    highlight: RGB = (255, 230, 0)
    position: str = "bottom"


@dataclass(frozen=True)
class Watermark:
    path: str
    corner: str = "bottom_right"
    opacity: float = 0.6


@dataclass(frozen=True)
class Bumper:
    """An intro or outro: nothing, a title card drawn in the palette, or an uploaded clip."""

    kind: str = "none"
    clip_path: str | None = None


@dataclass(frozen=True)
class BrandStyle:
    palette: Palette
    captions: CaptionStyle = field(default_factory=CaptionStyle)
    watermark: Watermark | None = None
    intro: Bumper = field(default_factory=Bumper)
    outro: Bumper = field(default_factory=Bumper)
    thumbnail_template: str = "bold"

    @classmethod
    def from_stored(cls, stored: Mapping, asset_paths: Mapping[str, str]) -> BrandStyle:
        """The style of a validated stored dict; `asset_paths` maps asset ids to existing files. An
        asset deleted since the style was saved is simply left out (no watermark, no clip)."""
        palette = stored["palette"]
        captions = stored.get("captions") or {}
        watermark = stored.get("watermark") or {}
        mark_path = asset_paths.get(str(watermark.get("asset_id")))
        return cls(
            palette=Palette(*(hex_to_rgb(palette[name]) for name in ("primary", "secondary", "accent", "background"))),
            captions=CaptionStyle(font=captions.get("font", DEFAULT_BRAND_FONT), size=captions.get("size", 100),
                                  highlight=hex_to_rgb(captions.get("highlight_color", "#FFE600")),
                                  position=captions.get("position", "bottom")),
            watermark=Watermark(mark_path, watermark.get("corner", "bottom_right"), watermark.get("opacity", 0.6))
            if mark_path else None,
            intro=_bumper(stored.get("intro"), asset_paths),
            outro=_bumper(stored.get("outro"), asset_paths),
            thumbnail_template=stored.get("thumbnail_template", "bold"),
        )


def _bumper(stored: Mapping | None, asset_paths: Mapping[str, str]) -> Bumper:
    stored = stored or {}
    kind = stored.get("kind", "none")
    if kind == "clip":
        path = asset_paths.get(str(stored.get("clip_asset_id")))
        return Bumper("clip", path) if path else Bumper()
    return Bumper(kind) if kind in BUMPER_KINDS else Bumper()
