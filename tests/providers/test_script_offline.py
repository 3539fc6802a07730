import re
import string
import unicodedata
from collections import Counter

import pytest

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.providers.script.interface import ScriptRequest
from ytempire.text.languages import SUPPORTED_LANGUAGES, UnsupportedLanguage
from ytempire.text.phrasebooks import phrasebook_for
from ytempire.providers.script.offline import OfflineScriptProvider
from ytempire.text.script_shape import count_words, section_start_seconds
from ytempire.text.sentences import split_sentences
from ytempire.text.youtube_metadata import TAGS_MAX_CHARS, format_timestamp, tags_length

provider = OfflineScriptProvider()

# Common function words: a script in the language must use several; none may use English ones.
ENGLISH = {"the", "and", "you", "with", "this", "that", "your", "what", "because", "from"}
FUNCTION_WORDS = {
    "en": ENGLISH, "es": {"de", "que", "y", "la", "el", "en", "los", "con", "tu"},
    "fr": {"de", "et", "le", "la", "les", "vous", "que", "sur"},
    "de": {"der", "die", "und", "du", "das", "mit", "nicht"},
    "it": {"di", "e", "il", "che", "la", "per", "non"}, "pt": {"de", "que", "e", "o", "a", "você", "para"},
    "nl": {"de", "het", "een", "en", "je", "van", "niet"}, "pl": {"w", "i", "się", "na", "nie", "to", "z"},
    "sv": {"och", "att", "det", "du", "som", "på", "för"}, "da": {"og", "at", "det", "du", "som", "på", "der"},
    "nb": {"og", "det", "du", "som", "på", "for", "med"}, "fi": {"ja", "on", "se", "ei", "kuin", "mitä"},
    "cs": {"a", "to", "se", "na", "je", "co", "než"}, "ro": {"și", "de", "în", "ce", "pe", "la", "nu"},
    "hu": {"a", "az", "és", "is", "hogy", "ez", "nem"}, "tr": {"ve", "bu", "bir", "için", "her", "daha"},
    "id": {"yang", "dan", "ini", "di", "untuk", "dengan", "kamu"}, "vi": {"và", "là", "của", "bạn", "những", "một"},
}
# Languages not written in Latin letters: most letters must come from their script.
ALPHABETS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "el": "GREEK", "hi": "DEVANAGARI"}


def request(**overrides) -> ScriptRequest:
    values = {"topic": "Kubernetes", "niche": "DevOps", "duration_seconds": 60, "language": "en-US"}
    return ScriptRequest(**{**values, **overrides})


def words_of(text: str) -> list[str]:
    return [w.strip(string.punctuation + "¿¡«»„“”–—…।").lower() for w in text.split()]


@pytest.mark.parametrize("language", list(SUPPORTED_LANGUAGES))
@pytest.mark.parametrize("duration", [60, 300, 600])
def test_narration_fills_the_duration_at_150_words_a_minute_within_10_percent(language, duration):
    script = provider.write_script(request(language=language, duration_seconds=duration))
    target = duration * 150 / 60
    assert abs(count_words(script.narration) - target) <= 0.10 * target


@pytest.mark.parametrize("language", list(SUPPORTED_LANGUAGES))
def test_script_is_written_in_the_requested_language(language):
    script = provider.write_script(request(language=language, duration_seconds=300))
    primary = language.split("-")[0]
    assert script.language == language
    words = Counter(words_of(script.narration))
    if primary != "en":
        assert not ENGLISH & set(words), f"English words in a {language} script: {ENGLISH & set(words)}"
    if primary in ALPHABETS:
        letters = [ch for ch in script.narration.replace("Kubernetes", "").replace("DevOps", "") if ch.isalpha()]
        share = sum(ALPHABETS[primary] in unicodedata.name(ch, "") for ch in letters) / len(letters)
        assert share > 0.95
    else:
        assert len(FUNCTION_WORDS[primary] & set(words)) >= 3


def test_spanish_script_uses_spanish_not_english():
    narration = provider.write_script(request(language="es-ES", topic="la masa madre")).narration
    words = set(words_of(narration))
    assert {"que", "y", "de", "en"} <= words
    assert not {"the", "and", "you"} & words


def test_same_request_gives_the_same_script_and_another_topic_another():
    first = provider.write_script(request(duration_seconds=300))
    assert provider.write_script(request(duration_seconds=300)) == first
    assert provider.write_script(request(duration_seconds=300, topic="Terraform")).narration != first.narration


@pytest.mark.parametrize("duration, points", [(30, 3), (60, 3), (180, 4), (300, 4), (600, 5), (1200, 5)])
def test_hook_then_three_to_five_points_then_call_to_action(duration, points):
    script = provider.write_script(request(duration_seconds=duration))
    headings = [s.heading for s in script.sections]
    assert headings[0] == "Hook" and headings[-1] == "Call to action"
    assert [h.split(":")[0] for h in headings[1:-1]] == [f"Point {n}" for n in range(1, points + 1)]
    assert all(s.text.strip() for s in script.sections)


@pytest.mark.parametrize("language", ["en-US", "de-DE", "hi-IN", "ru-RU"])
def test_sentences_are_varied_and_never_repeated(language):
    narration = provider.write_script(request(language=language, duration_seconds=600)).narration
    sentences = split_sentences(narration)
    assert len(sentences) > 50
    assert len(set(sentences)) == len(sentences)
    openings = Counter(" ".join(s.split()[:3]) for s in sentences)
    assert openings.most_common(1)[0][1] <= 0.15 * len(sentences)
    assert "lorem" not in narration.lower() and "Kubernetes" in narration


def test_every_chapter_lasts_at_least_ten_seconds_from_one_minute_up():
    for duration in (60, 300, 600):
        script = provider.write_script(request(duration_seconds=duration, language="pl-PL"))
        assert min(count_words(s.text) for s in script.sections) * 60 / 150 >= 10


def test_users_title_is_kept_and_a_missing_one_is_written_from_the_topic():
    assert provider.write_script(request(title="My own title")).title == "My own title"
    generated = provider.write_script(request()).title
    assert "Kubernetes" in generated and len(generated) <= 100


def test_unsupported_language_is_a_permanent_error():
    with pytest.raises(UnsupportedLanguage) as info:
        provider.write_script(request(language="xx-XX"))
    assert isinstance(info.value, PermanentProviderError)


@pytest.mark.parametrize("language", list(SUPPORTED_LANGUAGES))
def test_every_phrasebook_template_fills_and_has_enough_material(language):
    book = phrasebook_for(language)
    slots = {"topic": "T", "niche": "N", "title": "X", "count": 4, "k": 5, "n": 2, "aspect": "A"}
    for field in ("hooks", "promises", "openers", "claims", "advice", "ctas", "titles", "summaries"):
        for template in getattr(book, field):
            assert "{" not in template.format(**slots), (field, template)
    assert len(book.aspects) >= 5 and len(book.claims) >= 10 and len(book.advice) >= 10
    assert book.point_heading.format(n=1, aspect="A") != book.point_heading.format(n=2, aspect="A")


def test_metadata_keeps_the_users_title_and_cuts_it_to_100_characters():
    req = request(title="A very long title " * 10)
    metadata = provider.optimize_metadata(provider.write_script(req), req)
    assert len(metadata.title) <= 100 and metadata.title.startswith("A very long title")
    assert metadata.provider == "offline" and metadata.input_tokens == metadata.output_tokens == 0


@pytest.mark.parametrize("language", ["en-US", "fr-FR", "hi-IN"])
def test_description_lists_chapters_from_0_00_in_ascending_order(language):
    req = request(duration_seconds=600, language=language)
    script = provider.write_script(req)
    description = provider.optimize_metadata(script, req).description
    stamps = re.findall(r"^(\d+:\d\d) (.+)$", description, flags=re.MULTILINE)
    assert [heading for _, heading in stamps] == [s.heading for s in script.sections]
    assert [stamp for stamp, _ in stamps] == [format_timestamp(s) for s in section_start_seconds(script.sections)]
    seconds = [int(m) * 60 + int(s) for m, s in (stamp.split(":") for stamp, _ in stamps)]
    assert seconds[0] == 0 and seconds == sorted(set(seconds))
    hook_words = count_words(script.sections[0].text)
    assert seconds[1] == hook_words * 60 // 150
    assert len(description.encode("utf-8")) <= 5000


def test_tags_come_from_topic_and_niche_without_duplicates_within_500_characters():
    topic = " ".join(f"subject{n} Subject{n}" for n in range(80))
    req = request(topic=topic, niche="Cloud Native Computing")
    metadata = provider.optimize_metadata(provider.write_script(req), req)
    assert tags_length(metadata.tags) <= TAGS_MAX_CHARS
    assert len({t.lower() for t in metadata.tags}) == len(metadata.tags)
    assert "Cloud Native Computing" in metadata.tags and "subject0" in metadata.tags


def test_sentence_case_topics_read_naturally_mid_sentence_and_names_keep_their_case():
    from ytempire.providers.script.interface import ScriptRequest
    from ytempire.providers.script.offline import OfflineScriptProvider

    phrase = OfflineScriptProvider().write_script(ScriptRequest(topic="How solar panels work", duration_seconds=60))
    assert " How solar panels work" not in phrase.narration
    assert "how solar panels work" in phrase.narration
    named = OfflineScriptProvider().write_script(ScriptRequest(topic="Kubernetes basics", duration_seconds=60))
    assert "kubernetes basics" not in named.narration and "Kubernetes basics" in named.narration


def test_a_review_topic_reads_lower_case_in_the_description_too():
    from ytempire.providers.script.interface import ScriptRequest
    from ytempire.providers.script.offline import OfflineScriptProvider

    provider = OfflineScriptProvider()
    request = ScriptRequest(topic="Review of the latest technology gadgets", duration_seconds=60)
    metadata = provider.optimize_metadata(provider.write_script(request), request)
    assert "about review of the latest technology gadgets" in metadata.description
