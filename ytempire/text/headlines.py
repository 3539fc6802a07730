"""A script section's headline: what a viewer reads large for that section (slides, offline scenes)."""
from __future__ import annotations

import re
from functools import lru_cache

from ytempire.text.phrasebooks import phrasebook_for

# Headings that name a section's role, not its subject ("Hook", "Call to action").
STRUCTURAL_LABELS = frozenset({"hook", "intro", "introduction", "call to action", "cta", "outro"})
# "Point 1: ", "Punto 2 : ", "1. pont: " — a numbered label before the colon; the lookahead asks
# for a letter there too, so a heading such as "2024: the year…" keeps its number.
_NUMBERED_PREFIX = re.compile(r"^(?=[^:]*[^\W\d_])[^:\d]{0,24}\d+\.?[^:\d]{0,12}:\s*(?=\S)")


@lru_cache(maxsize=64)
def _structural_labels(language: str | None) -> frozenset[str]:
    if language is None:
        return STRUCTURAL_LABELS
    book = phrasebook_for(language)   # the offline writer's own labels ("Introdução", "Zum Schluss")
    return STRUCTURAL_LABELS | {book.hook_heading.casefold(), book.cta_heading.casefold()}


def section_headline(heading: str, *, title: str, language: str | None = None) -> str:
    """The words to show for a section: a point's subject without its "Point N:" number, or the
    video title for the hook and the call to action, whose headings name a role ("Hook") that
    means nothing to a viewer. `language` adds that language's offline labels to the English ones."""
    heading = " ".join(heading.split())
    if not heading or heading.casefold() in _structural_labels(language):
        return title
    return _NUMBERED_PREFIX.sub("", heading, count=1)
