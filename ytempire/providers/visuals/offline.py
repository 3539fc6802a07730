"""The offline visuals (no keys): drawn scenes that follow the script, sentence by sentence.

Each sentence gets a scene (`ytempire.media.scenes`) with its section's headline, pictograms for
its telling words (Font Awesome Free, credited), a chart when it states numbers; a sentence longer
than `MAX_SCENE_SECONDS` gets a second scene with its next words, and the renderer pans every
scene, so the picture never stands still.
"""
from __future__ import annotations

from pathlib import Path

from ytempire.text.headlines import section_headline
from ytempire.providers.visuals.icons import ICON_CREDIT, icons_for
from ytempire.providers.visuals.scenes import Scene, draw_scene
from ytempire.providers.visuals.interface import STILL, Shot, VisualPlan, VisualRequest
from ytempire.providers.visuals.planning import Span, sentence_spans
from ytempire.providers.voice.timeline import section_of_each_segment
from ytempire.text.visual_queries import numbers_in, ranked_keywords

MAX_SCENE_SECONDS = 6.0


class OfflineScenes:
    name = "offline"

    def plan(self, request: VisualRequest) -> VisualPlan:
        owners = section_of_each_segment(request.sections, request.segments) if request.sections \
            else [0] * len(request.segments)
        headlines = [section_headline(s.heading, title=request.title, language=request.language)
                     for s in request.sections] or [request.title]
        topic_words = ranked_keywords(request.topic, 3)
        out_dir = Path(request.workdir) / "scenes"
        out_dir.mkdir(parents=True, exist_ok=True)
        shots: list[Shot] = []
        for span in sentence_spans(request):
            section = owners[span.segments[-1]]     # a short sentence grouped in leads into the next
            words = list(dict.fromkeys([*ranked_keywords(span.text, 4), *topic_words]))
            for part, (start, duration) in enumerate(_pieces(span)):
                shown = words[part * 2:] or words
                icons = icons_for(shown, fallback_seed=len(shots))
                scene = Scene(headline=headlines[min(section, len(headlines) - 1)], icons=icons,
                              labels=_labels(icons, shown), numbers=numbers_in(span.text) if part == 0 else [],
                              section=section, index=len(shots))
                path = draw_scene(scene, out_dir / f"scene_{len(shots):04d}.jpg", size=request.size, seed=request.title,
                                  gradients=request.gradients, accent=request.accent, face=request.face)
                shots.append(Shot(start, duration, STILL, path, query=" ".join(shown[:2]), credit=ICON_CREDIT,
                                  source_id=f"offline:scene:{len(shots)}"))
        return VisualPlan(shots, self.name)


def _pieces(span: Span) -> list[tuple[float, float]]:
    count = max(1, int(-(-span.duration // MAX_SCENE_SECONDS)))
    step = span.duration / count
    return [(span.start + i * step, step) for i in range(count)]


def _labels(icons: list[str], words: list[str]) -> list[str]:
    """The word that called up each icon (the first word, for a fallback icon)."""
    from ytempire.providers.visuals.icons import icon_for

    labels = []
    for icon in icons:
        labels.append(next((w for w in words if icon_for(w) == icon), words[0] if words else ""))
    return labels
