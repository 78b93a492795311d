"""The next meeting typed in the last block: saved, shown in the export, written as a
calendar file; a date in the past asks first; a wrong time keeps what was typed."""

from __future__ import annotations

import icalendar
import pytest
from textual.widgets import Input

from facilitator.app import StartRequest, make_app
from facilitator.screens.confirm import ConfirmDialog
from facilitator.screens.export import ExportScreen
from facilitator.screens.next_meeting import NextMeetingDialog
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_run_lv import agenda

SIZES = [(60, 20), (100, 30)]

WORDS = {
    "en": {
        "ready": "Ready: 1/",
        "title": "The next meeting",
        "saved": "The next meeting is saved",
        "past": "is in the past",
        "heading": "## Next meeting",
        "wrong": "is not a time of day",
    },
    "lv": {
        "ready": "Gatavs: 1/",
        "title": "Nākamā tikšanās",
        "saved": "Nākamā tikšanās saglabāta",
        "past": "jau ir pagātnē",
        "heading": "## Nākamā tikšanās",
        "wrong": "nav diennakts laiks",
    },
}


async def type_into(pilot: object, app: object, field: str, text: str) -> None:
    screen = app.screen  # type: ignore[attr-defined]
    box = screen.query_one(f"#{field}", Input)
    box.value = ""
    box.focus()
    await wait_until(pilot, lambda: screen.focused is box, f"the {field} field")  # type: ignore[arg-type]
    await pilot.press(*text)  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "lv"])
async def test_the_next_meeting_typed_in_the_last_block_is_exported(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    words = WORDS[language]
    start = StartRequest(agenda(paths, f"getting-to-know-{language}"))
    app = make_app(paths, now=clock, start=start, language=language)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, words["ready"])
        await pilot.press("ctrl+y")  # not in the first block
        await pilot.pause()
        assert not isinstance(app.screen, NextMeetingDialog)
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_until(pilot, lambda: app.screen.query(Input), "the go-to question")
        await pilot.press("5", "enter")
        await pilot.press(*"+ Atnest CV @Jānis", "enter")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, NextMeetingDialog), "the form")
        dialog = app.screen
        await wait_for_text(pilot, words["title"])
        assert dialog.query_one("#prepare", Input).value == "Atnest CV (Jānis)"
        await type_into(pilot, app, "date", "12.01.2027")
        await type_into(pilot, app, "time", "10:00-25:00")
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, words["wrong"])
        assert dialog.query_one("#date", Input).value == "12.01.2027"  # kept
        await type_into(pilot, app, "time", "10:00-11:30")
        await type_into(pilot, app, "place", "Cēsu bibliotēka")
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, words["saved"])
        assert not isinstance(app.screen, NextMeetingDialog)
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export")
        await wait_for_text(pilot, "next-meeting")  # the calendar file among those written
    (ics,) = list(paths.exports.glob("*-next-meeting.ics"))
    (event,) = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert str(event["location"]) == "Cēsu bibliotēka"
    assert "Atnest CV (Jānis)" in str(event["description"])
    assert event.decoded("dtstart").isoformat() == "2027-01-12T10:00:00"
    (minutes,) = list(paths.exports.glob("*-minutes.md"))
    section = minutes.read_text("utf-8").split(words["heading"], 1)[1].split("\n## ", 1)[0]
    assert "10:00–11:30" in section and "Cēsu bibliotēka" in section


async def test_a_date_in_the_past_asks_first(paths: DataPaths, clock: FakeClock) -> None:
    start = StartRequest(agenda(paths, "getting-to-know-en"))
    app = make_app(paths, now=clock, start=start, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ready: 1/")
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_until(pilot, lambda: app.screen.query(Input), "the go-to question")
        await pilot.press("5", "enter")
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, NextMeetingDialog), "the form")
        await type_into(pilot, app, "date", "01.01.2020")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "1 Jan 2020 is in the past" in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, NextMeetingDialog), "the form")
        assert app.screen.query_one("#date", Input).value == "01.01.2020"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_for_text(pilot, "The next meeting is saved: 1 Jan 2020")
