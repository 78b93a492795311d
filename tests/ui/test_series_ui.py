"""A session in a series opens on its review block, the carried-over actions as rows."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.documents.series_plan import SeriesPlanWriter
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import ActionStatus
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.screens.run import RunScreen
from facilitator.screens.start import StartDialog
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_meeting_flow import choose_agenda


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
        await pilot.press("up", "right", "right", "enter")  # the first row's Deadline
        await wait_for_text(pilot, "Progress note")
        await pilot.press("ctrl+a", "ctrl+k", *"01.03.2027")
        await pilot.press("tab", "tab", "tab", "tab", *"halfway through", "ctrl+s")
        shown = await wait_for_text(pilot, "Changed.")
        assert "1 Mar 2027" in shown
        screen = app.screen
        assert isinstance(screen, RunScreen)
        actions = [e.action for e in screen.meeting.actions() if e.action]
        assert [a.status for a in actions] == [ActionStatus.OPEN, ActionStatus.DONE]
        assert (actions[0].deadline, actions[0].note) == ("2027-03-01", "halfway through")
    plan = SeriesPlanWriter.of(series, pupil).action_plan()
    assert "| 2 | Visit the career centre |" in plan and "| done | session 1 |" in plan
    assert "| 1 Mar 2027 |" in plan and "| open | session 1 | halfway through |" in plan


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_start_dialog_starts_the_next_session_of_a_series(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    cesis = series.create(
        "IncluCities Cēsis",
        SeriesKind.VISITS,
        mentee_city="Cēsis",
        participants=[Participant("Ilze", "coordinator")],
    )
    first = Meeting(series.start_session(cesis, agenda), clock)
    first.capture("+ Map the migrant organisations")
    first.close()

    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        await pilot.press("f3")
        shown = await wait_for_text(pilot, "in series IncluCities")
        assert "6 blocks" in shown  # the review block came first
        assert isinstance(app.screen, StartDialog)
        assert app.screen.query_one("#participants", Input).value == "Ilze (coordinator)"
        await pilot.click("#go")
        await wait_for_text(pilot, "Review of open actions")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        info = screen.meeting.session.info
        assert (info.series_id, info.series_number, info.mentee_city) == (cesis.id, 2, "Cēsis")
        assert [e.text for e in screen.meeting.entries(0)] == ["Map the migrant organisations"]


async def test_f3_past_the_last_series_means_no_series(paths: DataPaths, clock: FakeClock) -> None:
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    series.create("Semester with Kārlis", SeriesKind.MENTORING, mentee="Kārlis")
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        await pilot.press("f3")
        await wait_for_text(pilot, "in series Semester with Kārlis")
        await pilot.press("f3")
        await wait_until(pilot, lambda: "in series" not in screen_text(app), "no series")
        await pilot.click("#go")
        await wait_for_text(pilot, "Ctrl+N starts")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.meeting.session.info.series_id == ""
        assert len(screen.meeting.blocks) == 5


async def test_f3_keeps_what_was_typed_and_the_adjusted_blocks(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    alpha = series.create(
        "Alpha Cēsis",
        SeriesKind.VISITS,
        mentee_city="Cēsis",
        participants=[Participant("Ilze", "coordinator")],
    )
    earlier = Meeting(series.start_session(alpha, agenda), clock)
    earlier.capture("+ Map the migrant organisations")  # open: carried over, a review block
    earlier.close()
    series.create("Beta with Kārlis", SeriesKind.MENTORING, mentee="Kārlis")

    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Open the meeting")
        dialog = app.screen
        assert isinstance(dialog, StartDialog)
        dialog.query_one("#participants", Input).value = "Anna (mentor)"
        dialog.query_one("#place", Input).value = "Valmiera"
        # As the adjusting screen hands it back (F2): the last block dropped.
        dialog.agenda = agenda.with_blocks(agenda.blocks[:-1])

        def field(name: str) -> str:
            return dialog.query_one(f"#{name}", Input).value

        await pilot.press("f3")
        shown = await wait_for_text(pilot, "in series Alpha Cēsis")
        assert "5 blocks" in shown  # the four kept, and the review block first
        assert [b.title for b in dialog.agenda.blocks[1:]] == [b.title for b in agenda.blocks[:-1]]
        assert field("participants") == "Anna (mentor)"  # typed: not replaced
        assert (field("place"), field("mentee-city")) == ("Valmiera", "Cēsis")

        await pilot.press("f3")
        shown = await wait_for_text(pilot, "in series Beta with Kārlis")
        assert "4 blocks" in shown  # no open actions: no review block, the adjustment stays
        assert field("participants") == "Anna (mentor), Kārlis (mentee)"
        assert field("mentee-city") == ""  # Alpha's city went with Alpha
        assert field("scheme") == "Beta with Kārlis"

        dialog.query_one("#scheme", Input).value = "My own programme"
        await pilot.press("f3")
        await wait_until(pilot, lambda: "in series" not in screen_text(app), "no series")
        assert "4 blocks" in screen_text(app)
        assert field("participants") == "Anna (mentor)"
        assert field("scheme") == "My own programme"  # changed by hand: kept
        assert len(dialog.agenda.blocks) == 4
