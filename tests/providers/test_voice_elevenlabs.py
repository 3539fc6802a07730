import time

import numpy as np
import pytest

from ytempire.common.ffmpeg import decode_audio, probe
from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.providers.voice.elevenlabs_tts import ElevenLabsVoiceProvider

from tests.providers.conftest import ELEVENLABS_KEY, VOICE_ID
from tests.standins import Reply
from tests.standins.elevenlabs_server import tone_seconds

SENTENCES = ["Hello there.", "This sentence is quite a bit longer than the first one.", "Goodbye."]


def test_one_request_per_sentence_with_key_model_format_and_language(elevenlabs_provider, elevenlabs_api, tmp_path):
    elevenlabs_provider.synthesize(SENTENCES, "es-ES", "professional-male", str(tmp_path))
    requests = elevenlabs_api.speech_requests
    assert [r.json()["text"] for r in requests] == SENTENCES
    for r in requests:
        assert r.path == f"/v1/text-to-speech/{VOICE_ID}/with-timestamps"
        assert r.headers["xi-api-key"] == ELEVENLABS_KEY
        assert r.query["output_format"] == ["mp3_44100_128"]
        assert r.json()["model_id"] == "eleven_flash_v2_5"
        assert r.json()["language_code"] == "es"


def test_narration_is_one_mp3_with_exact_sentence_timings(elevenlabs_provider, tmp_path):
    narration = elevenlabs_provider.synthesize(SENTENCES, "en-US", "professional-male", str(tmp_path))
    info = probe(narration.audio_path)
    assert narration.audio_path.endswith(".mp3") and info.of_kind("audio")[0].codec == "mp3"
    assert info.duration == pytest.approx(narration.duration, abs=0.1)
    assert [s.text for s in narration.segments] == SENTENCES
    for segment, text in zip(narration.segments, SENTENCES):
        assert segment.end - segment.start == pytest.approx(tone_seconds(text), abs=0.1)
    starts = [s.start for s in narration.segments]
    assert starts[0] == 0 and all(a.end < b.start for a, b in zip(narration.segments, narration.segments[1:]))
    assert narration.segments[-1].end < narration.duration
    assert (narration.provider, narration.voice) == ("elevenlabs", VOICE_ID)
    assert narration.characters == sum(len(s) for s in SENTENCES)
    assert not (tmp_path / ElevenLabsVoiceProvider.chunk_dirname).exists()


def test_audio_is_where_the_segments_say(elevenlabs_provider, tmp_path):
    narration = elevenlabs_provider.synthesize(SENTENCES, "en-US", "x", str(tmp_path))
    gap = narration.segments[0].end, narration.segments[1].start
    pcm = np.frombuffer(decode_audio(narration.audio_path, start=gap[0] + 0.05, duration=gap[1] - gap[0] - 0.1),
                        dtype=np.int16)
    tone = np.frombuffer(decode_audio(narration.audio_path, start=narration.segments[1].start + 0.5, duration=0.5),
                         dtype=np.int16)
    assert np.abs(pcm.astype(int)).max() < 300 < np.abs(tone.astype(int)).max()


def test_an_elevenlabs_voice_id_in_the_request_overrides_the_configured_voice(elevenlabs_api, tmp_path):
    other = "AbCdEfGhIjKlMnOpQrSt"
    elevenlabs_api.voices.add(other)
    provider = ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id=VOICE_ID, base_url=elevenlabs_api.url)
    narration = provider.synthesize(["Hi."], "en-US", other, str(tmp_path))
    assert elevenlabs_api.speech_requests[0].path.endswith(f"/{other}/with-timestamps") and narration.voice == other


@pytest.mark.parametrize("model, language, code", [("eleven_multilingual_v2", "fr-FR", None),
                                                   ("eleven_turbo_v2_5", "nb-NO", "no")])
def test_language_code_only_for_models_that_accept_it(elevenlabs_api, tmp_path, model, language, code):
    provider = ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id=VOICE_ID, model_id=model,
                                       base_url=elevenlabs_api.url)
    provider.synthesize(["Bonjour."], language, "", str(tmp_path))
    assert elevenlabs_api.speech_requests[0].json().get("language_code") == code


def test_429_is_transient_with_retry_after_and_the_library_does_not_retry(elevenlabs_provider, elevenlabs_api,
                                                                           tmp_path):
    elevenlabs_api.rate_limit_next(retry_after=3)
    with pytest.raises(TransientProviderError, match="429") as info:
        elevenlabs_provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    assert info.value.retry_after == 3
    assert len(elevenlabs_api.requests) == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_transient(elevenlabs_provider, elevenlabs_api, tmp_path, status):
    elevenlabs_api.server_error_next(status)
    with pytest.raises(TransientProviderError, match=str(status)):
        elevenlabs_provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    assert len(elevenlabs_api.requests) == 1


def test_wrong_api_key_is_permanent(elevenlabs_api, tmp_path):
    provider = ElevenLabsVoiceProvider(api_key="xi-wrong", voice_id=VOICE_ID, base_url=elevenlabs_api.url)
    with pytest.raises(PermanentProviderError, match="401.*invalid_api_key") as info:
        provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    assert not isinstance(info.value, TransientProviderError)


def test_unknown_voice_is_permanent(elevenlabs_api, tmp_path):
    provider = ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id="NoSuchVoice000000000",
                                       base_url=elevenlabs_api.url)
    with pytest.raises(PermanentProviderError, match="404.*voice_not_found"):
        provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))


def test_timeout_is_transient(elevenlabs_api, tmp_path):
    provider = ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id=VOICE_ID, base_url=elevenlabs_api.url,
                                       timeout=0.5)
    elevenlabs_api.slow_next(5)
    started = time.monotonic()
    with pytest.raises(TransientProviderError, match="unreachable"):
        provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    assert time.monotonic() - started < 3


def test_refused_connection_is_transient(closed_port_url, tmp_path):
    provider = ElevenLabsVoiceProvider(api_key=ELEVENLABS_KEY, voice_id=VOICE_ID, base_url=closed_port_url)
    with pytest.raises(TransientProviderError):
        provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))


def test_a_retry_pays_only_for_sentences_not_yet_spoken(elevenlabs_provider, elevenlabs_api, tmp_path):
    elevenlabs_api.queue(elevenlabs_api.respond, Reply.json(500, {"detail": {"status": "internal_error",
                                                                             "message": "boom"}}))
    with pytest.raises(TransientProviderError):
        elevenlabs_provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    narration = elevenlabs_provider.synthesize(SENTENCES, "en-US", "", str(tmp_path))
    texts = [r.json()["text"] for r in elevenlabs_api.speech_requests]
    assert texts == [SENTENCES[0], SENTENCES[1], SENTENCES[1], SENTENCES[2]]
    assert narration.characters == sum(len(s) for s in SENTENCES)   # all of them were paid for, once


def test_undecodable_audio_is_transient_and_fetched_again_next_time(elevenlabs_provider, elevenlabs_api, tmp_path):
    elevenlabs_api.garbage_next()
    with pytest.raises(TransientProviderError, match="could not be decoded"):
        elevenlabs_provider.synthesize(["Hi."], "en-US", "", str(tmp_path))
    narration = elevenlabs_provider.synthesize(["Hi."], "en-US", "", str(tmp_path))
    assert len(elevenlabs_api.speech_requests) == 2 and len(narration.segments) == 1


def test_nothing_to_say_is_permanent(elevenlabs_provider, elevenlabs_api, tmp_path):
    with pytest.raises(PermanentProviderError):
        elevenlabs_provider.synthesize(["", "  "], "en-US", "", str(tmp_path))
    assert not elevenlabs_api.requests
