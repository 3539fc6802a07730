import pytest

from ytempire.providers.script.interface import ScriptSection
from ytempire.text.youtube_metadata import (DESCRIPTION_MAX_BYTES, TAGS_MAX_CHARS, build_description, chapter_lines, fit_tags, fit_title, format_timestamp, hashtags, keywords, tags_length)


def test_title_is_cut_at_a_word_boundary_within_100_characters():
    title = fit_title("word " * 40)
    assert len(title) <= 100
    assert title.endswith("word")


def test_title_loses_angle_brackets_and_line_breaks_youtube_rejects():
    assert fit_title("Learn <b>HTML</b>\nfast") == "Learn bHTML/b fast"


@pytest.mark.parametrize("seconds, stamp", [(0, "0:00"), (12, "0:12"), (65, "1:05"), (3723, "1:02:03")])
def test_timestamps_use_youtube_chapter_format(seconds, stamp):
    assert format_timestamp(seconds) == stamp


def test_chapter_times_follow_word_counts_at_150_words_a_minute():
    sections = [ScriptSection("Hook", "word " * 30), ScriptSection("Point 1: x", "word " * 150),
                ScriptSection("Call to action", "word " * 10)]
    assert chapter_lines(sections) == ["0:00 Hook", "0:12 Point 1: x", "1:12 Call to action"]


def test_description_keeps_chapters_and_stays_under_5000_bytes_even_in_devanagari():
    sections = [ScriptSection(f"बिंदु {n}", "शब्द " * 40) for n in range(5)]
    description = build_description("लंबा विवरण " * 2000, sections, ["#टैग"])
    assert len(description.encode("utf-8")) <= DESCRIPTION_MAX_BYTES
    assert all(line in description for line in chapter_lines(sections))
    assert description.endswith("#टैग")


def test_tags_are_deduplicated_case_insensitively_and_limited_to_500_characters():
    candidates = ["Sourdough", "sourdough", "bread baking"] + [f"long tag number {n:03d}" for n in range(100)]
    tags = fit_tags(candidates)
    assert tags[:2] == ["Sourdough", "bread baking"]
    assert tags_length(tags) <= TAGS_MAX_CHARS
    assert len({t.lower() for t in tags}) == len(tags)


def test_tag_length_counts_quotes_around_tags_with_spaces_and_commas_between():
    assert tags_length(["a b", "c"]) == len('"a b",c')


def test_keywords_skip_short_words_and_repeat_nothing():
    assert keywords("How to bake bread: bread at home") == ["bake", "bread", "home"]


def test_hashtags_join_multiword_topics_and_stop_at_three():
    assert hashtags(["home composting", "garden", "soil", "worms"]) == ["#HomeComposting", "#garden", "#soil"]
