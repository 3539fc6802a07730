"""Two channels with different styles make visibly different videos and thumbnails from the same
topic: every media stage reads the channel's style."""
import uuid

import numpy as np
from PIL import Image

from tests.helpers import set_tier
from tests.media.signals import video_frame
from ytempire.pipeline.models import GenerationJob
from ytempire.pipeline.runner import run_stage
from ytempire.pipeline.stages import STAGES, UPLOAD_STAGE

SMALL = (128, 72)
STYLES = {
    "blue": {"palette": {"primary": "#1040F0", "secondary": "#1080F0", "accent": "#00E5FF", "background": "#050A30"},
             "thumbnail_template": "bold"},
    "red": {"palette": {"primary": "#F02010", "secondary": "#F08010", "accent": "#FFEE00", "background": "#300505"},
            "captions": {"font": "dejavu_serif", "position": "top", "highlight_color": "#00FF00"},
            "thumbnail_template": "split"},
}


def make_video(user, db, name):
    channel = user.post("/api/v1/channels", json={"name": name, "niche": "science",
                                                  "youtube_channel_id": f"UC_{uuid.uuid4().hex[:10]}"}).get_json()
    assert user.put(f"/api/v1/channels/{channel['id']}/style", json=STYLES[name]).status_code == 200
    receipt = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "title": "How tides work", "topic": "Why the ocean has tides twice a day",
        "publish": "manual", "video_config": {"duration": 15}}).get_json()
    for stage in [s for s in STAGES if s != UPLOAD_STAGE]:
        assert run_stage(receipt["job_id"], stage) == "done", stage
    return db.session.get(GenerationJob, uuid.UUID(receipt["job_id"])).video


def test_two_channels_styles_give_different_frames_and_thumbnails_for_one_topic(app, user, db):
    set_tier(app, user.user_id, "starter")
    blue, red = make_video(user, db, "blue"), make_video(user, db, "red")
    at = float(min(blue.duration_seconds, red.duration_seconds)) / 2
    blue_frame, red_frame = video_frame(blue.video_path, at, SMALL), video_frame(red.video_path, at, SMALL)
    assert np.abs(blue_frame - red_frame).mean() > 25
    assert blue_frame[..., 2].mean() > blue_frame[..., 0].mean() and red_frame[..., 0].mean() > red_frame[..., 2].mean()
    thumbs = [np.asarray(Image.open(v.thumbnail_path).convert("RGB").resize(SMALL), np.float64) for v in (blue, red)]
    assert np.abs(thumbs[0] - thumbs[1]).mean() > 30
