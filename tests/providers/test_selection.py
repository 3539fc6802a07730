import pytest

from ytempire.accounting.pricing import UnknownPrice
from ytempire.config import config_from_mapping
from ytempire.providers.script import script_provider
from ytempire.providers.script.interface import ScriptRequest
from ytempire.providers.script.offline import OfflineScriptProvider
from ytempire.providers.script.openai_chat import OpenAIScriptProvider
from ytempire.providers.voice import voice_provider
from ytempire.providers.voice.elevenlabs_tts import ElevenLabsVoiceProvider
from ytempire.providers.voice.espeak import OfflineVoiceProvider

from tests.providers.conftest import ELEVENLABS_KEY, OPENAI_KEY, VOICE_ID


def settings(**overrides) -> dict:
    """The app's settings (every default from Config) with these overrides."""
    return config_from_mapping(overrides)


@pytest.mark.parametrize("config", [{"OPENAI_API_KEY": None}, {"OPENAI_API_KEY": ""}])
def test_without_an_openai_key_scripts_are_written_offline(config):
    assert isinstance(script_provider(settings(**config)), OfflineScriptProvider)


@pytest.mark.parametrize("config", [{"ELEVENLABS_API_KEY": None}, {"ELEVENLABS_API_KEY": ""}])
def test_without_an_elevenlabs_key_the_offline_voice_speaks(config):
    assert isinstance(voice_provider(settings(**config)), OfflineVoiceProvider)


def test_openai_key_selects_openai_with_defaults_and_base_url(openai_api):
    provider = script_provider(settings(OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_api.base_url))
    assert isinstance(provider, OpenAIScriptProvider)
    assert (provider.model, provider.max_tokens) == ("gpt-4o-mini", 2000)
    provider.write_script(ScriptRequest(topic="x", duration_seconds=30))
    assert openai_api.requests[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"


def test_openai_model_and_token_cap_come_from_config(openai_api):
    provider = script_provider(settings(OPENAI_API_KEY=OPENAI_KEY, OPENAI_BASE_URL=openai_api.base_url,
                                OPENAI_MODEL="gpt-4o-mini-2024-07-18", OPENAI_MAX_TOKENS=900))
    provider.write_script(ScriptRequest(topic="x", duration_seconds=10))
    body = openai_api.requests[0].json()
    assert (body["model"], body["max_tokens"]) == ("gpt-4o-mini-2024-07-18", 900)


def test_an_openai_model_missing_from_the_price_table_is_refused_before_any_call():
    with pytest.raises(UnknownPrice, match="gpt-unpriced"):
        script_provider(settings(OPENAI_API_KEY=OPENAI_KEY, OPENAI_MODEL="gpt-unpriced"))


def test_elevenlabs_key_selects_elevenlabs_with_configured_voice_and_base_url(elevenlabs_api, tmp_path):
    provider = voice_provider(settings(ELEVENLABS_API_KEY=ELEVENLABS_KEY, ELEVENLABS_VOICE_ID=VOICE_ID,
                               ELEVENLABS_BASE_URL=elevenlabs_api.url))
    assert isinstance(provider, ElevenLabsVoiceProvider)
    narration = provider.synthesize(["Hi there."], "en-US", "professional-male", str(tmp_path))
    request = elevenlabs_api.speech_requests[0]
    assert request.path == f"/v1/text-to-speech/{VOICE_ID}/with-timestamps"
    assert request.json()["model_id"] == "eleven_flash_v2_5"
    assert narration.provider == "elevenlabs"
