"""Slides show the narrated section's headline large in the middle, clear of title and subtitle."""
import numpy as np
import pytest
from PIL import Image

from ytempire.text.headlines import section_headline
from ytempire.media.headlines import segment_headlines
from ytempire.media.render import render_video
from ytempire.media.slides import render_slide
from ytempire.providers.script.interface import Script, ScriptSection
from ytempire.providers.voice.interface import TimedText

from tests.media.conftest import TITLE

LONG_SENTENCE = ("Each arm can taste, touch and decide on its own, and some researchers think the arms "
                 "even dream while the octopus sleeps in its den.")
LONG_HEADLINE = "The tools that actually help you learn faster every single day"


@pytest.mark.parametrize("heading, expected", [
    ("Point 1: The tools that actually help", "The tools that actually help"),
    ("Point 2 : La marée", "La marée"),                    # French spacing
    ("3. pont: A Hold", "A Hold"),                          # Hungarian order
    ("Why it matters", "Why it matters"),                   # a model's own heading, shown whole
    ("2024: the year tides changed", "2024: the year tides changed"),   # a number is not a label
    ("Hook", TITLE), (" call  to action ", TITLE), ("CTA", TITLE), ("Intro", TITLE),
    ("Introduction", TITLE), ("Outro", TITLE), ("", TITLE),
])
def test_points_show_their_subject_and_structural_sections_the_title(heading, expected):
    assert section_headline(heading, title=TITLE) == expected


def test_the_offline_writers_labels_in_the_videos_language_show_the_title():
    assert section_headline("Introdução", title=TITLE, language="pt-BR") == TITLE
    assert section_headline("Zum Schluss", title=TITLE, language="de-DE") == TITLE
    assert section_headline("Zum Schluss", title=TITLE) == "Zum Schluss"


def test_each_segment_gets_the_headline_of_the_section_it_speaks():
    script = Script(TITLE, [ScriptSection("Hook", "Octopuses have nine brains. Really."),
                            ScriptSection("Point 1: Arms that think", "Each arm decides on its own."),
                            ScriptSection("Call to action", "Follow for more!")], "en-US", "offline")
    segments = [TimedText(text, i, i + 0.8) for i, text in enumerate(
        ["Octopuses have nine brains.", "Really.", "Each arm decides on its own.", "Follow for more!"])]
    assert segment_headlines(script, segments, title=TITLE) == [TITLE, TITLE, "Arms that think", TITLE]
    assert segment_headlines(Script(TITLE, [], "en-US", "offline"), segments[:2], title=TITLE) == [TITLE, TITLE]


@pytest.mark.parametrize("size, band", [((1280, 720), (100, 420)), ((1080, 1920), (300, 760))])
def test_the_headline_fills_the_middle_band_and_leaves_title_and_subtitle_untouched(size, band, tmp_path):
    def slide(name, **headline):
        path = render_slide(LONG_SENTENCE, tmp_path / f"{name}.png", title=TITLE, index=2, count=5, size=size,
                            **headline)
        return np.asarray(Image.open(path).convert("RGB"), dtype=np.float64)

    plain, with_headline = slide("plain"), slide("headline", headline=LONG_HEADLINE)
    changed = np.abs(with_headline - plain).max(axis=2) > 60
    top, bottom = band
    assert changed[top:bottom].mean() > 0.08                              # large text, not a footnote
    middle = with_headline[top:bottom]
    assert (middle > 235).all(axis=2).mean() > 0.04 and (middle < 30).all(axis=2).mean() > 0.02   # outlined
    # The tallest subtitle and a three-line headline: the title and the subtitle box stay pixel-identical.
    assert (with_headline[:top] == plain[:top]).all() and (with_headline[bottom:] == plain[bottom:]).all()


def test_render_video_wants_one_headline_per_segment(narration, tmp_path):
    with pytest.raises(ValueError, match="headlines"):
        render_video(narration, tmp_path / "x.mp4", title=TITLE, workdir=tmp_path, headlines=["only one"])
