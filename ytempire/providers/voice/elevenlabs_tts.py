"""Narration from the ElevenLabs text-to-speech API, one request per sentence.

One request per sentence makes every segment's timing exact (the decoded sample count), with no
forced alignment. Requests go to the with-timestamps endpoint, whose character alignment (start and
end of every character of the text) times each word for the word-highlighting captions. Each sentence's MP3 is kept on disk under a name derived from voice, model and
text until the narration is complete, so a stage retried after a failure on sentence 40 does not
pay again for sentences 1 to 39. The sentences are decoded with ffmpeg, laid end to end with short
pauses, and encoded into one MP3.

`Narration.characters` is the length of every sentence sent, which is what ElevenLabs bills per
character (the `character-cost` response header reports credits, which differ by model, while the
price table is per character).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import wave
from pathlib import Path

import httpx
import numpy as np
from elevenlabs.client import ElevenLabs
from elevenlabs.core.api_error import ApiError

from ytempire.common.ffmpeg import FFmpegError, decode_audio, run_ffmpeg
from ytempire.providers.voice.interface import Narration
from ytempire.providers.voice.interface import TimedWord
from ytempire.common.provider_errors import PermanentProviderError, TransientProviderError
from ytempire.text.languages import resolve_language
from ytempire.providers.voice.timeline import write_timeline
from ytempire.providers.voice.espeak import audible_span
from ytempire.providers.voice.words import words_from_characters

OUTPUT_FORMAT = "mp3_44100_128"
SAMPLE_RATE = 44_100
BITRATE = "128k"
# A premade voice from ElevenLabs' API reference ("George"), used when none is configured.
DEFAULT_VOICE_ID = "JBFqnCBsd6RMkjVDRZzb"
# Only the v2.5 Flash/Turbo models accept `language_code`; the others answer 400 when it is sent.
LANGUAGE_CODE_MODELS = frozenset({"eleven_flash_v2_5", "eleven_turbo_v2_5"})
_ELEVENLABS_LANGUAGE = {"nb": "no"}   # ElevenLabs names Norwegian "no"
_VOICE_ID = re.compile(r"^[A-Za-z0-9]{20}$")


def _provider_error(error: Exception) -> Exception:
    """Sort a client failure into the transient/permanent split the pipeline retries on."""
    if isinstance(error, (httpx.TimeoutException, httpx.TransportError)):
        return TransientProviderError(f"ElevenLabs unreachable: {type(error).__name__}: {error}")
    status = getattr(error, "status_code", None)
    body = getattr(error, "body", None)
    detail = body.get("detail", body) if isinstance(body, dict) else body
    message = f"ElevenLabs returned {status}: {detail}"
    if status is None or status in (408, 409, 429) or status >= 500:
        transient = TransientProviderError(message)
        retry_after = (getattr(error, "headers", None) or {}).get("retry-after")
        transient.retry_after = float(retry_after) if retry_after and retry_after.isdigit() else None
        return transient
    return PermanentProviderError(message)


class ElevenLabsVoiceProvider:
    """`VoiceProvider` on ElevenLabs; `voice` may name an ElevenLabs voice id, else the configured one."""

    name = "elevenlabs"
    audio_filename = "narration.mp3"
    chunk_dirname = "elevenlabs_sentences"

    def __init__(self, api_key: str, voice_id: str | None = None, model_id: str = "eleven_flash_v2_5",
                 base_url: str | None = None, timeout: float = 60.0):
        self.voice_id, self.model_id = voice_id or DEFAULT_VOICE_ID, model_id
        self._client = ElevenLabs(api_key=api_key, base_url=base_url, timeout=timeout)

    def _voice_for(self, voice: str | None) -> str:
        # `video_config.voice` is usually a style name ("professional-male") meant for the offline
        # voice; only a real ElevenLabs voice id overrides the configured voice.
        return voice if voice and _VOICE_ID.match(voice) else self.voice_id

    def _speak(self, text: str, voice_id: str, language: str, chunk_dir: Path) -> Path:
        """The MP3 for one sentence, its alignment beside it (`.json`): from an earlier attempt if
        there is one, else from the API."""
        key = hashlib.sha256("\n".join((voice_id, self.model_id, language, text)).encode()).hexdigest()[:24]
        path = chunk_dir / f"{key}.mp3"
        if path.is_file() and path.stat().st_size and path.with_suffix(".json").is_file():
            return path
        extra = {"language_code": language} if self.model_id in LANGUAGE_CODE_MODELS else {}
        try:
            answer = self._client.text_to_speech.convert_with_timestamps(
                voice_id, text=text, model_id=self.model_id, output_format=OUTPUT_FORMAT,
                request_options={"max_retries": 0}, **extra)
            audio = base64.b64decode(answer.audio_base_64 or "", validate=True)
        except (ApiError, httpx.HTTPError) as error:
            raise _provider_error(error) from error
        except ValueError as error:           # not base64: a garbled answer, worth asking again
            raise TransientProviderError(f"ElevenLabs sent audio that is not base64: {error}") from error
        alignment = answer.alignment
        timing = {"characters": alignment.characters, "starts": alignment.character_start_times_seconds,
                  "ends": alignment.character_end_times_seconds} if alignment else {}
        for target, data in ((path.with_suffix(".json"), json.dumps(timing).encode()), (path, audio)):
            partial = target.with_suffix(".partial")
            partial.write_bytes(data)
            os.replace(partial, target)  # only complete answers are ever reused; the MP3 last
        return path

    def _decode(self, path: Path) -> tuple[np.ndarray, float]:
        """The sentence's PCM without leading/trailing silence, and the seconds cut from its start."""
        try:
            pcm = np.frombuffer(decode_audio(path, sample_rate=SAMPLE_RATE), dtype=np.int16)
        except FFmpegError as error:
            pcm = np.zeros(0, dtype=np.int16)
            reason = str(error).splitlines()[0]
        else:
            reason = "no audio samples"
        if pcm.size == 0:
            path.unlink(missing_ok=True)  # fetch it again on retry rather than reuse a bad answer
            raise TransientProviderError(f"ElevenLabs audio for a sentence could not be decoded: {reason}")
        first, last = audible_span(pcm, SAMPLE_RATE)
        return pcm[first:last], first / SAMPLE_RATE

    def synthesize(self, sentences: list[str], language: str, voice: str, out_dir: str,
                   target_seconds: float | None = None) -> Narration:
        """Speak `sentences` in order into `out_dir/narration.mp3` with exact per-sentence timings.

        `target_seconds` is not used: re-speaking to fit would bill every character twice, so
        the length rests on the script's word count at the voice's natural pace.
        """
        code = resolve_language(language)                  # UnsupportedLanguage is a permanent error
        primary = code.split("-")[0]
        language_code = _ELEVENLABS_LANGUAGE.get(primary, primary)
        texts = [" ".join(s.split()) for s in sentences if s and s.strip()]
        if not texts:
            raise PermanentProviderError("nothing to narrate: no non-empty sentence")
        voice_id = self._voice_for(voice)
        out = Path(out_dir)
        chunk_dir = out / self.chunk_dirname
        chunk_dir.mkdir(parents=True, exist_ok=True)
        chunks = [self._speak(text, voice_id, language_code, chunk_dir) for text in texts]

        wav_path, mp3_path = out / "narration.elevenlabs.wav", out / self.audio_filename
        with wave.open(str(wav_path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(SAMPLE_RATE)
            decoded = [(text, *self._decode(path)) for text, path in zip(texts, chunks)]
            segments, samples = write_timeline(wav, ((text, pcm) for text, pcm, _ in decoded), SAMPLE_RATE)
        if not segments:
            wav_path.unlink(missing_ok=True)
            raise PermanentProviderError("ElevenLabs produced no audible audio for the given sentences")
        partial = mp3_path.with_suffix(".partial.mp3")
        try:
            run_ffmpeg(["-i", wav_path, "-c:a", "libmp3lame", "-b:a", BITRATE, partial])
        finally:
            wav_path.unlink(missing_ok=True)
        os.replace(partial, mp3_path)
        spoken = [(text, lead, path) for (text, pcm, lead), path in zip(decoded, chunks) if pcm.size]
        words = [word for segment, (text, lead, path) in zip(segments, spoken)
                 for word in _sentence_words(segment, text, lead, path)]
        shutil.rmtree(chunk_dir, ignore_errors=True)
        return Narration(audio_path=str(mp3_path), duration=samples / SAMPLE_RATE, segments=segments,
                         characters=sum(len(text) for text in texts), provider=self.name, voice=voice_id,
                         words=words)


def _sentence_words(segment, text: str, lead: float, chunk: Path) -> list[TimedWord]:
    """The words of one spoken sentence on the narration's clock, from its stored alignment.

    The alignment counts from the start of the sentence's own audio, before `lead` seconds of
    silence were trimmed; without an alignment the words are timed proportionally.
    """
    timing = json.loads(chunk.with_suffix(".json").read_text(encoding="utf-8") or "{}")
    return words_from_characters(text, timing.get("characters", []),
                                 [t - lead for t in timing.get("starts", [])],
                                 [t - lead for t in timing.get("ends", [])], segment.start, segment.end)
