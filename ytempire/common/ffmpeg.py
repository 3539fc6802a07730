"""Running ffmpeg: locate it, run it with a timeout, read what a media file holds, pick an encoder.

The binary comes from the `imageio-ffmpeg` wheel (no system ffmpeg needed), or from
`IMAGEIO_FFMPEG_EXE` when a deployment wants its own build. We parse `ffmpeg -i` rather than
use ffprobe, because the wheel ships only ffmpeg.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from ytempire.common.processes import tied_to_this_process

STDERR_TAIL_CHARS = 2000


class FFmpegError(RuntimeError):
    """ffmpeg failed or timed out; the message carries the tail of its stderr."""

    def __init__(self, message: str, *, args: Sequence[str] = (), returncode: int | None = None, stderr: str = ""):
        self.cmd = list(args)
        self.returncode = returncode
        self.stderr_tail = stderr[-STDERR_TAIL_CHARS:]
        detail = f"\n--- ffmpeg stderr (tail) ---\n{self.stderr_tail}" if self.stderr_tail else ""
        super().__init__(f"{message}{detail}")


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(args: Sequence[str], *, timeout: float = 600, loglevel: str = "error",
               check: bool = True, progress: Callable[[float], None] | None = None) -> subprocess.CompletedProcess:
    """Run `ffmpeg <args>` (overwriting outputs, never reading stdin) and return the result.

    stdout is captured as bytes (so `-f s16le -` decodes straight into memory for small reads);
    stderr as text. Raises FFmpegError on timeout, or on a non-zero exit when `check` is set.
    With `progress`, ffmpeg reports through `-progress pipe:1` (stdout then carries those reports,
    so the output must be a file) and `progress(seconds)` is called with the output time written so far.
    ffmpeg dies with the calling process (a killed worker leaves no encode behind).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", loglevel,
           *(["-progress", "pipe:1", "-nostats"] if progress else []), *map(str, args)]
    try:
        result = _run_reporting(cmd, timeout, progress) if progress else \
            subprocess.run(cmd, capture_output=True, timeout=timeout, **tied_to_this_process())
    except subprocess.TimeoutExpired as exc:
        stderr = (exc.stderr or b"").decode("utf-8", "replace")
        raise FFmpegError(f"ffmpeg timed out after {timeout:.0f}s", args=cmd, stderr=stderr) from exc
    stderr = result.stderr.decode("utf-8", "replace")
    completed = subprocess.CompletedProcess(cmd, result.returncode, result.stdout, stderr)
    if check and result.returncode != 0:
        raise FFmpegError(f"ffmpeg exited with status {result.returncode}", args=cmd,
                          returncode=result.returncode, stderr=stderr)
    return completed


_OUT_TIME = re.compile(rb"^out_time_(?:us|ms)=(\d+)")  # both are microseconds (out_time_ms is misnamed)


def _run_reporting(cmd: list[str], timeout: float, progress: Callable[[float], None]) -> subprocess.CompletedProcess:
    """subprocess.run for a command writing `-progress` reports to stdout: each report goes to `progress`."""
    with tempfile.TemporaryFile() as stderr_file:
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr_file,
                               **tied_to_this_process())
        timed_out = threading.Event()
        timer = threading.Timer(timeout, lambda: (timed_out.set(), process.kill()))
        timer.start()
        try:
            for line in process.stdout:
                match = _OUT_TIME.match(line)
                if match:
                    progress(int(match.group(1)) / 1_000_000)
            process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:   # the callback raised (e.g. a task time limit): no orphan ffmpeg
                process.kill()
                process.wait()
            process.stdout.close()
        stderr_file.seek(0)
        stderr = stderr_file.read()
    if timed_out.is_set():
        raise subprocess.TimeoutExpired(cmd, timeout, stderr=stderr)
    return subprocess.CompletedProcess(cmd, process.returncode, b"", stderr)


# ----------------------------------------------------------------------------- probing

@dataclass(frozen=True)
class StreamInfo:
    index: int
    kind: str                         # "video" | "audio" | "subtitle" | "data"
    codec: str                        # "h264", "aac", "pcm_s16le", …
    width: int | None = None
    height: int | None = None
    pix_fmt: str | None = None
    sample_rate: int | None = None
    channels: str | None = None       # "mono", "stereo", "5.1", …


@dataclass(frozen=True)
class MediaInfo:
    duration: float | None            # container duration in seconds; None when unknown
    streams: list[StreamInfo] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[StreamInfo]:
        return [s for s in self.streams if s.kind == kind]


_DURATION = re.compile(r"Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)")
_STREAM = re.compile(r"Stream #\d+:(\d+)\S*: (Video|Audio|Subtitle|Data): (\w+)(.*)")
_SIZE = re.compile(r"\b(\d{2,5})x(\d{2,5})\b")
_AUDIO = re.compile(r"(\d+) Hz, ([\w.()]+)")


def probe(path: str | Path, *, timeout: float = 60) -> MediaInfo:
    """Duration and streams of a media file, parsed from `ffmpeg -i` (which exits 1: no output)."""
    if not Path(path).is_file():
        raise FileNotFoundError(path)
    result = run_ffmpeg(["-i", str(path)], timeout=timeout, loglevel="info", check=False)
    streams = [_parse_stream(m) for m in _STREAM.finditer(result.stderr)]
    duration = _DURATION.search(result.stderr)
    if not streams:
        raise FFmpegError(f"ffmpeg found no media streams in {path}", args=result.args, stderr=result.stderr)
    seconds = None
    if duration:
        hours, minutes, secs = duration.groups()
        seconds = int(hours) * 3600 + int(minutes) * 60 + float(secs)
    return MediaInfo(seconds, streams)


def _parse_stream(match: re.Match) -> StreamInfo:
    index, kind, codec, rest = int(match.group(1)), match.group(2).lower(), match.group(3), match.group(4)
    if kind == "video":
        size = _SIZE.search(rest)
        pix_fmt = re.search(r",\s*([a-z0-9_]+)(?:\([^)]*\))?,\s*\d{2,5}x\d{2,5}", rest)
        return StreamInfo(index, kind, codec, int(size.group(1)) if size else None,
                          int(size.group(2)) if size else None, pix_fmt.group(1) if pix_fmt else None)
    if kind == "audio":
        audio = _AUDIO.search(rest)
        return StreamInfo(index, kind, codec, sample_rate=int(audio.group(1)) if audio else None,
                          channels=audio.group(2).rstrip(",") if audio else None)
    return StreamInfo(index, kind, codec)


def decode_audio(path: str | Path, *, start: float = 0.0, duration: float | None = None,
                 sample_rate: int = 16000, timeout: float = 60) -> bytes:
    """Decode (part of) a file's audio to mono signed 16-bit PCM bytes, for checks and analysis."""
    window = ["-t", f"{duration:.3f}"] if duration is not None else []
    result = run_ffmpeg(["-ss", f"{start:.3f}", *window, "-i", str(path), "-vn", "-ac", "1",
                         "-ar", str(sample_rate), "-f", "s16le", "-"], timeout=timeout)
    return result.stdout


# ----------------------------------------------------------------------------- encoder choice

def pick_video_encoder(prefer_gpu: bool) -> str:
    """"h264_nvenc" when asked for and it really encodes here, else "libx264".

    The wheel's ffmpeg always *lists* NVENC; only a test encode proves a usable GPU and driver.
    """
    return "h264_nvenc" if prefer_gpu and nvenc_available() else "libx264"


@lru_cache(maxsize=1)
def nvenc_available() -> bool:
    """Whether ffmpeg lists h264_nvenc and a one-frame test encode with it succeeds (cached)."""
    try:
        listed = run_ffmpeg(["-encoders"], timeout=30, loglevel="quiet").stdout.decode("utf-8", "replace")
        if not re.search(r"\bh264_nvenc\b", listed):
            return False
        run_ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=256x256:r=1", "-frames:v", "1",
                    "-c:v", "h264_nvenc", "-f", "null", "-"], timeout=30)
        return True
    except FFmpegError:
        return False
