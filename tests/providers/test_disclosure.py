"""The synthetic-media disclosure sent to YouTube follows what the video was really made with."""
from ytempire.originality.disclosure import contains_synthetic_media, synthetic_parts
from ytempire.providers.publisher.youtube_upload import video_body

SLIDES_AND_TTS = {"script": "offline", "voice": "offline", "visuals": "slides", "music": None}


def body(synthetic_media, settings=None):
    return video_body(title="t", description="", tags=[], privacy_status="private", language="en-US",
                      publish_at=None, settings=settings or {}, synthetic_media=synthetic_media)


def test_a_text_to_speech_voice_is_disclosed_even_when_the_channel_says_no():
    assert synthetic_parts(SLIDES_AND_TTS) == ["voice"]
    assert contains_synthetic_media(SLIDES_AND_TTS, channel_choice=False) is True
    assert body(contains_synthetic_media(SLIDES_AND_TTS, False))["status"]["containsSyntheticMedia"] is True


def test_ai_images_are_disclosed_and_real_footage_with_a_human_voice_is_not():
    assert synthetic_parts({**SLIDES_AND_TTS, "voice": "elevenlabs", "visuals": "openai"}) == ["voice", "visuals"]
    filmed = {**SLIDES_AND_TTS, "voice": "human", "visuals": "pexels"}
    assert synthetic_parts(filmed) == [] and contains_synthetic_media(filmed, None) is False
    assert body(contains_synthetic_media(filmed, None))["status"]["containsSyntheticMedia"] is False
    assert contains_synthetic_media(filmed, True) is True        # a channel may always disclose more


def test_a_video_made_before_made_with_was_recorded_keeps_the_channel_choice():
    assert contains_synthetic_media(None, None) is True
    assert contains_synthetic_media(None, False) is False
    assert body(None, {"contains_synthetic_media": False})["status"]["containsSyntheticMedia"] is False
