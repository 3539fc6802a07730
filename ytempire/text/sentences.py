"""Splitting narration into sentences: the unit of voice, subtitles and visuals."""
from __future__ import annotations

import re

MAX_SENTENCE_CHARS = 200              # longer sentences are split: a subtitle slide holds ~3 lines

# A sentence ends at . ! ? … followed by optional closing quotes/brackets and whitespace, or at
# CJK/Devanagari full stops, which need no following space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？।]+[\"'”’」』)]*")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs e.g i.e approx no fig inc ltd co dept mt ca cf".split()
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")          # "J", "U.S" (the final dot is the match)
_SOFT_BREAK = re.compile(r"[,;:]\s|\s[–—-]\s")


def split_sentences(text: str) -> list[str]:
    """Split narration into sentences for voice, subtitles and slides, in order.

    Blank lines end a sentence (script sections are joined by them); abbreviations such as
    "Dr." and initials such as "U.S." do not. Sentences longer than MAX_SENTENCE_CHARS are cut
    at the comma or dash nearest their middle, so each slide stays legible.
    """
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n", text or ""):
        block = " ".join(block.split())
        start = 0
        for match in _BOUNDARY.finditer(block):
            if match.group() == "." and _ends_with_abbreviation(block[start:match.start()]):
                continue
            sentences.extend(_split_long(block[start:match.end()].strip()))
            start = match.end()
        sentences.extend(_split_long(block[start:].strip()))
    return [s for s in sentences if s]


def _ends_with_abbreviation(head: str) -> bool:
    words = head.split()
    if not words:
        return False
    word = words[-1].lstrip("([\"'“‘")
    return word.lower() in _ABBREVIATIONS or bool(_INITIALS.match(word))


def _split_long(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence] if sentence else []
    middle = len(sentence) / 2
    cuts = [m.start() + 1 for m in _SOFT_BREAK.finditer(sentence)] or [
        i for i, ch in enumerate(sentence) if ch == " "
    ]
    if not cuts:                      # one unbroken token (e.g. CJK without punctuation)
        cuts = [int(middle)]
    cut = min(cuts, key=lambda i: abs(i - middle))
    return _split_long(sentence[:cut].strip()) + _split_long(sentence[cut:].strip())
