"""`video_config.visuals`: a kind the server is not configured for is a 400 naming the setting."""
import uuid

import pytest

from tests.helpers import assert_error
from ytempire.videos.models import Video

GENERATE = "/api/v1/videos/generate"


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Nature", "niche": "science",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


def generate(user, channel, visuals):
    return user.post(GENERATE, json={"channel_id": channel["id"], "topic": "How solar panels work",
                                     "video_config": {"duration": 30, "visuals": visuals}})


@pytest.mark.parametrize("visuals, setting", [
    ("stock", "PEXELS_API_KEY or PIXABAY_API_KEY"),
    ("ai_images", "AI_IMAGES_ENABLED and OPENAI_API_KEY"),
])
def test_asking_for_visuals_the_server_lacks_is_400_naming_the_setting(user, channel, visuals, setting):
    body = assert_error(generate(user, channel, visuals), 400, "VALIDATION_ERROR")
    detail = body["error"]["details"][0]
    assert detail["field"] == "video_config.visuals" and setting in detail["message"]


def test_ai_images_with_a_key_but_not_enabled_names_the_switch(app, user, channel, monkeypatch):
    monkeypatch.setitem(app.config, "OPENAI_API_KEY", "sk-test")
    body = assert_error(generate(user, channel, "ai_images"), 400, "VALIDATION_ERROR")
    message = body["error"]["details"][0]["message"]
    assert "AI_IMAGES_ENABLED" in message and "OPENAI_API_KEY" not in message


def test_an_unknown_kind_is_400(user, channel):
    body = assert_error(generate(user, channel, "cartoons"), 400, "VALIDATION_ERROR")
    assert any("visuals" in d["field"] for d in body["error"]["details"])


@pytest.mark.parametrize("visuals, configured", [("slides", {}), ("auto", {}),
                                                 ("stock", {"PIXABAY_API_KEY": "pb"})])
def test_configured_or_always_available_kinds_are_accepted_and_stored(db, app, user, channel, monkeypatch,
                                                                      visuals, configured):
    for key, value in configured.items():
        monkeypatch.setitem(app.config, key, value)
    response = generate(user, channel, visuals)
    assert response.status_code == 202, response.get_json()
    video = db.session.get(Video, uuid.UUID(response.get_json()["video_id"]))
    assert video.video_config["visuals"] == visuals
