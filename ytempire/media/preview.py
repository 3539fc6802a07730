"""A contact sheet: nine frames of a video in a 3x3 grid, each with its time, as one PNG.

The frontend shows a video at a glance without downloading it. Frames are taken at the middle of
nine equal slices of the video (never the very first frame, which is often a fade), each by one
fast-seeking ffmpeg call that decodes a single frame, so a long video costs no more than a short one.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from ytempire.common.atomic_files import atomic_output
from ytempire.common.ffmpeg import probe, run_ffmpeg
from ytempire.common.fonts import load_font

PREVIEW_FILENAME = "preview.png"       # stored beside the video's MP4
COLUMNS = ROWS = 3
TILE_WIDTH = 384
GAP = 6
BACKGROUND = (18, 18, 22)


def frame_times(duration: float, count: int = COLUMNS * ROWS) -> list[float]:
    """The middle of each of `count` equal slices of `duration`."""
    return [round((index + 0.5) * duration / count, 3) for index in range(count)]


def clock(seconds: float) -> str:
    """`M:SS` (or `H:MM:SS`), as a video player shows a time."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def contact_sheet(video_path: str | Path, out_path: str | Path, *, tile_width: int = TILE_WIDTH) -> str:
    """Write the 3x3 contact sheet of `video_path` to `out_path` (PNG, atomically); return the path."""
    info = probe(video_path)
    video = info.of_kind("video")
    if not video or not info.duration:
        raise ValueError(f"{video_path} has no video stream to preview")
    width, height = video[0].width or 16, video[0].height or 9
    tile = (tile_width, max(2, round(tile_width * height / width / 2) * 2))
    sheet = Image.new("RGB", (COLUMNS * tile[0] + (COLUMNS + 1) * GAP, ROWS * tile[1] + (ROWS + 1) * GAP), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = load_font(max(12, tile[0] // 16), bold=True)
    for index, seconds in enumerate(frame_times(info.duration)):
        x = GAP + (index % COLUMNS) * (tile[0] + GAP)
        y = GAP + (index // COLUMNS) * (tile[1] + GAP)
        sheet.paste(_frame(video_path, seconds, tile), (x, y))
        label = clock(seconds)
        left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
        pad = max(3, tile[0] // 80)
        box = (x + pad, y + tile[1] - (bottom - top) - 3 * pad, x + 3 * pad + right - left, y + tile[1] - pad)
        draw.rectangle(box, fill=(0, 0, 0))
        draw.text((box[0] + pad - left, box[1] + pad - top), label, font=font, fill=(255, 255, 255))
    with atomic_output(out_path) as tmp:
        sheet.save(tmp, format="PNG", optimize=True)
    return str(out_path)


def _frame(video_path, seconds: float, size: tuple[int, int]) -> Image.Image:
    png = run_ffmpeg(["-ss", f"{seconds:.3f}", "-i", str(video_path), "-frames:v", "1",
                      "-vf", f"scale={size[0]}:{size[1]}", "-f", "image2pipe", "-c:v", "png", "-"]).stdout
    if not png:                       # a seek past the last frame: a dark tile keeps the grid whole
        return Image.new("RGB", size, BACKGROUND)
    return Image.open(io.BytesIO(png)).convert("RGB")
