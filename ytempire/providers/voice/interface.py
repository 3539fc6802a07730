"""What the voice stage asks of a voice (ElevenLabs or offline espeak-ng)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TimedText:
    text: str
    start: float                      # seconds from the start of the narration
    end: float


@dataclass(frozen=True)
class Narration:
    audio_path: str                   # WAV (offline) or MP3 (ElevenLabs), readable by ffmpeg
    duration: float                   # seconds
    segments: list[TimedText]         # one per sentence, in order, covering the narration
    characters: int                   # billing units
    provider: str                     # "elevenlabs" | "offline"
    voice: str


class VoiceProvider(Protocol):
    name: str

    def synthesize(self, sentences: list[str], language: str, voice: str, out_dir: str,
                   target_seconds: float | None = None) -> Narration:
        """Speak the sentences; `target_seconds` is the asked video length the narration should fit."""
