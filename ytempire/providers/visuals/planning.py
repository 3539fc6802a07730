"""Timing shared by every visuals source: which sentences a shot covers, and for how long."""
from __future__ import annotations

from dataclasses import dataclass

from ytempire.providers.visuals.interface import VisualRequest
from ytempire.text.visual_queries import search_queries

MIN_SHOT_SECONDS = 2.0                # shorter sentences share the next one's shot: no flicker of clips


@dataclass(frozen=True)
class Span:
    segments: list[int]               # indices into the narration's segments
    start: float
    end: float
    text: str

    @property
    def duration(self) -> float:
        return self.end - self.start


def sentence_spans(request: VisualRequest, min_seconds: float = MIN_SHOT_SECONDS) -> list[Span]:
    """Spans tiling the narration, one per sentence from its start to the next one's (the pause
    after a sentence keeps its picture), sentences shorter than `min_seconds` grouped with the next."""
    segments = request.segments
    if not segments:
        raise ValueError("narration has no segments to show")
    starts = [0.0] + [min(max(s.start, 0.0), request.duration) for s in segments[1:]]
    ends = starts[1:] + [request.duration]
    spans: list[Span] = []
    group: list[int] = []
    for index, (start, end) in enumerate(zip(starts, ends)):
        group.append(index)
        if end - starts[group[0]] >= min_seconds or index == len(segments) - 1:
            spans.append(Span(list(group), starts[group[0]], end, " ".join(segments[i].text for i in group)))
            group = []
    if len(spans) > 1 and spans[-1].duration < min_seconds:     # a short last sentence joins the one before
        last = spans.pop()
        spans[-1] = Span(spans[-1].segments + last.segments, spans[-1].start, last.end, f"{spans[-1].text} {last.text}")
    return [span for span in spans if span.duration > 1e-3]


def queries_for(request: VisualRequest, span: Span) -> list[str]:
    """The script writer's queries for the span's sentences when it gave some, else keywords."""
    given = [q for i in span.segments if i < len(request.queries) for q in request.queries[i] if q.strip()]
    return list(dict.fromkeys([*given, *search_queries(span.text, request.topic)]))


def orientation_of(size: tuple[int, int]) -> str:
    return "portrait" if size[1] > size[0] else "landscape"


def segment_queries(sections, segments) -> list[list[str]]:
    """The script writer's search queries for each narration segment: the k-th spoken sentence of
    a section gets that section's k-th query; sections without queries give none."""
    from ytempire.providers.voice.timeline import section_of_each_segment

    if not sections:
        return [[] for _ in segments]
    owners = section_of_each_segment(sections, segments)
    queries, seen = [], {}
    for owner in owners:
        k = seen.get(owner, 0)
        seen[owner] = k + 1
        given = list(getattr(sections[owner], "visual_queries", None) or [])
        queries.append([given[k]] if k < len(given) and isinstance(given[k], str) and given[k].strip() else [])
    return queries
