"""Phrase banks for the offline script writer, one JSON file per language under ytempire/data/phrasebooks/.

Each language has its own sentences, written in that language, rather than an English script run
through a translator: the offline pipeline must work without network. Sentences are split into
clauses (a `claim` about the step, a piece of `advice`) that the writer joins in many
combinations, so a ten-minute script needs no repeated sentence.

Placeholders: {topic} and {niche} in most templates; {k} (5, 10 or 15: numbers whose noun
agreement is regular in every language here) in claims and advice; {count} (3–5) in promises,
titles and summaries; {n} and {aspect} in point openers and headings. Topics and niches are user
text that cannot be inflected, so inflecting languages quote them after a noun ("the topic «…»").
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path

from ytempire.text.languages import resolve_language


@dataclass(frozen=True)
class Phrasebook:
    hook_heading: str                 # first chapter ("Hook")
    point_heading: str                # "Point {n}: {aspect}"
    cta_heading: str                  # last chapter ("Call to action")
    aspects: tuple[str, ...]          # point subjects, in a sensible teaching order
    hooks: tuple[str, ...]            # opening sentence
    promises: tuple[str, ...]         # what the video will cover
    openers: tuple[str, ...]          # first sentence of a point
    claims: tuple[str, ...]           # clauses: an observation about the step (no final stop)
    advice: tuple[str, ...]           # clauses: something to do (no final stop)
    joiners: tuple[str, ...]          # what goes between a claim and an advice clause
    ctas: tuple[str, ...]             # closing sentences
    titles: tuple[str, ...]           # title templates when the user gave none
    summaries: tuple[str, ...]        # first paragraph of the description
    full_stop: str = "."


PHRASEBOOK_DIR = Path(__file__).resolve().parents[1] / "data" / "phrasebooks"


def phrasebook_for(language: str) -> Phrasebook:
    """The phrasebook for a supported language code ("es-MX" → `es.json`)."""
    return _load(resolve_language(language).split("-")[0])


@cache
def _load(primary: str) -> Phrasebook:
    data = json.loads((PHRASEBOOK_DIR / f"{primary}.json").read_text(encoding="utf-8"))
    return Phrasebook(**{f.name: tuple(data[f.name]) if isinstance(data[f.name], list) else data[f.name]
                         for f in fields(Phrasebook) if f.name in data})
