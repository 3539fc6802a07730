"""The issue's length rule: a video's narration, and so its MP4, is within ±20% of the asked duration."""
import re
import subprocess
import uuid

import imageio_ffmpeg
import pytest

from tests.helpers import assert_error
from ytempire.pipeline.runner import run_stage
from ytempire.providers.script.interface import ScriptRequest
from ytempire.providers.script.offline import OfflineScriptProvider
from ytempire.text.script_shape import MIN_DURATION_SECONDS
from ytempire.providers.voice.espeak import OfflineVoiceProvider
from ytempire.text.sentences import split_sentences
from ytempire.videos.models import Video

LANGUAGES = ("en-US", "de-DE", "fi-FI", "fr-FR", "es-ES")
VOICES = ("professional-male", "calm-female", "energetic-female", "casual-male")
TOPICS = ("Why the ocean has tides twice a day", "Review of the latest technology gadgets for home offices")


def within_20_percent(seconds: float, asked: int) -> bool:
    return 0.8 * asked <= seconds <= 1.2 * asked


def mp4_seconds(path: str) -> float:
    """The container's duration as ffmpeg reports it (there is no ffprobe in the wheel)."""
    banner = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", path],
                            capture_output=True, text=True).stderr
    hours, minutes, seconds = re.search(r"Duration: (\d+):(\d+):([\d.]+)", banner).groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.parametrize("language", LANGUAGES)
def test_offline_narration_is_within_20_percent_of_the_asked_duration(language, tmp_path):
    misses = []
    for duration in (MIN_DURATION_SECONDS, 20, 40, 60):
        for voice in VOICES:
            for topic in TOPICS:
                script = OfflineScriptProvider().write_script(ScriptRequest(
                    topic=topic, title="How tides work", duration_seconds=duration, language=language))
                narration = OfflineVoiceProvider().synthesize(
                    split_sentences(script.narration), language, voice, str(tmp_path / uuid.uuid4().hex),
                    target_seconds=duration)
                if not within_20_percent(narration.duration, duration):
                    misses.append((duration, voice, topic, round(narration.duration, 1)))
    assert misses == []


@pytest.mark.parametrize("language,voice,duration", [
    ("fi-FI", "calm-female", 20), ("de-DE", "energetic-female", 40), ("fr-FR", "professional-male", 60),
])
def test_the_rendered_mp4_is_within_20_percent_of_the_asked_duration(db, request_video, language, voice, duration):
    receipt = request_video(duration=duration, publish="manual",
                            video_config={"duration": duration, "language": language, "voice": voice})
    for stage in ("script_generation", "content_optimization", "voice_synthesis", "video_assembly"):
        run_stage(receipt["job_id"], stage)
    db.session.expire_all()
    video = db.session.get(Video, uuid.UUID(receipt["video_id"]))
    assert within_20_percent(float(video.duration_seconds), duration), video.duration_seconds
    assert within_20_percent(mp4_seconds(video.video_path), duration)


def test_a_duration_below_what_the_pipeline_can_fit_is_400_naming_the_minimum(user, request_video, channel):
    response = user.post("/api/v1/videos/generate", json={
        "channel_id": channel["id"], "topic": "Tides", "video_config": {"duration": MIN_DURATION_SECONDS - 1}})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    detail = body["error"]["details"][0]
    assert detail["field"] == "video_config.duration" and f"at least {MIN_DURATION_SECONDS} seconds" in detail["message"]
    assert request_video(duration=MIN_DURATION_SECONDS)["status"] == "queued"
