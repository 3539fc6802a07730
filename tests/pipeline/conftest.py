"""Pipeline fixtures: a user with a channel, and a helper to request videos through the API."""
import uuid

import pytest


@pytest.fixture
def channel(user):
    return user.post("/api/v1/channels", json={"name": "Science Daily", "niche": "science",
                                               "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()


@pytest.fixture
def request_video(user, channel):
    def request(duration=15, **overrides):
        body = {"channel_id": channel["id"], "title": "How tides work",
                "topic": "Why the ocean has tides twice a day", "video_config": {"duration": duration}}
        body.update(overrides)
        response = user.post("/api/v1/videos/generate", json=body)
        assert response.status_code == 202, response.get_json()
        return response.get_json()

    return request
