"""The narration languages we accept, and how a `video_config.language` code is resolved.

Only languages the bundled espeak-ng data really ships are listed (the `espeakng-loader` wheel,
`espeak-ng-data/lang/…`), so the offline voice can speak every one of them and a request is
refused at the door rather than failing in the voice stage. Japanese and Mandarin are left out on
purpose: espeak-ng reads only kana for Japanese and its Mandarin is not usable for narration.
"""
from __future__ import annotations

from dataclasses import dataclass

from ytempire.common.provider_errors import PermanentProviderError


@dataclass(frozen=True)
class LanguageInfo:
    code: str                         # canonical BCP-47 code, e.g. "pt-BR"
    espeak_voice: str                 # espeak-ng voice identifier, e.g. "pt-br"
    name: str                         # human name for menus and error messages


# Order matters: for a bare primary tag ("pt") the first entry with that tag wins.
SUPPORTED_LANGUAGES: dict[str, LanguageInfo] = {
    info.code: info
    for info in (
        LanguageInfo("en-US", "en-us", "English (United States)"),
        LanguageInfo("en-GB", "en", "English (United Kingdom)"),
        LanguageInfo("es-ES", "es", "Spanish (Spain)"),
        LanguageInfo("es-MX", "es-419", "Spanish (Latin America)"),
        LanguageInfo("fr-FR", "fr", "French (France)"),
        LanguageInfo("fr-BE", "fr-be", "French (Belgium)"),
        LanguageInfo("de-DE", "de", "German"),
        LanguageInfo("it-IT", "it", "Italian"),
        LanguageInfo("pt-BR", "pt-br", "Portuguese (Brazil)"),
        LanguageInfo("pt-PT", "pt", "Portuguese (Portugal)"),
        LanguageInfo("nl-NL", "nl", "Dutch"),
        LanguageInfo("pl-PL", "pl", "Polish"),
        LanguageInfo("hi-IN", "hi", "Hindi"),
        LanguageInfo("ru-RU", "ru", "Russian"),
        LanguageInfo("uk-UA", "uk", "Ukrainian"),
        LanguageInfo("sv-SE", "sv", "Swedish"),
        LanguageInfo("da-DK", "da", "Danish"),
        LanguageInfo("nb-NO", "nb", "Norwegian Bokmål"),
        LanguageInfo("fi-FI", "fi", "Finnish"),
        LanguageInfo("cs-CZ", "cs", "Czech"),
        LanguageInfo("ro-RO", "ro", "Romanian"),
        LanguageInfo("hu-HU", "hu", "Hungarian"),
        LanguageInfo("el-GR", "el", "Greek"),
        LanguageInfo("tr-TR", "tr", "Turkish"),
        LanguageInfo("id-ID", "id", "Indonesian"),
        LanguageInfo("vi-VN", "vi", "Vietnamese"),
    )
}



def _defaults_for_primary_tags() -> dict[str, str]:
    defaults: dict[str, str] = {}
    for code in SUPPORTED_LANGUAGES:
        defaults.setdefault(code.split("-")[0], code)
    return defaults


_DEFAULT_FOR_PRIMARY = _defaults_for_primary_tags()


class UnsupportedLanguage(PermanentProviderError, ValueError):
    """A language code we cannot narrate.

    A ValueError, so request validation can report it as a bad field; a PermanentProviderError,
    so a stage that meets it fails the job instead of retrying.
    """

    def __init__(self, code: object):
        self.code = code
        super().__init__(f"Unsupported language {code!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}")


def _canonical_case(code: str) -> str:
    """BCP-47 case conventions: language lower, script Title, region upper ("zh-hant-tw" → "zh-Hant-TW")."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def resolve_language(code: str) -> str:
    """Return the canonical supported code for `code` ("en-us" → "en-US", "es" → "es-ES")."""
    if not isinstance(code, str) or not code.strip():
        raise UnsupportedLanguage(code)
    canonical = _canonical_case(code)
    if canonical in SUPPORTED_LANGUAGES:
        return canonical
    if "-" not in canonical and canonical in _DEFAULT_FOR_PRIMARY:
        return _DEFAULT_FOR_PRIMARY[canonical]
    raise UnsupportedLanguage(code)


def language_info(code: str) -> LanguageInfo:
    """The `LanguageInfo` for any code `resolve_language` accepts."""
    return SUPPORTED_LANGUAGES[resolve_language(code)]
