"""Music tracks: checked on upload with ffmpeg, stored per user, chosen for a video.

A file is trusted for what ffmpeg finds in it, not for its name or declared content type: it must
hold an audio stream in a codec we mix (a cover picture beside it is fine), last between
MUSIC_MIN_SECONDS and MUSIC_MAX_SECONDS, and fit in MUSIC_MAX_BYTES. Files live in the object store under
`music/<user_id>/` (STORAGE_PATH/music/<user_id>/ locally), outside the per-video keys the storage
cleaner sweeps; a track's `path` is its location there.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ytempire.common.lookup import get_or_404
from ytempire.common.pagination import paginate
from ytempire.common.uuids import parse_uuid
from ytempire.errors import ValidationError
from ytempire.extensions import db
from ytempire.common.ffmpeg import FFmpegError, probe
from ytempire.music.models import MusicTrack
from ytempire.storage import object_store
from ytempire.storage.uploads import keep_upload, received_upload

# The suffixes we accept and the codecs ffmpeg must find behind each.
AUDIO_CODECS = {
    ".mp3": {"mp3"}, ".m4a": {"aac", "alac"}, ".aac": {"aac"}, ".wav": {"pcm_s16le", "pcm_s24le", "pcm_f32le"},
    ".ogg": {"vorbis", "opus"}, ".oga": {"vorbis", "opus"}, ".opus": {"opus"}, ".flac": {"flac"},
}
COVER_ART_CODECS = {"mjpeg", "png"}   # an MP3's or M4A's embedded picture shows up as a video stream
MUSIC_MIN_SECONDS = 5.0               # anything shorter loops audibly under a narration
AUTO = "auto"


def music_dir(user_id) -> Path:
    return Path(current_app.config["STORAGE_PATH"]) / "music" / str(user_id)


def music_key(user_id, filename: str) -> str:
    return f"music/{user_id}/{filename}"


def list_tracks(user_id, page: int, limit: int):
    statement = select(MusicTrack).where(MusicTrack.user_id == user_id).order_by(MusicTrack.created_at.desc(),
                                                                                 MusicTrack.id)
    return paginate(statement, page, limit)


def get_owned_track(user_id, track_id) -> MusicTrack:
    return get_or_404(MusicTrack, track_id, "Music track", owner_id=user_id)


def upload_track(user_id, upload: FileStorage) -> MusicTrack:
    """Check and store an uploaded file; 400 naming what is wrong with it."""
    cfg = current_app.config
    filename = os.path.basename(upload.filename or "").strip()
    suffix = Path(filename).suffix.lower()
    if suffix not in AUDIO_CODECS:
        raise _invalid(f"Unsupported file type {suffix or '(none)'!r}; upload one of {', '.join(AUDIO_CODECS)}")
    with received_upload(upload, suffix, music_dir(user_id), "music-uploads") as partial:
        size = partial.stat().st_size
        if size > cfg["MUSIC_MAX_BYTES"]:
            raise _invalid(f"The file is {size / 2**20:.1f} MiB; at most {cfg['MUSIC_MAX_BYTES'] / 2**20:.1f} MiB")
        codec, duration = _inspect(partial, suffix)
        if duration > cfg["MUSIC_MAX_SECONDS"]:
            raise _invalid(f"The track lasts {duration:.0f} s; at most {cfg['MUSIC_MAX_SECONDS']} s")
        if duration < MUSIC_MIN_SECONDS:
            raise _invalid(f"The track lasts {duration:.1f} s; at least {MUSIC_MIN_SECONDS:g} s")
        track = MusicTrack(id=uuid.uuid4(), user_id=user_id, title=Path(filename).stem[:255] or "Untitled",
                           filename=filename[:255], codec=codec, size_bytes=size, duration_seconds=round(duration, 2),
                           path="")
        keep_upload(track, music_key(user_id, f"{track.id}{suffix}"), partial)
        return track


def delete_track(track: MusicTrack) -> None:
    path = track.path
    db.session.delete(track)
    db.session.commit()
    key = object_store().key_of(path)
    if key:
        object_store().delete(key)
    else:                                  # stored before the object store, outside STORAGE_PATH
        Path(path).unlink(missing_ok=True)


def check_music_choice(user_id, choice: str | None) -> None:
    """`video_config.music` must be `auto`, absent, or the id of one of the user's own tracks (else 400)."""
    if choice in (None, AUTO):
        return
    track_id = parse_uuid(choice)
    track = db.session.get(MusicTrack, track_id) if track_id else None
    if track is None or track.user_id != user_id:
        raise ValidationError(details=[{"field": "video_config.music",
                                        "message": f"No music track {choice!r} in your library; "
                                                   f"upload one with POST /api/v1/media/music or use 'auto'"}])


def music_for_video(video) -> str | None:
    """Where the file to play under `video`'s narration is stored (a path locally), or None for none.

    `auto` picks one of the owner's tracks, the same one every time for the same video; a track
    deleted after the video was requested means no music rather than a failed render.
    """
    choice = video.settings.music
    if not choice:
        return None
    if choice == AUTO:
        tracks = db.session.scalars(select(MusicTrack).where(MusicTrack.user_id == video.user_id)
                                    .order_by(MusicTrack.created_at, MusicTrack.id)).all()
        if not tracks:
            return None
        pick = int(hashlib.sha256(str(video.id).encode()).hexdigest(), 16) % len(tracks)
        track = tracks[pick]
    else:
        track = db.session.get(MusicTrack, parse_uuid(choice))
        if track is None or track.user_id != video.user_id:
            return None
    store = object_store()
    if store.is_remote:
        key = store.key_of(track.path)
        return track.path if key and store.exists(key) else None
    return track.path if os.path.isfile(track.path) else None


def _inspect(path: Path, suffix: str) -> tuple[str, float]:
    """(audio codec, seconds) of an upload, or 400 when ffmpeg finds no usable audio in it."""
    try:
        info = probe(path)
    except FFmpegError:
        raise _invalid("The file is not audio ffmpeg can read") from None
    audio = info.of_kind("audio")
    others = [s for s in info.streams if s.kind != "audio" and s.codec not in COVER_ART_CODECS]
    if not audio or others:
        raise _invalid("The file must hold music only: one audio stream, no video")
    codec = audio[0].codec
    if codec not in AUDIO_CODECS[suffix]:
        raise _invalid(f"A {suffix} file holding {codec} audio is not a {suffix} track")
    if not info.duration:
        raise _invalid("The track's length cannot be read")
    return codec, info.duration


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, details=[{"field": "file", "message": message}])
