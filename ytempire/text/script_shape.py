"""The shape every script shares, whoever writes it: spoken pace, length, number of points, timing.

One place for these rules, so the offline writer, the OpenAI prompt, the chapter timestamps and the
cost estimate all agree on how many words a minute of narration holds.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol


class Section(Protocol):
    """A chapter of a script, whoever wrote it: its heading and its spoken text."""

    heading: str
    text: str


WORDS_PER_MINUTE = 150                # typical narration pace; chapter timestamps assume it too
MIN_CHAPTER_SECONDS = 10              # YouTube ignores chapter lists with a chapter under 10 s
COMPACT_BELOW_SECONDS = 30
# The shortest video whose narration keeps within ±20% of the asked length in every supported
# language: below it a hook, two points and a call to action outlast it even at the fastest voice.
MIN_DURATION_SECONDS = 15
DEFAULT_DURATION_SECONDS = 60          # what a request that names no duration gets
MIN_SECTION_WORDS = math.ceil(MIN_CHAPTER_SECONDS * WORDS_PER_MINUTE / 60) + 1   # 26: safely over 10 s


def count_words(text: str) -> int:
    """Spoken words: whitespace-separated tokens holding a letter or digit (not a lone "?" or "–")."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def target_word_count(duration_seconds: int) -> int:
    """Words that fill `duration_seconds` of narration at WORDS_PER_MINUTE."""
    return round(duration_seconds * WORDS_PER_MINUTE / 60)


def is_compact(duration_seconds: int) -> bool:
    """Under 30 s a hook, three point openers and a call to action alone would outlast the asked
    duration: such a script gets two points and the shortest lines."""
    return duration_seconds < COMPACT_BELOW_SECONDS


def point_count(duration_seconds: int) -> int:
    """Main points between hook and call to action: 2 or 3 for shorts, up to 5 for long videos."""
    if is_compact(duration_seconds):
        return 2
    if duration_seconds <= 90:
        return 3
    if duration_seconds <= 300:
        return 4
    return 5


def section_start_seconds(sections: Sequence[Section]) -> list[int]:
    """When each section starts, in whole seconds, if the narration runs at WORDS_PER_MINUTE."""
    starts, words = [], 0
    for section in sections:
        starts.append(words * 60 // WORDS_PER_MINUTE)
        words += count_words(section.text)
    return starts
