"""What the video_assembly stage asks of a visuals source (stock footage, AI images, offline scenes).

A source turns the script and the spoken narration into a `VisualPlan`: one `Shot` per narrated
sentence (or short group), each a local file on screen for that sentence's real narration time.
The renderer (`ytempire.media.footage`) turns the plan into video in one ffmpeg pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ytempire.providers.script.interface import ScriptSection
from ytempire.providers.voice.interface import TimedText

CLIP = "clip"                         # a video file, trimmed or looped to the shot
STILL = "still"                       # a picture, panned slowly across the shot
# A still is shown 12% larger than the frame and panned across; drawn scenes keep their content
# inside the part every pan position shows.
PAN_OVERSCAN = 1.12


@dataclass(frozen=True)
class Credit:
    """Who made a piece of footage and under which licence: listed in the YouTube description."""

    author: str
    source_url: str
    licence: str
    provider: str                     # "pexels" | "pixabay" | "openai" | "offline"

    def line(self) -> str:
        return f"{self.author} ({self.provider}, {self.licence}): {self.source_url}"


@dataclass(frozen=True)
class Shot:
    start: float                      # seconds into the narration
    duration: float
    kind: str                         # CLIP | STILL
    path: str                         # local file: the media cache, or drawn in the work dir
    query: str = ""                   # what it was found with (or drawn for)
    clip_start: float = 0.0           # in-point within a clip
    clip_duration: float | None = None  # the clip's own length; shorter than the shot means it loops
    credit: Credit | None = None
    source_id: str = ""               # "pexels:video:123": never used twice in one video


@dataclass(frozen=True)
class VisualPlan:
    shots: list[Shot]
    provider: str

    @property
    def credits(self) -> list[Credit]:
        """Each distinct credit once, in order of first appearance."""
        seen: dict[Credit, None] = {}
        for shot in self.shots:
            if shot.credit is not None:
                seen.setdefault(shot.credit)
        return list(seen)


@dataclass(frozen=True)
class VisualRequest:
    topic: str
    title: str
    sections: list[ScriptSection]
    segments: list[TimedText]         # the narration's sentences with their real times
    duration: float                   # the narration's length
    size: tuple[int, int]             # output frame (width, height)
    workdir: str                      # where a source may draw files for this video
    language: str = "en"
    queries: list[list[str]] = field(default_factory=list)   # per segment; empty: derive offline
    video_id: str = ""                # keys what is made for this video alone (generated images)
    # The channel's style, for sources that draw (offline scenes): six background gradient pairs,
    # the accent colour and the font face name; None draws in colours seeded by the title.
    gradients: list[tuple[tuple[int, int, int], tuple[int, int, int]]] | None = None
    accent: tuple[int, int, int] | None = None
    face: str | None = None


class PaidCalls(Protocol):
    """The cost ledger as a source sees it: `check` before a paid call, `charge` after it."""

    def check(self, provider: str, unit: str, units, model: str | None) -> None: ...

    def charge(self, provider: str, unit: str, units, model: str | None, call: str) -> None: ...


class VisualProvider(Protocol):
    name: str

    def plan(self, request: VisualRequest) -> VisualPlan: ...


@dataclass(frozen=True)
class StockItem:
    """One search hit of a stock library: a downloadable file and whom to credit."""

    source_id: str                    # "pexels:video:123"
    kind: str                         # CLIP | STILL
    url: str                          # the file to download
    width: int
    height: int
    duration: float | None            # clips only
    credit: Credit


class StockSource(Protocol):
    name: str

    def search_videos(self, query: str, orientation: str) -> list[StockItem]: ...

    def search_photos(self, query: str, orientation: str) -> list[StockItem]: ...
