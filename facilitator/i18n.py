"""Every word the app shows or writes, in Latvian and in English.

The words come from a gettext catalogue (`facilitator/locale/lv/LC_MESSAGES/facilitator.po`,
compiled to `.mo` by `make messages`); the English text is the message id, so English needs
no catalogue of its own. Two languages are in play at once:

- the UI language (`_`, `ngettext`, `pgettext`): chosen by `--lang`, else the saved
  preference, else the system locale, else English; switched from the command palette;
- a session's language (`translations(session.language)`): its exports are written in it,
  whatever the UI shows.

Text marked with `N_` is only collected for the catalogue (binding descriptions are made
when a class is defined, before a language is chosen) and translated where it is shown.

Dates, numbers, sorting and search follow the language here too, so no screen or export
formats them its own way. Pure: no Textual.
"""

from __future__ import annotations

import gettext
import os
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "lv")
"""The languages the app speaks; English first: the fallback."""
LANGUAGE_NAMES = {"en": "English", "lv": "Latviešu"}
"""Each language in its own words (never translated: a user looks for their own)."""

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of `language`; English (the message ids) for anything else."""
    if language == "en" or language not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])


class _Current:
    language = "en"
    catalogue: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str) -> str:
    """Speak `language` from now on (English when it is not one of `LANGUAGES`); returns it."""
    chosen = language if language in LANGUAGES else "en"
    _Current.language = chosen
    _Current.catalogue = translations(chosen)
    return chosen


def current_language() -> str:
    """The UI language."""
    return _Current.language


def _(message: str) -> str:
    """`message` in the UI language (an empty text stays empty: gettext would give the
    catalogue's header)."""
    return _Current.catalogue.gettext(message) if message else message


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` things (Latvian has three)."""
    return _Current.catalogue.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the UI language, where the same English word needs two translations."""
    return _Current.catalogue.pgettext(context, message)


def language_of_locale(value: str) -> str | None:
    """`lv` for `lv_LV.UTF-8`, `lv` or `lv:en`; None for a language the app does not speak."""
    for part in value.split(":"):
        code = part.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
        if code in LANGUAGES:
            return code
        if code and code not in ("c", "posix"):
            return None
    return None


def system_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the system locale asks for, read as gettext reads it (`LANGUAGE`,
    `LC_ALL`, `LC_MESSAGES`, `LANG`: the first one set decides)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return language_of_locale(value)
    return None


def choose_language(
    requested: str | None, saved: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """`--lang`, else the saved preference, else the system locale, else English."""
    for candidate in (requested, saved, system_language(environ)):
        if candidate in LANGUAGES:
            return candidate
    return "en"


# --- Dates and numbers -------------------------------------------------------------------


def format_date(day: date, language: str) -> str:
    """`23.11.2026.` in Latvian, `23 Nov 2026` in English."""
    if language == "lv":
        return f"{day.day:02d}.{day.month:02d}.{day.year}."
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_iso_date(iso: str, language: str | None = None) -> str | None:
    """A stored ISO date (`2026-11-23`) as `language` (the UI language by default) writes
    it; None when the text is not an ISO date (callers show it as it is)."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    return format_date(day, language or current_language())


def format_time(moment: datetime) -> str:
    """`14:05` in both languages."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_minute(seconds: float) -> str:
    """A moment given as seconds since the epoch as `14:05` in local time, to the nearest
    minute: how the run screen and the documents both show when a meeting starts and
    ends (06:00:40 is `06:01` in both)."""
    return format_time(datetime.fromtimestamp(int(seconds / 60 + 0.5) * 60))


def format_datetime(moment: datetime, language: str) -> str:
    """`23.11.2026. 14:05` / `23 Nov 2026 14:05`."""
    return f"{format_date(moment.date(), language)} {format_time(moment)}"


def format_timestamp(seconds: float, language: str) -> str:
    """A moment given as seconds since the epoch, in local time."""
    return format_datetime(datetime.fromtimestamp(seconds), language)


def format_number(value: float, language: str, decimals: int = 1) -> str:
    """`2.4` in English, `2,4` in Latvian (a decimal comma)."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "lv" else text


# --- Sorting and search ------------------------------------------------------------------

# Latvian alphabetical order (as in Latvian dictionaries and CLDR): č, ģ, ķ, ļ, ņ, š and ž
# are letters of their own after c, g, k, l, n, s and z; ā, ē, ī and ū sort with a, e, i
# and u, and only break a tie (then after the plain letter).
_LV_LETTERS = {"č": "c", "ģ": "g", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s", "ž": "z"}


@cache
def _primary_lv(char: str) -> str:
    """How `char` sorts first in Latvian; kept per character, as a list sorts the same few
    dozen letters over and over."""
    base = _LV_LETTERS.get(char)
    if base is not None:
        return base + "\U0010ffff"  # after every word that goes on with the plain letter
    return strip_marks(char)


def sort_key(text: str, language: str) -> tuple[str, str, str]:
    """A key that orders texts alphabetically in `language`, ignoring case first.

    Three levels, as a dictionary orders: the letters, then the marks on them, then case.
    """
    folded = unicodedata.normalize("NFC", text).casefold()
    lv = language == "lv"
    primary = "".join(_primary_lv(c) for c in folded) if lv else strip_marks(folded)
    return (primary, folded, text.swapcase())


def strip_marks(text: str) -> str:
    """`text` without accents and other marks: `Rīga` -> `Riga`."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_form(text: str) -> str:
    """`text` as text search compares it: any case, with and without Latvian marks."""
    return unicodedata.normalize("NFC", text).casefold()


def matches(query: str, text: str) -> bool:
    """Whether `text` contains `query`, in any case. A query typed without marks (`riga`,
    on a keyboard without Latvian letters) also finds the marked word (`Rīga`); a query
    with marks finds only words with those marks."""
    wanted = search_form(query)
    haystack = search_form(text)
    if wanted in haystack:
        return True
    return wanted == strip_marks(wanted) and wanted in strip_marks(haystack)
