"""Choose the script and voice providers from configuration: a paid API when its key is set,
otherwise the offline provider, so the pipeline always runs end to end."""
from __future__ import annotations

from collections.abc import Mapping

from ytempire.providers import pricing
from ytempire.providers.base import ScriptProvider, VoiceProvider


def script_provider(config: Mapping) -> ScriptProvider:
    """OpenAI when OPENAI_API_KEY is set, else the offline writer.

    The model must be in the price table: checking here fails a misconfiguration at the first
    stage, before any money is spent, instead of after the call when its cost cannot be recorded.
    """
    api_key = config.get("OPENAI_API_KEY")
    if not api_key:
        from ytempire.providers.script_offline import OfflineScriptProvider

        return OfflineScriptProvider()
    from ytempire.providers.script_openai import OpenAIScriptProvider

    model = config.get("OPENAI_MODEL") or "gpt-4o-mini"
    pricing.price_for("openai", pricing.INPUT_TOKEN, model)
    pricing.price_for("openai", pricing.OUTPUT_TOKEN, model)
    return OpenAIScriptProvider(api_key=api_key, model=model, base_url=config.get("OPENAI_BASE_URL") or None,
                                max_tokens=int(config.get("OPENAI_MAX_TOKENS") or 2000),
                                timeout=float(config.get("OPENAI_TIMEOUT_SECONDS") or 120))


def voice_provider(config: Mapping) -> VoiceProvider:
    """ElevenLabs when ELEVENLABS_API_KEY is set, else the offline espeak-ng voice."""
    api_key = config.get("ELEVENLABS_API_KEY")
    if not api_key:
        from ytempire.providers.voice_offline import OfflineVoiceProvider

        return OfflineVoiceProvider()
    from ytempire.providers.voice_elevenlabs import ElevenLabsVoiceProvider

    return ElevenLabsVoiceProvider(api_key=api_key, voice_id=config.get("ELEVENLABS_VOICE_ID") or None,
                                   model_id=config.get("ELEVENLABS_MODEL_ID") or "eleven_flash_v2_5",
                                   base_url=config.get("ELEVENLABS_BASE_URL") or None,
                                   timeout=float(config.get("ELEVENLABS_TIMEOUT_SECONDS") or 60))
