"""Lay spoken sentences end to end on one clock: a pause between sentences, a tail at the end.

Every voice synthesises sentence by sentence, so the sample counts give each `TimedText` an exact
start and end without forced alignment. This is the one place that turns "PCM per sentence" into
"one track plus segment times", so subtitles line up the same way whichever voice spoke.
"""
from __future__ import annotations

import wave
from collections.abc import Iterable

import numpy as np

from ytempire.providers.base import TimedText

SENTENCE_PAUSE_S = 0.25               # breath between sentences, outside every segment
TAIL_PAUSE_S = 0.5                    # so a video does not cut off on the last syllable


def write_timeline(wav: wave.Wave_write, spoken: Iterable[tuple[str, np.ndarray]],
                   rate: int) -> tuple[list[TimedText], int]:
    """Write each sentence's int16 PCM to `wav` with pauses; return segments and total samples.

    Sentences whose PCM is empty (nothing speakable) get no segment and no pause.
    """
    pause = np.zeros(int(SENTENCE_PAUSE_S * rate), dtype=np.int16)
    segments: list[TimedText] = []
    written = 0
    for text, pcm in spoken:
        if pcm.size == 0:
            continue
        if segments:
            wav.writeframes(pause.tobytes())
            written += pause.size
        wav.writeframes(pcm.astype(np.int16, copy=False).tobytes())
        segments.append(TimedText(text, written / rate, (written + pcm.size) / rate))
        written += pcm.size
    tail = int(TAIL_PAUSE_S * rate)
    wav.writeframes(np.zeros(tail, dtype=np.int16).tobytes())
    return segments, written + tail
