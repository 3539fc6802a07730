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
from ytempire.providers.base import Script, ScriptRequest, ScriptSection, VideoMetadata
from ytempire.providers.languages import resolve_language
from ytempire.providers.phrasebooks import Phrasebook, phrasebook_for
from ytempire.providers.script_shape import MIN_SECTION_WORDS, count_words, point_count, target_word_count
from ytempire.providers.youtube_metadata import build_description, fit_tags, fit_title, hashtags, keywords

SMALL_NUMBERS = (5, 10, 15)           # see phrasebooks: plural agreement is regular for these
CTA_SHARE = 0.06                      # of the narration, for long videos; never under one chapter


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    """Body sentences for one script, none repeated: claim+advice pairs, and single clauses kept
    for the end of a section, where a short sentence lands closer to the word budget."""

    def __init__(self, book: Phrasebook, rng: random.Random, slots: dict):
        self._book, self._rng, self._slots = book, rng, slots
        self._claims, self._advice = _Cycle(book.claims, rng), _Cycle(book.advice, rng)
        self._singles = rng.sample(book.claims + book.advice, len(book.claims) + len(book.advice))
        self._used: set[str] = set()
        self._single: str | None = None

    def _fill(self, template: str) -> str:
        return template.format(**self._slots, k=self._rng.choice(SMALL_NUMBERS))

    def _sentence(self, *clauses: str) -> str:
        return _capitalise("".join(clauses)) + self._book.full_stop

    def pair(self) -> str | None:
        for _ in range(4 * len(self._book.claims) * len(self._book.advice)):
            sentence = self._sentence(self._fill(self._claims.next()), self._rng.choice(self._book.joiners),
                                      self._fill(self._advice.next()))
            if sentence not in self._used:
                return sentence
        return None

    def single(self) -> str | None:
        self._single = self._sentence(self._fill(self._singles[-1])) if self._singles else None
        return self._single

    def take(self, sentence: str) -> None:
        self._used.add(sentence)
        if sentence == self._single:
            self._singles.pop()
            self._single = None


class _ScriptWriter:
    """Writes one script; holds the request's random generator and what has been said so far."""

    def __init__(self, request: ScriptRequest, language: str):
        self.request, self.language = request, language
        self.book = phrasebook_for(language)
        self.rng = random.Random(_seed(request, language))
        self.points = point_count(request.duration_seconds)
        self.slots = {"topic": request.topic.strip(), "niche": (request.niche or request.topic).strip(),
                      "count": self.points}
        self.body = _BodySentences(self.book, self.rng, self.slots)

    def _extend(self, sentences: list[str], target_words: int) -> None:
        """Add body sentences while that brings the section closer to `target_words`.

        A section never ends under MIN_SECTION_WORDS (a chapter under 10 s voids YouTube's chapter
        list); below that floor the candidate that just clears it is preferred.
        """
        target_words = max(target_words, MIN_SECTION_WORDS)
        words = count_words(" ".join(sentences))
        while words < target_words:
            candidates = [(words + count_words(c), c) for c in (self.body.pair(), self.body.single()) if c]
            if not candidates:
                return
            if words < MIN_SECTION_WORDS:
                after, sentence = min(candidates, key=lambda pair: (pair[0] < MIN_SECTION_WORDS, pair[0]))
            else:
                after, sentence = min(candidates, key=lambda pair: abs(pair[0] - target_words))
                if abs(after - target_words) >= target_words - words:
                    return
            self.body.take(sentence)
            sentences.append(sentence)
            words = after

    def _hook(self) -> ScriptSection:
        sentences = [self.rng.choice(self.book.hooks).format(**self.slots),
                     self.rng.choice(self.book.promises).format(**self.slots)]
        self._extend(sentences, MIN_SECTION_WORDS)
        return ScriptSection(self.book.hook_heading, " ".join(sentences))

    def _call_to_action(self) -> ScriptSection:
        budget = max(MIN_SECTION_WORDS, round(target_word_count(self.request.duration_seconds) * CTA_SHARE))
        sentences: list[str] = []
        for template in self.rng.sample(self.book.ctas, len(self.book.ctas)):
            if count_words(" ".join(sentences)) >= budget:
                break
            sentences.append(template.format(**self.slots))
        return ScriptSection(self.book.cta_heading, " ".join(sentences))

    def _points(self, words: int) -> list[ScriptSection]:
        """Split `words` across the points; each point's budget absorbs the previous one's rounding."""
        picked = sorted(self.rng.sample(range(len(self.book.aspects)), self.points))
        openers = _Cycle(self.book.openers, self.rng)
        sections, written = [], 0
        for n, index in enumerate(picked, start=1):
            aspect = self.book.aspects[index]
            sentences = [openers.next().format(n=n, aspect=aspect)]
            self._extend(sentences, round(words * n / self.points) - written)
            written += count_words(" ".join(sentences))
            heading = self.book.point_heading.format(n=n, aspect=_capitalise(aspect))
            sections.append(ScriptSection(heading, " ".join(sentences)))
        return sections

    def title(self) -> str:
        if self.request.title and self.request.title.strip():
            return fit_title(self.request.title)
        return fit_title(_capitalise(self.rng.choice(self.book.titles).format(**self.slots)))

    def script(self) -> Script:
        title = self.title()
        hook, cta = self._hook(), self._call_to_action()
        budget = target_word_count(self.request.duration_seconds) - count_words(hook.text) - count_words(cta.text)
        sections = [hook, *self._points(budget), cta]
        return Script(title=title, sections=sections, language=self.language, provider="offline")


class OfflineScriptProvider:
    """`ScriptProvider` that needs no key and no network; deterministic for a given request."""

    name = "offline"

    def write_script(self, request: ScriptRequest) -> Script:
        """A hook, 3–5 points and a call to action in the request's language, ~150 words a minute."""
        return _ScriptWriter(request, resolve_language(request.language)).script()

    def optimise_metadata(self, script: Script, request: ScriptRequest) -> VideoMetadata:
        """Title (the user's if given), description with chapters, and tags from topic and niche."""
        writer = _ScriptWriter(request, resolve_language(request.language))
        writer.slots["count"] = max(len(script.sections) - 2, 1)
        title = fit_title(request.title) if request.title and request.title.strip() else fit_title(script.title)
        summary = writer.rng.choice(writer.book.summaries).format(**writer.slots)
        topic_words = keywords(request.topic)
        niche = request.niche or ""
        description = build_description(summary, script.sections, hashtags([request.topic, niche, *topic_words]))
        tags = fit_tags([request.topic, niche, *topic_words, *keywords(niche)])
        return VideoMetadata(title=title, description=description, tags=tags, provider=self.name)
