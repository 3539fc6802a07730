"""What the stock-footage stand-ins serve: real clips and photos made once per test session."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.standins import Reply

from tests.standins.media_files import SOURCES, make_clip, make_image


@dataclass(frozen=True)
class LibraryItem:
    id: int
    kind: str                         # "video" | "photo"
    path: Path
    width: int
    height: int
    duration: float | None
    author: str


def build_library(folder: Path, *, clips: int = 6, small_clips: int = 2, photos: int = 3,
                  clip_size=(1280, 720), clip_seconds: float = 3.0, portrait: bool = False) -> list[LibraryItem]:
    """`clips` clips at `clip_size` (one of them shorter, so it must loop), `small_clips` below it
    (never good enough for the output), and `photos` stills."""
    size = clip_size[::-1] if portrait else clip_size
    items = []
    for n in range(clips):
        seconds = clip_seconds if n else 1.5
        path = make_clip(folder / f"clip{n}_{size[0]}x{size[1]}_{seconds}.mp4", SOURCES[n % len(SOURCES)], size, seconds)
        items.append(LibraryItem(1000 + n, "video", path, size[0], size[1], seconds, f"Filmer {n}"))
    small = (size[0] // 2, size[1] // 2)
    for n in range(small_clips):
        path = make_clip(folder / f"small{n}_{small[0]}x{small[1]}.mp4", "smptebars", small, clip_seconds)
        items.append(LibraryItem(2000 + n, "video", path, small[0], small[1], clip_seconds, f"Small {n}"))
    for n in range(photos):
        path = make_image(folder / f"photo{n}_{size[0]}x{size[1]}.jpg", SOURCES[(n + 3) % len(SOURCES)], size)
        items.append(LibraryItem(3000 + n, "photo", path, size[0], size[1], None, f"Photographer {n}"))
    return items


def serve_file(library: list[LibraryItem], path: str, downloads: Counter) -> Reply:
    """`GET /files/<name>`: the library file's bytes, counted per name (how often it was fetched)."""
    name = path.rsplit("/", 1)[1]
    item = next((i for i in library if i.path.name == name), None)
    if item is None:
        return Reply(404, b"Not Found")
    downloads[name] += 1
    return Reply(200, item.path.read_bytes(), {"Content-Type": "video/mp4" if item.kind == "video" else "image/jpeg"})
