"""Real media for the visuals stand-ins, made with ffmpeg's test sources (no downloads)."""
from __future__ import annotations

from pathlib import Path

from ytempire.common.ffmpeg import run_ffmpeg

SOURCES = ("testsrc2", "mandelbrot", "smptebars", "rgbtestsrc", "testsrc", "cellauto", "life", "smptehdbars")


def make_clip(path: Path, source: str, size: tuple[int, int], seconds: float, fps: int = 12) -> Path:
    """An H.264 MP4 of an ffmpeg test source: moving pictures cheap to encode."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        run_ffmpeg(["-f", "lavfi", "-i", f"{source}=size={size[0]}x{size[1]}:rate={fps}", "-t", f"{seconds}", "-vf", "format=yuv420p", "-c:v", "libx264",
                    "-preset", "ultrafast", "-crf", "30", str(path)])
    return path


def make_image(path: Path, source: str, size: tuple[int, int]) -> Path:
    """One frame of a test source as a JPEG or PNG (by the path's suffix)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        run_ffmpeg(["-f", "lavfi", "-i", f"{source}=size={size[0]}x{size[1]}", "-frames:v", "1", str(path)])
    return path
