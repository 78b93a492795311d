"""The language machinery: the catalogue, the choice of language, dates, numbers, Latvian
alphabetical order and search that finds Latvian words however they are typed."""

from __future__ import annotations

import gettext
from datetime import date, datetime

import pytest
from babel.messages.pofile import read_po

from facilitator.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    _,
    choose_language,
    current_language,
    format_date,
    format_datetime,
    format_number,
    format_time,
    language_of_locale,
    matches,
    ngettext,
    pgettext,
    set_language,
    sort_key,
    strip_marks,
    system_language,
    translations,
)

# --- Sorting -----------------------------------------------------------------------------


def test_latvian_alphabetical_order() -> None:
    words = ["žurka", "zebra", "čūska", "cits", "ābols", "auns", "ņaudēt", "nauda", "šis",
             "suns", "ģimene", "gads", "ķirsis", "kaza", "ļoti", "lācis", "ērglis", "egle",
             "īss", "ieva", "ūdens", "upe"]  # fmt: skip
    assert sorted(words, key=lambda w: sort_key(w, "lv")) == [
        "ābols",  # ā sorts with a ...
        "auns",
        "cits",
        "čūska",  # ... but č is a letter of its own, after every c-word
        "egle",
        "ērglis",
        "gads",
        "ģimene",
        "ieva",
        "īss",
        "kaza",
        "ķirsis",
        "lācis",
        "ļoti",
        "nauda",
        "ņaudēt",
        "suns",
        "šis",
        "ūdens",
        "upe",
        "zebra",
        "žurka",
    ]


def test_latvian_order_ignores_case_first_and_marks_break_ties() -> None:
    words = ["Čaka", "cepure", "Cēsis", "cēsis", "Cesvaine", "ČAKA"]
    assert sorted(words, key=lambda w: sort_key(w, "lv")) == [
        "cepure",
        "cēsis",  # equal letters and marks: lower case first
        "Cēsis",
        "Cesvaine",
        "Čaka",
        "ČAKA",
    ]
    # Cēsis / Cesvaine: the marks only decide between otherwise equal words.
    assert sort_key("Cēsis", "lv") < sort_key("Cesvaine", "lv")


def test_english_order_sorts_marked_letters_with_plain_ones() -> None:
    words = ["Zebra", "čūska", "apple", "Ābols", "cat", "Šis", "sun"]
    assert sorted(words, key=lambda w: sort_key(w, "en")) == [
        "Ābols",
        "apple",
        "cat",
        "čūska",
        "Šis",
        "sun",
        "Zebra",
    ]


# --- Search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("riga", "Meeting in Rīga", True),  # typed without marks: finds the marked word
        ("RIGA", "Meeting in Rīga", True),
        ("rīga", "Meeting in RĪGA", True),  # any case, marks and all
        ("Ā", "ābols", True),
        ("ā", "ĀBOLS", True),
        ("ābols", "Ābols un bumbieri", True),
        ("rīga", "Meeting in Riga", False),  # a query with marks wants those marks
        ("cesis", "Cēsis", True),
        ("česis", "Cēsis", False),
        ("šis", "SIS", False),
        ("sis", "ŠIS", True),
        ("", "anything", True),
        ("x", "", False),
    ],
)
def test_search_in_any_case_with_and_without_marks(query: str, text: str, found: bool) -> None:
    assert matches(query, text) is found


def test_strip_marks() -> None:
    assert strip_marks("Ķegums, Ļaudona, Ņukši, Ģipka") == "Kegums, Laudona, Nuksi, Gipka"


# --- Dates, times and numbers ------------------------------------------------------------


def test_dates_times_and_numbers_per_language() -> None:
    day = date(2026, 11, 23)
    assert format_date(day, "lv") == "23.11.2026."
    assert format_date(day, "en") == "23 Nov 2026"
    assert format_date(date(2027, 1, 5), "lv") == "05.01.2027."
    assert format_date(date(2027, 1, 5), "en") == "5 Jan 2027"
    moment = datetime(2026, 11, 23, 14, 5)
    assert format_time(moment) == "14:05"
    assert format_datetime(moment, "lv") == "23.11.2026. 14:05"
    assert format_datetime(moment, "en") == "23 Nov 2026 14:05"
    assert format_number(2.375, "lv", 3) == "2,375"
    assert format_number(2.375, "en", 3) == "2.375"
    assert format_number(7.5, "lv") == "7,5"
    assert format_number(8, "en") == "8.0"


# --- Choosing the language ---------------------------------------------------------------


def test_choose_language_order() -> None:
    lv_system = {"LANG": "lv_LV.UTF-8"}
    assert choose_language("en", "lv", lv_system) == "en"  # --lang first
    assert choose_language(None, "en", lv_system) == "en"  # then the saved preference
    assert choose_language(None, None, lv_system) == "lv"  # then the system locale
    assert choose_language(None, "", {}) == "en"  # else English
    assert choose_language("de", "fr", {"LANG": "de_DE"}) == "en"  # languages it lacks


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANGUAGE": "lv:en", "LANG": "en_US.UTF-8"}, "lv"),
        ({"LC_ALL": "lv_LV.UTF-8", "LANG": "en_GB"}, "lv"),
        ({"LC_MESSAGES": "lv_LV", "LANG": "en_GB"}, "lv"),
        ({"LANG": "lv_LV.UTF-8"}, "lv"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "en", "LC_ALL": "lv_LV"}, "en"),  # the first one set decides
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_system_locale_read_as_gettext_reads_it(
    environ: dict[str, str], language: str | None
) -> None:
    assert system_language(environ) == language


def test_language_of_locale() -> None:
    assert language_of_locale("lv_LV.UTF-8") == "lv"
    assert language_of_locale("lv") == "lv"
    assert language_of_locale("C:lv") == "lv"
    assert language_of_locale("de:lv") is None
    assert language_of_locale("en@euro") == "en"


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("lv-LV", "lv"),
        ("lv.UTF-8", "lv"),
        ("C.UTF-8:lv", "lv"),
        ("POSIX:lv", "lv"),
        ("POSIX", None),
        ("en-GB:lv", "en"),
    ],
)
def test_a_locale_is_read_whatever_its_form(value: str, language: str | None) -> None:
    # The first part that names a language decides; C and POSIX name none.
    assert language_of_locale(value) == language


# --- The catalogue -----------------------------------------------------------------------


def test_the_compiled_catalogue_loads_and_translates() -> None:
    catalogue = translations("lv")
    assert isinstance(catalogue, gettext.GNUTranslations)
    assert catalogue.gettext("Minutes: {title}") == "Protokols: {title}"
    assert catalogue.pgettext("action status", "done") == "izpildīta"
    assert isinstance(translations("en"), gettext.NullTranslations)
    assert translations("de").gettext("Minutes: {title}") == "Minutes: {title}"


def test_set_language_switches_the_ui_words() -> None:
    assert current_language() == "en"
    assert _("Action items") == "Action items"
    assert set_language("lv") == "lv"
    assert _("Action items") == "Darbības"
    assert pgettext("participants", "Present") == "Piedalījās"
    assert _("") == ""  # never the catalogue's header
    assert set_language("de") == "en"
    assert current_language() == "en"


@pytest.mark.parametrize(
    ("n", "form"),
    [(1, 0), (21, 0), (101, 0), (2, 1), (11, 1), (25, 1), (111, 1), (0, 2)],
)
def test_latvian_plural_forms(n: int, form: int) -> None:
    set_language("lv")
    forms = [
        "{n} gara darbība kodā saīsināta ar …; failos tā ir pilnībā.",
        "{n} garas darbības kodā saīsinātas ar …; failos tās ir pilnībā.",
        "{n} garu darbību kodā saīsināts ar …; failos tās ir pilnībā.",
    ]
    text = ngettext(
        "{n} long action shortened with … in the code; the files have it in full.",
        "{n} long actions shortened with … in the code; the files have them in full.",
        n,
    )
    assert text == forms[form]


def test_every_translation_in_the_po_file_is_in_the_compiled_one() -> None:
    for language in LANGUAGES:
        if language == "en":
            continue
        po = LOCALE_DIR / language / "LC_MESSAGES" / "facilitator.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        compiled = translations(language)
        for message in catalog:
            if not message.id or not message.string or isinstance(message.id, tuple):
                continue
            if message.context:
                assert compiled.pgettext(message.context, message.id) == message.string
            else:
                assert compiled.gettext(message.id) == message.string, message.id
