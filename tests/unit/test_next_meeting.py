"""The next meeting: read from the form, shown in the minutes, written as an iCalendar file
that icalendar reads back; older session files open with none."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import icalendar
import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.live import Meeting
from facilitator.meeting.next_meeting import (
    NextMeetingForm,
    end_of,
    is_past,
    propose_prepare,
    read_next_meeting,
    read_times,
)
from facilitator.meeting.session import MeetingDetails, NextMeeting
from facilitator.storage.migration import _migrate_1_to_2, _migrate_2_to_3
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, session_tables

V1_FILE = Path(__file__).parent.parent / "data" / "session-v1.json"


def test_times_are_read_as_typed() -> None:
    assert read_times("") == ("", "")
    assert read_times("9:30") == ("09:30", "")
    assert read_times(" 10.00 – 11.30 ") == ("10:00", "11:30")
    assert read_times("10:00-11:30") == ("10:00", "11:30")
    for wrong in ("25:00", "10:00-09:00", "ten", "10:00-", "10:61"):
        with pytest.raises(CaptureError):
            read_times(wrong)


def test_the_form_becomes_a_next_meeting() -> None:
    form = NextMeetingForm("12.01.2027", "10:00-11:30", "  Cēsis   library ", "Bring the CV")
    meeting = read_next_meeting(form)
    assert meeting == NextMeeting("2027-01-12", "10:00", "11:30", "Cēsis library", "Bring the CV")
    with pytest.raises(CaptureError, match="date"):
        read_next_meeting(NextMeetingForm(""))
    with pytest.raises(CaptureError, match="not a real date"):
        read_next_meeting(NextMeetingForm("31.02.2027"))
    assert is_past(meeting, date(2027, 1, 13)) and not is_past(meeting, date(2027, 1, 12))


def test_with_no_end_the_meeting_lasts_as_planned() -> None:
    meeting = NextMeeting("2027-01-12", "10:00")
    assert end_of(meeting, 30 * 60) == datetime(2027, 1, 12, 10, 30)
    assert end_of(meeting, 0) == datetime(2027, 1, 12, 11, 0)
    assert end_of(NextMeeting("2027-01-12"), 600) is None


def run(paths: DataPaths, clock: FakeClock, language: str = "en") -> Meeting:
    agenda = AgendaLibrary.discover(paths).find(f"getting-to-know-{language}")
    assert agenda is not None
    session = SessionStore(paths, clock).create(agenda, MeetingDetails(place="Rīga"))
    meeting = Meeting(session, clock)
    meeting.start()
    meeting.capture("+ Share the CV @Jānis")
    meeting.capture("~ Jānis may change jobs")
    meeting.finish()
    meeting.capture("Next time: public speaking")
    return meeting


def test_the_form_proposes_what_to_prepare(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run(paths, clock)
    form = meeting.next_meeting_form("2027-01-12")
    assert form.date == "12.01.2027" and form.place == "Rīga"
    assert form.prepare == "Next time: public speaking; Share the CV (Jānis)"
    assert "change jobs" not in propose_prepare(meeting.entries(), len(meeting.blocks) - 1)
    meeting.close()


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_calendar_file_reads_back(
    paths: DataPaths, clock: FakeClock, tmp_path: Path, language: str
) -> None:
    meeting = run(paths, clock, language)
    prepare = "Sagatavot CV ar ģimenes ķēķa piemēru; žurnāls" if language == "lv" else "Bring CV"
    meeting.set_next_meeting(
        NextMeeting("2027-01-12", "10:00", "11:30", "Cēsu bibliotēka, 2. stāvs", prepare)
    )
    written = meeting.export(tmp_path / "out")
    meeting.close()
    ics = [p for p in written if p.suffix == ".ics"]
    assert len(ics) == 1 and ics[0].name.endswith("-next-meeting.ics")
    calendar = icalendar.Calendar.from_ical(ics[0].read_bytes())
    (event,) = calendar.walk("VEVENT")
    title = meeting.session.info.title
    summary = "Nākamā tikšanās" if language == "lv" else "Next meeting"
    assert str(event["summary"]) == f"{summary}: {title}"
    assert event.decoded("dtstart") == datetime(2027, 1, 12, 10, 0)  # floating: no zone
    assert event.decoded("dtend") == datetime(2027, 1, 12, 11, 30)
    assert event.decoded("dtstart").tzinfo is None
    assert str(event["location"]) == "Cēsu bibliotēka, 2. stāvs"
    assert prepare in str(event["description"])
    minutes = next(p for p in written if p.name.endswith("-minutes.md")).read_text("utf-8")
    heading = "## Nākamā tikšanās" if language == "lv" else "## Next meeting"
    section = minutes.split(heading, 1)[1].split("\n## ", 1)[0]
    assert "10:00–11:30" in section and "Cēsu bibliotēka" in section and prepare in section
    assert ("12.01.2027." if language == "lv" else "12 Jan 2027") in section


def test_a_meeting_with_no_time_is_a_whole_day(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    meeting = run(paths, clock)
    meeting.set_next_meeting(NextMeeting("2027-01-12"))
    written = meeting.export(tmp_path, formats=("md", "html"))
    meeting.close()
    (ics,) = [p for p in written if p.suffix == ".ics"]
    (event,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 1, 12)
    assert event.decoded("dtend") == date(2027, 1, 13)
    html = next(p for p in written if p.suffix == ".html").read_text("utf-8")
    assert "Next meeting" in html and "12 Jan 2027" in html


def test_no_next_meeting_no_calendar_file(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    meeting = run(paths, clock)
    written = meeting.export(tmp_path)
    meeting.close()
    assert not [p for p in written if p.suffix == ".ics"]
    assert "Next meeting" not in written[0].read_text("utf-8")


def test_the_next_meeting_is_stored_and_a_v3_file_opens(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run(paths, clock)
    meeting.set_next_meeting(NextMeeting("2027-01-12", "10:00", place="Rīga"))
    session_id = meeting.session.id
    meeting.close()
    reopened = SessionStore(paths, clock).open(session_id)
    assert reopened.info.next_meeting == NextMeeting("2027-01-12", "10:00", place="Rīga")
    reopened.close()
    # A file of schema 3 (no next meeting, never corrected, no concerns) opens, and keeps its
    # original.
    older = "20261123-1400-getting-to-know-lv"
    data = _migrate_2_to_3(_migrate_1_to_2(json.loads(V1_FILE.read_text(encoding="utf-8"))))
    data["meta"]["1"]["schema"] = 3
    paths.session_file(older).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    session = SessionStore(paths, clock).open(older, write=True)
    assert session.migrated_from == 3
    assert session.info.next_meeting is None and session.info.corrected_at is None
    session.close()
    raw = session_tables(paths.session_file(older))
    assert raw["meta"]["1"]["schema"] == 5 and raw["meta"]["1"]["next_meeting"] is None
    assert raw["entries"] and all(e["concern"] is False for e in raw["entries"].values())
    assert (paths.migrated / f"{older}.v3.json").exists()
    shutil.rmtree(paths.migrated)
