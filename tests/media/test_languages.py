"""Language codes from `video_config.language` resolve to a supported narration language or fail clearly."""
import pytest

from ytempire.common.provider_errors import PermanentProviderError
from ytempire.text.languages import SUPPORTED_LANGUAGES, UnsupportedLanguage, language_info, resolve_language


@pytest.mark.parametrize("given, expected", [
    ("en-US", "en-US"), ("en-us", "en-US"), ("EN-us", "en-US"), ("en_GB", "en-GB"),
    ("pt-br", "pt-BR"), (" de-de ", "de-DE"), ("es-mx", "es-MX"),
])
def test_resolve_language_normalizes_case_and_separator(given, expected):
    assert resolve_language(given) == expected


@pytest.mark.parametrize("given, expected", [
    ("es", "es-ES"), ("en", "en-US"), ("EN", "en-US"), ("pt", "pt-BR"), ("fr", "fr-FR"), ("hi", "hi-IN"),
])
def test_bare_primary_tag_resolves_to_its_main_region(given, expected):
    assert resolve_language(given) == expected


@pytest.mark.parametrize("given", ["xx", "en-AU", "zh-CN", "ja", "", "   ", None, 42, "english"])
def test_unsupported_language_is_a_value_error_listing_supported_codes(given):
    with pytest.raises(UnsupportedLanguage) as caught:
        resolve_language(given)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, PermanentProviderError)   # the voice stage fails, it does not retry
    message = str(caught.value)
    assert repr(given) in message
    assert all(code in message for code in SUPPORTED_LANGUAGES)


def test_supported_languages_cover_the_required_set():
    required = {"en-US", "en-GB", "es-ES", "fr-FR", "de-DE", "it-IT", "pt-BR", "nl-NL", "pl-PL", "hi-IN"}
    assert required <= set(SUPPORTED_LANGUAGES)


def test_every_entry_is_keyed_by_its_canonical_code():
    for code, info in SUPPORTED_LANGUAGES.items():
        assert info.code == code == resolve_language(code.lower())
        assert info.espeak_voice and info.name


def test_language_info_returns_the_espeak_voice():
    assert language_info("pt-br").espeak_voice == "pt-br"
    assert language_info("en-GB").espeak_voice == "en"      # espeak-ng's "en" is British English
