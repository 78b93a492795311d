"""The school mentoring programme's rules, told where they happen: starting a meeting that
takes a pupil past 20 academic hours in a month, a mentor's 7th pupil in a semester, two
pupils at once. Warnings, never refusals: the session is created all the same."""

from __future__ import annotations

from facilitator.agenda.library import AgendaLibrary
from facilitator.documents.time_sheet import TimeSheetWriter
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import MeetingDetails, SeriesKind
from facilitator.programme.launch import Launch, NoticeKind, create_to_run
from facilitator.programme.pupil_records import confirm_hours, read_month_sheet
from facilitator.programme.series import Series
from facilitator.storage.paths import DataPaths
from facilitator.workspace import Workspace
from tests.helpers import FakeClock
from tests.unit.test_time_sheet import meet


def pupil(workspace: Workspace, name: str, mentor: str = "Dace Ozola") -> Series:
    return workspace.series.create(
        f"{name} 2026/27 I",
        SeriesKind.PUPIL,
        mentee=name,
        mentor=mentor,
        semester="2026/27 I",
    )


def start(workspace: Workspace, series: Series, details: MeetingDetails | None = None) -> Launch:
    agenda = AgendaLibrary.discover(workspace.paths).find("school-mentoring-meeting-en")
    assert agenda is not None
    wanted = details or MeetingDetails(date="2026-11-27")
    launch = create_to_run(workspace, agenda, wanted, series=series.id)
    assert launch.session is not None  # a warning never stops the meeting
    launch.session.close()
    return launch


def rules(launch: Launch) -> list[str]:
    return [n.text for n in launch.notices if n.kind is NoticeKind.RULE]


def test_a_meeting_past_20_hours_in_the_month_is_warned_of(
    paths: DataPaths, clock: FakeClock
) -> None:
    workspace = Workspace(paths, clock)
    janis = pupil(workspace, "Jānis Čakste")
    agenda = "school-mentoring-meeting-en"
    done = meet(workspace.series, janis, clock, agenda, "2026-11-05", "Walk", 40)
    confirm_hours(workspace.sessions, done, 19)
    assert rules(start(workspace, janis)) == []  # 19 + 1 = 20: within the rule
    confirm_hours(workspace.sessions, done, 20)
    (warning,) = rules(start(workspace, janis))
    assert warning.startswith("Jānis Čakste would have 21 academic hours this month")
    # Another month starts from nothing.
    assert rules(start(workspace, janis, MeetingDetails(date="2026-12-01"))) == []


def test_a_mentors_seventh_pupil_in_a_semester_is_warned_of(
    paths: DataPaths, clock: FakeClock
) -> None:
    workspace = Workspace(paths, clock)
    names = ["Anna", "Čaba", "Cilda", "Šarlote", "Sandis", "Zane", "Žanis"]
    every = []
    for name in names:
        every.append(pupil(workspace, name))
        clock.advance(60)
    other = pupil(workspace, "Ēriks", mentor="Ilze Kalniņa")
    assert rules(start(workspace, every[5])) == []
    (warning,) = rules(start(workspace, every[6]))
    assert warning.startswith("Žanis is Dace Ozola's pupil number 7 in the semester 2026/27 I")
    assert rules(start(workspace, other)) == []
    # The seventh pupil's time sheet says so too; the sixth's does not.
    for series in (every[5], every[6]):
        sheet = read_month_sheet(workspace.series, series, "2026-11", clock)
        notes = TimeSheetWriter(sheet).time_sheet().split("## Notes on the programme's rules")
        assert len(notes) == (2 if series is every[6] else 1)
    assert "pupil number 7 in the semester: over the programme's 6" in notes[1]


def test_two_pupils_at_one_meeting_are_warned_of(paths: DataPaths, clock: FakeClock) -> None:
    workspace = Workspace(paths, clock)
    janis = pupil(workspace, "Jānis Čakste")
    two = MeetingDetails(date="2026-11-27", participants=[Participant("Anna Šmite", "skolniece")])
    (warning,) = rules(start(workspace, janis, two))
    assert warning.startswith("2 pupils are at this meeting")


def test_other_series_hear_nothing_of_the_pupils_rules(paths: DataPaths, clock: FakeClock) -> None:
    workspace = Workspace(paths, clock)
    visits = workspace.series.create("IncluCities Cēsis", SeriesKind.VISITS)
    two = MeetingDetails(
        date="2026-11-27",
        participants=[Participant("Anna", "mentee"), Participant("Jānis", "mentee")],
    )
    assert rules(start(workspace, visits, two)) == []
