"""The clock keys as a facilitator meets them in the first hour (issue 23): each says what
it did, F8 asks before skipping a block that holds entries, Ctrl+G works before the start
and passes over blocks as skipped, and Ctrl+Z takes back any of it; at a small projector's
size and a laptop's, in English and Latvian."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.screens.confirm import AskDialog, ConfirmDialog
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_run_screen import agenda, running_app

SIZES = [(60, 20), (100, 30)]


def run_screen(app: FacilitatorApp) -> RunScreen:
    screen = app.screen
    assert isinstance(screen, RunScreen)
    return screen


def message(app: FacilitatorApp) -> str:
    """The status line under the capture line, on one line (it wraps on a narrow screen)."""
    from facilitator.widgets.message import MessageLine

    line = run_screen(app).query_one(MessageLine)
    return " ".join(str(line.render()).split())


def question(app: FacilitatorApp) -> str:
    """What the dialog on top asks, as it is drawn."""
    return " ".join(str(app.screen.query_one("#question").render()).split())


async def said(pilot: Pilot[object], app: FacilitatorApp, words: str) -> None:
    """Let the app run until the status line says `words`."""
    await wait_until(pilot, lambda: words in message(app), f"the status line saying {words!r}")


@pytest.mark.parametrize("size", SIZES)
async def test_skipping_a_block_with_entries_asks_and_every_step_can_be_undone(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await said(pilot, app, 'Started with block 1 "Introductions and values".')
        await pilot.press(*"!We meet on Tuesdays", "enter")
        await said(pilot, app, "Saved decision in block 1.")
        clock.advance(3 * 60)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        shown = question(app)
        assert "holds 1 entry. Skip it anyway?" in shown
        assert "say it was cut short, and list the entry under it" in shown
        await pilot.press("n")  # keep it: nothing happens to the clock
        await said(pilot, app, 'Block 1 "Introductions and values" goes on.')
        assert run_screen(app).meeting.clock.current == 0
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await said(pilot, app, 'Skipped block 1 "Introductions and values". Ctrl+Z takes it back.')
        await wait_for_text(pilot, "2/5  Attitude")
        await pilot.press("f5")
        await said(pilot, app, 'Added 1 min to block 2 "Attitude and expectations".')
        await pilot.press("ctrl+z")
        await said(pilot, app, 'Undone: +1 min for block 2 "Attitude and expectations".')
        await pilot.press("ctrl+z")
        await said(pilot, app, 'Undone: the skip. Back in block 1 "Introductions and values".')
        await wait_for_text(pilot, "1/5  Introductions")
        await pilot.press("ctrl+t")
        await said(pilot, app, 'Paused in block 1 "Introductions and values"')
        await pilot.press("ctrl+t")
        await said(pilot, app, 'Block 1 "Introductions and values" runs again.')
        await pilot.press("ctrl+n")
        await said(pilot, app, 'On to block 2 "Attitude and expectations".')
        await pilot.press("pageup")
        await said(pilot, app, 'Back to block 1 "Introductions and values".')
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await said(pilot, app, "The meeting has finished.")
        await pilot.press("ctrl+z")
        await said(pilot, app, 'Undone: finishing. Back in block 1 "Introductions and values".')
        await wait_for_text(pilot, "1/5  Introductions")
        minutes = run_screen(app).meeting.writer().minutes()
        assert "This block was skipped" not in minutes and "cut short" not in minutes


@pytest.mark.parametrize("size", SIZES)
async def test_go_to_before_the_start_starts_there_and_passes_blocks_as_skipped(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog), "the question")
        await wait_for_text(pilot, "Start the meeting at block (1-5):")
        await pilot.press("2", "enter")  # the next keys answer the question, not the line
        await said(pilot, app, 'Started with block 2 "Attitude and expectations"; the block')
        assert "╳" in screen_text(app)  # block 1 skipped on the timeline
        assert run_screen(app).query_one("#capture-input", Input).value == ""
        clock.advance(120)
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Go to block (1-5):")
        await pilot.press("5", "enter")
        await said(pilot, app, "the 2 blocks passed over are skipped.")
        await wait_for_text(pilot, "5/5")
        await pilot.press("ctrl+f")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await said(pilot, app, "The meeting has finished.")
        minutes = run_screen(app).meeting.writer().minutes()
        assert "not reached" not in minutes
        assert minutes.count("_This block was skipped._") == 3
        assert "Corrected on" not in minutes
        await pilot.press("ctrl+g")  # finished: to correct a block, the times stay
        await wait_for_text(pilot, "Correct block (1-5):")
        await pilot.press("1", "enter")
        await said(pilot, app, "It was skipped: F8 takes the skip back.")
        await wait_for_text(pilot, "Correcting 1/5")
        await pilot.press("f8")
        await said(pilot, app, 'Block 1 "Introductions and values" is no longer skipped')
        minutes = run_screen(app).meeting.writer().minutes()
        assert minutes.count("_This block was skipped._") == 2
        assert "Corrected on 23 Nov 2026 at 14:" in minutes
        await pilot.press("ctrl+z")
        await said(pilot, app, 'Undone: block 1 "Introductions and values" is skipped again.')
        minutes = run_screen(app).meeting.writer().minutes()
        assert minutes.count("_This block was skipped._") == 3


@pytest.mark.parametrize("size", SIZES)
async def test_the_clock_steps_in_latvian(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(
        paths,
        now=clock,
        start=StartRequest(agenda(paths, "getting-to-know-lv")),
        language="lv",
    )
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Gatavs: 1/")
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Sākt tikšanos ar daļu (1-5):")
        await pilot.press("1", "enter")
        await said(pilot, app, "Tikšanās sākta ar daļu 1")
        await pilot.press(*"+Aizsūtīt plānu", "enter")
        clock.advance(61)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        shown = question(app)
        assert "ir 1 ieraksts. Tomēr izlaist to?" in shown
        assert "ka tā pārtraukta" in shown
        await pilot.press("y")
        await said(pilot, app, "izlaista. Ctrl+Z to atsauc.")
        await pilot.press("ctrl+z")
        await said(pilot, app, "Atsaukta izlaišana. Atkal daļā 1")
        await pilot.press("f8", "y")
        await said(pilot, app, "izlaista.")
        minutes = run_screen(app).meeting.writer().minutes()
        assert "Šī daļa tika pārtraukta pēc 1 min un izlaista." in minutes
        assert "Aizsūtīt plānu" in minutes.split("## 2.")[0]
