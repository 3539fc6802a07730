"""A stand-in for ElevenLabs text-to-speech (`POST /v1/text-to-speech/{voice_id}`).

It checks the `xi-api-key` header and answers with real MP3 audio (a sine tone made by ffmpeg,
longer for longer text, so segment timings differ per sentence) and the headers the real API sends
(`character-cost`, `request-id`). Errors use ElevenLabs' `{"detail": {"status", "message"}}` body.
"""
from __future__ import annotations

import dataclasses
import itertools
from functools import lru_cache

from ytempire.common.ffmpeg import run_ffmpeg

from tests.standins import RecordedRequest, Reply, StandInServer

SECONDS_PER_CHAR = 0.06               # ~ 150 words a minute at 6 characters a word


@lru_cache(maxsize=64)
def sine_mp3(seconds: float) -> bytes:
    """A mono 44.1 kHz MP3 of a 440 Hz tone lasting `seconds` (rounded by the caller to 0.1 s)."""
    return run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds:.1f}",
                       "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "-"]).stdout


def tone_seconds(text: str) -> float:
    return max(0.3, round(len(text) * SECONDS_PER_CHAR, 1))


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
        """A 200 whose body is not audio at all."""
        self.queue(Reply(200, b"<html>not audio</html>", {"Content-Type": "audio/mpeg"}))

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
        if voice_id not in self.voices:
            return _error(404, "voice_not_found", f"A voice with the voice_id {voice_id} was not found.")
        try:
            text = request.json()["text"]
        except (ValueError, KeyError, TypeError):
            return Reply.json(422, {"detail": [{"loc": ["body", "text"], "msg": "Field required",
                                                "type": "missing"}]})
        number = next(self._ids)
        return Reply(200, sine_mp3(tone_seconds(text)),
                     {"Content-Type": "audio/mpeg", "character-cost": str(len(text)),
                      "request-id": f"standin{number:06d}", "history-item-id": f"hist{number:06d}"})
