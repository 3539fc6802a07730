"""Provider interfaces: what the pipeline stages ask of script, voice and media back-ends.

Each stage talks only to these small types, so a real client (OpenAI, ElevenLabs) and its
offline counterpart are interchangeable by configuration.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class ProviderError(Exception):
    """Base class for provider failures."""


class TransientProviderError(ProviderError):
    """A failure worth retrying: timeout, connection reset, 429, 5xx."""


class PermanentProviderError(ProviderError):
    """A failure that retrying cannot fix: bad request, auth, unsupported input."""


@dataclass(frozen=True)
class ScriptRequest:
    topic: str
    title: str | None = None
    niche: str = "general"
    style: str = "educational"
    duration_seconds: int = 60
    language: str = "en-US"          # BCP-47, one of SUPPORTED_LANGUAGES
    audience: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ScriptSection:
    heading: str                      # "Hook", "Point 1: …", "Call to action"
    text: str                         # spoken text of the section


@dataclass(frozen=True)
class Script:
    title: str
    sections: list[ScriptSection]
    language: str
    provider: str                     # "openai" | "offline"
    model: str | None = None
    input_tokens: int = 0             # billing units (0 for offline)
    output_tokens: int = 0

    @property
    def narration(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


@dataclass(frozen=True)
class VideoMetadata:
    title: str                        # <= 100 chars (YouTube limit)
    description: str                  # <= 5000 chars, with chapter timestamps "0:00 Hook"
    tags: list[str]                   # total <= 500 chars
    provider: str
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0


class ScriptProvider(Protocol):
    name: str

    def write_script(self, request: ScriptRequest) -> Script: ...

    def optimise_metadata(self, script: Script, request: ScriptRequest) -> VideoMetadata: ...


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
