"""Quality gates on a finished render: what a viewer would notice, checked before anyone sees it.

One ffmpeg pass decodes the video once and runs blackdetect and freezedetect on the picture and
ebur128 on the sound; the narration's own timing then tells where speech must be heard and where
each caption must appear. `check_video` fails the stage with every problem found, each phrased
for a person ("the picture is black for 1.5 s at 0:04"), not as ffmpeg's output.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.media.audio_mix import TARGET_LUFS, TOLERANCE_LU
from ytempire.media.captions import read_ass_events, spoken_words
from ytempire.common.ffmpeg import FFmpegError, decode_audio, probe, run_ffmpeg
from ytempire.providers.voice.interface import Narration

MAX_BLACK_S = 0.5
MAX_FROZEN_S = 4.0
BLACK_PIXEL_THRESHOLD = 0.10          # luma share below which a pixel counts as black
FREEZE_NOISE_DB = -60                 # frames closer than this count as the same picture
MAX_CAPTION_OFFSET_S = 0.100
DURATION_TOLERANCE = 0.20
SPEECH_MIN_DBFS = -35.0               # narration quieter than this is not heard on a phone speaker
SPEECH_OVER_PAUSE_DB = 3.0            # speech must stand out from what plays between sentences
_RATE = 16_000


@dataclass
class QualityReport:
    """What the checks measured, and the problems found (empty when the render passes)."""

    duration: float
    black: list[tuple[float, float]] = field(default_factory=list)     # (start, seconds) over MAX_BLACK_S
    frozen: list[tuple[float, float]] = field(default_factory=list)    # (start, seconds) over MAX_FROZEN_S
    integrated_lufs: float | None = None
    speech_dbfs: float | None = None
    pause_dbfs: float | None = None
    caption_offset_max: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def inspect_video(video_path: str | Path, narration: Narration, *, requested_seconds: float | None = None,
                  captions_ass: str | Path | None = None, max_frozen_s: float = MAX_FROZEN_S,
                  freeze_gate: bool = True, lead: float = 0.0, bumpers: float = 0.0) -> QualityReport:
    """Measure a render against every gate; problems are listed, nothing is raised.

    Without `freeze_gate` still pictures are measured and kept in `frozen` but are not a problem:
    the `slides` kind shows one picture per sentence by design. A channel's intro makes the
    narration start `lead` seconds in; its intro and outro add `bumpers` seconds that the asked
    length does not count.
    """
    duration = probe(video_path).duration or 0.0
    report = QualityReport(duration)
    _picture_and_loudness(video_path, report, max_frozen_s, freeze_gate)
    _speech(video_path, narration, report, lead)
    if captions_ass:
        _captions(captions_ass, narration, report)
    if requested_seconds:
        off = (duration - bumpers) / requested_seconds - 1
        if abs(off) > DURATION_TOLERANCE:
            report.problems.append(f"the video lasts {_clock(duration)}, {abs(off):.0%} "
                                   f"{'longer' if off > 0 else 'shorter'} than the {_clock(requested_seconds)} asked "
                                   f"for (at most {DURATION_TOLERANCE:.0%})")
    return report


def check_video(video_path: str | Path, narration: Narration, **options) -> QualityReport:
    """`inspect_video`, raising PermanentProviderError with every problem when any gate fails."""
    report = inspect_video(video_path, narration, **options)
    if not report.passed:
        raise quality_failure(report)
    return report


def quality_failure(report: QualityReport) -> PermanentProviderError:
    """The stage failure for a report with problems: permanent, as rendering again gives the same video."""
    return PermanentProviderError("the rendered video failed its quality checks: " + "; ".join(report.problems))


def _picture_and_loudness(video_path, report: QualityReport, max_frozen_s: float, freeze_gate: bool) -> None:
    result = run_ffmpeg(["-i", str(video_path), "-vf",
                         f"blackdetect=d={MAX_BLACK_S}:pix_th={BLACK_PIXEL_THRESHOLD},"
                         f"freezedetect=n={FREEZE_NOISE_DB}dB:d={max_frozen_s}",
                         "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"],
                        loglevel="info", timeout=max(300.0, report.duration * 3))
    log = result.stderr
    for start, seconds in re.findall(r"black_start:\s*([\d.]+)\s+black_end:\s*[\d.]+\s+black_duration:\s*([\d.]+)",
                                     log):
        if float(seconds) > MAX_BLACK_S:
            report.black.append((float(start), float(seconds)))
    starts = [float(s) for s in re.findall(r"freezedetect\.freeze_start:\s*([\d.]+)", log)]
    lengths = [float(s) for s in re.findall(r"freezedetect\.freeze_duration:\s*([\d.]+)", log)]
    lengths += [report.duration - start for start in starts[len(lengths):]]   # still frozen at the end
    report.frozen = [(start, length) for start, length in zip(starts, lengths) if length > max_frozen_s]
    for start, seconds in report.black:
        report.problems.append(f"the picture is black for {seconds:.1f} s at {_clock(start)} "
                               f"(at most {MAX_BLACK_S} s)")
    for start, seconds in report.frozen if freeze_gate else ():
        report.problems.append(f"the picture stands still for {seconds:.1f} s at {_clock(start)} "
                               f"(at most {max_frozen_s:g} s)")
    summary = log[log.rfind("Summary:"):]
    loudness = re.search(r"\bI:\s*(-?[\d.]+|-inf)\s*LUFS", summary)
    if not loudness:
        report.problems.append("the video has no sound track")
        return
    report.integrated_lufs = float(loudness.group(1))
    if abs(report.integrated_lufs - TARGET_LUFS) > TOLERANCE_LU:
        report.problems.append(f"the sound is {report.integrated_lufs:.1f} LUFS loud, outside "
                               f"{TARGET_LUFS:g} ±{TOLERANCE_LU:g} LUFS (YouTube would play it "
                               f"{'quieter than other videos' if report.integrated_lufs < TARGET_LUFS else 'turned down'})")


def _speech(video_path, narration: Narration, report: QualityReport, lead: float = 0.0) -> None:
    """Where the narration speaks (`lead` seconds into the video), the sound must be loud enough and
    above what plays in the pauses."""
    try:
        pcm = np.frombuffer(decode_audio(video_path, sample_rate=_RATE, timeout=600), dtype=np.int16)
    except FFmpegError:
        pcm = np.zeros(0, dtype=np.int16)
    speaking = np.zeros(pcm.size, dtype=bool)
    for segment in narration.segments:
        speaking[int((segment.start + lead) * _RATE):int((segment.end + lead) * _RATE)] = True
    if not speaking.any():
        report.problems.append("the narration cannot be heard: the video's sound is missing or too short")
        return
    report.speech_dbfs = _dbfs(pcm[speaking])
    if report.speech_dbfs < SPEECH_MIN_DBFS:
        report.problems.append(f"the narration cannot be heard: speech plays at {report.speech_dbfs:.0f} dBFS "
                               f"(at least {SPEECH_MIN_DBFS:g})")
    if (~speaking).sum() >= _RATE:                      # a second of pauses is enough to compare
        report.pause_dbfs = _dbfs(pcm[~speaking])
        if report.speech_dbfs - report.pause_dbfs < SPEECH_OVER_PAUSE_DB:
            report.problems.append("the narration is drowned: the sound between sentences is as loud as the speech")


def _captions(captions_ass, narration: Narration, report: QualityReport) -> None:
    """Each caption must appear within MAX_CAPTION_OFFSET_S of the word the voice says."""
    events = read_ass_events(captions_ass)
    words = spoken_words(narration)
    highlighted = [e for e in events if e.highlighted is not None]
    if highlighted:                                     # word mode: one event per word, in order
        if [e.highlighted for e in highlighted] != [w.text for w in words]:
            report.problems.append(f"the captions show {len(highlighted)} highlighted words, the narration "
                                   f"speaks {len(words)}")
            return
        pairs = [(e.start, w) for e, w in zip(highlighted, words)]
    else:                                               # sentence mode: a page starts with its first word
        starts = iter(words)
        pairs = []
        for event in events:
            word = next((w for w in starts if event.text.startswith(w.text)), None)
            if word is None:
                report.problems.append(f"a caption at {_clock(event.start)} matches no spoken word")
                return
            pairs.append((event.start, word))
    offsets = [(abs(start - word.start), start, word) for start, word in pairs]
    report.caption_offset_max = max((o for o, *_ in offsets), default=0.0)
    late = [(o, s, w) for o, s, w in offsets if o > MAX_CAPTION_OFFSET_S]
    if late:
        worst = max(late, key=lambda item: item[0])
        report.problems.append(f"the captions are out of sync with the voice for {len(late)} words (worst: "
                               f"\"{worst[2].text}\" is said at {worst[2].start:.2f} s but shown at "
                               f"{worst[1]:.2f} s; at most {MAX_CAPTION_OFFSET_S * 1000:.0f} ms)")


def _dbfs(pcm: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)) / 32768 + 1e-12))


def _clock(seconds: float) -> str:
    minutes, secs = divmod(max(seconds, 0.0), 60)
    return f"{int(minutes)}:{secs:04.1f}"
