"""Offline footage queries, stated numbers and pictograms from a sentence's words."""
from ytempire.providers.visuals.icons import ICON_CREDIT, glyph, icon_for, icons_for
from ytempire.providers.script.interface import ScriptSection
from ytempire.providers.visuals.planning import segment_queries
from ytempire.providers.voice.interface import TimedText
from ytempire.text.visual_queries import content_words, numbers_in, search_queries

TOPIC = "How solar panels turn sunlight into electricity"


def test_queries_start_with_the_sentences_own_words_and_fall_back_on_the_topic():
    queries = search_queries("Sunlight knocks electrons loose in the silicon cells.", TOPIC)
    assert queries[0] == "electrons sunlight"
    assert queries[-1] == "electricity sunlight" and len(queries) == len(set(queries))
    assert search_queries("Let us find out!", TOPIC) == ["electricity", "electricity sunlight"]  # from the topic
    assert "the" not in content_words("The panel and the roof") and "panel" in content_words("The panel's roof")


def test_numbers_that_compare_like_with_like_and_never_years():
    assert numbers_in("Panels convert 20 percent of light, up from 6 percent in 1955.") == [
        ("percent", 20.0), ("percent", 6.0)]
    assert numbers_in("A farm of 1,200 panels") == [("panels", 1200.0)]
    assert numbers_in("It happened in 1999.") == [] and numbers_in("No numbers here") == []


def test_pictograms_are_found_by_name_term_and_plural_and_credited():
    assert icon_for("panels") == "solar-panel" and icon_for("electricity") == "bolt"
    assert icon_for("batteries").startswith("battery") and icon_for("loose") is None
    assert icons_for(["zzzz"], fallback_seed=0) == ["lightbulb"]
    assert len(glyph("sun")) == 1 and ICON_CREDIT.licence == "CC BY 4.0"


def test_the_writers_queries_go_to_their_sentences_in_order():
    sections = [ScriptSection("Hook", "Sun shines. Panels wait.", visual_queries=["bright sun", "solar roof"]),
                ScriptSection("Point 1: cells", "Cells glow.")]
    segments = [TimedText("Sun shines.", 0, 1), TimedText("Panels wait.", 1, 2), TimedText("Cells glow.", 2, 3)]
    assert segment_queries(sections, segments) == [["bright sun"], ["solar roof"], []]
