"""What the script and optimization stages ask of a script writer (OpenAI or offline)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ytempire.text.script_shape import DEFAULT_DURATION_SECONDS


@dataclass(frozen=True)
class ScriptRequest:
    topic: str
    title: str | None = None
    niche: str = "general"
    style: str = "educational"
    duration_seconds: int = DEFAULT_DURATION_SECONDS
    language: str = "en-US"          # BCP-47, one of SUPPORTED_LANGUAGES
    audience: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ScriptSection:
    heading: str                      # "Hook", "Point 1: …", "Call to action"
    text: str                         # spoken text of the section
    # Stock-footage search queries, one per sentence of `text`, when the writer gives them
    # (OpenAI does); without them the visuals derive queries from the words.
    visual_queries: list[str] = field(default_factory=list)


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

    def optimize_metadata(self, script: Script, request: ScriptRequest) -> VideoMetadata: ...
