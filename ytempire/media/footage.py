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
import tempfile
from pathlib import Path

from ytempire.media.atomic import atomic_output
from ytempire.media.ffmpeg import pick_video_encoder, probe, run_ffmpeg
from ytempire.media.render import FPS, RenderResult, encoding_args
from ytempire.media.subtitles import write_srt
from ytempire.providers.visuals.interface import CLIP, PAN_OVERSCAN, Shot, VisualPlan
from ytempire.providers.voice.interface import Narration

SHOTS_PER_PASS = 12                   # inputs open at once in one ffmpeg pass (memory, see render_footage)
INPUT_MARGIN_S = 0.25



def filter_path(path: str | Path) -> str:
    """A file path as a filter option value inside a filtergraph: escaped for the option parser
    (`\\`, `'`, `:`), then quoted for the graph parser, which would otherwise split at `,;[]`."""
    option = str(path).replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return "'" + option.replace("'", "'\\''") + "'"


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
                   captions_ass_path: str | None = None, soft_subtitles_path: str | None = None,
                   background_music: str | None = None) -> RenderResult:
    """Render `plan` under `narration` into an MP4 at `out_path`, with an .srt sidecar next to it.

    `soundtrack_path` (a finished mix) is muxed as the audio instead of the raw narration;
    `captions_ass_path` is burned in during the same pass; `soft_subtitles_path` (SRT or ASS)
    is muxed as a mov_text track. The MP4 appears under its name only once complete.

    Up to `SHOTS_PER_PASS` shots are one ffmpeg pass with the audio. A longer plan is encoded
    in passes of that many shots (every frame is still encoded once) and the parts are joined
    with the audio by a stream-copy remux: each input's decoder lives for its whole pass, so
    this bounds memory for any length (bench/README.md).
    """
    if not plan.shots:
        raise ValueError("the visual plan has no shots")
    out_path, encoder = prepare_render(narration, out_path, workdir, prefer_gpu,
                                       soundtrack_path, captions_ass_path, soft_subtitles_path, background_music)
    counts = frame_counts(plan.shots)
    encoding = footage_encoding_args(encoder)
    audio_codec = encoding[encoding.index("-c:a"):]
    with atomic_output(out_path) as partial, tempfile.TemporaryDirectory(prefix="footage-", dir=workdir) as tmp:
        if len(plan.shots) <= SHOTS_PER_PASS:
            video_args, video_graph = _video_pass(plan.shots, counts, size, captions_ass_path, 0, 0)
            first_extra = len(plan.shots)
            video_map, video_codec = ["-map", "[v]"], encoding[:encoding.index("-c:a")]
        else:
            parts = _encode_parts(plan.shots, counts, size, captions_ass_path, encoding, Path(tmp))
            video_args, video_graph = ["-f", "concat", "-safe", "0", "-i", str(parts)], []
            first_extra = 1
            video_map, video_codec = ["-map", "0:v"], ["-c:v", "copy"]
        audio_args, audio_graph, audio_map = audio_mapping(first_extra, narration, soundtrack_path, background_music)
        subtitle_args, subtitle_map = soft_subtitle_mapping(first_extra + audio_args.count("-i"), soft_subtitles_path)
        graph = [*video_graph, *audio_graph]
        run_ffmpeg([*video_args, *audio_args, *subtitle_args, *(["-filter_complex", ";".join(graph)] if graph else []),
                    *video_map, *audio_map, *subtitle_map, *video_codec, *audio_codec,
                    "-t", f"{narration.duration:.3f}", str(partial)], timeout=_timeout(narration.duration))
    info = probe(out_path)
    return RenderResult(str(out_path), info.duration or narration.duration, size[0], size[1], encoder)


def _video_pass(shots: list[Shot], counts: list[int], size: tuple[int, int], captions_ass_path: str | None,
                first_number: int, start_frame: int) -> tuple[list[str], list[str]]:
    """(inputs, filter chains to `[v]`) of one pass over `shots`; captions are drawn at the
    plan's own times (the pass's frames shifted by its start while the `ass` filter sees them)."""
    args, chains = [], []
    for n, (shot, count) in enumerate(zip(shots, counts)):
        args += shot_inputs(shot, count)
        chains.append(shot_filter(n, shot, size, first_number + n, count))
    video = "".join(f"[s{n}]" for n in range(len(shots))) + f"concat=n={len(shots)}:v=1:a=0"
    if captions_ass_path:
        shift = f"{start_frame}/({FPS}*TB)"
        video = burn_captions(f"{video},setpts=PTS+{shift}", captions_ass_path) + ",setpts=PTS-STARTPTS"
    return args, [*chains, video + "[v]"]


def _encode_parts(shots: list[Shot], counts: list[int], size: tuple[int, int], captions_ass_path: str | None,
                  encoding: list[str], folder: Path) -> Path:
    """Encode the plan in passes of `SHOTS_PER_PASS` shots; returns the concat list of the parts."""
    video_codec = encoding[:encoding.index("-c:a")]
    entries, start_frame = [], 0
    for first in range(0, len(shots), SHOTS_PER_PASS):
        part_shots, part_counts = shots[first:first + SHOTS_PER_PASS], counts[first:first + SHOTS_PER_PASS]
        args, graph = _video_pass(part_shots, part_counts, size, captions_ass_path, first, start_frame)
        part = folder / f"part_{first:05d}.mp4"
        run_ffmpeg([*args, "-filter_complex", ";".join(graph), "-map", "[v]", *video_codec, "-an", str(part)],
                   timeout=_timeout(sum(part_counts) / FPS))
        entries.append(f"file '{part}'\n")
        start_frame += sum(part_counts)
    listing = folder / "parts.txt"
    listing.write_text("".join(entries), encoding="utf-8")
    return listing


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
