"""SubRip (.srt) captions from narration segments: the sidecar YouTube accepts as a caption track."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ytempire.common.atomic_files import atomic_output
from ytempire.providers.voice.interface import TimedText


def srt_timestamp(seconds: float) -> str:
    """`HH:MM:SS,mmm`, rounded to the millisecond."""
    millis = max(0, int(round(seconds * 1000)))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def to_srt(segments: Iterable[TimedText]) -> str:
    """The SRT document for `segments`, one cue per segment with its exact timing."""
    cues = [
        f"{number}\n{srt_timestamp(seg.start)} --> {srt_timestamp(seg.end)}\n{seg.text.strip()}\n"
        for number, seg in enumerate(segments, start=1)
    ]
    return "\n".join(cues)


def shifted(segments: Iterable[TimedText], seconds: float) -> list[TimedText]:
    """`segments` later by `seconds`: the narration's times on a video that opens with an intro."""
    return [TimedText(seg.text, seg.start + seconds, seg.end + seconds) for seg in segments]


def write_srt(segments: Iterable[TimedText], path: str | Path) -> str:
    """Write the SRT for `segments` to `path` (UTF-8, atomically) and return the path."""
    with atomic_output(path) as tmp:
        tmp.write_text(to_srt(segments), encoding="utf-8")
    return str(path)
