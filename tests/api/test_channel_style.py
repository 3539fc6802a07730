"""/channels/{id}/style: niche-derived defaults, validated full replace, uploads checked by content
(type, size, dimensions, length), asset deletion, and other users' channels are 404."""
import io
import os
import uuid

import pytest
from PIL import Image

from tests.helpers import assert_error, set_tier
from ytempire.channels import style_service
from ytempire.channels.models import BrandAsset
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.videos.models import Video

CHANNELS = "/api/v1/channels"
STYLE = {
    "palette": {"primary": "#FF0000", "secondary": "#00FF00", "accent": "#0000FF", "background": "#101010"},
    "captions": {"font": "dejavu_serif", "size": 120, "highlight_color": "#00FFAA", "position": "top"},
    "intro": {"kind": "title_card"},
    "thumbnail_template": "split",
    "default_voice": "calm-female",
    "default_visuals": "slides",
}


def make_channel(client, niche="technology"):
    response = client.post(CHANNELS, json={"name": f"{niche} channel", "niche": niche,
                                           "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def png_bytes(size=(64, 64), colour=(255, 0, 0, 200), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA" if image_format == "PNG" else "RGB", size, colour[:4 if image_format == "PNG" else 3]) \
        .save(buffer, format=image_format)
    return buffer.getvalue()


def clip_bytes(tmp_path, seconds: float, name="intro.mp4", size="160x90") -> bytes:
    path = tmp_path / name
    run_ffmpeg(["-f", "lavfi", "-i", f"testsrc2=s={size}:d={seconds}:r=24", "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", str(path)])
    return path.read_bytes()


def upload(client, channel, kind, data: bytes, filename: str):
    return client.post(f"{CHANNELS}/{channel['id']}/style/assets?kind={kind}",
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


@pytest.fixture
def channel(user):
    return make_channel(user)


def test_a_new_channel_gets_a_style_derived_from_its_niche_and_niches_differ(app, user, channel):
    set_tier(app, user.user_id, "professional")
    tech = user.get(f"{CHANNELS}/{channel['id']}/style")
    assert tech.status_code == 200
    tech = tech.get_json()
    assert tech["derived_from_niche"] is True
    assert set(tech["palette"]) == {"primary", "secondary", "accent", "background"}
    assert tech["captions"]["position"] == "bottom" and tech["watermark"] is None
    cooking = user.get(f"{CHANNELS}/{make_channel(user, 'cooking')['id']}/style").get_json()
    assert cooking["palette"] != tech["palette"]
    # Unknown niches are hashed onto several looks: a handful of them do not all share one.
    unknown = {user.get(f"{CHANNELS}/{make_channel(user, niche)['id']}/style").get_json()["palette"]["primary"]
               for niche in ("knitting", "underwater basket weaving", "birdwatching", "lock picking")}
    assert len(unknown) > 1


def test_put_replaces_the_style_and_get_returns_it(user, channel):
    response = user.put(f"{CHANNELS}/{channel['id']}/style", json=STYLE)
    assert response.status_code == 200, response.get_json()
    saved = user.get(f"{CHANNELS}/{channel['id']}/style").get_json()
    assert saved["derived_from_niche"] is False
    assert saved["palette"] == STYLE["palette"] and saved["captions"] == STYLE["captions"]
    assert saved["intro"] == {"kind": "title_card", "clip_asset_id": None}
    assert saved["outro"] == {"kind": "none", "clip_asset_id": None}          # left out: its default
    assert saved["thumbnail_template"] == "split" and saved["default_visuals"] == "slides"
    assert saved["default_voice"] == "calm-female" and saved["default_music"] is None


@pytest.mark.parametrize("change, field", [
    ({"palette": {**STYLE["palette"], "primary": "red"}}, "palette"),
    ({"palette": {**STYLE["palette"], "accent": "#12345"}}, "palette"),
    ({"captions": {"font": "Comic Sans"}}, "captions"),
    ({"captions": {"size": 500}}, "captions"),
    ({"captions": {"position": "left"}}, "captions"),
    ({"captions": {"highlight_color": "#GGGGGG"}}, "captions"),
    ({"watermark": {"asset_id": str(uuid.uuid4()), "opacity": 0.01}}, "watermark"),
    ({"watermark": {"asset_id": str(uuid.uuid4()), "opacity": 1.5}}, "watermark"),
    ({"watermark": {"asset_id": str(uuid.uuid4()), "corner": "middle"}}, "watermark"),
    ({"intro": {"kind": "clip"}}, "intro"),
    ({"thumbnail_template": "fancy"}, "thumbnail_template"),
    ({"default_visuals": "cartoons"}, "default_visuals"),
    ({"default_music": "jazz"}, "default_music"),
    ({"palette": None}, "palette"),
])
def test_invalid_styles_are_400_naming_the_field(user, channel, change, field):
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json={**STYLE, **change}), 400,
                        "VALIDATION_ERROR")
    assert any(detail["field"].startswith(field) for detail in body["error"]["details"]), body


def test_a_style_naming_assets_or_music_that_are_not_the_channels_is_400(user, other_user, channel, tmp_path):
    missing = str(uuid.uuid4())
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json={
        **STYLE, "watermark": {"asset_id": missing}, "default_music": missing}), 400, "VALIDATION_ERROR")
    assert {d["field"] for d in body["error"]["details"]} == {"watermark.asset_id", "default_music"}
    clip = upload(user, channel, "clip", clip_bytes(tmp_path, 1), "intro.mp4").get_json()
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json={
        **STYLE, "watermark": {"asset_id": clip["id"]}}), 400, "VALIDATION_ERROR")
    assert "is a clip" in body["error"]["details"][0]["message"]
    others = make_channel(other_user)
    foreign = upload(other_user, others, "watermark", png_bytes(), "logo.png").get_json()
    assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json={
        **STYLE, "watermark": {"asset_id": foreign["id"]}}), 400, "VALIDATION_ERROR")


def test_watermark_upload_is_stored_and_used_by_the_style(user, channel, storage_path):
    response = upload(user, channel, "watermark", png_bytes((200, 100)), "logo.png")
    assert response.status_code == 201, response.get_json()
    asset = response.get_json()
    assert (asset["kind"], asset["width"], asset["height"], asset["content_type"]) == ("watermark", 200, 100,
                                                                                     "image/png")
    path = os.path.join(str(storage_path), "brand", user.user_id, channel["id"], f"{asset['id']}.png")
    assert os.path.getsize(path) == asset["size_bytes"]
    style = {**STYLE, "watermark": {"asset_id": asset["id"], "corner": "top_left", "opacity": 0.5}}
    assert user.put(f"{CHANNELS}/{channel['id']}/style", json=style).status_code == 200
    assert user.get(f"{CHANNELS}/{channel['id']}/style").get_json()["watermark"] == style["watermark"]
    assert [a["id"] for a in user.get(f"{CHANNELS}/{channel['id']}/style/assets").get_json()["assets"]] == [asset["id"]]


def test_wrong_type_size_or_dimensions_are_400(user, channel, monkeypatch):
    body = assert_error(upload(user, channel, "watermark", b"not an image at all", "logo.png"), 400,
                        "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "file" and "not a PNG" in body["error"]["message"]
    assert "not a PNG" in assert_error(upload(user, channel, "watermark", png_bytes(image_format="JPEG"), "logo.png"),
                                       400, "VALIDATION_ERROR")["error"]["message"]
    assert ".png" in assert_error(upload(user, channel, "watermark", png_bytes(), "logo.gif"), 400,
                                  "VALIDATION_ERROR")["error"]["message"]
    for size in ((2000, 100), (8, 64)):
        assert "each side" in assert_error(upload(user, channel, "watermark", png_bytes(size), "logo.png"), 400,
                                           "VALIDATION_ERROR")["error"]["message"]
    monkeypatch.setattr(style_service, "WATERMARK_MAX_BYTES", 100_000)
    noisy = io.BytesIO()
    Image.frombytes("RGBA", (256, 256), os.urandom(256 * 256 * 4)).save(noisy, format="PNG")   # ~260 kB
    assert "at most" in assert_error(upload(user, channel, "watermark", noisy.getvalue(), "logo.png"), 400,
                                     "VALIDATION_ERROR")["error"]["message"]
    assert_error(user.post(f"{CHANNELS}/{channel['id']}/style/assets?kind=watermark", data={},
                           content_type="multipart/form-data"), 400, "VALIDATION_ERROR")
    assert_error(upload(user, channel, "logo", png_bytes(), "logo.png"), 400, "VALIDATION_ERROR")


def test_an_upload_beyond_the_request_limit_is_400_not_413(user, channel, monkeypatch):
    monkeypatch.setattr(style_service, "MAX_UPLOAD_BYTES", 10_000)
    body = assert_error(upload(user, channel, "watermark", os.urandom(200_000), "logo.png"), 400, "VALIDATION_ERROR")
    assert "larger than" in body["error"]["message"]


def test_clips_are_checked_for_type_and_length(user, channel, tmp_path, monkeypatch):
    response = upload(user, channel, "clip", clip_bytes(tmp_path, 1.5), "intro.mp4")
    assert response.status_code == 201, response.get_json()
    clip = response.get_json()
    assert (clip["width"], clip["height"], clip["content_type"]) == (160, 90, "video/mp4")
    assert clip["duration_seconds"] == pytest.approx(1.5, abs=0.1)
    assert "not a video" in assert_error(upload(user, channel, "clip", b"hello " * 100, "intro.mp4"), 400,
                                         "VALIDATION_ERROR")["error"]["message"]
    assert "at most 10 s" in assert_error(upload(user, channel, "clip", clip_bytes(tmp_path, 11, "long.mp4"),
                                                 "long.mp4"), 400, "VALIDATION_ERROR")["error"]["message"]
    assert "each side" in assert_error(upload(user, channel, "clip", clip_bytes(tmp_path, 1, "tiny.mp4", "12x12"),
                                              "tiny.mp4"), 400, "VALIDATION_ERROR")["error"]["message"]
    audio_only = tmp_path / "voice.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac", str(audio_only)])
    assert "no video" in assert_error(upload(user, channel, "clip", audio_only.read_bytes(), "voice.mp4"), 400,
                                      "VALIDATION_ERROR")["error"]["message"]
    assert ".webm" in assert_error(upload(user, channel, "clip", clip_bytes(tmp_path, 1), "intro.avi"), 400,
                                   "VALIDATION_ERROR")["error"]["message"]
    monkeypatch.setattr(style_service, "CLIP_MAX_BYTES", 1000)
    assert "at most" in assert_error(upload(user, channel, "clip", clip_bytes(tmp_path, 1.5), "intro.mp4"), 400,
                                     "VALIDATION_ERROR")["error"]["message"]


def test_deleting_an_asset_removes_its_file_and_its_use_in_the_style(user, channel, tmp_path, db):
    mark = upload(user, channel, "watermark", png_bytes(), "logo.png").get_json()
    clip = upload(user, channel, "clip", clip_bytes(tmp_path, 1), "outro.mp4").get_json()
    style = {**STYLE, "watermark": {"asset_id": mark["id"]}, "outro": {"kind": "clip", "clip_asset_id": clip["id"]}}
    assert user.put(f"{CHANNELS}/{channel['id']}/style", json=style).status_code == 200
    path = db.session.get(BrandAsset, uuid.UUID(mark["id"])).path
    assert user.delete(f"{CHANNELS}/{channel['id']}/style/assets/{mark['id']}").status_code == 204
    assert user.delete(f"{CHANNELS}/{channel['id']}/style/assets/{clip['id']}").status_code == 204
    assert not os.path.exists(path)
    saved = user.get(f"{CHANNELS}/{channel['id']}/style").get_json()
    assert saved["watermark"] is None and saved["outro"] == {"kind": "none", "clip_asset_id": None}
    assert saved["palette"] == STYLE["palette"]
    assert_error(user.delete(f"{CHANNELS}/{channel['id']}/style/assets/{mark['id']}"), 404, "NOT_FOUND")


def test_other_users_channels_and_assets_are_404(user, other_user, channel):
    mark = upload(user, channel, "watermark", png_bytes(), "logo.png").get_json()
    base = f"{CHANNELS}/{channel['id']}/style"
    assert_error(other_user.get(base), 404, "NOT_FOUND")
    assert_error(other_user.put(base, json=STYLE), 404, "NOT_FOUND")
    assert_error(other_user.get(f"{base}/assets"), 404, "NOT_FOUND")
    assert_error(upload(other_user, channel, "watermark", png_bytes(), "logo.png"), 404, "NOT_FOUND")
    assert_error(other_user.delete(f"{base}/assets/{mark['id']}"), 404, "NOT_FOUND")
    their_channel = make_channel(other_user)
    assert_error(other_user.delete(f"{CHANNELS}/{their_channel['id']}/style/assets/{mark['id']}"), 404, "NOT_FOUND")
    assert_error(user.get(f"{CHANNELS}/{uuid.uuid4()}/style"), 404, "NOT_FOUND")


def generate(client, channel, **config):
    return client.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "topic": "How solar panels work", "video_config": {"duration": 60, **config}})


def test_the_channels_default_voice_music_and_visuals_fill_in_what_a_request_leaves_out(user, channel, tmp_path, db):
    track = user.post("/api/v1/media/music", data={"file": (io.BytesIO(_tone(tmp_path)), "calm.wav")},
                      content_type="multipart/form-data").get_json()
    plain = db.session.get(Video, uuid.UUID(generate(user, channel).get_json()["video_id"]))
    assert (plain.settings.voice, plain.settings.visuals, plain.settings.music) == ("professional-male", "auto", None)
    style = {**STYLE, "default_voice": "calm-female", "default_visuals": "slides", "default_music": track["id"]}
    assert user.put(f"{CHANNELS}/{channel['id']}/style", json=style).status_code == 200
    styled = db.session.get(Video, uuid.UUID(generate(user, channel).get_json()["video_id"]))
    assert (styled.settings.voice, styled.settings.visuals, styled.settings.music) == ("calm-female", "slides",
                                                                                     track["id"])
    explicit = db.session.get(Video, uuid.UUID(generate(user, channel, voice="deep-male", visuals="auto",
                                                        music=None).get_json()["video_id"]))
    assert (explicit.settings.voice, explicit.settings.visuals, explicit.settings.music) == ("deep-male", "auto", None)
    # A default track deleted since means no music, not a refused request.
    assert user.delete(f"/api/v1/media/music/{track['id']}").status_code == 204
    orphan = generate(user, channel)
    assert orphan.status_code == 202, orphan.get_json()
    assert db.session.get(Video, uuid.UUID(orphan.get_json()["video_id"])).settings.music is None


def test_a_default_visuals_kind_this_server_cannot_make_is_refused_when_saved(user, channel, app, monkeypatch):
    monkeypatch.setitem(app.config, "PEXELS_API_KEY", "")
    monkeypatch.setitem(app.config, "PIXABAY_API_KEY", "")
    body = assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json={**STYLE, "default_visuals": "stock"}),
                        400, "VALIDATION_ERROR")
    assert body["error"]["details"][0]["field"] == "default_visuals"


def _tone(tmp_path) -> bytes:
    path = tmp_path / "tone.wav"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=6", str(path)])
    return path.read_bytes()


def test_a_deleted_channels_style_can_be_read_but_not_changed(user, channel):
    mark = upload(user, channel, "watermark", png_bytes(), "logo.png").get_json()
    assert user.delete(f"{CHANNELS}/{channel['id']}").status_code == 204
    assert user.get(f"{CHANNELS}/{channel['id']}/style").status_code == 200
    assert_error(user.put(f"{CHANNELS}/{channel['id']}/style", json=STYLE), 404, "NOT_FOUND")
    assert_error(upload(user, channel, "watermark", png_bytes(), "logo.png"), 404, "NOT_FOUND")
    assert_error(user.delete(f"{CHANNELS}/{channel['id']}/style/assets/{mark['id']}"), 404, "NOT_FOUND")
