"""The offline script writer: a real, structured script in the video's language, with no network.

It composes sentences from the language's phrasebook (hook, 3–5 points, call to action) until the
narration fills the asked duration at the shared spoken pace. Every choice comes from a random
generator seeded by the request, so the same request always gives the same script, and a retried
stage reproduces its artefact exactly.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable

from ytempire.providers.script.interface import Script, ScriptRequest, ScriptSection, VideoMetadata
from ytempire.text.languages import resolve_language
from ytempire.text.phrasebooks import Phrasebook, phrasebook_for
from ytempire.text.script_shape import MIN_SECTION_WORDS, count_words, is_compact, point_count, target_word_count
from ytempire.text.youtube_metadata import build_description, fit_tags, fit_title, hashtags, keywords

SMALL_NUMBERS = (5, 10, 15)           # see phrasebooks: plural agreement is regular for these
HOOK_SHARE = 0.08                     # of the narration, within [section floor, ~20 s]
CTA_SHARE = 0.06


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# Words that start a sentence-case English topic ("How solar panels work") but read lower-case
# mid-sentence. Names ("Kubernetes basics") and other languages' topics keep their case.
_LOWER_INLINE = {"how", "why", "what", "when", "where", "which", "who", "the", "a", "an", "top", "best",
                 "easy", "simple", "ways", "tips", "things", "reasons", "secrets", "understanding", "review",
                 "guide", "introduction", "getting", "learning", "building", "making", "choosing", "using",
                 "your", "my", "our", "this", "these", "every", "latest", "new", "common"}


def _inline(phrase: str, language: str) -> str:
    """A topic as it reads mid-sentence: "How solar panels work" → "how solar panels work"."""
    first = phrase.split(" ", 1)[0]
    if language.startswith("en") and " " in phrase and first.lower() in _LOWER_INLINE and first[1:].islower():
        return phrase[:1].lower() + phrase[1:]
    return phrase


def _users_title(request: ScriptRequest) -> str | None:
    return fit_title(request.title) if request.title and request.title.strip() else None


def _seed(request: ScriptRequest, language: str) -> int:
    key = json.dumps([request.topic, request.title, request.niche, request.style, request.duration_seconds,
                      language, request.audience], sort_keys=True, default=str, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


class _Cycle:
    """Hands out items in a shuffled order, reshuffling after each round, so uses stay even."""

    def __init__(self, items, rng: random.Random):
        self._items, self._rng, self._queue = list(items), rng, []

    def next(self):
        if not self._queue:
            self._queue = self._rng.sample(self._items, len(self._items))
        return self._queue.pop()


class _BodySentences:
    """Body sentences for one script. No combination of clauses is said twice, and each offer is
    built from the clauses used least so far, so a clause comes back only after the others have had
    their turn. Offers mix claim+advice pairs with single clauses, which fit where a section is
    nearly full."""

    CHOICES = 5                       # candidates of each kind per offer

    def __init__(self, book: Phrasebook, rng: random.Random, slots: dict):
        self._book, self._rng, self._slots = book, rng, slots
        self._uses: Counter[str] = Counter()
        self._said: set[tuple[str, ...]] = set()
        self._offer: dict[str, tuple[str, ...]] = {}     # sentence -> (claim, joiner, advice) or (clause,)
        self._last_lead: str | None = None

    def _freshest(self, combos: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        unsaid = [combo for combo in combos if combo not in self._said]
        # Never open two sentences in a row with the same clause; then prefer the least-used clauses.
        ranked = sorted(unsaid, key=lambda combo: (combo[0] == self._last_lead,
                                                   sum(self._uses[part] for part in combo), self._rng.random()))
        return ranked[:self.CHOICES]

    def _sentence(self, combo: tuple[str, ...]) -> str:
        text = "".join(part.format(**self._slots, k=self._rng.choice(SMALL_NUMBERS)) for part in combo)
        return _capitalise(text) + self._book.full_stop

    def candidates(self) -> list[str]:
        """A few unsaid sentences of different lengths; the caller `take`s at most one."""
        book = self._book
        pairs = [(c, j, a) for c in book.claims for j in book.joiners for a in book.advice]
        singles = [(clause,) for clause in book.claims + book.advice]
        self._offer = {self._sentence(combo): combo for combo in self._freshest(pairs) + self._freshest(singles)}
        return list(self._offer)

    def take(self, sentence: str) -> None:
        combo = self._offer.pop(sentence)
        self._said.add(combo)
        self._uses.update(combo)
        self._last_lead = combo[0]


class _ScriptWriter:
    """Writes one script; holds the request's random generator and what has been said so far."""

    def __init__(self, request: ScriptRequest, language: str):
        self.request, self.language = request, language
        self.book = phrasebook_for(language)
        self.rng = random.Random(_seed(request, language))
        self.points = point_count(request.duration_seconds)
        self.compact = is_compact(request.duration_seconds)
        self.target = target_word_count(request.duration_seconds)
        # A chapter under 10 s voids YouTube's chapter list, so sections stay above that when the
        # duration leaves room; a short cannot, and then the length wins: one sentence a section.
        self.floor = 1 if self.compact else min(MIN_SECTION_WORDS, self.target // (self.points + 2))
        self.slots = {"topic": _inline(request.topic.strip(), language),
                      "niche": _inline((request.niche or request.topic).strip(), language),
                      "count": self.points}
        self.body = _BodySentences(self.book, self.rng, self.slots)

    def _grow(self, sentences: list[str], target: int, offer: Callable[[], list[str]],
              take: Callable[[str], None]) -> None:
        """Append offered sentences while each brings the section closer to `target` words.

        Below the floor a candidate that clears it is preferred; above it, a sentence is added only
        if it overshoots by less than the section would otherwise fall short.
        """
        target = max(target, self.floor)
        words = count_words(" ".join(sentences))
        while words < target:
            candidates = [(words + count_words(c), c) for c in offer()]
            if not candidates:
                return
            if words < self.floor:
                after, sentence = min(candidates, key=lambda c: (c[0] < self.floor, abs(c[0] - target)))
            else:
                after, sentence = min(candidates, key=lambda c: abs(c[0] - target))
                if abs(after - target) >= target - words:
                    return
            take(sentence)
            sentences.append(sentence)
            words = after

    def _grow_body(self, sentences: list[str], target: int) -> None:
        self._grow(sentences, target, self.body.candidates, self.body.take)

    def _pick(self, lines, **slots) -> str:
        """A random line, or in a compact script the one that says it in the fewest words."""
        if not self.compact:
            return self.rng.choice(lines)
        return min(lines, key=lambda line: count_words(line.format(**{**self.slots, **slots})))

    def _budget(self, share: float, most: int) -> int:
        return max(self.floor, min(round(self.target * share), most))

    def _hook(self) -> ScriptSection:
        """The opening line, the promise of what is coming, then body sentences if room is left."""
        sentences = [_capitalise(self._pick(self.book.hooks).format(**self.slots))]
        promises = [_capitalise(p.format(**self.slots))
                    for p in self.rng.sample(self.book.promises, len(self.book.promises))]
        budget = self._budget(HOOK_SHARE, 2 * MIN_SECTION_WORDS)
        self._grow(sentences, budget, lambda: promises, lambda _: promises.clear())
        self._grow_body(sentences, budget)
        return ScriptSection(self.book.hook_heading, " ".join(sentences))

    def _call_to_action(self) -> ScriptSection:
        """Closing lines chosen to fit the budget, spoken in the phrasebook's order (thanks last)."""
        remaining = [_capitalise(c.format(**self.slots)) for c in self.book.ctas]
        offered = self.rng.sample(remaining, len(remaining))
        chosen: list[str] = []
        self._grow(chosen, self._budget(CTA_SHARE, 2 * MIN_SECTION_WORDS), lambda: offered, offered.remove)
        return ScriptSection(self.book.cta_heading, " ".join(sorted(chosen, key=remaining.index)))

    def _points(self, words: int) -> list[ScriptSection]:
        """Split `words` across the points; each point's budget absorbs the previous one's rounding."""
        aspects = range(len(self.book.aspects))
        if self.compact:
            picked = sorted(sorted(aspects, key=lambda i: count_words(self.book.aspects[i]))[:self.points])
        else:
            picked = sorted(self.rng.sample(aspects, self.points))
        openers = _Cycle(self.book.openers, self.rng)
        sections, written = [], 0
        for n, index in enumerate(picked, start=1):
            aspect = self.book.aspects[index]
            opener = self._pick(self.book.openers, n=n, aspect=aspect) if self.compact else openers.next()
            sentences = [opener.format(n=n, aspect=aspect)]
            self._grow_body(sentences, round(words * n / self.points) - written)
            written += count_words(" ".join(sentences))
            heading = self.book.point_heading.format(n=n, aspect=_capitalise(aspect))
            sections.append(ScriptSection(heading, " ".join(sentences)))
        return sections

    def script(self) -> Script:
        title = _users_title(self.request) or fit_title(
            _capitalise(self.rng.choice(self.book.titles).format(**self.slots)))
        hook, cta = self._hook(), self._call_to_action()
        budget = self.target - count_words(hook.text) - count_words(cta.text)
        sections = [hook, *self._points(budget), cta]
        return Script(title=title, sections=sections, language=self.language, provider="offline")


class OfflineScriptProvider:
    """`ScriptProvider` that needs no key and no network; deterministic for a given request."""

    name = "offline"

    def write_script(self, request: ScriptRequest) -> Script:
        """A hook, 3–5 points and a call to action in the request's language, ~150 words a minute."""
        return _ScriptWriter(request, resolve_language(request.language)).script()

    def optimize_metadata(self, script: Script, request: ScriptRequest) -> VideoMetadata:
        """Title (the user's if given), description with chapters, and tags from topic and niche."""
        writer = _ScriptWriter(request, resolve_language(request.language))
        writer.slots["count"] = max(len(script.sections) - 2, 1)
        title = _users_title(request) or fit_title(script.title)
        summary = writer.rng.choice(writer.book.summaries).format(**writer.slots)
        topic_words = keywords(request.topic)
        niche = request.niche or ""
        description = build_description(summary, script.sections, hashtags([request.topic, niche, *topic_words]))
        tags = fit_tags([request.topic, niche, *topic_words, *keywords(niche)])
        return VideoMetadata(title=title, description=description, tags=tags, provider=self.name)
