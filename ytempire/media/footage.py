"""Render a visual plan (clips and stills, one per narrated sentence) into the MP4, in one ffmpeg pass.

Every shot is its own ffmpeg input, trimmed (`-ss`/`-t`) or looped (`-stream_loop`) to its
sentence's narration time; the filter graph scales and crops each to the frame, pans stills
slowly across (crop with a time expression on a picture converted once, so a still costs no
per-frame scaling), joins them with `concat`, burns in ASS captions with `ass` and maps the
soundtrack, so no frame ever passes through Python. ffmpeg's scheduler only feeds the concat
input being played, so memory stays flat however many shots a video has (bench/README.md).

moviepy is used where it pays without per-frame work: planning reads each stock clip's duration
with its ffmpeg reader (`providers.visuals.stock.clip_length`); frames stay in ffmpeg.
"""
from __future__ import annotations

import math
from pathlib import Path

from ytempire.media.atomic import atomic_output
from ytempire.media.ffmpeg import pick_video_encoder, probe, run_ffmpeg
from ytempire.media.render import FPS, RenderResult, encoding_args
from ytempire.media.subtitles import write_srt
from ytempire.providers.visuals.interface import CLIP, PAN_OVERSCAN, Shot, VisualPlan
from ytempire.providers.voice.interface import Narration



def filter_path(path: str | Path) -> str:
    """A file path as a filter option value inside a filtergraph: escaped for the option parser
    (`\\`, `'`, `:`), then quoted for the graph parser, which would otherwise split at `,;[]`."""
    option = str(path).replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return "'" + option.replace("'", "'\\''") + "'"


def shot_inputs(shot: Shot) -> list[str]:
    """ffmpeg input options and file of one shot: clips trimmed or looped, stills read once."""
    if shot.kind != CLIP:
        return ["-i", shot.path]
    loop = shot.clip_duration is not None and shot.clip_duration - shot.clip_start < shot.duration - 1e-3
    return [*(["-stream_loop", "-1"] if loop else []), "-ss", f"{shot.clip_start:.3f}",
            "-t", f"{shot.duration:.3f}", "-i", shot.path]


def shot_filter(index: int, shot: Shot, size: tuple[int, int], number: int) -> str:
    """The filter chain taking input `index` to `[s<number>]`: frame-sized, FPS, yuv420p, the shot's length."""
    width, height = size
    cover = f"scale={width}:{height}:force_original_aspect_ratio=increase:flags=bicubic,crop={width}:{height}"
    if shot.kind == CLIP:
        chain = f"{cover},fps={FPS},format=yuv420p,setsar=1,trim=duration={shot.duration:.3f},setpts=PTS-STARTPTS"
    else:
        big_w, big_h = _even(width * PAN_OVERSCAN), _even(height * PAN_OVERSCAN)
        # Alternate the pan's direction from shot to shot; the picture moves every frame.
        x = f"(iw-ow)*t/{shot.duration:.3f}" if number % 2 == 0 else f"(iw-ow)*(1-t/{shot.duration:.3f})"
        y = f"(ih-oh)*(0.5+0.5*sin(t*{math.pi / max(shot.duration, 1):.4f}-{math.pi / 2:.4f}))" \
            if number % 3 == 0 else "(ih-oh)/2"
        chain = (f"scale={big_w}:{big_h}:force_original_aspect_ratio=increase:flags=bicubic,crop={big_w}:{big_h},"
                 f"format=yuv420p,setsar=1,loop=loop=-1:size=1:start=0,setpts=N/{FPS}/TB,"
                 f"crop={width}:{height}:x='{x}':y='{y}',trim=duration={shot.duration:.3f}")
    return f"[{index}:v]{chain}[s{number}]"


def _even(value: float) -> int:
    return int(math.ceil(value / 2) * 2)


def render_footage(plan: VisualPlan, narration: Narration, out_path: str | Path, *, size: tuple[int, int],
                   prefer_gpu: bool = False, workdir: str | Path, soundtrack_path: str | None = None,
                   captions_ass_path: str | None = None, soft_subtitles_path: str | None = None,
                   background_music: str | None = None) -> RenderResult:
    """Render `plan` under `narration` into an MP4 at `out_path`, with an .srt sidecar next to it.

    `soundtrack_path` (a finished mix) is muxed as the audio instead of the raw narration;
    `captions_ass_path` is burned in during the same pass; `soft_subtitles_path` (SRT or ASS)
    is muxed as a mov_text track. The MP4 appears under its name only once complete.
    """
    if not plan.shots:
        raise ValueError("the visual plan has no shots")
    out_path, encoder = prepare_render(narration, out_path, workdir, prefer_gpu,
                                       soundtrack_path, captions_ass_path, soft_subtitles_path, background_music)
    args: list[str] = []
    chains = []
    for number, shot in enumerate(plan.shots):
        args += shot_inputs(shot)
        chains.append(shot_filter(number, shot, size, number))
    joined = "".join(f"[s{n}]" for n in range(len(plan.shots)))
    video = f"{joined}concat=n={len(plan.shots)}:v=1:a=0"
    graph = [*chains]
    next_input = len(plan.shots)
    audio_args, audio_graph, audio_map = audio_mapping(next_input, narration, soundtrack_path, background_music)
    args += audio_args
    next_input += audio_args.count("-i")
    graph.append(burn_captions(video, captions_ass_path) + "[v]")
    graph += audio_graph
    subtitle_args, subtitle_map = soft_subtitle_mapping(next_input, soft_subtitles_path)
    args += subtitle_args
    with atomic_output(out_path) as partial:
        run_ffmpeg([*args, "-filter_complex", ";".join(graph), "-map", "[v]", *audio_map, *subtitle_map,
                    *footage_encoding_args(encoder), "-t", f"{narration.duration:.3f}", str(partial)],
                   timeout=_timeout(narration.duration))
    info = probe(out_path)
    return RenderResult(str(out_path), info.duration or narration.duration, size[0], size[1], encoder)


def prepare_render(narration: Narration, out_path: str | Path, workdir: str | Path, prefer_gpu: bool,
                   *inputs: str | None) -> tuple[Path, str]:
    """Shared start of both renderers: every optional input exists, the work dir and the .srt
    sidecar are written (before the MP4, so an MP4 always has its captions); (out path, encoder)."""
    for extra in inputs:
        if extra and not Path(extra).is_file():
            raise FileNotFoundError(extra)
    Path(workdir).mkdir(parents=True, exist_ok=True)
    out_path = Path(out_path)
    write_srt(narration.segments, out_path.with_suffix(".srt"))
    return out_path, pick_video_encoder(prefer_gpu)


def burn_captions(video_chain: str, captions_ass_path: str | None) -> str:
    """Append the `ass` filter (libass, in the wheel's ffmpeg) to a video chain when captions are given."""
    if not captions_ass_path:
        return video_chain
    return f"{video_chain},ass=filename={filter_path(captions_ass_path)}"


def audio_mapping(first_input: int, narration: Narration, soundtrack_path: str | None,
                  background_music: str | None) -> tuple[list[str], list[str], list[str]]:
    """(input args, filter chains, -map args) of the audio: a finished soundtrack as it is, or the
    narration (with music mixed under it when asked, as the slide renderer does)."""
    if soundtrack_path:
        return ["-i", soundtrack_path], [], ["-map", f"{first_input}:a"]
    if not background_music:
        return ["-i", narration.audio_path], [], ["-map", f"{first_input}:a"]
    from ytempire.media.render import music_mix_graph

    return (["-i", narration.audio_path, "-stream_loop", "-1", "-i", background_music],
            [music_mix_graph(first_input, first_input + 1, narration.duration)], ["-map", "[a]"])


def soft_subtitle_mapping(input_index: int, soft_subtitles_path: str | None) -> tuple[list[str], list[str]]:
    """(input args, map and codec args) of a soft subtitle track; MP4 carries text as mov_text."""
    if not soft_subtitles_path:
        return [], []
    return ["-i", soft_subtitles_path], ["-map", f"{input_index}:s", "-c:s", "mov_text"]


def footage_encoding_args(encoder: str) -> list[str]:
    """The slides' codec settings without `-tune stillimage`: footage moves."""
    args = encoding_args(encoder)
    if "-tune" in args:
        at = args.index("-tune")
        del args[at:at + 2]
    return args


def _timeout(duration: float) -> float:
    return max(180.0, math.ceil(duration * 6 + 120))
