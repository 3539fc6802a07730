"""When each word of a sentence is spoken, from whatever timing the voice gives.

Captions highlight the word being spoken, so every voice reports words on the narration's clock.
The words are the sentence's whitespace-separated tokens (punctuation stays on its word, as a
caption shows it). Each voice supplies the best timing it has: ElevenLabs a start and end per
character, espeak-ng the character position at which each word event fires. Tokens the engine
said nothing about, and sentences without any timing, are spread in proportion to their length
between their timed neighbours: proportional timing is the fallback, never the first choice.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ytempire.providers.voice.interface import TimedWord

_TOKEN = re.compile(r"\S+")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(first char index, end char index, token) for each whitespace-separated word of `text`."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _weight(token: str) -> float:
    # Letters and digits take speaking time; a token of punctuation alone ("—") barely any.
    return max(sum(ch.isalnum() for ch in token), 0.3)


def _fill(starts: list[float | None], weights: list[float], begin: float, end: float) -> list[float]:
    """Give every None start a time between its known neighbours, in proportion to the weights.

    The known word before a gap is still being spoken, so its own weight counts in the share.
    """
    known = [(i, s) for i, s in enumerate(starts) if s is not None]
    filled = list(starts)
    for (i, t0), (j, t1) in zip([(-1, begin)] + known, known + [(len(starts), end)]):
        lead = weights[i] if i >= 0 else 0.0
        total = lead + sum(weights[i + 1:j])
        clock = lead
        for k in range(i + 1, j):
            filled[k] = t0 + (t1 - t0) * clock / total if total else t0
            clock += weights[k]
    return [float(s) for s in filled]


def _words(toks: list[tuple[int, int, str]], starts: list[float], ends: list[float | None],
           begin: float, end: float) -> list[TimedWord]:
    words: list[TimedWord] = []
    for n, (_, _, text) in enumerate(toks):
        start = min(max(starts[n], begin), end)
        following = starts[n + 1] if n + 1 < len(toks) else end
        stop = ends[n] if ends[n] is not None else following
        stop = min(max(stop, start), following if n + 1 < len(toks) else end)
        words.append(TimedWord(text, round(start, 3), round(max(stop, start), 3)))
    return words


def proportional_words(text: str, begin: float, end: float) -> list[TimedWord]:
    """The fallback: words spread over [begin, end] in proportion to their letters."""
    toks = tokens(text)
    starts = _fill([None] * len(toks), [_weight(t) for *_, t in toks], begin, end)
    return _words(toks, starts, [None] * len(toks), begin, end)


def words_from_positions(text: str, events: Sequence[tuple[int, float]], begin: float, end: float) -> list[TimedWord]:
    """Words from engine word events: (character index into `text`, seconds from `begin`).

    A token takes the time of the first event inside it (espeak fires several for "1995"); a token
    without one is placed proportionally between its neighbours.
    """
    toks = tokens(text)
    starts: list[float | None] = [None] * len(toks)
    for position, seconds in sorted(events):
        for n, (first, last, _) in enumerate(toks):
            if first <= position < last and starts[n] is None:
                # An event in the silence trimmed off the sentence's start still belongs inside it.
                starts[n] = min(max(begin + seconds, begin), end)
                break
    starts = _monotonic(starts)
    return _words(toks, _fill(starts, [_weight(t) for *_, t in toks], begin, end), [None] * len(toks), begin, end)


def words_from_characters(text: str, characters: Sequence[str], char_starts: Sequence[float],
                          char_ends: Sequence[float], begin: float, end: float) -> list[TimedWord]:
    """Words from a per-character alignment of `text` (ElevenLabs' `alignment`), shifted by `begin`.

    When the aligned characters do not spell `text` (a normalised or altered echo), the
    alignment is not trusted and the words fall back to proportional timing.
    """
    if "".join(characters) != text or not (len(characters) == len(char_starts) == len(char_ends)):
        return proportional_words(text, begin, end)
    toks = tokens(text)
    starts = [begin + min(char_starts[first:last]) for first, last, _ in toks]
    ends: list[float | None] = [begin + max(char_ends[first:last]) for first, last, _ in toks]
    return _words(toks, _monotonic(starts), ends, begin, end)


def _monotonic(starts: list[float | None]) -> list[float | None]:
    """Drop a start that runs backwards: a word cannot begin before the one said before it."""
    latest = float("-inf")
    kept: list[float | None] = []
    for start in starts:
        if start is not None and start < latest:
            kept.append(None)
            continue
        kept.append(start)
        latest = start if start is not None else latest
    return kept
