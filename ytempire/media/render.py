"""Assemble the video: one slide per narration sentence, the narration, optional music, H.264/AAC MP4.

Why not moviepy here, although it is in our stack: moviepy 2.2.1 composites every output frame in
Python/numpy (moviepy#2506, #2395: ~10x slower than ffmpeg alone for this kind of video) and
would pipe every raw frame from Python into ffmpeg. Our visuals change only at sentence
boundaries, so we draw each slide once with Pillow (`slides.py`) and hand ffmpeg a concat list of
PNGs with durations; ffmpeg converts each slide to yuv420p once, repeats it at 24 fps, and mixes
the audio in the same pass (music is one `amix`, no moviepy.audio round trip through numpy).
The render therefore costs about what encoding a single still image costs (see bench/README.md),
and memory is flat: Python never holds a frame of the video, only one slide at a time.
"""
from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Callable

from ytempire.common.atomic_files import atomic_output
from ytempire.common.ffmpeg import probe, run_ffmpeg
from ytempire.media.branding import (delayed_audio, input_args, input_count, joined_with_bumpers, prepare_branding,
                                     with_watermark)
from ytempire.media.output import (FPS, RenderResult, audio_mapping, burn_captions, encoding_args,
                                   frame_size, prepare_render, soft_subtitle_mapping)
from ytempire.media.slides import render_slide
from ytempire.media.style import BrandStyle
from ytempire.providers.voice.interface import Narration, TimedText


def slide_spans(segments: list[TimedText], duration: float) -> list[tuple[float, float]]:
    """When each segment's slide is on screen: from its sentence's start to the next one's.

    The first slide starts at 0 and the last runs to the end, so the slides tile the whole
    narration; the pauses between sentences keep the slide just spoken.
    """
    if not segments:
        raise ValueError("narration has no segments to show")
    starts = [0.0] + [min(max(s.start, 0.0), duration) for s in segments[1:]]
    ends = starts[1:] + [duration]
    return [(start, max(start, end)) for start, end in zip(starts, ends)]


def render_video(narration: Narration, out_path: str | Path, *, title: str, fmt: str = "landscape",
                 prefer_gpu: bool = False, background_music: str | None = None,
                 workdir: str | Path, headlines: list[str] | None = None, soundtrack_path: str | None = None,
                 captions_ass_path: str | None = None, captions_fonts_dir: str | None = None,
                 soft_subtitles_path: str | None = None, style: BrandStyle | None = None,
                 on_progress: Callable[[float], None] | None = None) -> RenderResult:
    """Render `narration` into an MP4 at `out_path` with an .srt sidecar next to it.

    `headlines`, one per narration segment, are set large on their slides (the narrated section's
    heading); without them the slides show the title and the sentence only. `soundtrack_path`,
    `captions_ass_path` and `soft_subtitles_path` work as in `footage.render_footage`.
    `on_progress(fraction)` hears how much of the encode is done (0..1), from ffmpeg's own progress reports.
    A channel's `style` colours the slides and adds its watermark and intro/outro in the same pass
    (`branding.py`); `soft_subtitles_path` must then already be on the video's clock (after the intro).

    The captions are written first and the MP4 under a temporary name that is moved into place
    last, so an existing MP4 always means a finished render with its captions.
    """
    width, height = frame_size(fmt)
    if headlines is not None and len(headlines) != len(narration.segments):
        raise ValueError(f"{len(headlines)} headlines for {len(narration.segments)} narration segments")
    branding = prepare_branding(style, title=title, size=(width, height), workdir=workdir)
    out_path, encoder = prepare_render(narration, out_path, workdir, prefer_gpu,
                                       background_music, soundtrack_path, captions_ass_path, soft_subtitles_path,
                                       lead=branding.lead)
    total = narration.duration + branding.added
    with tempfile.TemporaryDirectory(prefix="slides-", dir=workdir) as slide_dir, atomic_output(out_path) as partial:
        concat_list = _draw_slides(narration, Path(slide_dir), title=title, size=(width, height),
                                    headlines=headlines, style=style)
        first_audio = 1 + input_count(branding)
        audio_args, audio_graph, audio_map = audio_mapping(first_audio, narration, soundtrack_path, background_music)
        audio_graph, audio_map = delayed_audio(audio_graph, audio_map, branding, total)
        subtitle_args, subtitle_map = soft_subtitle_mapping(first_audio + audio_args.count("-i"), soft_subtitles_path)
        picture = with_watermark(f"[0:v]format=yuv420p,fps={FPS}", branding, 1, (width, height))
        graph = [burn_captions(picture, captions_ass_path, captions_fonts_dir) + "[main]",
                 *joined_with_bumpers("[main]", branding, 1, (width, height), narration.duration), *audio_graph]
        run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(concat_list), *input_args(branding), *audio_args,
                    *subtitle_args, "-filter_complex", ";".join(graph), "-map", "[v]", *audio_map, *subtitle_map,
                    *encoding_args(encoder), "-t", f"{total:.3f}", str(partial)],
                   timeout=_ffmpeg_timeout(total),
                   progress=on_progress and (lambda seconds: on_progress(min(1.0, seconds / total))))
    info = probe(out_path)
    return RenderResult(str(out_path), info.duration or total, width, height, encoder)


def _draw_slides(narration: Narration, slide_dir: Path, *, title: str, size: tuple[int, int],
                 headlines: list[str] | None, style: BrandStyle | None = None) -> Path:
    """Draw one PNG per segment and write the ffmpeg concat list that shows each for its span."""
    spans = slide_spans(narration.segments, narration.duration)
    entries: list[str] = []
    last = ""
    for index, (segment, (start, end)) in enumerate(zip(narration.segments, spans)):
        if end - start < 1e-3:        # a zero-length span would never reach the screen
            continue
        path = render_slide(segment.text, slide_dir / f"slide_{index:04d}.png", title=title, index=index,
                            count=len(spans), size=size, headline=headlines[index] if headlines else None,
                            style=style)
        last = f"file '{_concat_quote(path)}'\n"
        entries.append(f"{last}duration {end - start:.6f}\n")
    # The concat demuxer ignores the last entry's duration unless the file is listed once more.
    concat_list = slide_dir / "slides.txt"
    concat_list.write_text("".join(entries) + last, encoding="utf-8")
    return concat_list


def _concat_quote(path: str) -> str:
    return path.replace("'", "'\\''")


def _ffmpeg_timeout(duration: float) -> float:
    # Generous: the slowest machine we run on encodes a still video faster than real time.
    return max(120.0, math.ceil(duration * 3 + 60))
