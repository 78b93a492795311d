"""Changing entries on the run screen: the list's keys, the entry form, undo, confidential
entries, the action plan of an action-planning block and a reflection block's ratings."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.meeting.session import ActionStatus, EntryKind
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until


def running_app(paths: DataPaths, clock: FakeClock, agenda_id: str) -> FacilitatorApp:
    agenda = AgendaLibrary.discover(paths).find(agenda_id)
    assert agenda is not None
    return make_app(paths, now=clock, start=StartRequest(agenda))


def stored(paths: DataPaths, app: FacilitatorApp) -> list[dict[str, object]]:
    """The entries as a fresh reader of the session file sees them."""
    screen = app.screen
    assert isinstance(screen, RunScreen)
    session = SessionStore(paths).open(screen.meeting.session.id)
    return [e.to_dict() for e in session.entries(include_deleted=True)]


async def start(pilot: Pilot[None], app: FacilitatorApp) -> None:
    await wait_for_text(pilot, "Ctrl+N starts")
    await pilot.press("ctrl+n")


@pytest.mark.parametrize("size", [(60, 20), (100, 30), (200, 60)])
async def test_keys_in_the_list_change_kind_mark_delete_and_undo(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock, "getting-to-know-en")
    async with app.run_test(size=size, notifications=True) as pilot:
        await start(pilot, app)
        await pilot.press(*"first note", "enter")
        await wait_for_text(pilot, "• first note")
        await pilot.press(*"call the school", "enter")
        await wait_for_text(pilot, "• call the school")
        await pilot.press("up", "k", "k")  # the newest entry: note → decision → action
        await wait_for_text(pilot, "→ Action: call the school")
        await pilot.press("up", "c")  # the entry before it
        shown = await wait_for_text(pilot, "is confidential")
        assert "first note" not in shown and "🔒 confidential entry" in shown
        await pilot.press("d")
        await wait_for_text(pilot, "Deleted. Ctrl+Z brings it back.")
        assert "confidential entry" not in screen_text(app)
        await pilot.press("ctrl+z")
        shown = await wait_for_text(pilot, "Undone: deleted (🔒)")
        assert "first note" not in shown  # a confidential entry is not named on the screen
        kinds = [
            (e["text"], e["kind"], e["confidential"], e["deleted"]) for e in stored(paths, app)
        ]
        assert kinds == [
            ("first note", "note", True, False),
            ("call the school", "action", False, False),
        ]
        await pilot.press("escape", *"typing again", "enter")
        await wait_for_text(pilot, "• typing again")


async def test_the_entry_form_edits_text_and_action_columns(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "getting-to-know-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press(*"+ Survey the youth centre @Anna", "enter")
        await wait_for_text(pilot, "↑ then Enter fills in")
        await pilot.press("up", "enter")
        await wait_for_text(pilot, "Expected result")
        await pilot.press("tab", *"A list of needs", "tab", *"31.02.2027", "ctrl+s")
        shown = await wait_for_text(pilot, "is not a real date")
        assert "31.02.2027" in shown  # what was typed stays
        for _ in range(10):
            await pilot.press("backspace")
        await pilot.press(*"15.12.2026", "ctrl+s")
        await wait_for_text(pilot, "Changed. Ctrl+Z takes it back.")
        action = stored(paths, app)[0]["action"]
        assert isinstance(action, dict)
        assert (action["result"], action["deadline"], action["lead"]) == (
            "A list of needs",
            "2026-12-15",
            "Anna",
        )


async def test_confidential_lines_are_masked_and_shown_only_on_request(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "getting-to-know-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press(*"~ salary is 3200 EUR")
        await pilot.pause()
        assert "salary is 3200" not in screen_text(app)
        await pilot.press("enter")
        shown = await wait_for_text(pilot, "Saved confidential note")
        assert "salary" not in shown and "🔒 confidential entry" in shown
        # The key marks a line too, and Ctrl+R shows the text for the facilitator's eyes.
        await pilot.press("ctrl+l", *"moving to Riga", "enter")
        await wait_for_text(pilot, "Saved confidential note")
        assert "moving to Riga" not in screen_text(app)
        await pilot.press("ctrl+r")
        shown = await wait_for_text(pilot, "🔒 • moving to Riga")
        assert "salary is 3200 EUR" in shown
        assert [e["confidential"] for e in stored(paths, app)] == [True, True]


async def test_an_action_planning_block_shows_the_plan_growing(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "action-planning-workshop-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press("pagedown")
        await wait_for_text(pilot, "2/9  Actions")
        await pilot.press(*"+ Survey the youth centre @Anna 15.12.2026", "enter")
        await pilot.press(*"+ Budget for the camp", "enter")
        shown = await wait_for_text(pilot, "Budget for the")
        for heading in ("Action", "Result", "Deadline", "Lead", "Resources", "Measure", "Status"):
            assert heading in shown
        assert "15.12.2026" in shown and "Anna" in shown
        assert "remaining" in shown  # the timer stays
        await pilot.press("up", "s")
        await wait_for_text(pilot, "The action is done.")
        await pilot.press("right", "right", "right", "enter")  # the Lead column
        await wait_for_text(pilot, "Who leads")
        await pilot.press(*"Ilze", "ctrl+s")
        await wait_for_text(pilot, "Changed.")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        actions = screen.meeting.actions()
        assert actions[1].action is not None
        assert (actions[1].action.lead, actions[1].action.status) == ("Ilze", ActionStatus.DONE)


async def test_a_reflection_block_counts_and_averages_ratings(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "first-session-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Go to block")
        await pilot.press("8", "enter")
        await wait_for_text(pilot, "8/8  Reflection")
        await pilot.press(*"=1 8 9 Anna 10", "enter")
        await pilot.press(*"=3 6", "enter")
        await wait_until(
            pilot,
            lambda: "mean 9.0" in screen_text(app) and "mean 6.0" in screen_text(app),
            "the means of questions 1 and 3",
        )
        await pilot.press(*"=4 7", "enter")
        shown = await wait_for_text(pilot, "numbered 1-3")
        assert "=4 7" in shown  # the line keeps the text
        screen = app.screen
        assert isinstance(screen, RunScreen)
        ratings = [e for e in screen.meeting.entries() if e.kind is EntryKind.RATING]
        assert [len(e.rating.scores) for e in ratings if e.rating] == [3, 1]


async def test_a_pasted_text_is_taken_whole_or_refused_with_a_reason(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "getting-to-know-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        line = app.screen.query_one("#capture-input")
        pasted = "first line\nsecond line\x00 \x1b[31mred\x1b[0m ✨ ā\u202eabc"
        line.post_message(events.Paste(pasted))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for_text(pilot, "Saved note")
        assert stored(paths, app)[0]["text"] == "first line second line red ✨ ā\u202eabc"
        line.post_message(events.Paste("x" * 1_000_000))
        shown = await wait_for_text(pilot, "Not pasted")
        assert "at most 4000 characters" in shown and "still on your clipboard" in shown
        assert len(stored(paths, app)) == 1


async def test_the_details_can_change_during_the_meeting(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "visit-1-situation-en")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot, app)
        await pilot.press("ctrl+b")
        await wait_for_text(pilot, "Mentee city")
        app.screen.query_one("#title").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"Visit 1 in Jelgava", "ctrl+s")
        shown = await wait_for_text(pilot, "The meeting's details are saved.")
        assert "Visit 1 in Jelgava" in shown  # the title on the screen
        screen = app.screen
        assert isinstance(screen, RunScreen)
        stored_info = SessionStore(paths).open(screen.meeting.session.id).info
        assert stored_info.title == "Visit 1 in Jelgava"


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_tab_and_space_never_mark_an_entry_confidential(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Tab from the text goes to the next field, never to the Confidential box, so a Space
    typed there is a space; Ctrl+L is the one key that marks it, as on the capture line."""
    app = running_app(paths, clock, "getting-to-know-en")
    async with app.run_test(size=size) as pilot:
        await start(pilot, app)
        await pilot.press(*"Anna values honesty", "enter")
        await wait_for_text(pilot, "• Anna values honesty")
        await pilot.press("up", "enter")
        await wait_for_text(pilot, "Confidential (Ctrl+L)")
        for _ in range(4):
            await pilot.press("tab")
            focused = app.focused
            assert focused is None or focused.id != "confidential"
        await pilot.press("space", "ctrl+s")
        await wait_for_text(pilot, "Anna values honesty")
        assert stored(paths, app)[0]["confidential"] is False
        await pilot.press("enter")
        await wait_for_text(pilot, "Confidential (Ctrl+L)")
        await pilot.press("ctrl+l", "ctrl+s")
        await wait_for_text(pilot, "Changed. Ctrl+Z takes it back.")
        assert stored(paths, app)[0]["confidential"] is True
