"""A series' rhythm and programme in the app: F3 in the start dialog proposes the date the
series agreed (or its rhythm gives) and its programme; the next-meeting form proposes the
rhythm's next date."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.meeting.live import Meeting
from facilitator.programme.series import SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.screens.next_meeting import NextMeetingDialog
from facilitator.screens.run import RunScreen
from facilitator.screens.start import StartDialog
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, wait_for_text, wait_until
from tests.ui.test_meeting_flow import choose_agenda

SIZES = [(60, 20), (100, 30)]
TITLE = {"en": "Getting-to-know conversation", "lv": "Iepazīšanās saruna"}
HOME = {"en": "Digital Academy", "lv": "Digitālā akadēmija"}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "lv"])
async def test_f3_proposes_the_series_date_and_programme(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    agenda = AgendaLibrary.discover(paths).find(f"getting-to-know-{language}")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    pair = series.create(
        "Ilze un Jānis",
        SeriesKind.MENTORING,
        mentee="Jānis",
        scheme="Digitālā akadēmija 2026",
        rhythm="every second Tuesday",
    )
    Meeting(series.start_session(pair, agenda), clock).close()  # Monday 23 Nov 2026

    app = make_app(paths, now=clock, language=language)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, HOME[language])
        await choose_agenda(pilot, TITLE[language])
        await wait_until(pilot, lambda: isinstance(app.screen, StartDialog), "the dialog")
        dialog = app.screen
        assert dialog.query_one("#date", Input).value == "23.11.2026"  # today
        await pilot.press("f3")
        await wait_until(
            pilot, lambda: dialog.query_one("#date", Input).value == "08.12.2026", "the date"
        )
        assert dialog.query_one("#scheme", Input).value == "Digitālā akadēmija 2026"
        await pilot.press("f3")  # no series: today again
        await wait_until(
            pilot, lambda: dialog.query_one("#date", Input).value == "23.11.2026", "today"
        )


async def test_the_next_meeting_form_proposes_the_rhythm_date(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    series = SeriesStore(paths, SessionStore(paths, clock), clock)
    pair = series.create("Pair", SeriesKind.MENTORING, rhythm="the first Monday of the month")
    session = series.start_session(pair, agenda)
    session.close()
    app = make_app(paths, now=clock, start=StartRequest(agenda, session_id=session.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_until(pilot, lambda: app.screen.query(Input), "the go-to question")
        await pilot.press("5", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the run screen")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, NextMeetingDialog), "the form")
        assert app.screen.query_one("#date", Input).value == "07.12.2026"
