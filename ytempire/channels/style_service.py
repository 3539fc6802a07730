"""A channel's style (brand kit): reading it (saved, or derived from the niche), saving it, its assets.

Uploads are trusted for what their bytes are, not their names: a watermark must be a PNG that
Pillow opens, within WATERMARK_SIDE_RANGE a side and WATERMARK_MAX_BYTES; an intro/outro clip
must be MP4, MOV or WebM with a video stream ffmpeg reads, at most CLIP_MAX_SECONDS long and
CLIP_MAX_BYTES big. Files live in the object store under brand/<user_id>/<channel_id>/ (locally
STORAGE_PATH/brand/<user_id>/<channel_id>/), outside the
per-video folders the storage cleaner sweeps.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ytempire.channels.models import BrandAsset, Channel
from ytempire.common.ffmpeg import FFmpegError, probe
from ytempire.common.lookup import get_or_404
from ytempire.errors import NotFound, ValidationError
from ytempire.extensions import db
from ytempire.media.niche_styles import style_for_niche
from ytempire.music.models import MusicTrack
from ytempire.providers.visuals import VisualsNotConfigured, resolve_visuals
from ytempire.storage import object_store
from ytempire.storage.uploads import keep_upload, received_upload

WATERMARK_MAX_BYTES = 2 * 1024 * 1024
WATERMARK_SIDE_RANGE = (16, 1024)
CLIP_MAX_BYTES = 50 * 1024 * 1024
CLIP_MAX_SECONDS = 10.0
CLIP_MAX_SIDE = 4096
# The suffixes a clip may have and the container names ffmpeg reports for each.
CLIP_CONTAINERS = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}
MAX_UPLOAD_BYTES = max(WATERMARK_MAX_BYTES, CLIP_MAX_BYTES)


def editable_channel(channel: Channel) -> Channel:
    """A deleted channel's style is kept for its history but no longer changed (as with PUT /channels/{id})."""
    if channel.status == "deleted":
        raise NotFound("Channel not found")
    return channel


def stored_style(channel: Channel) -> tuple[dict, bool]:
    """(the style, whether it is derived from the niche because none was saved)."""
    if channel.style:
        return channel.style, False
    return style_for_niche(channel.niche), True


def style_view(channel: Channel) -> dict:
    style, derived = stored_style(channel)
    return {**style, "derived_from_niche": derived}


def save_style(channel: Channel, style: dict) -> dict:
    """Replace the channel's style with a validated body; 400 for assets or music that are not its own."""
    problems = (_asset_problems(channel, style) + _music_problems(channel, style.get("default_music"))
                + _visuals_problems(style.get("default_visuals")))
    if problems:
        raise ValidationError("The style names files, music or visuals this channel cannot use", details=problems)
    channel.style = _as_json(style)
    db.session.commit()
    return style_view(channel)


def video_defaults(channel) -> dict:
    """The `video_config` values the channel's style sets for requests that leave them out: voice,
    music and visuals, when set (a default track deleted since is dropped, not a 400 later).
    `channel`: a Channel, or a row of its user_id, style and niche."""
    style, _ = stored_style(channel)
    defaults = {"voice": style.get("default_voice"), "visuals": style.get("default_visuals"),
                "music": style.get("default_music")}
    if defaults["music"] not in (None, "auto") and _music_problems(channel, defaults["music"]):
        defaults["music"] = None
    return {key: value for key, value in defaults.items() if value is not None}


def _as_json(style: dict) -> dict:
    """UUIDs as strings: the style is stored as JSON."""
    def plain(value):
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        return str(value) if isinstance(value, uuid.UUID) else value
    return plain(style)


def _asset_problems(channel: Channel, style: dict) -> list[dict]:
    wanted = []
    if style.get("watermark"):
        wanted.append(("watermark.asset_id", style["watermark"]["asset_id"], "watermark"))
    for part in ("intro", "outro"):
        if (style.get(part) or {}).get("kind") == "clip":
            wanted.append((f"{part}.clip_asset_id", style[part]["clip_asset_id"], "clip"))
    problems = []
    for field, asset_id, kind in wanted:
        asset = db.session.get(BrandAsset, asset_id)
        if asset is None or asset.channel_id != channel.id:
            problems.append({"field": field, "message": f"No asset {asset_id} on this channel; upload one with "
                                                        f"POST /api/v1/channels/{channel.id}/style/assets"})
        elif asset.kind != kind:
            problems.append({"field": field, "message": f"Asset {asset_id} is a {asset.kind}, not a {kind}"})
    return problems


def _music_problems(channel: Channel, choice: str | None) -> list[dict]:
    if choice in (None, "auto"):
        return []
    track = db.session.get(MusicTrack, uuid.UUID(choice))
    if track is None or track.user_id != channel.user_id:
        return [{"field": "default_music", "message": f"No music track {choice!r} in your library"}]
    return []


def _visuals_problems(kind: str | None) -> list[dict]:
    """A default kind this deployment cannot make would refuse every request that relies on it."""
    try:
        resolve_visuals(current_app.config, kind)
    except VisualsNotConfigured as error:
        return [{"field": "default_visuals", "message": f"Visuals '{kind}' need {error.missing} on this server"}]
    return []


# ----------------------------------------------------------------------------- assets

def brand_key(channel: Channel, filename: str) -> str:
    return f"brand/{channel.user_id}/{channel.id}/{filename}"


def list_assets(channel: Channel) -> list[BrandAsset]:
    return list(db.session.scalars(select(BrandAsset).where(BrandAsset.channel_id == channel.id)
                                   .order_by(BrandAsset.created_at.desc(), BrandAsset.id)))


def get_channel_asset(channel: Channel, asset_id) -> BrandAsset:
    asset = get_or_404(BrandAsset, asset_id, "Asset", owner_id=channel.user_id)
    if asset.channel_id != channel.id:
        raise NotFound("Asset not found")
    return asset


def upload_asset(channel: Channel, kind: str, upload: FileStorage) -> BrandAsset:
    """Check and store a watermark or clip; 400 naming what is wrong with it."""
    filename = os.path.basename(upload.filename or "").strip()
    suffix = Path(filename).suffix.lower()
    allowed = (".png",) if kind == "watermark" else tuple(CLIP_CONTAINERS)
    if suffix not in allowed:
        raise _invalid(f"Unsupported file type {suffix or '(none)'!r} for a {kind}; upload one of {', '.join(allowed)}")
    local_folder = Path(current_app.config["STORAGE_PATH"]) / "brand" / str(channel.user_id) / str(channel.id)
    with received_upload(upload, suffix, local_folder, "brand-uploads") as partial:
        size = partial.stat().st_size
        limit = WATERMARK_MAX_BYTES if kind == "watermark" else CLIP_MAX_BYTES
        if size > limit:
            raise _invalid(f"The file is {size / 2**20:.1f} MiB; a {kind} may be at most {limit / 2**20:.1f} MiB")
        if kind == "watermark":
            content_type, (width, height), duration = "image/png", _inspect_watermark(partial), None
        else:
            content_type = CLIP_CONTAINERS[suffix]
            width, height, duration = _inspect_clip(partial)
        asset = BrandAsset(id=uuid.uuid4(), user_id=channel.user_id, channel_id=channel.id, kind=kind,
                           filename=filename[:255], content_type=content_type, size_bytes=size, width=width,
                           height=height, duration_seconds=duration, path="")
        keep_upload(asset, brand_key(channel, f"{asset.id}{suffix}"), partial)
        return asset


def delete_asset(channel: Channel, asset: BrandAsset) -> None:
    """Delete the file, and drop it from the style (no watermark, no intro/outro) so renders never miss it."""
    path, asset_id = asset.path, str(asset.id)
    if channel.style:
        style = dict(channel.style)
        if (style.get("watermark") or {}).get("asset_id") == asset_id:
            style["watermark"] = None
        for part in ("intro", "outro"):
            if (style.get(part) or {}).get("clip_asset_id") == asset_id:
                style[part] = {"kind": "none", "clip_asset_id": None}
        channel.style = style
    db.session.delete(asset)
    db.session.commit()
    object_store().delete(object_store().key_of(path))


def _inspect_watermark(path: Path) -> tuple[int, int]:
    """(width, height) of a real PNG within bounds, else 400."""
    try:
        with Image.open(path) as image:
            image_format, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _invalid("The file is not a PNG image") from None
    if image_format != "PNG":
        raise _invalid(f"The file is a {image_format} image, not a PNG")
    low, high = WATERMARK_SIDE_RANGE
    if not all(low <= side <= high for side in size):
        raise _invalid(f"The watermark is {size[0]}x{size[1]} px; each side must be {low}-{high} px")
    return size


def _inspect_clip(path: Path) -> tuple[int, int, float]:
    """(width, height, seconds) of a video ffmpeg can read within bounds, else 400."""
    try:
        info = probe(path)
    except FFmpegError:
        raise _invalid("The file is not a video ffmpeg can read") from None
    video = info.of_kind("video")
    if not video or not video[0].width or not video[0].height:
        raise _invalid("The file holds no video stream of a readable size")
    if not info.duration:
        raise _invalid("The clip's length cannot be read")
    if info.duration > CLIP_MAX_SECONDS:
        raise _invalid(f"The clip lasts {info.duration:.1f} s; at most {CLIP_MAX_SECONDS:g} s")
    width, height = video[0].width, video[0].height
    if max(width, height) > CLIP_MAX_SIDE or min(width, height) < WATERMARK_SIDE_RANGE[0]:
        raise _invalid(f"The clip is {width}x{height} px; each side must be "
                       f"{WATERMARK_SIDE_RANGE[0]}-{CLIP_MAX_SIDE} px")
    return width, height, round(info.duration, 2)


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, details=[{"field": "file", "message": message}])
