"""The line being typed survives a crash (issue 15, item 4): a moment after the last key
(on the fake clock) it is in the session's draft file; a resume puts it back in the
capture line; Enter (or emptying the line) removes the file."""

from __future__ import annotations

import json

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.meeting.draft import DELAY_S
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.widgets.capture import CaptureLine
from tests.helpers import FakeClock, wait_for_text, wait_until

SIZES = [(60, 20), (100, 30)]


def draft_text(paths: DataPaths, session_id: str) -> str | None:
    try:
        return str(json.loads(paths.session_draft(session_id).read_text("ascii"))["text"])
    except (OSError, ValueError):
        return None


@pytest.mark.parametrize("size", SIZES)
async def test_a_line_not_sent_is_back_in_the_capture_line_on_resume(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        session_id = screen.meeting.session.id
        await pilot.press("ctrl+n", *"Anna half a line")
        await pilot.pause(DELAY_S + 0.1)
        assert draft_text(paths, session_id) is None  # the fake clock has not moved
        clock.advance(DELAY_S)
        await wait_until(
            pilot,
            lambda: draft_text(paths, session_id) == "Anna half a line",
            "the draft on disk",
        )
        # Not in the session file: a crash now leaves the session as it was.
        assert "half a line" not in paths.session_file(session_id).read_text("utf-8")

    again = make_app(paths, now=clock, start=StartRequest(agenda, session_id=session_id))
    async with again.run_test(size=size) as pilot:
        await wait_for_text(pilot, "The line you were typing is back")
        line = again.screen.query_one(CaptureLine).input
        assert line.value == "Anna half a line"
        assert line.cursor_position == len("Anna half a line")
        await pilot.press(*" and the rest", "enter")
        await wait_for_text(pilot, "Saved note")
        assert draft_text(paths, session_id) is None
        assert not paths.session_draft(session_id).exists()
    session = SessionStore(paths).open(session_id)
    assert [e.text for e in session.entries()] == ["Anna half a line and the rest"]
    session.close()


async def test_emptying_the_line_removes_the_draft(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        session_id = screen.meeting.session.id
        await pilot.press(*"gone")
        clock.advance(DELAY_S)
        await wait_until(pilot, lambda: draft_text(paths, session_id) == "gone", "the draft")
        await pilot.press(*["backspace"] * 4)
        await wait_until(
            pilot, lambda: not paths.session_draft(session_id).exists(), "the draft gone"
        )
