"""Stock footage: for each narrated sentence (or short group) a clip from Pexels or Pixabay.

Clips are chosen by orientation, by resolution (at least the output frame; the smallest such
rendition, since more pixels only cost download and decode) and by length (long enough for the
sentence, else looped); a clip is never used twice in one video. When no clip fits any query, a
photo is panned instead; when nothing fits at all, an offline scene is drawn. Downloads go through
the shared media cache, so a clip another video already used is not fetched again.
"""
from __future__ import annotations

from pathlib import Path

from ytempire.common.media_cache import MediaCache
from ytempire.providers.visuals.http import download
from ytempire.providers.visuals.interface import CLIP, Shot, StockItem, StockSource, VisualPlan, VisualRequest
from ytempire.providers.visuals.offline import OfflineScenes
from ytempire.providers.visuals.planning import Span, orientation_of, queries_for, sentence_spans
from ytempire.text.visual_queries import search_queries

SUFFIX = {CLIP: ".mp4"}


class StockFootage:
    name = "stock"

    def __init__(self, sources: list[StockSource], cache: MediaCache, timeout: float = 120.0):
        if not sources:
            raise ValueError("stock footage needs at least one source")
        self.sources, self.cache, self.timeout = sources, cache, timeout

    def plan(self, request: VisualRequest) -> VisualPlan:
        # Libraries limit requests per hour (Pexels: 200 by default), so each search is made once a video.
        self._searched: dict[tuple[str, str, str, str], list[StockItem]] = {}
        used: set[str] = set()
        shots: list[Shot] = []
        for span in sentence_spans(request):
            shot = self._shot(span, request, used)
            if shot is None:          # nothing in any library: a drawn scene keeps the picture moving
                shot = self._scene(span, request, len(shots))
            used.add(shot.source_id)
            shots.append(shot)
        return VisualPlan(shots, "+".join(s.name for s in self.sources))

    def _shot(self, span: Span, request: VisualRequest, used: set[str]) -> Shot | None:
        orientation = orientation_of(request.size)
        queries = [*queries_for(request, span), *search_queries(request.topic, request.topic)]
        for search in ("search_videos", "search_photos"):
            for query in dict.fromkeys(queries):
                for source in self.sources:
                    key = (source.name, search, query, orientation)
                    if key not in self._searched:
                        self._searched[key] = getattr(source, search)(query, orientation)
                    item = choose(self._searched[key], request.size, span.duration, used)
                    if item is not None:
                        return self._fetch(item, span, query, source)
        return None

    def _fetch(self, item: StockItem, span: Span, query: str, source) -> Shot:
        suffix = SUFFIX.get(item.kind) or Path(item.url.split("?")[0]).suffix or ".jpg"
        path, _ = self.cache.fetch(item.url, suffix, lambda to: download(
            source.session, item.url, to, service=source.name, timeout=self.timeout))
        if item.kind != CLIP:
            return Shot(span.start, span.duration, item.kind, str(path), query, credit=item.credit,
                        source_id=item.source_id)
        length = clip_length(path)
        # Start a little in (stock clips often open on a fade), unless the clip is too short for that.
        clip_start = min(0.5, max(0.0, length - span.duration))
        return Shot(span.start, span.duration, CLIP, str(path), query, clip_start=clip_start, clip_duration=length,
                    credit=item.credit, source_id=item.source_id)

    def _scene(self, span: Span, request: VisualRequest, number: int) -> Shot:
        sub = VisualRequest(request.topic, request.title, request.sections,
                            [request.segments[i] for i in span.segments], span.end, request.size,
                            str(Path(request.workdir) / f"fallback_{number:04d}"), request.language)
        scene = OfflineScenes().plan(sub).shots[-1]
        return Shot(span.start, span.duration, scene.kind, scene.path, scene.query, credit=scene.credit,
                    source_id=f"offline:fallback:{number}")


def clip_length(path: str | Path) -> float:
    """A clip's duration in seconds, read by moviepy's ffmpeg reader (the header, no frames)."""
    from moviepy.video.io.ffmpeg_reader import ffmpeg_parse_infos

    return float(ffmpeg_parse_infos(str(path))["duration"])


def choose(items: list[StockItem], size: tuple[int, int], seconds: float, used: set[str]) -> StockItem | None:
    """The best unused hit for a `size` frame and a shot of `seconds`: the orientation of the frame,
    at least its resolution, long enough if any is, then the smallest rendition and the closest aspect."""
    width, height = size
    portrait = height > width
    fitting = [i for i in items if i.source_id not in used and (i.height > i.width) == portrait
               and i.width >= width and i.height >= height]
    if not fitting:
        return None
    target = width / height

    def rank(item: StockItem):
        long_enough = item.duration is None or item.duration >= seconds
        return (not long_enough, item.width * item.height, abs(item.width / item.height - target))

    return min(fitting, key=rank)
