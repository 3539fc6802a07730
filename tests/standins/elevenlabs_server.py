"""A stand-in for ElevenLabs text-to-speech (`POST /v1/text-to-speech/{voice_id}` and
`.../{voice_id}/with-timestamps`).

It checks the `xi-api-key` header and answers with real MP3 audio (a sine tone made by ffmpeg,
longer for longer text, so segment timings differ per sentence) and the headers the real API sends
(`character-cost`, `request-id`). Errors use ElevenLabs' `{"detail": {"status", "message"}}` body.

With timestamps the answer is the real endpoint's JSON: `audio_base64` and an `alignment` (and
`normalized_alignment`) of `characters`, `character_start_times_seconds` and
`character_end_times_seconds`. The audio really follows the alignment: LEAD_SILENCE_S of silence,
then each character a tone burst and each space twice as long in silence, so a word's reported
start is where its sound starts (and differs from a proportional spread over the sentence).
"""
from __future__ import annotations

import base64
import dataclasses
import itertools
import subprocess
from functools import lru_cache

from ytempire.common.ffmpeg import run_ffmpeg
import numpy as np

from ytempire.common.ffmpeg import ffmpeg_exe

from tests.standins import RecordedRequest, Reply, StandInServer

SECONDS_PER_CHAR = 0.06               # ~ 150 words a minute at 6 characters a word
LEAD_SILENCE_S = 0.2                  # the real API's audio also starts with a little silence
RATE = 44_100


@lru_cache(maxsize=64)
def sine_mp3(seconds: float) -> bytes:
    """A mono 44.1 kHz MP3 of a 440 Hz tone lasting `seconds` (rounded by the caller to 0.1 s)."""
    return run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds:.1f}",
                       "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "-"]).stdout


def tone_seconds(text: str) -> float:
    return max(0.3, round(len(text) * SECONDS_PER_CHAR, 1))


def character_times(text: str) -> tuple[list[float], list[float]]:
    """Start and end of each character: spaces count double, the voiced part lasts tone_seconds."""
    weights = [2.0 if ch == " " else 1.0 for ch in text]
    unit = tone_seconds(text) / sum(weights)
    starts, ends, clock = [], [], LEAD_SILENCE_S
    for weight in weights:
        starts.append(round(clock, 3))
        clock += weight * unit
        ends.append(round(clock, 3))
    return starts, ends


@lru_cache(maxsize=64)
def aligned_mp3(text: str) -> bytes:
    """A mono MP3 that is silent at LEAD_SILENCE_S, in spaces and after the end, a tone elsewhere."""
    starts, ends = character_times(text)
    pcm = np.zeros(int(((ends[-1] if ends else LEAD_SILENCE_S) + 0.2) * RATE), dtype=np.float64)
    for ch, start, end in zip(text, starts, ends):
        if ch != " ":
            span = np.arange(int(start * RATE), int(end * RATE))
            pcm[span] = 0.5 * np.sin(2 * np.pi * 440 * span / RATE)
    raw = (pcm * 32767).astype("<i2").tobytes()
    return subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", str(RATE),
                           "-ac", "1", "-i", "-", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "-"],
                          input=raw, capture_output=True, check=True).stdout


def with_timestamps_body(text: str, audio: bytes) -> dict:
    starts, ends = character_times(text)
    alignment = {"characters": list(text), "character_start_times_seconds": starts,
                 "character_end_times_seconds": ends}
    return {"audio_base64": base64.b64encode(audio).decode(), "alignment": alignment,
            "normalized_alignment": alignment}


def _error(status: int, code: str, message: str, headers: dict | None = None) -> Reply:
    return Reply.json(status, {"detail": {"status": code, "message": message}}, headers)


class ElevenLabsStandIn(StandInServer):
    """`with ElevenLabsStandIn(api_key="xi-test") as api: ElevenLabs(base_url=api.url, ...)`."""

    def __init__(self, api_key: str = "xi-test-key", voices: tuple[str, ...] = ("JBFqnCBsd6RMkjVDRZzb",)) -> None:
        super().__init__()
        self.api_key, self.voices = api_key, set(voices)
        self._ids = itertools.count(1)

    @property
    def speech_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith("/v1/text-to-speech/")]

    # -- scripted behaviours ------------------------------------------------------------------

    def rate_limit_next(self, retry_after: int = 3) -> None:
        self.queue(_error(429, "too_many_concurrent_requests", "Too many concurrent requests for your plan.",
                          {"retry-after": str(retry_after)}))

    def server_error_next(self, status: int = 500) -> None:
        self.queue(_error(status, "internal_error", "An internal error occurred. Please try again."))

    def error_next(self, status: int, code: str, message: str) -> None:
        self.queue(_error(status, code, message))

    def garbage_next(self) -> None:
        """A 200 whose body is not audio at all (base64 of HTML on the with-timestamps endpoint)."""
        def garbage(request: RecordedRequest) -> Reply:
            if request.path.endswith("/with-timestamps"):
                return Reply.json(200, with_timestamps_body("Hi.", b"<html>not audio</html>"))
            return Reply(200, b"<html>not audio</html>", {"Content-Type": "audio/mpeg"})
        self.queue(garbage)

    def slow_next(self, seconds: float) -> None:
        self.queue(lambda request: dataclasses.replace(self.respond(request), delay=seconds))

    # -- the normal answer --------------------------------------------------------------------

    def respond(self, request: RecordedRequest) -> Reply:
        prefix = "/v1/text-to-speech/"
        if request.method != "POST" or not request.path.startswith(prefix):
            return _error(404, "not_found", f"{request.method} {request.path} does not exist")
        if request.headers.get("xi-api-key") != self.api_key:
            return _error(401, "invalid_api_key", "Invalid API key")
        voice_id = request.path[len(prefix):]
        timestamps = voice_id.endswith("/with-timestamps")
        voice_id = voice_id.removesuffix("/with-timestamps")
        if voice_id not in self.voices:
            return _error(404, "voice_not_found", f"A voice with the voice_id {voice_id} was not found.")
        try:
            text = request.json()["text"]
        except (ValueError, KeyError, TypeError):
            return Reply.json(422, {"detail": [{"loc": ["body", "text"], "msg": "Field required",
                                                "type": "missing"}]})
        number = next(self._ids)
        headers = {"character-cost": str(len(text)), "request-id": f"standin{number:06d}",
                   "history-item-id": f"hist{number:06d}"}
        if timestamps:
            return Reply.json(200, with_timestamps_body(text, aligned_mp3(text)), headers)
        return Reply(200, sine_mp3(tone_seconds(text)), {"Content-Type": "audio/mpeg", **headers})
