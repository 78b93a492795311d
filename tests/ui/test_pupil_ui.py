"""A pupil's meetings in the app: a rule the meeting goes past is told on the run screen
(as a warning: the meeting runs), and the read-only review confirms a meeting's hours (H)
and writes the pupil's time sheet (T)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails, SeriesKind
from facilitator.programme.launch import NoticeKind, create_to_run
from facilitator.programme.pupil_records import confirm_hours
from facilitator.screens.review import ReviewScreen
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.workspace import Workspace
from tests.helpers import FakeClock, app_on, flat, run_screen, screen_text, wait_until
from tests.unit.test_export import cell_texts
from tests.unit.test_time_sheet import meet


def toast(text: str) -> str:
    """The words of the notification on the screen (a box on the right, each row after
    its `▌`), wrapping undone."""
    rows = [line.rsplit("▌", 1)[1] for line in text.splitlines() if "▌" in line]
    return flat("\n".join(rows))


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_a_month_past_20_hours_is_told_when_the_meeting_opens(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    workspace = Workspace(paths, clock)
    series = workspace.series.create(
        "Jānis Čakste 2026/27 I", SeriesKind.PUPIL, mentee="Jānis Čakste", mentor="Dace Ozola"
    )
    agenda = AgendaLibrary.discover(paths).find("school-mentoring-meeting-en")
    assert agenda is not None
    done = meet(workspace.series, series, clock, agenda.id, "2026-11-05", "Walk", 40)
    confirm_hours(workspace.sessions, done, 20)
    launch = create_to_run(workspace, agenda, MeetingDetails(), series=series.id)
    assert launch.session is not None
    launch.session.close()
    rules = [n for n in launch.notices if n.kind is NoticeKind.RULE]
    start = StartRequest(agenda, session_id=launch.session.id, notices=rules)
    app = make_app(paths, now=clock, start=start)
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_until(
            pilot,
            lambda: (
                "Jānis Čakste would have 21 academic hours this month" in toast(screen_text(app))
            ),
            "the warning",
        )
        assert isinstance(app.screen, RunScreen)  # the meeting is on, not refused


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_the_review_confirms_hours_and_writes_the_time_sheet(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    workspace = Workspace(paths, clock)
    series = workspace.series.create(
        "Jānis Čakste 2026/27 I", SeriesKind.PUPIL, mentee="Jānis Čakste", mentor="Dace Ozola"
    )
    done = meet(
        workspace.series, series, clock, "school-mentoring-meeting-en", "2026-11-05", "Walk", 75
    )
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        meeting = Meeting(workspace.sessions.open(done), clock)
        app.push_screen(ReviewScreen(meeting, paths.exports, ("md",), app.workspace))
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review")
        await pilot.press("h")
        await wait_until(
            pilot, lambda: "75 min: 2 academic hours proposed" in flat(screen_text(app)), "ask"
        )
        await pilot.press("2", "enter")
        await wait_until(
            pilot, lambda: "2 academic hours confirmed" in flat(screen_text(app)), "confirmed"
        )
        sheet = paths.exports / "2026-11-janis-cakste-time-sheet.md"
        await pilot.press("t")
        # The path wraps where the screen's width says: the file and the word are checked.
        await wait_until(
            pilot, lambda: sheet.exists() and "Exported:" in screen_text(app), "the export"
        )
    rows = cell_texts(sheet.read_text(encoding="utf-8"))
    assert rows[1][1:4] == ["2", "Walk", "75 min → 2"]
    assert rows[-1][:2] == ["Total", "2"]


@pytest.mark.parametrize(("size", "language"), [((60, 20), "en"), ((100, 30), "lv")])
async def test_a_closed_question_is_answered_with_one_key(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = app_on(paths, clock, f"school-mentoring-semester-evaluation-{language}", language)
    async with app.run_test(size=size) as pilot:
        screen = await run_screen(pilot)
        await pilot.press("ctrl+n")
        await pilot.press("2")  # no Enter: the answer is taken at once
        said = {"en": "Answer 2: Partly", "lv": "2. atbilde: Daļēji"}[language]
        await wait_until(pilot, lambda: said in flat(screen_text(app)), "the answer said")
        assert [e.text for e in screen.meeting.entries(0)] == ["2"]
        capture = screen.query_one("#capture-input", Input)
        assert capture.value == ""
        # A digit inside a comment is typed as ever; so is 4, which names no answer.
        await pilot.press(*"4 of them came", "enter")
        await wait_until(pilot, lambda: len(screen.meeting.entries(0)) == 2, "the comment")
        assert screen.meeting.entries(0)[1].text == "4 of them came"
        # In an open question's block (the fourth) a digit is just typed.
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await wait_until(pilot, lambda: screen.meeting.clock.current == 3, "the fourth block")
        await pilot.press("3")
        assert capture.value == "3"
        assert screen.meeting.entries(3) == []
