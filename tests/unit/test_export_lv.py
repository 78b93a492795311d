"""Documents in their session's language whatever the screens speak, and the words around
them (durations, roles, agenda problems) in the language asked for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.agenda.blocks import KIND_NAMES, KNOWN_KINDS
from facilitator.agenda.cache import ParsedAgendaCache
from facilitator.agenda.duration import DurationError, parse_duration
from facilitator.agenda.library import AgendaLibrary, load_file
from facilitator.agenda.model import BlockKind, Duration, format_seconds
from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError
from facilitator.documents.minutes import MinutesWriter
from facilitator.documents.qr import no_actions_text, take_away
from facilitator.i18n import _, current_language, set_language
from facilitator.meeting.participants import (
    Participant,
    canonical_role,
    format_participants,
    parse_participants,
    role_name,
)
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock
from tests.unit.test_export import GOLDEN, run_first_session, run_meeting

OTHER = {"en": "lv", "lv": "en"}


@pytest.mark.parametrize("language", ["en", "lv"])
def test_documents_follow_the_session_language_not_the_ui_language(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    first = run_first_session(paths, clock, language).writer()
    meeting = run_meeting(paths, FakeClock(), f"getting-to-know-{language}").writer()
    set_language(OTHER[language])  # the facilitator switched the screens' language
    assert current_language() == OTHER[language]
    for writer, name in ((first, "first-session"), (meeting, "getting-to-know")):
        minutes = (GOLDEN / f"{name}-{language}-minutes.md").read_text(encoding="utf-8")
        plan = (GOLDEN / f"{name}-{language}-action-plan.md").read_text(encoding="utf-8")
        assert writer.minutes() == minutes
        assert writer.action_plan() == plan


def test_an_english_session_exports_in_english_from_a_latvian_ui(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    writer = run_first_session(paths, clock, "en").writer()
    set_language("lv")
    minutes_path, plan_path = writer.write(tmp_path)
    minutes = minutes_path.read_text(encoding="utf-8")
    assert minutes.startswith("# Minutes: ")
    assert "Protokols" not in minutes and "Darbības" not in minutes
    assert "| 3 | " in minutes and "skipped (1:00)" in minutes
    assert "- **Date:** 24 Nov 2026" in minutes
    assert plan_path.read_text(encoding="utf-8").startswith("# Draft action plan: ")
    # The take-away code too: it leaves the room in the meeting's language.
    assert take_away(writer).texts[0].startswith("Action items: ")


def test_a_latvian_session_writes_latvian_words_dates_and_numbers(
    paths: DataPaths, clock: FakeClock
) -> None:
    writer = run_first_session(paths, clock, "lv", academic=True).writer()
    minutes = writer.minutes()
    assert "- **Datums:** 24.11.2026." in minutes
    assert "- **Laiks:** 14:00–" in minutes
    assert "Dace Ozola (mentors)" in minutes
    assert "Rita (koordinators)" in minutes
    assert "Toms (HR partner)" in minutes  # a free-text role stays as typed
    assert "2,375 akadēmiskās stundas" in minutes
    assert "_1 konfidenciāls ieraksts netika iekļauts šajā protokolā._" in minutes
    for english in ("Minutes", "Decision", "Action items", "Present", "skipped", "open |"):
        assert english not in minutes
    assert take_away(writer).texts[0].startswith("Darbības: ")


@pytest.mark.parametrize(
    ("n", "minutes", "plan"),
    [
        (1, "1 konfidenciāls ieraksts netika iekļauts", "1 konfidenciāla darbība netika iekļauta"),
        (
            2,
            "2 konfidenciāli ieraksti netika iekļauti",
            "2 konfidenciālas darbības netika iekļautas",
        ),
        (11, "11 konfidenciāli ieraksti", "11 konfidenciālas darbības"),
        (21, "21 konfidenciāls ieraksts", "21 konfidenciāla darbība"),
    ],
)
def test_left_out_counts_take_the_latvian_plural_forms(
    paths: DataPaths, clock: FakeClock, n: int, minutes: str, plan: str
) -> None:
    writer = run_first_session(paths, clock, "lv").writer()
    model = next(e for e in writer.entries if e.kind.value == "action")
    secret = [replace(model, id=f"secret-{i}", confidential=True) for i in range(n)]
    shared = [e for e in writer.entries if not e.confidential]
    counted = MinutesWriter(writer.info, shared + secret, writer.clock)
    assert minutes in counted.minutes()
    assert plan in counted.action_plan()


@pytest.mark.parametrize("language", ["en", "lv"])
def test_a_session_in_a_series_gives_the_plan_version_not_draft_1(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    writer = run_first_session(paths, clock, language).writer()
    one_off = writer.action_plan()
    assert ("draft 1" if language == "en" else "projekts 1") in one_off
    info = replace(writer.info, series_id="inclucities", series_number=3)
    in_series = MinutesWriter(info, writer.entries, writer.clock).action_plan()
    version = "version 3" if language == "en" else "versija 3"
    assert f"24 Nov 2026, {version}" in in_series or f"24.11.2026., {version}" in in_series
    assert "draft" not in in_series and "projekts 1" not in in_series


@pytest.mark.parametrize(
    ("duration", "en", "lv"),
    [
        (Duration(360, 360), "6 min", "6 min"),
        (Duration(600, 900), "10-15 min", "10-15 min"),
        (Duration(5400, 5400), "1 h 30 min", "1 st. 30 min"),
        (Duration(3600, 3600), "1 h", "1 st."),
        (Duration(20, 20), "20 s", "20 s"),
        (Duration(90, 150), "1 min 30 s – 2 min 30 s", "1 min 30 s – 2 min 30 s"),
        # A range in the same units as a fixed duration, sharing what both ends share.
        (Duration(3600, 5400), "1 h – 1 h 30 min", "1 st. – 1 st. 30 min"),
        (Duration(9900, 10200), "2 h 45-50 min", "2 st. 45-50 min"),
        (Duration(7200, 10800), "2-3 h", "2-3 st."),
        (Duration(2700, 4500), "45 min – 1 h 15 min", "45 min – 1 st. 15 min"),
    ],
)
def test_durations_in_either_language(duration: Duration, en: str, lv: str) -> None:
    assert duration.describe("en") == en
    assert duration.describe("lv") == lv
    assert duration.describe() == en  # the UI language by default
    set_language("lv")
    assert duration.describe() == lv
    assert duration.describe("en") == en  # an export asks for its session's language


def test_a_latvian_duration_reads_back() -> None:
    for seconds in (20, 360, 3600, 5400, 5430):
        text = format_seconds(seconds, "lv")
        assert parse_duration(text) == Duration(seconds, seconds), text


def test_block_kinds_have_names_in_both_languages() -> None:
    assert BlockKind.ACTION_PLANNING.describe("en") == "action planning"
    assert BlockKind.BREAK.describe("lv") == "pārtraukums"
    set_language("lv")
    assert [kind.describe() for kind in BlockKind] == [
        "saruna",
        "pārtraukums",
        "rīcības plānošana",
        "refleksija",
        "pārskats",
        "prezentācija",
        "vizīte",
        "intervija",
    ]


def test_roles_show_in_the_ui_language_and_read_back_in_either() -> None:
    people = [
        Participant("Anna", "mentor"),
        Participant("Jānis", "mentee", attended=False),
        Participant("Ilze", "support-group"),
        Participant("Toms", "HR partner"),
    ]
    english = format_participants(people)
    assert english == (
        "Anna (mentor), Jānis (mentee, absent), Ilze (support-group member), Toms (HR partner)"
    )
    set_language("lv")
    latvian = format_participants(people)
    assert latvian == (
        "Anna (mentors), Jānis (mentorējamais, nepiedalījās), "
        "Ilze (atbalsta grupas dalībnieks), Toms (HR partner)"
    )

    def same(read: list[Participant]) -> list[tuple[str, str, bool]]:
        return [(p.name, canonical_role(p.role), p.attended) for p in read]

    # Read back, each is the same person with the same role (a Latvian role as typed).
    assert same(parse_participants(latvian)) == same(people)
    assert parse_participants(english) == people
    assert role_name("observer") == "novērotājs"
    assert role_name("observer", "en") == "observer"
    assert canonical_role("Mentorējamais") == "mentee"


def test_a_latvian_role_keeps_the_form_that_was_typed_and_absence_its_common_words() -> None:
    set_language("lv")
    people = parse_participants(
        "Anna (mentore), Jānis (skolēns, nav ieradies), Ilze (gadījuma vadītāja, neieradās), "
        "Pēteris (politiķis), Marta (vecāks vai aizbildnis)"
    )
    assert [p.attended for p in people] == [True, False, False, True, True]
    assert [canonical_role(p.role) for p in people] == [
        "mentor",
        "pupil",
        "case-manager",
        "politician",
        "parent",
    ]
    assert format_participants(people) == (
        "Anna (mentore), Jānis (skolēns, nepiedalījās), Ilze (gadījuma vadītāja, nepiedalījās), "
        "Pēteris (politiķis), Marta (vecāks vai aizbildnis)"
    )
    assert format_participants(people, "en") == (
        "Anna (mentor), Jānis (pupil, absent), Ilze (case manager, absent), "
        "Pēteris (politician), Marta (parent or guardian)"
    )


BROKEN = """---
id: broken
title: Broken
colour: blue
---

## Welcome
Duration: soon
"""


def test_agenda_problems_are_worded_when_shown(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as caught:
        parse_agenda(BROKEN, "broken.md")
    problems = caught.value.problems
    english = [str(p) for p in problems]
    assert english == [
        "broken.md:4: warning: unknown header key `colour` (ignored)",
        "broken.md:8: block `Welcome`: cannot read the duration `soon`; write for example "
        "`6 min`, `1 h 30 min` or `10-15 min`",
    ]
    set_language("lv")
    assert [str(p) for p in problems] == [
        "broken.md:4: brīdinājums: nezināma galvenes atslēga `colour` (netiek ņemta vērā)",
        "broken.md:8: daļa `Welcome`: nevar nolasīt ilgumu `soon`; raksti, piemēram, "
        "`6 min`, `1 st. 30 min` vai `10-15 min`",
    ]
    assert "nevar nolasīt ilgumu `soon`" in str(caught.value)


def test_cached_problems_take_the_language_of_the_moment_they_are_shown(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "agendas"
    folder.mkdir()
    (folder / "broken.md").write_text(BROKEN, encoding="utf-8")
    cache_path = tmp_path / "cache" / "agendas.json"
    first = AgendaLibrary.load([(folder, "user")], ParsedAgendaCache(cache_path))
    assert "cannot read the duration" in first.files[0].errors[0].message
    set_language("lv")
    cache = ParsedAgendaCache(cache_path)
    assert cache.get(folder / "broken.md") is not None  # from the cache, not parsed again
    again = load_file(folder / "broken.md", "user", cache)
    assert "nevar nolasīt ilgumu `soon`" in again.errors[0].message


def test_duration_errors_speak_the_ui_language() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("10 parsecs")
    assert str(caught.value) == "unknown time unit `parsecs` in `10 parsecs`; use `min`, `h` or `s`"
    set_language("lv")
    assert str(caught.value) == (
        "nezināma laika mērvienība `parsecs` ilgumā `10 parsecs`; lieto `min`, `st.` vai `s`"
    )


def test_no_actions_text_in_either_language() -> None:
    assert no_actions_text("en") == "No action items to take away."
    assert no_actions_text("lv") == "Nav darbību, ko paņemt līdzi."


@pytest.mark.parametrize("language", ["en", "lv"])
def test_an_unknown_block_kind_lists_the_words_of_the_language_shown(language: str) -> None:
    set_language(language)
    listed = [word.strip() for word in _(KNOWN_KINDS).split(",")]
    assert [KIND_NAMES[word] for word in listed] == list(BlockKind)
    agenda = "# A\n\n## One\nDuration: 5 min\nKind: dance\n"
    with pytest.raises(AgendaError) as caught:
        parse_agenda(agenda, "a.md")
    assert str(caught.value).endswith(", ".join(listed))
