"""Which script section each narration segment speaks, and when each section starts."""
from ytempire.providers.script.interface import ScriptSection
from ytempire.providers.voice.interface import TimedText
from ytempire.providers.voice.timeline import section_of_each_segment, spoken_section_starts

SECTIONS = [
    ScriptSection("Hook", "Tides come twice a day. Here is why."),
    ScriptSection("Point 1: The moon", "The moon pulls the water. The near side bulges."),
    ScriptSection("Call to action", "Subscribe for more."),
]


def _segments(*texts: str) -> list[TimedText]:
    return [TimedText(text, 2.0 * i, 2.0 * i + 1.5) for i, text in enumerate(texts)]


def test_each_segment_belongs_to_the_section_whose_sentence_it_speaks():
    segments = _segments("Tides come twice a day.", "Here is why.", "The moon pulls the water.",
                         "The near side bulges.", "Subscribe for more.")
    assert section_of_each_segment(SECTIONS, segments) == [0, 0, 1, 1, 2]
    assert spoken_section_starts(SECTIONS, segments) == [0, 4, 8]


def test_a_section_with_nothing_spoken_owns_no_segment_and_starts_with_the_next():
    sections = [SECTIONS[0], ScriptSection("Point 1: Silence", "…"), *SECTIONS[1:]]
    segments = _segments("Tides come twice a day.", "Here is why.", "The moon pulls the water.",
                         "The near side bulges.", "Subscribe for more.")
    assert section_of_each_segment(sections, segments) == [0, 0, 2, 2, 3]
    assert spoken_section_starts(sections, segments) == [0, 4, 4, 8]


def test_segments_no_section_holds_count_as_the_last_section():
    segments = _segments("Tides come twice a day.", "A sentence the script never had.", "Subscribe for more.")
    assert section_of_each_segment(SECTIONS, segments) == [0, 2, 2]
    assert spoken_section_starts(SECTIONS, segments) == [0, 2, 2]


def test_sections_past_the_last_segment_start_at_its_end():
    segments = _segments("Tides come twice a day.", "Here is why.")
    assert section_of_each_segment(SECTIONS, segments) == [0, 0]
    assert spoken_section_starts(SECTIONS, segments) == [0, 3, 3]
    assert section_of_each_segment([], segments) == [0, 0] and spoken_section_starts([], segments) == []
