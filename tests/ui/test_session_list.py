"""The home screen's session list: from the history index, newest first, the newest few
only (the history screen has them all), and a meeting cut off while running offered
whatever its age."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import make_app
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.widgets import session_list
from facilitator.widgets.session_list import SessionList
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

DAY = 24 * 3600


def make_sessions(paths: DataPaths, clock: FakeClock) -> None:
    """Six sessions a day apart; the oldest stopped with its clock running."""
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    store = SessionStore(paths, clock)
    cut_off = Meeting(store.create(agenda, MeetingDetails(title="Cut off in Cēsis")), clock)
    cut_off.start()
    cut_off.capture("typed before the battery died")
    cut_off.session.close()  # no goodbye: the laptop died
    for number in range(1, 6):
        clock.advance(DAY)
        meeting = Meeting(store.create(agenda, MeetingDetails(title=f"Meeting {number}")), clock)
        meeting.start()
        meeting.finish()
        meeting.close()


@pytest.mark.parametrize(("size", "language"), [((60, 20), "en"), ((100, 30), "lv")])
async def test_the_newest_sessions_are_listed_and_the_cut_off_one_is_offered(
    paths: DataPaths,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    monkeypatch.setattr(session_list, "SHOWN", 3)
    make_sessions(paths, clock)
    app = make_app(paths, now=clock, language=language)
    async with app.run_test(size=size) as pilot:
        resume = "stopped while its timer ran" if language == "en" else "kamēr taimeris gāja"
        shown = await wait_for_text(pilot, "Cut off in Cēsis")
        sessions = app.screen.query_one("#sessions", SessionList)
        prompts = [str(sessions.get_option_at_index(n).prompt) for n in range(5)]
        assert sessions.option_count == 5
        assert [p.split("\n")[0] for p in prompts[:4]] == [
            "Meeting 5",
            "Meeting 4",
            "Meeting 3",
            "Cut off in Cēsis",
        ]
        older = (
            "2 older sessions: press H for the history."
            if language == "en"
            else "Vēl 2 vecākas sesijas: vēsturi atver H."
        )
        assert prompts[4] == older
        assert sessions.highlighted == 3  # the cut-off meeting, ready to resume
        # Focus moves on the next turn of the event loop (Textual defers `focus()`), so the
        # list can be on screen a moment before it holds the focus.
        await wait_until(pilot, lambda: app.focused is sessions, "the cut-off meeting focused")
        assert resume in shown
        await pilot.press("enter")
        await wait_until(pilot, lambda: "(n)" in screen_text(app), "the downtime question")
        assert ("5 days" if language == "en" else "5 dienas") in screen_text(app)  # not 7200 min
        await pilot.press("n")  # five days away do not count as meeting time
        await wait_until(
            pilot,
            lambda: "typed before the battery died" in screen_text(app),
            "the cut-off meeting resumed",
        )
