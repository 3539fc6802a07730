"""Stand-in servers for the paid APIs, and providers pointed at them. No app, no database."""
from __future__ import annotations

import pytest

from ytempire.providers.script.openai_chat import OpenAIScriptProvider
from ytempire.providers.voice.elevenlabs_tts import ElevenLabsVoiceProvider

from tests.standins.elevenlabs_server import ElevenLabsStandIn
from tests.standins.openai_server import OpenAIStandIn

OPENAI_KEY = "sk-test-0123456789"
ELEVENLABS_KEY = "xi-test-0123456789"
VOICE_ID = "JBFqnCBsd6RMkjVDRZzb"


@pytest.fixture
def openai_api():
    with OpenAIStandIn(api_key=OPENAI_KEY) as api:
        yield api


@pytest.fixture
def openai_provider(openai_api):
    return OpenAIScriptProvider(api_key=OPENAI_KEY, base_url=openai_api.base_url, timeout=5)


@pytest.fixture
def elevenlabs_api():
    with ElevenLabsStandIn(api_key=ELEVENLABS_KEY, voices=(VOICE_ID,)) as api:
        yield api


@pytest.fixture
def elevenlabs_provider(elevenlabs_api):
    return ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id=VOICE_ID, base_url=elevenlabs_api.url, timeout=5)


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
