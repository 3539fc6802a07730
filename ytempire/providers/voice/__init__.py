"""Voices: ElevenLabs when ELEVENLABS_API_KEY is set, else offline espeak-ng."""
from __future__ import annotations

from collections.abc import Mapping

from ytempire.providers.voice.elevenlabs_tts import ElevenLabsVoiceProvider
from ytempire.providers.voice.espeak import OfflineVoiceProvider
from ytempire.providers.voice.interface import VoiceProvider


def voice_provider(config: Mapping) -> VoiceProvider:
    """ElevenLabs when ELEVENLABS_API_KEY is set, else the offline espeak-ng voice."""
    api_key = config["ELEVENLABS_API_KEY"]
    if not api_key:
        return OfflineVoiceProvider()
    return ElevenLabsVoiceProvider(api_key=api_key, voice_id=config["ELEVENLABS_VOICE_ID"],
                                   model_id=config["ELEVENLABS_MODEL_ID"], base_url=config["ELEVENLABS_BASE_URL"],
                                   timeout=config["ELEVENLABS_TIMEOUT_SECONDS"])
