"""Render a visual plan (clips and stills, one per narrated sentence) into the MP4, in one ffmpeg pass.

Every shot is its own ffmpeg input, trimmed (`-ss`/`-t`) or looped (`-stream_loop`) to its
sentence's narration time; the filter graph scales and crops each to the frame, pans stills
slowly across (crop with a time expression on a picture converted once, so a still costs no
per-frame scaling), joins them with `concat`, burns in ASS captions with `ass` and maps the
soundtrack, so no frame ever passes through Python. Every input's decoder stays open for the
whole pass, so a long plan is encoded in passes of `SHOTS_PER_PASS` shots joined by a remux
(still one encode per frame): memory stays bounded whatever the length (bench/README.md).

moviepy is used where it pays without per-frame work: planning reads each stock clip's duration
with its ffmpeg reader (`providers.visuals.stock.clip_length`); frames stay in ffmpeg.
"""
from __future__ import annotations

import math
from collections.abc import Callable
import tempfile
from pathlib import Path

from ytempire.common.atomic_files import atomic_output
from ytempire.common.ffmpeg import probe, run_ffmpeg
from ytempire.media.branding import (NO_BRANDING, Branding, BumperInput, bumper_args, bumper_chain, delayed_audio,
                                     joined_with_bumpers, prepare_branding, watermark_args, with_watermark)
from ytempire.media.output import (FPS, RenderResult, audio_mapping, burn_captions, encoding_args, prepare_render, soft_subtitle_mapping)
from ytempire.media.style import BrandStyle
from ytempire.providers.visuals.interface import CLIP, PAN_OVERSCAN, Shot, VisualPlan
from ytempire.providers.voice.interface import Narration

SHOTS_PER_PASS = 12                   # inputs open at once in one ffmpeg pass (memory, see render_footage)
INPUT_MARGIN_S = 0.25


def shot_inputs(shot: Shot, frames: int) -> list[str]:
    """ffmpeg input options and file of one shot: clips trimmed or looped, stills read once. A
    clip is read a little past its `frames` so the frame count, not the clip, ends the shot."""
    if shot.kind != CLIP:
        return ["-i", shot.path]
    seconds = frames / FPS + INPUT_MARGIN_S
    loop = shot.clip_duration is not None and shot.clip_duration - shot.clip_start < seconds
    return [*(["-stream_loop", "-1"] if loop else []), "-ss", f"{shot.clip_start:.3f}",
            "-t", f"{seconds:.3f}", "-i", shot.path]


def shot_filter(index: int, shot: Shot, size: tuple[int, int], number: int, frames: int) -> str:
    """The filter chain taking input `index` to `[s<index>]` (`number`: the shot's place in the whole
    plan, which sets its pan): frame-sized, FPS, yuv420p, exactly
    `frames` frames long (counted, not timed, so a hundred shots do not drift from the narration)."""
    width, height = size
    cover = f"scale={width}:{height}:force_original_aspect_ratio=increase:flags=bicubic,crop={width}:{height}"
    if shot.kind == CLIP:
        chain = f"{cover},fps={FPS},format=yuv420p,setsar=1,trim=end_frame={frames},setpts=PTS-STARTPTS"
    else:
        big_w, big_h = _even(width * PAN_OVERSCAN), _even(height * PAN_OVERSCAN)
        seconds = frames / FPS
        # Alternate the pan's direction from shot to shot; the picture moves every frame.
        x = f"(iw-ow)*t/{seconds:.3f}" if number % 2 == 0 else f"(iw-ow)*(1-t/{seconds:.3f})"
        y = f"(ih-oh)*(0.5+0.5*sin(t*{math.pi / max(seconds, 1):.4f}-{math.pi / 2:.4f}))" \
            if number % 3 == 0 else "(ih-oh)/2"
        chain = (f"scale={big_w}:{big_h}:force_original_aspect_ratio=increase:flags=bicubic,crop={big_w}:{big_h},"
                 f"format=yuv420p,setsar=1,loop=loop=-1:size=1:start=0,setpts=N/{FPS}/TB,"
                 f"crop={width}:{height}:x='{x}':y='{y}',trim=end_frame={frames}")
    return f"[{index}:v]{chain}[s{index}]"


def frame_counts(shots: list[Shot]) -> list[int]:
    """Frames of each shot, from its start and end rounded to the frame grid: they add up to the
    whole plan, whatever the shots' own lengths."""
    return [max(1, round((s.start + s.duration) * FPS) - round(s.start * FPS)) for s in shots]


def _even(value: float) -> int:
    return int(math.ceil(value / 2) * 2)


def render_footage(plan: VisualPlan, narration: Narration, out_path: str | Path, *, size: tuple[int, int],
                   prefer_gpu: bool = False, workdir: str | Path, soundtrack_path: str | None = None,
                   captions_ass_path: str | None = None, captions_fonts_dir: str | None = None,
                   soft_subtitles_path: str | None = None, background_music: str | None = None,
                   style: BrandStyle | None = None, title: str = "",
                   on_progress: Callable[[float], None] | None = None) -> RenderResult:
    """Render `plan` under `narration` into an MP4 at `out_path`, with an .srt sidecar next to it.

    `soundtrack_path` (a finished mix) is muxed as the audio instead of the raw narration;
    `captions_ass_path` is burned in during the same pass; `soft_subtitles_path` (SRT or ASS)
    is muxed as a mov_text track. The MP4 appears under its name only once complete.

    Up to `SHOTS_PER_PASS` shots are one ffmpeg pass with the audio. A longer plan is encoded
    in passes of that many shots (every frame is still encoded once) and the parts are joined
    with the audio by a stream-copy remux: each input's decoder lives for its whole pass, so
    this bounds memory for any length (bench/README.md).

    A channel's `style` (`branding.py`) overlays its watermark on every pass and joins its
    intro/outro (a title card shows `title`): in the one pass, or as parts of their own in a longer
    plan; `soft_subtitles_path` must then already be on the video's clock (after the intro).
    """
    if not plan.shots:
        raise ValueError("the visual plan has no shots")
    branding = prepare_branding(style, title=title, size=size, workdir=workdir)
    out_path, encoder = prepare_render(narration, out_path, workdir, prefer_gpu,
                                       soundtrack_path, captions_ass_path, soft_subtitles_path, background_music,
                                       lead=branding.lead)
    counts = frame_counts(plan.shots)
    captions = (captions_ass_path, captions_fonts_dir)
    total = narration.duration + branding.added
    report = on_progress and (lambda seconds: on_progress(min(1.0, seconds / total)))
    encoding = footage_encoding_args(encoder)
    audio_codec = encoding[encoding.index("-c:a"):]
    with atomic_output(out_path) as partial, tempfile.TemporaryDirectory(prefix="footage-", dir=workdir) as tmp:
        if len(plan.shots) <= SHOTS_PER_PASS:
            video_args, video_graph = _video_pass(plan.shots, counts, size, captions, 0, 0, branding)
            video_args += bumper_args(branding)
            video_graph[-1] = video_graph[-1][:-len("[v]")] + "[main]"
            video_graph += joined_with_bumpers("[main]", branding, len(plan.shots), size, narration.duration)
            first_extra = video_args.count("-i")          # one per shot, then the watermark and bumpers
            video_map, video_codec = ["-map", "[v]"], encoding[:encoding.index("-c:a")]
        else:
            parts = _encode_parts(plan.shots, counts, size, captions, encoding, Path(tmp), report, branding)
            video_args, video_graph = ["-f", "concat", "-safe", "0", "-i", str(parts)], []
            first_extra = 1
            video_map, video_codec = ["-map", "0:v"], ["-c:v", "copy"]
        audio_args, audio_graph, audio_map = audio_mapping(first_extra, narration, soundtrack_path, background_music)
        audio_graph, audio_map = delayed_audio(audio_graph, audio_map, branding, total)
        subtitle_args, subtitle_map = soft_subtitle_mapping(first_extra + audio_args.count("-i"), soft_subtitles_path)
        graph = [*video_graph, *audio_graph]
        run_ffmpeg([*video_args, *audio_args, *subtitle_args, *(["-filter_complex", ";".join(graph)] if graph else []),
                    *video_map, *audio_map, *subtitle_map, *video_codec, *audio_codec,
                    "-t", f"{total:.3f}", str(partial)], timeout=_timeout(total),
                   progress=report if len(plan.shots) <= SHOTS_PER_PASS else None)
    info = probe(out_path)
    return RenderResult(str(out_path), info.duration or total, size[0], size[1], encoder)


def _video_pass(shots: list[Shot], counts: list[int], size: tuple[int, int], captions: tuple[str | None, str | None],
                first_number: int, start_frame: int,
                branding: Branding = NO_BRANDING) -> tuple[list[str], list[str]]:
    """(inputs, filter chains to `[v]`) of one pass over `shots`; captions are drawn at the
    plan's own times (the pass's frames shifted by its start while the `ass` filter sees them),
    over the watermark."""
    args, chains = [], []
    for n, (shot, count) in enumerate(zip(shots, counts)):
        args += shot_inputs(shot, count)
        chains.append(shot_filter(n, shot, size, first_number + n, count))
    args += watermark_args(branding)
    video = "".join(f"[s{n}]" for n in range(len(shots))) + f"concat=n={len(shots)}:v=1:a=0"
    video = with_watermark(video, branding, len(shots), size)
    if captions[0]:
        shift = f"{start_frame}/({FPS}*TB)"
        video = burn_captions(f"{video},setpts=PTS+{shift}", *captions) + ",setpts=PTS-STARTPTS"
    return args, [*chains, video + "[v]"]


def _encode_parts(shots: list[Shot], counts: list[int], size: tuple[int, int], captions: tuple[str | None, str | None],
                  encoding: list[str], folder: Path, report, branding: Branding = NO_BRANDING) -> Path:
    """Encode the plan in passes of `SHOTS_PER_PASS` shots, between the intro and outro parts;
    returns the concat list of the parts."""
    video_codec = encoding[:encoding.index("-c:a")]
    entries, start_frame = [], 0
    if branding.intro:
        entries.append(f"file '{_encode_bumper(branding.intro, branding, size, video_codec, folder / 'intro.mp4')}'\n")
    for first in range(0, len(shots), SHOTS_PER_PASS):
        part_shots, part_counts = shots[first:first + SHOTS_PER_PASS], counts[first:first + SHOTS_PER_PASS]
        args, graph = _video_pass(part_shots, part_counts, size, captions, first, start_frame, branding)
        part = folder / f"part_{first:05d}.mp4"
        done = start_frame / FPS
        run_ffmpeg([*args, "-filter_complex", ";".join(graph), "-map", "[v]", *video_codec, "-an", str(part)],
                   timeout=_timeout(sum(part_counts) / FPS),
                   progress=report and (lambda seconds, done=done: report(done + seconds)))
        entries.append(f"file '{part}'\n")
        start_frame += sum(part_counts)
    if branding.outro:
        entries.append(f"file '{_encode_bumper(branding.outro, branding, size, video_codec, folder / 'outro.mp4')}'\n")
    listing = folder / "parts.txt"
    listing.write_text("".join(entries), encoding="utf-8")
    return listing


def _encode_bumper(bumper: BumperInput, branding: Branding, size: tuple[int, int], video_codec: list[str],
                   part: Path) -> Path:
    """An intro or outro encoded alone with the parts' codec settings, so the remux can join them."""
    run_ffmpeg([*bumper.args, "-filter_complex", bumper_chain(bumper, 0, branding, size), "-map", "[v]",
                *video_codec, "-an", str(part)], timeout=_timeout(bumper.seconds))
    return part


def footage_encoding_args(encoder: str) -> list[str]:
    """The slides' codec settings without `-tune stillimage`: footage moves."""
    args = encoding_args(encoder)
    if "-tune" in args:
        at = args.index("-tune")
        del args[at:at + 2]
    return args


def _timeout(duration: float) -> float:
    return max(180.0, math.ceil(duration * 6 + 120))
