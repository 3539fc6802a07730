"""Visuals through the pipeline: offline scenes by default, stock footage through the Pexels
stand-in (one download for two videos), AI images through the OpenAI stand-in with every picture
charged and the per-video cap refusing before the call, credits in the description, cache trim."""
from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ytempire.accounting.models import CostEntry
from ytempire.common.ffmpeg import probe
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.runner import StageFailed, run_stage
from ytempire.pipeline.stages import STAGES
from ytempire.providers.visuals.interface import PAN_OVERSCAN

from tests.media.signals import video_frame
from tests.standins.openai_server import OpenAIStandIn
from tests.standins.pexels_server import PexelsStandIn
from tests.standins.stock_library import build_library

UP_TO_ASSEMBLY = STAGES[:STAGES.index("video_assembly") + 1]


def run_until_assembled(db, receipt):
    for stage in UP_TO_ASSEMBLY:
        assert run_stage(receipt["job_id"], stage) == "done"
    db.session.expire_all()
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video


def plan_of(video) -> dict:
    return json.loads((Path(video.video_path).parent / "visuals.json").read_text())


def small(image: Image.Image, size=(32, 18)) -> np.ndarray:
    return np.asarray(image.convert("RGB").resize(size, Image.Resampling.BOX), np.float64)


def test_offline_video_moves_all_the_time_and_follows_the_script(db, request_video):
    receipt = request_video()                                  # no keys: `auto` draws offline scenes
    video = run_until_assembled(db, receipt)
    plan = plan_of(video)
    assert plan["provider"] == "offline" and len(plan["shots"]) >= 4
    duration = probe(video.video_path).duration
    frames = [video_frame(video.video_path, t, (64, 36)) for t in np.arange(0.2, duration - 0.3, 1.0)]
    # The picture never stands still: any two frames a second apart differ.
    assert min(np.abs(a - b).mean() for a, b in zip(frames, frames[1:])) > 0.5
    # Each shot shows its own scene: the frame in its middle is nearest to that scene's picture.
    scenes = []
    for shot in plan["shots"]:
        picture = Image.open(shot["path"])
        w, h = picture.size
        inner = (round(w / PAN_OVERSCAN), round(h / PAN_OVERSCAN))
        box = ((w - inner[0]) // 2, (h - inner[1]) // 2, (w + inner[0]) // 2, (h + inner[1]) // 2)
        scenes.append(small(picture.crop(box)))
    for index, shot in enumerate(plan["shots"]):
        frame = video_frame(video.video_path, shot["start"] + shot["duration"] / 2, (32, 18))
        distances = [np.abs(frame - scene).mean() for scene in scenes]
        assert int(np.argmin(distances)) == index or distances[index] <= min(distances) + 1, (index, distances)
    # Sections change the picture's colours: the first and last shots are far apart.
    assert np.abs(scenes[0] - scenes[-1]).mean() > 10
    assert "Font Awesome" in video.description and "CC BY 4.0" in video.description
    assert not (Path(video.video_path).parent / "hero.jpg").exists()   # drawn scenes carry their own text


@pytest.fixture(scope="module")
def stock_files(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("pipeline-stock"), clips=8, small_clips=1, photos=2)


@pytest.fixture
def pexels(app, stock_files, monkeypatch):
    with PexelsStandIn(stock_files, api_key="px-pipeline") as api:
        monkeypatch.setitem(app.config, "PEXELS_API_KEY", "px-pipeline")
        monkeypatch.setitem(app.config, "PEXELS_BASE_URL", api.url)
        yield api


def test_stock_videos_use_pexels_clips_fetched_once_for_two_videos_and_credit_them(db, app, request_video, pexels,
                                                                                  stock_files):
    first = run_until_assembled(db, request_video())
    downloads = sum(pexels.downloads.values())
    second = run_until_assembled(db, request_video())
    assert downloads >= 2 and sum(pexels.downloads.values()) == downloads      # the second video fetched nothing
    assert all(count == 1 for count in pexels.downloads.values())
    plan = plan_of(first)
    assert plan["provider"] == "pexels" and {s["kind"] for s in plan["shots"]} == {"clip"}
    assert len({s["source_id"] for s in plan["shots"]}) == len(plan["shots"])
    assert {s["path"] for s in plan_of(second)["shots"]} <= {s["path"] for s in plan["shots"]}
    # The frame in a shot's middle is that clip's frame, scaled to the output.
    shot = plan["shots"][1]
    at = shot["duration"] / 2
    source_time = shot["clip_start"] + at % shot["clip_duration"]
    expected = video_frame(shot["path"], source_time, (64, 36))
    actual = video_frame(first.video_path, shot["start"] + at, (64, 36))
    assert np.abs(expected - actual).mean() < 8
    info = probe(first.video_path).of_kind("video")[0]
    assert (info.width, info.height) == (1280, 720)
    assert "Pexels License" in first.description and "Filmer" in first.description
    # The thumbnail is built on a frame of the footage (its longest clip), not on a drawn background.
    assert run_stage(str(first.job.id), "thumbnail_creation") == "done"
    hero = Path(first.video_path).parent / "hero.jpg"
    longest = max(plan["shots"], key=lambda s: s["duration"])
    source_frame = video_frame(longest["path"], longest["clip_start"] + min(longest["duration"],
                               longest["clip_duration"]) / 2, (64, 36))
    assert np.abs(small(Image.open(hero), (64, 36)) - source_frame).mean() < 12
    # The credits travel to the publisher with the description.
    assert run_stage(str(first.job.id), "youtube_upload") == "done"
    db.session.expire_all()
    receipts = list(Path(app.config["STORAGE_PATH"]).rglob("receipt.json"))
    published = [json.loads(p.read_text()) for p in receipts]
    assert any("Pexels License" in r["description"] and "https://www.pexels.com/video/" in r["description"]
               for r in published)


def test_trim_beat_task_bounds_the_shared_cache(db, app, request_video, pexels, monkeypatch):
    from tasks.schedules import trim_media_cache_task
    from ytempire.common.media_cache import media_cache

    run_until_assembled(db, request_video())
    cache = media_cache(app.config)
    before = cache.size_bytes()
    assert before > 0
    monkeypatch.setitem(app.config, "MEDIA_CACHE_MAX_GB", before / 2 / 1024 ** 3)
    removed = trim_media_cache_task()
    assert removed >= 1 and cache.size_bytes() <= before / 2


@pytest.fixture
def openai_images(app, monkeypatch):
    with OpenAIStandIn(api_key="sk-images") as api:
        for key, value in {"OPENAI_API_KEY": "sk-images", "OPENAI_BASE_URL": api.base_url,
                           "AI_IMAGES_ENABLED": True}.items():
            monkeypatch.setitem(app.config, key, value)
        yield api


def image_charges(db, receipt):
    return db.session.query(CostEntry).filter(CostEntry.job_id == uuid.UUID(receipt["job_id"]),
                                              CostEntry.unit.like("image_%")).all()


def test_ai_images_one_per_section_each_charged(db, request_video, openai_images):
    receipt = request_video(video_config={"duration": 15, "visuals": "ai_images"})
    video = run_until_assembled(db, receipt)
    plan = plan_of(video)
    sections = {s["source_id"] for s in plan["shots"]}
    charges = image_charges(db, receipt)
    assert len(openai_images.image_prompts) == len(sections) == len(charges) >= 3
    assert {(c.provider, c.model, c.unit, c.amount) for c in charges} == {
        ("openai", "gpt-image-1.5", "image_1536x1024_medium", Decimal("0.050000"))}
    assert {s["kind"] for s in plan["shots"]} == {"still"}
    frames = [video_frame(video.video_path, t, (64, 36)) for t in (1.0, 2.0, 3.0)]
    assert np.abs(frames[0] - frames[1]).mean() > 0.5 and np.abs(frames[1] - frames[2]).mean() > 0.5
    assert "AI-generated" in video.description


def test_the_cap_refuses_an_image_before_it_is_requested(db, app, request_video, openai_images, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_COST_PER_VIDEO", Decimal("0.06"))   # room for one picture, not two
    receipt = request_video(video_config={"duration": 15, "visuals": "ai_images"})
    for stage in UP_TO_ASSEMBLY[:-1]:
        run_stage(receipt["job_id"], stage)
    with pytest.raises(StageFailed, match="cap"):
        run_stage(receipt["job_id"], "video_assembly")
    assert len(openai_images.image_prompts) == 1                 # the second was never sent
    db.session.expire_all()
    assert len(image_charges(db, receipt)) == 1                  # the paid one stays charged
    job = db.session.get(GenerationJob, uuid.UUID(receipt["job_id"]))
    assert job.status == "failed" and job.error_details["code"] == "COST_LIMIT_EXCEEDED"
    assert "cap" in job.error_message
