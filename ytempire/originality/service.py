"""Store a finished video's fingerprint; compare a video with its owner's recent catalogue.

The check reads candidates only: rows of the same user inside the window that share a script band
key or a visual with the video (both GIN-indexed), then compares those exactly. Another user's
videos are never read. Title and thumbnail similarity are reported for the candidates, to help
the reviewer; only script similarity and visual reuse decide a hold.
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert

from ytempire.common.timeutil import isoformat, utcnow
from ytempire.extensions import db
from ytempire.originality import fingerprint as fp
from ytempire.originality.models import VideoFingerprint

CLOSEST_SHOWN = 5


def record_fingerprint(video, *, script_text: str, visuals: list[str], thumbnail_path: str | None) -> None:
    """Fingerprint the finished video (added to the caller's transaction; a re-run replaces it)."""
    signature = fp.minhash(script_text)
    values = {"video_id": video.id, "user_id": video.user_id, "channel_id": video.channel_id,
              "title": video.title, "script_signature": signature.tobytes(),
              "script_bands": fp.band_keys(signature), "visuals": sorted(set(visuals)),
              "thumbnail_hash": fp.dhash(thumbnail_path) if thumbnail_path else None}
    update = {key: value for key, value in values.items() if key != "video_id"}
    db.session.execute(insert(VideoFingerprint).values(**values)
                       .on_conflict_do_update(index_elements=["video_id"], set_=update))


def retitle_fingerprint(video) -> None:
    """An edited title is what a viewer sees from now on; the stored one follows it."""
    row = db.session.get(VideoFingerprint, video.id)
    if row is not None:
        row.title = video.title


def check(video, config) -> dict:
    """The video's scores against the user's other fingerprinted videos of the window.

    `held` says whether a threshold is passed; an unfingerprinted video (never finished) has
    nothing to compare and passes with `fingerprinted: False`.
    """
    limits = {"window_days": config["ORIGINALITY_WINDOW_DAYS"], "max_similarity": config["ORIGINALITY_MAX_SIMILARITY"],
              "max_visual_reuse": config["ORIGINALITY_MAX_VISUAL_REUSE"]}
    mine = db.session.get(VideoFingerprint, video.id)
    if mine is None:
        return {"score": 1.0, "script_similarity": 0.0, "visual_reuse": 0.0, "held": False, "reasons": [],
                "closest": [], "checked_at": isoformat(utcnow()), "fingerprinted": False, **limits}
    rows = db.session.execute(candidates(mine, utcnow() - timedelta(days=limits["window_days"]))).all()
    return {**compare(mine, rows, limits), "checked_at": isoformat(utcnow()), "fingerprinted": True, **limits}


def candidates(mine: VideoFingerprint, since):
    """The owner's other fingerprints since `since` sharing a script band or a visual (GIN lookups)."""
    matches = [VideoFingerprint.script_bands.overlap(mine.script_bands)]
    if mine.visuals:
        matches.append(VideoFingerprint.visuals.overlap(mine.visuals))
    return select(
        VideoFingerprint.video_id, VideoFingerprint.channel_id, VideoFingerprint.title,
        VideoFingerprint.script_signature, VideoFingerprint.visuals, VideoFingerprint.thumbnail_hash,
    ).where(VideoFingerprint.user_id == mine.user_id, VideoFingerprint.video_id != mine.video_id,
            VideoFingerprint.created_at >= since, or_(*matches))


def compare(mine, rows, limits: dict) -> dict:
    """Scores of `mine` against candidate rows (numpy over their signatures); the decision by `limits`."""
    signature = np.frombuffer(mine.script_signature, dtype=np.uint32)
    others = (np.frombuffer(b"".join(row.script_signature for row in rows), dtype=np.uint32)
              .reshape(len(rows), fp.NUM_PERM) if rows else np.empty((0, fp.NUM_PERM), dtype=np.uint32))
    script = fp.similarities(signature, others)
    my_visuals = set(mine.visuals)
    reused: set[str] = set()
    scored = []
    for row, script_similarity in zip(rows, script):
        shared = my_visuals & set(row.visuals)
        reused |= shared
        visual_overlap = len(shared) / len(my_visuals) if my_visuals else 0.0
        scored.append({"video_id": str(row.video_id), "channel_id": str(row.channel_id), "title": row.title,
                       "script_similarity": round(float(script_similarity), 3),
                       "visual_overlap": round(visual_overlap, 3),
                       "title_similarity": round(fp.word_jaccard(mine.title, row.title), 3),
                       "thumbnail_similarity": fp.hash_similarity(mine.thumbnail_hash, row.thumbnail_hash)})
    scored.sort(key=lambda item: max(item["script_similarity"], item["visual_overlap"]), reverse=True)
    script_similarity = float(script.max()) if len(script) else 0.0
    visual_reuse = len(reused) / len(my_visuals) if my_visuals else 0.0
    reasons = []
    if script_similarity > limits["max_similarity"]:
        reasons.append(f"script {script_similarity:.2f} similar to an earlier video (limit {limits['max_similarity']})")
    if visual_reuse > limits["max_visual_reuse"]:
        reasons.append(f"{visual_reuse:.0%} of its visuals were used before (limit {limits['max_visual_reuse']:.0%})")
    return {"score": round(1 - max(script_similarity, visual_reuse), 3),
            "script_similarity": round(script_similarity, 3), "visual_reuse": round(visual_reuse, 3),
            "held": bool(reasons), "reasons": reasons, "closest": scored[:CLOSEST_SHOWN]}
