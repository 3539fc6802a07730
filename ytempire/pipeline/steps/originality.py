"""The originality guard's part in the pipeline: fingerprint a finished video, check before upload.

The thumbnail stage fingerprints the video and stores its scores (so a reviewer sees them); the
upload stage checks again before any quota is spent, since the catalogue may have grown since.
"""
from __future__ import annotations

from flask import current_app

from ytempire.originality.disclosure import synthetic_parts
from ytempire.originality.service import check, record_fingerprint
from ytempire.pipeline.outcomes import StageHeld
from ytempire.pipeline.steps.script import load_script
from ytempire.pipeline.storage import ARTEFACTS, has_artefact, load_json

SLIDES = "slides"   # no visuals plan: the offline slides renderer drew every frame
VISUALS = "visuals.json"


def visual_plan(video_id) -> dict | None:
    """The assembly's visuals plan (`visuals.json`: provider, shots with `source_id`), if one was made."""
    return load_json(video_id, VISUALS) if has_artefact(video_id, VISUALS) else None


def visual_set(plan: dict | None) -> list[str]:
    """The stock clips and pictures a video used; drawn scenes and slides are made afresh, so none."""
    if not plan:
        return []
    return sorted({shot["source_id"] for shot in plan.get("shots", [])
                   if shot.get("source_id") and not shot["source_id"].startswith("offline")})


def made_with(video_id, plan: dict | None) -> dict:
    """Which provider made each part, read from the artefacts (music: none of ours adds any yet)."""
    parts = {"script": load_json(video_id, ARTEFACTS["script_generation"]).get("provider"),
             "voice": load_json(video_id, ARTEFACTS["voice_synthesis"]).get("provider"),
             "visuals": plan.get("provider") if plan else SLIDES,
             "music": None}
    return {**parts, "synthetic": synthetic_parts(parts)}


def fingerprint_finished_video(video, script_text: str, thumbnail_file: str | None = None) -> None:
    """`thumbnail_file`: the thumbnail on this host (default: its recorded path, for the local store)."""
    plan = visual_plan(video.id)
    video.made_with = made_with(video.id, plan)
    record_fingerprint(video, script_text=script_text, visuals=visual_set(plan),
                       thumbnail_path=thumbnail_file or video.thumbnail_path)
    video.originality = check(video, current_app.config)   # scores for a reviewer; the upload stage decides


def guard_upload(video, thumbnail_file: str | None = None) -> None:
    """Hold the upload (StageHeld) when the video is too close to the user's recent ones, unless approved.

    A video finished before fingerprints existed is fingerprinted now, so nothing skips the check.
    """
    earlier = video.originality or {}
    if earlier.get("approved_at"):
        return
    result = check(video, current_app.config)
    if not result["fingerprinted"] and has_artefact(video.id, ARTEFACTS["script_generation"]):
        fingerprint_finished_video(video, load_script(video.id).narration, thumbnail_file)
        result = video.originality
    if result["held"]:
        raise StageHeld(result)
    # A hold released by an edit stays on record (admin metrics count holds).
    video.originality = {**result, **{key: earlier[key] for key in ("held_at", "released_at") if key in earlier}}
