"""/media/music: uploads checked by ffmpeg (type, size, length), per-user storage and isolation,
and video_config.music accepting only `auto` or the user's own track."""
import io
import os
import uuid
from pathlib import Path

import pytest

from tests.helpers import assert_error
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.music.models import MusicTrack
from ytempire.music.service import music_for_video
from ytempire.videos.models import Video

MUSIC = "/api/v1/media/music"


def audio_bytes(tmp_path, name: str, seconds: float, extra=()) -> bytes:
    path = tmp_path / name
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=44100:duration={seconds}", *extra, str(path)])
    return path.read_bytes()


def upload(client, data: bytes, filename: str):
    return client.post(MUSIC, data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


@pytest.fixture
def track(user, tmp_path):
    response = upload(user, audio_bytes(tmp_path, "calm.mp3", 6), "Calm Piano.mp3")
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def generate(client, channel, **config):
    return client.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "topic": "How solar panels work", "video_config": {"duration": 60, **config}})


def test_upload_stores_the_track_per_user_and_lists_it(user, track, storage_path, db):
    assert track["title"] == "Calm Piano" and track["filename"] == "Calm Piano.mp3"
    assert track["codec"] == "mp3" and track["duration_seconds"] == pytest.approx(6, abs=0.2)
    assert track["size_bytes"] > 10_000
    row = db.session.get(MusicTrack, uuid.UUID(track["id"]))
    assert row.path == os.path.join(str(storage_path), "music", user.user_id, f"{track['id']}.mp3")
    assert os.path.getsize(row.path) == track["size_bytes"]
    listed = user.get(MUSIC).get_json()
    assert [t["id"] for t in listed["tracks"]] == [track["id"]] and listed["pagination"]["total"] == 1
    assert user.get(f"{MUSIC}/{track['id']}").get_json()["id"] == track["id"]


def test_wrong_type_is_400(user, tmp_path):
    body = assert_error(upload(user, b"just some words", "notes.txt"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "file" and ".mp3" in body["error"]["message"]
    body = assert_error(upload(user, b"<html>not audio</html>" * 100, "fake.mp3"), 400, "VALIDATION_ERROR")
    assert "not audio" in body["error"]["message"]
    video = tmp_path / "clip.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=160x90:d=6", "-f", "lavfi", "-i", "sine=d=6",
                "-shortest", "-c:v", "libx264", "-preset", "ultrafast", str(video)])
    body = assert_error(upload(user, video.read_bytes(), "clip.m4a"), 400, "VALIDATION_ERROR")
    assert "no video" in body["error"]["message"]
    wav_as_mp3 = audio_bytes(tmp_path, "tone.wav", 6)
    assert "not a .mp3 track" in assert_error(upload(user, wav_as_mp3, "tone.mp3"), 400,
                                               "VALIDATION_ERROR")["error"]["message"]
    assert assert_error(user.post(MUSIC, data={}, content_type="multipart/form-data"), 400,
                        "VALIDATION_ERROR")


def test_too_big_is_400_both_inside_and_beyond_the_upload_limit(user, app, tmp_path, monkeypatch, storage_path):
    monkeypatch.setitem(app.config, "MUSIC_MAX_BYTES", 200_000)
    wav = audio_bytes(tmp_path, "long.wav", 6)                    # about 530 kB
    slightly = audio_bytes(tmp_path, "medium.wav", 2.6)           # about 230 kB: inside the multipart margin
    for data in (slightly, wav):
        body = assert_error(upload(user, data, "big.wav"), 400, "VALIDATION_ERROR")
        assert body["error"]["details"][0]["field"] == "file" and "0.2 MiB" in body["error"]["message"]
    assert user.get(MUSIC).get_json()["tracks"] == []
    folder = Path(storage_path) / "music" / user.user_id
    assert not folder.exists() or not list(folder.iterdir())     # no half-stored upload left behind


def test_too_long_and_too_short_are_400(user, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MUSIC_MAX_SECONDS", 10)
    body = assert_error(upload(user, audio_bytes(tmp_path, "long.mp3", 12), "long.mp3"), 400, "VALIDATION_ERROR")
    assert "at most 10 s" in body["error"]["message"]
    body = assert_error(upload(user, audio_bytes(tmp_path, "blip.mp3", 2), "blip.mp3"), 400, "VALIDATION_ERROR")
    assert "at least 5 s" in body["error"]["message"]
    assert user.get(MUSIC).get_json()["pagination"]["total"] == 0


def test_another_users_track_is_404_and_not_listed(user, other_user, track):
    assert_error(other_user.get(f"{MUSIC}/{track['id']}"), 404, "NOT_FOUND")
    assert_error(other_user.delete(f"{MUSIC}/{track['id']}"), 404, "NOT_FOUND")
    assert other_user.get(MUSIC).get_json()["tracks"] == []
    assert user.get(f"{MUSIC}/{track['id']}").status_code == 200


def test_delete_removes_the_row_and_the_file(user, track, db):
    path = db.session.get(MusicTrack, uuid.UUID(track["id"])).path
    db.session.remove()
    assert user.delete(f"{MUSIC}/{track['id']}").status_code == 204
    assert not os.path.exists(path)
    assert_error(user.get(f"{MUSIC}/{track['id']}"), 404, "NOT_FOUND")


def test_video_config_music_takes_auto_or_an_own_track_else_400(user, other_user, channel, track, db):
    ok = generate(user, channel, music=track["id"])
    assert ok.status_code == 202, ok.get_json()
    video = db.session.get(Video, uuid.UUID(ok.get_json()["video_id"]))
    assert video.video_config["music"] == track["id"] and video.video_config["captions"] == "word"
    assert music_for_video(video) == db.session.get(MusicTrack, uuid.UUID(track["id"])).path
    auto = db.session.get(Video, uuid.UUID(generate(user, channel, music="auto").get_json()["video_id"]))
    assert music_for_video(auto) == music_for_video(video)        # the only track

    other_channel = other_user.post("/api/v1/channels", json={"name": "Mine", "niche": "technology",
                                                              "youtube_channel_id": "UC_other0001"}).get_json()
    for value in (track["id"], str(uuid.uuid4())):              # someone else's track, or none at all
        body = assert_error(generate(other_user, other_channel, music=value), 400, "VALIDATION_ERROR")
        assert body["error"]["details"][0]["field"] == "video_config.music"
    body = assert_error(generate(user, channel, music="loud"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "video_config.music"


def test_video_config_captions_are_validated(user, channel, db):
    for mode in ("word", "sentence", "none"):
        assert generate(user, channel, captions=mode, captions_upload=True).status_code == 202
    body = assert_error(generate(user, channel, captions="karaoke"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "video_config.captions"
    body = assert_error(generate(user, channel, captions_upload="maybe"), 400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "video_config.captions_upload"
