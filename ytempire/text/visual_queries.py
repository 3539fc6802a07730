"""Search queries for footage from a narrated sentence and the video's topic, without a model.

Stock libraries are searched with short noun phrases ("solar panel roof"); a sentence's longest
content words carry most of its picture, the topic keeps a query on subject when the sentence is
generic ("Let us find out").
"""
from __future__ import annotations

import re
import unicodedata

# Words that carry no picture. English only: other languages fall back on word length alone,
# which still ranks content words first (function words are short in every language we speak).
STOPWORDS = frozenset("""
a about above after again against all also always among an and another any are around as at be
because been before being below between both but by can could did do does doing down during each
even every few first for from further had has have having here how however into is it its itself
just last less let like made make makes many may more most much must need never next not now of
off often on once one only or other our out over own part people point really same see should
since so some such than that the their them then there these they thing things this those
through to today too under until up us very want was way we well were what when where which while
who why will with without would yet you your find subscribe follow video watch explains idea ideas
""".split())
KEYWORD_MIN_CHARS = 3


def content_words(text: str) -> list[str]:
    """Distinct lower-case words of `text` that can be pictured, in order of appearance."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[^\W\d_][\w'’-]*", unicodedata.normalize("NFC", text or "")):
        word = word.strip("'’-").lower()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) >= KEYWORD_MIN_CHARS and word not in STOPWORDS:
            seen.setdefault(word)
    return list(seen)


def ranked_keywords(text: str, limit: int = 3) -> list[str]:
    """The `limit` most telling content words: the longest first, ties in order of appearance."""
    words = content_words(text)
    return sorted(words, key=lambda w: (-len(w), words.index(w)))[:limit]


def search_queries(sentence: str, topic: str, limit: int = 3) -> list[str]:
    """Queries for one sentence, most specific first: its two best words, its best word with the
    topic's, then the topic alone; never empty while the topic has a content word."""
    own, subject = ranked_keywords(sentence, 2), ranked_keywords(topic, 2)
    candidates = [" ".join(own), " ".join(dict.fromkeys([*own[:1], *subject[:1]])), " ".join(subject)]
    queries = list(dict.fromkeys(q for q in candidates if q))
    return queries[:limit] or [topic.strip()[:100]]


def numbers_in(sentence: str) -> list[tuple[str, float]]:
    """(label, value) for the numbers the sentence states that can be compared, with the word after
    each as its label ("20 percent" -> ("percent", 20.0)). Years ("in 1955") are not quantities;
    of the rest, the largest group sharing a label is kept (a chart compares like with like)."""
    found = []
    for match in re.finditer(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|[^\W\d_]+)?", sentence):
        raw, label = match.group(1), (match.group(2) or "").strip()
        if re.fullmatch(r"1[5-9]\d\d|20\d\d", raw) and (not label.isalpha() or label.lower() in STOPWORDS):
            continue                  # a year: "in 1955", "1955, when"
        found.append((label, float(raw.replace(",", ""))))
    if not found:
        return []
    groups: dict[str, list[tuple[str, float]]] = {}
    for label, value in found:
        groups.setdefault(label.lower(), []).append((label, value))
    return max(groups.values(), key=len)
