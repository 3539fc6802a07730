"""The picture a thumbnail is built on: one frame of the video's own footage or images.

Taken from the shot's source, not from the render, whose frames carry burned-in captions; and only
from pictures that are not drawn scenes (those carry their own headline text, which would fight the
thumbnail's title). The longest such shot is the one the video shows longest.
"""
from __future__ import annotations

from pathlib import Path

from ytempire.common.atomic_files import atomic_output
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.providers.visuals.interface import CLIP, Shot, VisualPlan

HERO_FILENAME = "hero.jpg"
DRAWN = "offline"            # the provider name of drawn scenes (and of their pictogram credits)


def hero_shot(plan: VisualPlan) -> Shot | None:
    """The longest shot whose picture is footage or an image, not a drawn scene; None if there is none."""
    if plan.provider == DRAWN:
        return None
    pictures = [shot for shot in plan.shots if not (shot.credit and shot.credit.provider == DRAWN)]
    return max(pictures, key=lambda shot: shot.duration, default=None)


def save_hero(shot: Shot, out_path: str | Path, size: tuple[int, int] = (1280, 720)) -> str:
    """One frame of `shot` (a clip's middle, or the still) cropped to fill `size`, as a JPEG."""
    width, height = size
    seek = []
    if shot.kind == CLIP:
        seek = ["-ss", f"{shot.clip_start + min(shot.duration, shot.clip_duration or shot.duration) / 2:.3f}"]
    with atomic_output(out_path) as partial:
        run_ffmpeg([*seek, "-i", shot.path, "-frames:v", "1",
                    "-vf", f"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height}",
                    "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", str(partial)], timeout=60)
    return str(out_path)
