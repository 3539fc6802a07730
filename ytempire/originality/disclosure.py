"""Which parts of a video a machine made, and whether YouTube's synthetic-media flag must be set.

Every voice we have is text-to-speech (ElevenLabs, espeak-ng), so narration always counts as
synthetic; generated pictures (OpenAI images) count too. Real stock footage (Pexels, Pixabay),
drawn slides and offline scenes do not: they show nothing that did not happen.
"""
from __future__ import annotations

HUMAN_VOICES = frozenset({"human", "recorded"})        # an uploaded human narration, if one is ever added
AI_VISUALS = frozenset({"openai"})


def synthetic_parts(made_with: dict) -> list[str]:
    parts = []
    if made_with.get("voice") and made_with["voice"] not in HUMAN_VOICES:
        parts.append("voice")
    if made_with.get("visuals") in AI_VISUALS:
        parts.append("visuals")
    return parts


def contains_synthetic_media(made_with: dict | None, channel_choice: bool | None) -> bool:
    """What was really used decides; a channel may add the flag, never drop it for AI-made parts.

    A video made before `made_with` was recorded keeps the channel's choice (default: disclosed).
    """
    if made_with is None:
        return True if channel_choice is None else channel_choice
    return bool(synthetic_parts(made_with)) or bool(channel_choice)
