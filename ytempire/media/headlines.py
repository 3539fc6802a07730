"""What each slide shows large in its middle: the heading of the script section being narrated.

The sentence alone changes every few seconds; the headline changes only when the narration moves
to the next section, so the picture visibly follows the script's structure, point by point.
"""
from __future__ import annotations

from collections.abc import Sequence

from ytempire.providers.script.interface import Script
from ytempire.providers.voice.interface import TimedText
from ytempire.providers.voice.timeline import section_of_each_segment
from ytempire.text.headlines import section_headline

def segment_headlines(script: Script, segments: Sequence[TimedText], *, title: str) -> list[str]:
    """One headline per narration segment: that of the section the segment speaks."""
    if not script.sections:
        return [title] * len(segments)
    headlines = [section_headline(section.heading, title=title, language=script.language)
                 for section in script.sections]
    return [headlines[number] for number in section_of_each_segment(script.sections, segments)]
