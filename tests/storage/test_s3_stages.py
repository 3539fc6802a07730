"""Stages on the S3 store, run in this process: reuse of stored artefacts, the scratch folder's life,
and music kept in the bucket."""
from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import AuthedClient, register
from ytempire.channels.models import BrandAsset
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.music.models import MusicTrack
from ytempire.music.service import music_for_video
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.steps.brand import video_style
from ytempire.pipeline.storage import has_artefact, load_json, save_json, stage_scratch
from ytempire.storage import object_store
from ytempire.users.models import User


def test_a_rerun_stage_reuses_the_artefact_in_the_bucket(s3_app, db, request_video, monkeypatch):
    receipt = request_video(duration=15, publish="manual")
    assert run_stage(receipt["job_id"], "script_generation") == "done"
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    # The stored script, changed so that a reuse shows: the stage must take this text, not write a new one.
    stored = load_json(job.video_id, "script.json")
    stored["sections"][0]["text"] = "Read back from the bucket."
    save_json(job.video_id, "script.json", stored)
    # The worker died after storing the artefact but before recording completion.
    job.stages_completed = []
    db.session.commit()

    def must_not_call(*args, **kwargs):
        raise AssertionError("the script provider was called again")

    monkeypatch.setattr("ytempire.providers.script.offline.OfflineScriptProvider.write_script", must_not_call)
    assert run_stage(receipt["job_id"], "script_generation") == "done"
    db.session.expire_all()
    script = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video.script
    assert script.startswith("Read back from the bucket.")
    assert not (Path(s3_app.config["STORAGE_PATH"]) / receipt["video_id"]).exists()


def test_the_scratch_folder_is_private_to_the_stage_and_removed_also_on_failure(s3_app, db):
    video_id = uuid.uuid4()
    with pytest.raises(RuntimeError):
        with stage_scratch(video_id, "video_assembly") as scratch:
            assert scratch.folder == Path(s3_app.config["SCRATCH_PATH"]) / str(video_id) / "video_assembly"
            scratch.path("video.mp4").write_bytes(b"half a render")
            raise RuntimeError("ffmpeg died")
    assert not scratch.folder.exists()
    assert not has_artefact(video_id, "video.mp4")       # nothing half-made reached the bucket

    with stage_scratch(video_id, "thumbnail_creation") as scratch:
        scratch.path("thumbnail.jpg").write_bytes(b"jpeg")
        scratch.keep("thumbnail.jpg")
    assert not scratch.folder.exists() and has_artefact(video_id, "thumbnail.jpg")
    save_json(video_id, "upload.json", {"video_id": "local_1"})
    assert load_json(video_id, "upload.json") == {"video_id": "local_1"}


def test_music_is_kept_in_the_bucket_and_fetched_by_the_render(s3_app, s3_settings, db, user, channel, tmp_path):
    tone = tmp_path / "calm.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=6", str(tone)])
    response = user.post("/api/v1/media/music", data={"file": (io.BytesIO(tone.read_bytes()), "Calm.mp3")},
                         content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    track_id = response.get_json()["id"]
    key = f"music/{user.user_id}/{track_id}.mp3"
    row = db.session.get(MusicTrack, uuid.UUID(track_id))
    assert row.path == f"s3://{s3_settings['S3_BUCKET']}/{key}" and object_store().exists(key)
    assert not (Path(s3_app.config["STORAGE_PATH"]) / "music" / user.user_id).exists()
    assert list((Path(s3_app.config["SCRATCH_PATH"]) / "music-uploads").iterdir()) == []

    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "topic": "Why the ocean has tides", "publish": "manual",
        "video_config": {"duration": 15, "music": track_id}}).get_json()
    video = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video
    assert music_for_video(video) == row.path
    with stage_scratch(video.id, "video_assembly") as scratch:
        assert Path(scratch.fetch_location(row.path)).read_bytes() == tone.read_bytes()

    assert user.delete(f"/api/v1/media/music/{track_id}").status_code == 204
    assert not object_store().exists(key)
    assert music_for_video(video) is None


def test_brand_assets_are_kept_in_the_bucket_and_fetched_for_the_render(s3_app, s3_settings, db, user, channel):
    logo = io.BytesIO()
    Image.new("RGBA", (64, 64), (255, 200, 0, 255)).save(logo, format="PNG")
    response = user.post(f"/api/v1/channels/{channel['id']}/style/assets?kind=watermark",
                         data={"file": (io.BytesIO(logo.getvalue()), "logo.png")}, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    asset_id = response.get_json()["id"]
    key = f"brand/{user.user_id}/{channel['id']}/{asset_id}.png"
    assert db.session.get(BrandAsset, uuid.UUID(asset_id)).path == f"s3://{s3_settings['S3_BUCKET']}/{key}"
    assert object_store().exists(key) and not list(Path(s3_app.config["STORAGE_PATH"]).rglob(f"{asset_id}*"))
    style = user.get(f"/api/v1/channels/{channel['id']}/style").get_json()
    style["watermark"] = {"asset_id": asset_id, "corner": "top_left", "opacity": 0.5}
    assert user.put(f"/api/v1/channels/{channel['id']}/style", json=style).status_code == 200

    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "topic": "Why the ocean has tides", "publish": "manual",
        "video_config": {"duration": 15}}).get_json()
    video = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video
    with stage_scratch(video.id, "video_assembly") as scratch:
        watermark = video_style(video, scratch).watermark
        assert watermark is not None and Path(watermark.path).parent == scratch.folder
        assert Path(watermark.path).read_bytes() == logo.getvalue()

    assert user.delete(f"/api/v1/channels/{channel['id']}/style/assets/{asset_id}").status_code == 204
    assert not object_store().exists(key)


def test_admin_health_probes_the_bucket(s3_app, s3_settings, client, db):
    tokens = register(client)
    db.session.get(User, uuid.UUID(tokens["user_id"])).is_admin = True
    db.session.commit()
    admin = AuthedClient(client, tokens)
    components = admin.get("/api/v1/admin/system/health").get_json()["components"]
    assert components["storage"]["status"] == "ok" and components["storage"]["type"] == "s3"
    assert components["disk"]["status"] == "ok"

    s3_app.config["S3_BUCKET"] = "a-bucket-nobody-made"
    components = admin.get("/api/v1/admin/system/health").get_json()["components"]
    assert components["storage"]["status"] == "error" and "404" in components["storage"]["error"]
