import pytest

from ytempire.providers.base import ScriptRequest
from ytempire.providers.pricing import UnknownPrice
from ytempire.providers.registry import script_provider, voice_provider
from ytempire.providers.script_offline import OfflineScriptProvider
from ytempire.providers.script_openai import OpenAIScriptProvider
from ytempire.providers.voice_elevenlabs import ElevenLabsVoiceProvider
from ytempire.providers.voice_offline import OfflineVoiceProvider

from tests.providers.conftest import ELEVENLABS_KEY, OPENAI_KEY, VOICE_ID


@pytest.mark.parametrize("config", [{}, {"OPENAI_API_KEY": None}, {"OPENAI_API_KEY": ""}])
def test_without_an_openai_key_scripts_are_written_offline(config):
    assert isinstance(script_provider(config), OfflineScriptProvider)


@pytest.mark.parametrize("config", [{}, {"ELEVENLABS_API_KEY": None}, {"ELEVENLABS_API_KEY": ""}])
def test_without_an_elevenlabs_key_the_offline_voice_speaks(config):
    assert isinstance(voice_provider(config), OfflineVoiceProvider)


def test_openai_key_selects_openai_with_defaults_and_base_url(openai_api):
    provider = script_provider({"OPENAI_API_KEY": OPENAI_KEY, "OPENAI_BASE_URL": openai_api.base_url})
    assert isinstance(provider, OpenAIScriptProvider)
    assert (provider.model, provider.max_tokens) == ("gpt-4o-mini", 2000)
    provider.write_script(ScriptRequest(topic="x", duration_seconds=30))
    assert openai_api.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


def test_openai_model_and_token_cap_come_from_config(openai_api):
    provider = script_provider({"OPENAI_API_KEY": OPENAI_KEY, "OPENAI_BASE_URL": openai_api.base_url,
                                "OPENAI_MODEL": "gpt-4o-mini-2024-07-18", "OPENAI_MAX_TOKENS": 900})
    provider.write_script(ScriptRequest(topic="x", duration_seconds=10))
    body = openai_api.requests[0].json()
    assert (body["model"], body["max_tokens"]) == ("gpt-4o-mini-2024-07-18", 900)


def test_an_openai_model_missing_from_the_price_table_is_refused_before_any_call():
    with pytest.raises(UnknownPrice, match="gpt-unpriced"):
        script_provider({"OPENAI_API_KEY": OPENAI_KEY, "OPENAI_MODEL": "gpt-unpriced"})


def test_elevenlabs_key_selects_elevenlabs_with_configured_voice_and_base_url(elevenlabs_api, tmp_path):
    provider = voice_provider({"ELEVENLABS_API_KEY": ELEVENLABS_KEY, "ELEVENLABS_VOICE_ID": VOICE_ID,
                               "ELEVENLABS_BASE_URL": elevenlabs_api.url, "ELEVENLABS_MODEL_ID": None})
    assert isinstance(provider, ElevenLabsVoiceProvider)
    narration = provider.synthesize(["Hi there."], "en-US", "professional-male", str(tmp_path))
    request = elevenlabs_api.speech_requests[0]
    assert request.path == f"/v1/text-to-speech/{VOICE_ID}"
    assert request.json()["model_id"] == "eleven_flash_v2_5"
    assert narration.provider == "elevenlabs"
