"""The catalogs of the reader's words (newsdesk/locale), for `manage.py update_translations`
and the tests that keep them complete. Babel is a development tool: imported here only."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# Marked besides Babel's own keywords (_, gettext, ngettext, ...): constants, translated when used.
EXTRA_KEYWORDS = ("gettext_lazy", "gettext_noop")
KEYWORD_OPTIONS = [option for name in EXTRA_KEYWORDS for option in ("--keywords", name)]
SOURCE_LANGUAGE = "en"  # the words as the code and templates write them


def translated_languages() -> list[str]:
    """The languages with a catalog: every language of settings.LANGUAGES but the source's."""
    return [code for code, _ in settings.LANGUAGES if code.split("-")[0] != SOURCE_LANGUAGE]


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_catalog(language: str):
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def untranslated(language: str) -> list[str]:
    """The messages of a catalog with no translation, or only a guessed (fuzzy) one."""
    left = []
    for message in read_catalog(language):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(forms)):
            left.append(str(message.id))
    return left


def extracted() -> set[str]:
    """Every message marked in the code and templates now (the first form of a plural)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (LOCALE_DIR / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, **dict.fromkeys(EXTRA_KEYWORDS)}
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        LOCALE_DIR.parent, method_map, options_map, keywords=keywords
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages
