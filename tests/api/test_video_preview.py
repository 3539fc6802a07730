"""GET /videos/{id}/preview: a 3x3 contact sheet of the rendered video, owner only, 409 before the render."""
import io
import os
import time
import uuid

import numpy as np
import pytest
from PIL import Image

from tests.helpers import assert_error
from ytempire.common.ffmpeg import run_ffmpeg
from ytempire.media.preview import COLUMNS, GAP, ROWS, TILE_WIDTH, frame_times
from ytempire.videos.models import Video

DURATION = 9.0
RED_PER_SECOND = 25                  # the test video's red channel tells the time it was shown


@pytest.fixture
def video_id(user):
    channel = user.post("/api/v1/channels", json={"name": "Tech", "niche": "technology",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    body = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "title": "Preview me", "topic": "How contact sheets work",
        "video_config": {"duration": 60}}).get_json()
    return body["video_id"]


def rendered(db, storage_path, video_id) -> str:
    """Give the video a rendered MP4 whose colour encodes the time (red = 25 per second)."""
    folder = os.path.join(str(storage_path), video_id)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "video.mp4")
    run_ffmpeg(["-f", "lavfi", "-i", f"color=c=black:s=320x180:r=12:d={DURATION}",
                "-vf", f"format=rgb24,geq=r='T*{RED_PER_SECOND}':g=60:b=160", "-c:v", "libx264", "-preset",
                "ultrafast", "-pix_fmt", "yuv420p", path])
    video = db.session.get(Video, uuid.UUID(video_id))
    video.video_path = path
    db.session.commit()
    return path


def test_preview_is_a_3x3_sheet_of_frames_at_their_stated_times(user, db, storage_path, video_id):
    rendered(db, storage_path, video_id)
    response = user.get(f"/api/v1/videos/{video_id}/preview")
    assert response.status_code == 200 and response.mimetype == "image/png"
    sheet = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")).astype(int)
    tile_h = TILE_WIDTH * 180 // 320
    assert sheet.shape == (ROWS * tile_h + (ROWS + 1) * GAP, COLUMNS * TILE_WIDTH + (COLUMNS + 1) * GAP, 3)
    for index, seconds in enumerate(frame_times(DURATION)):
        x = GAP + (index % COLUMNS) * (TILE_WIDTH + GAP)
        y = GAP + (index // COLUMNS) * (tile_h + GAP)
        top_right = sheet[y + 5:y + 40, x + TILE_WIDTH - 60:x + TILE_WIDTH - 5]
        assert abs(top_right[..., 0].mean() - seconds * RED_PER_SECOND) < 12, (index, seconds)
        label = sheet[y + tile_h - 40:y + tile_h - 3, x + 3:x + 90]
        assert (label.min(axis=2) > 220).sum() > 30 and (label.max(axis=2) < 30).sum() > 200   # white on black


def test_preview_is_drawn_once_and_again_after_a_new_render(user, db, storage_path, video_id):
    path = rendered(db, storage_path, video_id)
    first = user.get(f"/api/v1/videos/{video_id}/preview")
    sheet = os.path.join(os.path.dirname(path), "preview.png")
    drawn_at = os.path.getmtime(sheet)
    time.sleep(0.05)
    assert user.get(f"/api/v1/videos/{video_id}/preview").data == first.data
    assert os.path.getmtime(sheet) == drawn_at
    os.utime(path, (drawn_at + 5, drawn_at + 5))          # the video was rendered again
    assert user.get(f"/api/v1/videos/{video_id}/preview").status_code == 200
    assert os.path.getmtime(sheet) > drawn_at


def test_preview_before_the_render_is_409(user, video_id):
    body = assert_error(user.get(f"/api/v1/videos/{video_id}/preview"), 409, "CONFLICT")
    assert "not rendered yet" in body["error"]["message"]


def test_another_users_preview_is_404(user, other_user, db, storage_path, video_id):
    rendered(db, storage_path, video_id)
    assert_error(other_user.get(f"/api/v1/videos/{video_id}/preview"), 404, "NOT_FOUND")
    assert_error(user.get(f"/api/v1/videos/{uuid.uuid4()}/preview"), 404, "NOT_FOUND")


def test_preview_is_documented_with_its_409(client):
    spec = client.get("/api/docs/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/videos/{video_id}/preview"]["get"]
    assert {"200", "404", "409"} <= set(operation["responses"])
    assert "409" in operation["responses"] and "contact sheet" in operation["responses"]["200"]["description"]
