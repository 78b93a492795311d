"""A session in a series opens on its review block, the carried-over actions as rows."""

from __future__ import annotations

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.meeting import Meeting
from facilitator.paths import DataPaths
from facilitator.screens.run import RunScreen
from facilitator.series import SeriesKind, SeriesStore
from facilitator.session import ActionStatus
from facilitator.store import SessionStore
from tests.helpers import FakeClock, wait_for_text


async def test_carried_over_actions_are_reviewed_with_the_plan_keys(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    pupil = series.create("Semester with Kārlis", SeriesKind.MENTORING, mentee="Kārlis")
    first = Meeting(series.start_session(pupil, agenda), clock)
    first.capture("+ Read one book a month @Kārlis 15.12.2026")
    first.capture("+ Visit the career centre")
    first.close()
    second = series.start_session(pupil, agenda)
    second.close()

    app = make_app(paths, now=clock, start=StartRequest(agenda, session_id=second.id))
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await wait_for_text(pilot, "Review of open actions")
        await pilot.press("ctrl+n")
        shown = await wait_for_text(pilot, "Visit the career")
        assert "Read one book" in shown and "15.12.2026" in shown and "Status" in shown
        await pilot.press("up", "s")  # up enters at the newest row
        await wait_for_text(pilot, "The action is done.")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        statuses = [e.action.status for e in screen.meeting.actions() if e.action]
        assert statuses == [ActionStatus.OPEN, ActionStatus.DONE]
    plan = series.plan_writer(pupil).action_plan()
    assert "| 2 | Visit the career centre |" in plan and "| done | session 1 |" in plan
    assert "| open | session 1 |" in plan
