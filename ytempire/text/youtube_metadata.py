"""YouTube's limits on title, description and tags, applied the same way for every script provider.

Limits from the YouTube Data API `videos` resource: title at most 100 characters, description at
most 5000 bytes, tags at most 500 characters in all; neither title nor description may contain
"<" or ">". A tag with a space counts as if it were quoted (two extra characters), and tags are
joined by commas. Breaking a limit makes `videos.insert` fail, so we trim here instead.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ytempire.text.script_shape import Section, section_start_seconds

TITLE_MAX_CHARS = 100
DESCRIPTION_MAX_BYTES = 5000
TAGS_MAX_CHARS = 500
TAG_MAX_CHARS = 100
KEYWORD_MIN_CHARS = 4                 # shorter topic words are mostly articles and prepositions

_ANGLE_BRACKETS = str.maketrans({"<": "", ">": ""})


def _one_line(text: str) -> str:
    return " ".join(text.translate(_ANGLE_BRACKETS).split())


def _cut_at_word(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return head[:limit].rstrip(" ,;:–-")


def fit_title(title: str) -> str:
    """A legal title: one line, no angle brackets, at most 100 characters, cut at a word boundary."""
    return _cut_at_word(_one_line(title), TITLE_MAX_CHARS)


def format_timestamp(seconds: int) -> str:
    """YouTube chapter time: "0:00", "4:05", "1:02:03"."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def chapter_lines(sections: Sequence[Section]) -> list[str]:
    """ "0:00 Hook", "0:12 Point 1: …" — one line per section, timed at the narration pace."""
    return [f"{format_timestamp(start)} {_one_line(section.heading)}"
            for start, section in zip(section_start_seconds(sections), sections)]


def _fit_bytes(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return _cut_at_word(cut, len(cut) - 1)


def build_description(summary: str, sections: Sequence[Section], hashtags: Iterable[str] = ()) -> str:
    """Summary, chapter list and hashtags within 5000 bytes; the summary is shortened first."""
    summary = "\n".join(_one_line(line) for line in summary.strip().splitlines())
    chapters = "\n".join(chapter_lines(sections))
    tail = "\n\n" + chapters + ("\n\n" + " ".join(hashtags) if hashtags else "")
    room = DESCRIPTION_MAX_BYTES - len(tail.encode("utf-8"))
    if room <= 0:                     # absurdly many sections: keep what fits of the chapters alone
        return _fit_bytes(chapters, DESCRIPTION_MAX_BYTES)
    return _fit_bytes(summary, room) + tail


CREDITS_HEADING = "Footage and image credits:"


def with_credits(description: str | None, credit_lines: Sequence[str]) -> str | None:
    """The description with the visuals' credits at its end (replacing an earlier credits block),
    within 5000 bytes: the credits are kept whole, the text before them is shortened first."""
    body = (description or "").split("\n\n" + CREDITS_HEADING)[0]
    if not credit_lines:
        return description
    block = "\n\n" + CREDITS_HEADING + "\n" + "\n".join(f"- {_one_line(line)}" for line in credit_lines)
    block = _fit_bytes(block, DESCRIPTION_MAX_BYTES // 2)
    return _fit_bytes(body, DESCRIPTION_MAX_BYTES - len(block.encode("utf-8"))) + block


def keywords(text: str) -> list[str]:
    """Distinct content words of `text` (letters and digits, at least 4 characters), in order."""
    seen, words = set(), []
    for word in re.findall(r"[\w'’-]+", unicodedata.normalize("NFC", text or "")):
        word = word.strip("'’-")
        if len(word) >= KEYWORD_MIN_CHARS and word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return words


def hashtags(words: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` hashtags (YouTube shows the first three above the title)."""
    tags, seen = [], set()
    for word in words:
        tag = "#" + re.sub(r"[\W_]+", "", word.title() if " " in word else word)
        if len(tag) > 1 and tag.lower() not in seen:
            seen.add(tag.lower())
            tags.append(tag)
        if len(tags) == limit:
            break
    return tags


def _tag_cost(tag: str) -> int:
    return len(tag) + (2 if " " in tag else 0)


def fit_tags(candidates: Iterable[str]) -> list[str]:
    """Distinct (case-insensitive) tags, in order, whose total stays within YouTube's 500 characters."""
    tags, seen, used = [], set(), 0
    for raw in candidates:
        tag = _cut_at_word(_one_line(str(raw)).replace(",", " ").strip(), TAG_MAX_CHARS)
        tag = " ".join(tag.split())
        if not tag or tag.lower() in seen:
            continue
        cost = _tag_cost(tag) + (1 if tags else 0)            # the comma before every tag but the first
        if used + cost > TAGS_MAX_CHARS:
            continue                                           # a shorter later tag may still fit
        seen.add(tag.lower())
        tags.append(tag)
        used += cost
    return tags


def tags_length(tags: Sequence[str]) -> int:
    """Characters YouTube counts for `tags` (quotes around tags with spaces, commas between)."""
    return sum(_tag_cost(tag) for tag in tags) + max(len(tags) - 1, 0)
