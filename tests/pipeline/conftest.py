"""Pipeline fixtures: a user with a channel, and a helper to request videos through the API."""
import threading
import uuid

import pytest
from werkzeug.serving import make_server


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


@pytest.fixture
def live_server(app):
    """The app on a real loopback port (threaded), for streaming clients such as SSE."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
