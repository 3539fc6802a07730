"""Lay spoken sentences end to end on one clock: a pause between sentences, a tail at the end.

Every voice synthesises sentence by sentence, so the sample counts give each `TimedText` an exact
start and end without forced alignment. This is the one place that turns "PCM per sentence" into
"one track plus segment times", so subtitles line up the same way whichever voice spoke.
"""
from __future__ import annotations

import bisect
import wave
from collections.abc import Iterable, Sequence

import numpy as np

from ytempire.providers.voice.interface import TimedText
from ytempire.text.script_shape import Section
from ytempire.text.sentences import split_sentences

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


def section_of_each_segment(sections: Sequence[Section], segments: Sequence[TimedText]) -> list[int]:
    """The index in `sections` of the script section each narration segment speaks, in order.

    Segments follow the sentences in order, and unspeakable ones ("…") have none, so a section's
    segments are the run whose texts it holds. Should the walk stall on a segment no section
    holds (a voice that re-split the text), that segment and the rest count as the last section:
    a stall must not pull later sections' start back into the middle of the video.
    """
    owners: list[int] = []
    for number, section in enumerate(sections):
        own = {" ".join(sentence.split()) for sentence in split_sentences(section.text)}
        while len(owners) < len(segments) and segments[len(owners)].text in own:
            owners.append(number)
    return owners + [max(len(sections) - 1, 0)] * (len(segments) - len(owners))


def spoken_section_starts(sections: Sequence[Section], segments: Sequence[TimedText]) -> list[int]:
    """When each script section starts in the spoken narration, in whole seconds.

    A section starts with its first spoken sentence; one with none spoken starts where the next
    spoken sentence does, or at the narration's end when none follows.
    """
    owners = section_of_each_segment(sections, segments)
    starts = []
    for number in range(len(sections)):
        first = bisect.bisect_left(owners, number)     # owners never decrease along the narration
        if first < len(segments):
            starts.append(int(segments[first].start))
        else:
            starts.append(int(segments[-1].end) if segments else 0)
    return [0, *starts[1:]] if starts else starts   # YouTube wants the first chapter at 0:00
