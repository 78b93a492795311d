"""A pupil's monthly time sheet, read back from its files as the school's clerk would: the
rows, the total, the seed's column names in Latvian and English, missing hours marked, the
cooperation evaluation after the last meeting; and `facilitator timesheet` and `hours`."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.documents.formats import parse_formats
from facilitator.documents.time_sheet import TimeSheetWriter
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import MeetingDetails, SeriesKind
from facilitator.programme.pupil_records import confirm_hours, read_month_sheet
from facilitator.programme.series import Series
from facilitator.programme.series_store import SeriesError, SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_document_formats import html_reading, word_reading
from tests.unit.test_export import cell_texts

COLUMNS = {
    "en": [
        "Date",
        "Number of hours",
        "Topic or intended results",
        "Minutes → proposed hours",
        "Support receiver's signature",
        "Support provider's signature",
    ],
    "lv": [
        "Datums",
        "Stundu skaits",
        "Tēma vai sasniedzamie rezultāti",
        "Minūtes → ieteiktās stundas",
        "Atbalsta saņēmēja paraksts",
        "Atbalsta sniedzēja paraksts",
    ],
}


@dataclass
class PupilMonth:
    """A pupil's series with three meetings: two in November, one in December."""

    store: SeriesStore
    series: Series
    ids: list[str]


def meet(
    store: SeriesStore,
    series: Series,
    clock: FakeClock,
    agenda_id: str,
    date: str,
    title: str,
    minutes: int,
    lines: tuple[str, ...] = (),
    participants: list[Participant] | None = None,
) -> str:
    """One meeting of `minutes` running time, its lines typed in the last-but-one block."""
    agenda = AgendaLibrary.discover(store.paths).find(agenda_id)
    assert agenda is not None
    details = MeetingDetails(title=title, date=date, participants=participants or [])
    meeting = Meeting(store.start_session(series, agenda, details), clock)
    meeting.start()
    meeting.go_to(len(meeting.blocks) - 2)
    for line in lines:
        meeting.capture(line)
    clock.advance(minutes * 60)
    meeting.finish()
    meeting.close()
    return meeting.session.id


def pupil_month(paths: DataPaths, clock: FakeClock, language: str) -> PupilMonth:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    series = store.create(
        "Jānis Čakste 2026/27 I",
        SeriesKind.PUPIL,
        mentee="Jānis Čakste",
        mentor="Dace Ozola",
        school="Valmieras 2. vidusskola",
        semester="2026/27 I",
        language=language,
    )
    meeting = f"school-mentoring-meeting-{language}"
    last = f"school-mentoring-last-meeting-{language}"
    first = meet(store, series, clock, meeting, "2026-11-05", "Pastaiga un iepazīšanās", 42)
    second = meet(store, series, clock, meeting, "2026-11-19", "Karjeras dienasgrāmata", 75)
    third = meet(
        store,
        series,
        clock,
        last,
        "2026-12-03",
        "Noslēgums",
        40,
        ("Sadarbība bija laba; iesaku turpināt nākamajā semestrī.", "~ Ģimenes lietas"),
    )
    confirm_hours(store.sessions, first, 1)
    confirm_hours(store.sessions, third, 1)
    return PupilMonth(store, series, [first, second, third])


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_sheet_has_a_row_a_meeting_the_total_and_missing_hours_marked(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    month = pupil_month(paths, clock, language)
    sheet = read_month_sheet(month.store, month.series, "2026-11", clock)
    written = TimeSheetWriter(sheet).write(paths.exports, parse_formats("md,html,docx"))
    assert [p.name for p in written] == [
        "2026-11-janis-cakste-time-sheet.md",
        "2026-11-janis-cakste-time-sheet.html",
        "2026-11-janis-cakste-time-sheet.docx",
    ]
    md, page, word = written
    missing = {"en": "missing", "lv": "trūkst"}[language]
    dates = {"en": ["5 Nov 2026", "19 Nov 2026"], "lv": ["05.11.2026.", "19.11.2026."]}
    total = {"en": "Total", "lv": "Kopā"}[language]
    expected = [
        COLUMNS[language],
        [dates[language][0], "1", "Pastaiga un iepazīšanās", "42 min → 1", "", ""],
        [dates[language][1], missing, "Karjeras dienasgrāmata", "75 min → 2", "", ""],
        [total, "1", "", "", "", ""],
    ]
    text = md.read_text(encoding="utf-8")
    assert cell_texts(text) == expected
    assert html_reading(page.read_text(encoding="utf-8")).tables == [expected]
    _headings, tables, everything = word_reading(word.read_bytes())
    assert tables == [expected]
    # In Word, a meeting's row leaves room to sign by hand; the heading and total do not.
    rows = docx.Document(io.BytesIO(word.read_bytes())).tables[0].rows
    assert [row.height is not None and row.height >= Cm(1) for row in rows] == [
        False,
        True,
        True,
        False,
    ]
    for words in (text, everything):
        assert "Jānis Čakste" in words and "Valmieras 2. vidusskola" in words
        assert "40" in words  # the rule behind the hours is stated
    # No December meeting, and no evaluation before the last meeting's month.
    assert "Noslēgums" not in text
    heading = {"en": "cooperation evaluation", "lv": "sadarbības izvērtējums"}[language]
    assert heading not in text.casefold()


def test_the_last_months_sheet_ends_with_the_cooperation_evaluation(
    paths: DataPaths, clock: FakeClock
) -> None:
    month = pupil_month(paths, clock, "lv")
    sheet = read_month_sheet(month.store, month.series, "2026-12", clock)
    text = TimeSheetWriter(sheet).time_sheet()
    evaluation = text.split("## Atbalsta sniedzēja sadarbības izvērtējums (pēc IAP īstenošanas)")
    assert len(evaluation) == 2
    assert "Sadarbība bija laba; iesaku turpināt nākamajā semestrī." in evaluation[1]
    assert "Ģimenes" not in text  # a confidential line never reaches the school
    assert cell_texts(text)[1][:3] == ["03.12.2026.", "1", "Noslēgums"]


def test_the_rules_are_noted_on_the_sheet_never_refused(paths: DataPaths, clock: FakeClock) -> None:
    month = pupil_month(paths, clock, "en")
    two = [Participant("Jānis Čakste", "pupil"), Participant("Anna Šmite", "pupil")]
    crowded = meet(
        month.store,
        month.series,
        clock,
        "school-mentoring-meeting-en",
        "2026-11-26",
        "Museum visit",
        800,
        participants=two,
    )
    confirm_hours(month.store.sessions, crowded, 20)
    sheet = read_month_sheet(month.store, month.series, "2026-11", clock)
    text = TimeSheetWriter(sheet).time_sheet()
    assert "21 academic hours this month: over the programme's 20 per pupil per month." in text
    assert "26 Nov 2026: 2 pupils at the meeting (Jānis Čakste, Anna Šmite)" in text
    assert cell_texts(text)[-1][:2] == ["Total", "21"]


def test_a_series_that_is_not_a_pupils_has_no_time_sheet(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    visits = store.create("IncluCities Cēsis", SeriesKind.VISITS)
    with pytest.raises(SeriesError, match="not a pupil's series"):
        read_month_sheet(store, visits, "2026-11", clock)


def test_hours_are_whole_numbers_from_one(paths: DataPaths, clock: FakeClock) -> None:
    month = pupil_month(paths, clock, "en")
    for wrong in (0, -1, 21):
        with pytest.raises(ValueError, match="whole number from 1 to 20"):
            confirm_hours(month.store.sessions, month.ids[1], wrong)
    sheet = read_month_sheet(month.store, month.series, "2026-11", clock)
    assert [m.hours for m in sheet.meetings] == [1, None]


def test_timesheet_and_hours_on_the_command_line(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    month = pupil_month(paths, clock, "lv")
    assert main(["series", "show", "Jānis Čakste 2026/27 I", "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "Pupil: Jānis Čakste" in shown and "School or youth centre: Valmieras" in shown
    assert "Semester: 2026/27 I" in shown and "[" in shown and "pupil]" in shown
    out = tmp_path / "out"
    command = ["timesheet", "jānis čakste 2026/27 i", "--month", "2026-11", "--out", str(out)]
    assert main([*command, "--format", "md,html", "--lang", "lv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == [
        str(out / "2026-11-janis-cakste-time-sheet.md"),
        str(out / "2026-11-janis-cakste-time-sheet.html"),
    ]
    assert f"facilitator hours {month.ids[1]} N" in captured.err  # the meeting still to confirm

    assert main(["hours", month.ids[1][:30], "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "75 min, proposed 2 academic hours" in shown and "No hours confirmed yet" in shown
    assert main(["hours", month.ids[1], "2", "--lang", "en"]) == 0
    assert "2 academic hours confirmed" in capsys.readouterr().out
    assert main([*command, "--format", "md", "--lang", "lv"]) == 0
    again = Path(capsys.readouterr().out.strip())
    assert again.name == "2026-11-janis-cakste-time-sheet-2.md"  # the first one is kept
    assert cell_texts(again.read_text(encoding="utf-8"))[-1][:2] == ["Kopā", "3"]


def test_a_month_without_meetings_gives_a_message_not_an_empty_sheet(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pupil_month(paths, clock, "en")
    out = tmp_path / "out"
    command = ["timesheet", "Jānis Čakste 2026/27 I", "--out", str(out), "--lang", "en"]
    assert main([*command, "--month", "2027-01"]) == 1
    captured = capsys.readouterr()
    assert "Jānis Čakste has no meetings in 2027-01" in captured.err
    assert captured.out == "" and not out.exists()
    assert main([*command, "--month", "2027-13"]) == 2
    assert "`2027-13` is not a month written YYYY-MM" in capsys.readouterr().err


def test_the_minutes_time_record_says_what_was_confirmed(
    paths: DataPaths, clock: FakeClock
) -> None:
    month = pupil_month(paths, clock, "en")
    second = month.ids[1]  # 75 min: 2 proposed, not confirmed

    def time_record() -> str:
        meeting = Meeting(month.store.sessions.open(second), clock)
        try:
            return meeting.writer().minutes().split("## Time record")[1]
        finally:
            meeting.close()

    before = time_record()
    assert "| 19 Nov 2026 | 2 | Karjeras dienasgrāmata |" in before
    assert "Not confirmed yet" in before
    confirm_hours(month.store.sessions, second, 3)
    after = time_record()
    assert "| 19 Nov 2026 | 3 | Karjeras dienasgrāmata |" in after
    assert "Confirmed by the mentor for the time sheet: 3." in after
    assert "Not confirmed yet" not in after
