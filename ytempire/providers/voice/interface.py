"""What the voice stage asks of a voice (ElevenLabs or offline espeak-ng)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class TimedText:
    text: str
    start: float                      # seconds from the start of the narration
    end: float


@dataclass(frozen=True)
class TimedWord:
    """One spoken word as captions show it (punctuation kept), on the narration's clock."""

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
    words: list[TimedWord] = field(default_factory=list)   # every segment's words, in order; [] = untimed

    @classmethod
    def from_dict(cls, data: dict) -> "Narration":
        """The narration as `dataclasses.asdict` stored it (artefacts from before word timing have no words)."""
        return cls(**{**data, "segments": [TimedText(**s) for s in data["segments"]],
                      "words": [TimedWord(**w) for w in data.get("words", [])]})


class VoiceProvider(Protocol):
    name: str

    def synthesize(self, sentences: list[str], language: str, voice: str, out_dir: str,
                   target_seconds: float | None = None) -> Narration:
        """Speak the sentences; `target_seconds` is the asked video length the narration should fit."""
