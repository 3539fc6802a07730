"""Lay spoken sentences end to end on one clock: a pause between sentences, a tail at the end.

Every voice synthesises sentence by sentence, so the sample counts give each `TimedText` an exact
start and end without forced alignment. This is the one place that turns "PCM per sentence" into
"one track plus segment times", so subtitles line up the same way whichever voice spoke.
"""
from __future__ import annotations

import wave
from collections.abc import Iterable, Sequence

import numpy as np

from ytempire.providers.base import ScriptSection, TimedText

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


def spoken_section_starts(sections: Sequence[ScriptSection], segments: Sequence[TimedText]) -> list[int]:
    """When each script section starts in the spoken narration, in whole seconds.

    A section starts with its first spoken sentence; segments follow the sentences in order, and
    unspeakable ones ("…") have none, so a section's segments are the run whose texts it holds.
    """
    from ytempire.providers.voice_offline import split_sentences

    starts, index = [], 0
    for section in sections:
        own = {" ".join(sentence.split()) for sentence in split_sentences(section.text)}
        if index < len(segments):
            starts.append(int(segments[index].start))
        else:
            starts.append(int(segments[-1].end) if segments else 0)
        while index < len(segments) and segments[index].text in own:
            index += 1
    return [0, *starts[1:]] if starts else starts   # YouTube wants the first chapter at 0:00
