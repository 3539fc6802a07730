"""What every render's output shares: frame sizes, codec settings, and how the soundtrack, the
burned-in captions and the soft subtitle track are mapped into the one ffmpeg pass.

The slide renderer (render.py) and the footage renderer (footage.py) build different pictures and
finish them the same way, here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ytempire.common.ffmpeg import pick_video_encoder
from ytempire.media.subtitles import shifted, write_srt
from ytempire.providers.voice.interface import Narration


FORMATS = {"landscape": (1280, 720), "landscape_1080p": (1920, 1080), "shorts": (1080, 1920)}


FPS = 24                              # visuals are stills: more frames only cost encode time


MUSIC_VOLUME = 0.12                   # about -18 dB: under the voice, never competing with it


MUSIC_FADE_S = 2.0


@dataclass(frozen=True)
class RenderResult:
    path: str
    duration: float                   # seconds, as the written MP4 reports it
    width: int
    height: int
    encoder: str                      # "libx264" | "h264_nvenc"


def frame_size(fmt: str) -> tuple[int, int]:
    """(width, height) of an output format; ValueError for an unknown one."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown video format {fmt!r}; expected one of {', '.join(FORMATS)}") from None


def encoding_args(encoder: str) -> list[str]:
    """Output codec settings shared by the renderer and its benchmark floor: H.264 yuv420p, AAC, faststart."""
    if encoder == "h264_nvenc":
        video = ["-c:v", "h264_nvenc", "-preset", "p4", "-rc", "vbr", "-cq", "23", "-b:v", "0"]
    else:
        video = ["-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "23"]
    return [*video, "-pix_fmt", "yuv420p", "-r", str(FPS),
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2", "-movflags", "+faststart"]


def music_mix_graph(voice_input: int, music_input: int, duration: float) -> str:
    """Filter chain to `[a]`: the narration with the looped music faded in and out under it."""
    stereo = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
    fade_out = max(0.0, duration - MUSIC_FADE_S)
    return (f"[{voice_input}:a]{stereo}[voice];"
            f"[{music_input}:a]{stereo},volume={MUSIC_VOLUME},afade=t=in:d={MUSIC_FADE_S},"
            f"afade=t=out:st={fade_out:.3f}:d={MUSIC_FADE_S}[music];"
            "[voice][music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[a]")


def filter_path(path: str | Path) -> str:
    """A file path as a filter option value inside a filtergraph: escaped for the option parser
    (`\\`, `'`, `:`), then quoted for the graph parser, which would otherwise split at `,;[]`."""
    option = str(path).replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return "'" + option.replace("'", "'\\''") + "'"


def prepare_render(narration: Narration, out_path: str | Path, workdir: str | Path, prefer_gpu: bool,
                   *inputs: str | None, lead: float = 0.0) -> tuple[Path, str]:
    """Shared start of both renderers: every optional input exists, the work dir and the .srt
    sidecar are written (before the MP4, so an MP4 always has its captions; `lead`: seconds of
    intro before the narration); (out path, encoder)."""
    for extra in inputs:
        if extra and not Path(extra).is_file():
            raise FileNotFoundError(extra)
    Path(workdir).mkdir(parents=True, exist_ok=True)
    out_path = Path(out_path)
    write_srt(shifted(narration.segments, lead) if lead else narration.segments, out_path.with_suffix(".srt"))
    return out_path, pick_video_encoder(prefer_gpu)


def burn_captions(video_chain: str, captions_ass_path: str | None, fonts_dir: str | None = None) -> str:
    """Append the `ass` filter (libass, in the wheel's ffmpeg) to a video chain when captions are given;
    `fonts_dir` holds the font the captions name, so no system font is needed."""
    if not captions_ass_path:
        return video_chain
    fonts = f":fontsdir={filter_path(fonts_dir)}" if fonts_dir else ""
    return f"{video_chain},ass=filename={filter_path(captions_ass_path)}{fonts}"


def audio_mapping(first_input: int, narration: Narration, soundtrack_path: str | None,
                  background_music: str | None) -> tuple[list[str], list[str], list[str]]:
    """(input args, filter chains, -map args) of the audio: a finished soundtrack as it is, or the
    narration (with music mixed under it when asked, as the slide renderer does)."""
    if soundtrack_path:
        return ["-i", soundtrack_path], [], ["-map", f"{first_input}:a"]
    if not background_music:
        return ["-i", narration.audio_path], [], ["-map", f"{first_input}:a"]

    return (["-i", narration.audio_path, "-stream_loop", "-1", "-i", background_music],
            [music_mix_graph(first_input, first_input + 1, narration.duration)], ["-map", "[a]"])


def soft_subtitle_mapping(input_index: int, soft_subtitles_path: str | None) -> tuple[list[str], list[str]]:
    """(input args, map and codec args) of a soft subtitle track; MP4 carries text as mov_text."""
    if not soft_subtitles_path:
        return [], []
    return ["-i", soft_subtitles_path], ["-map", f"{input_index}:s", "-c:s", "mov_text"]
