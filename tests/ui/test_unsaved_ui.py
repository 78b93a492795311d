"""Leaving a meeting while the disk refuses part of it (issue 15, item 1), as the
facilitator meets it: Esc and Ctrl+Q ask (save again / keep in a file / discard / back),
and the next start offers to put back what was kept. The disk is a failing writer for the
session files (`FullDisk`); the recovery file beside them can be written."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.i18n import set_language
from facilitator.screens.leave import LeaveDialog
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.rescue import RescueStore
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, FullDisk, screen_text, wait_for_text, wait_until

SIZES = [(60, 20), (100, 30)]


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> FullDisk:
    return FullDisk(monkeypatch)


def running_app(paths: DataPaths, clock: FakeClock) -> FacilitatorApp:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    return make_app(paths, now=clock, start=StartRequest(agenda))


def stored_texts(paths: DataPaths) -> list[str]:
    store = SessionStore(paths)
    [summary] = store.summaries()[0]
    session = store.open(summary.id)
    try:
        return [e.text for e in session.entries()]
    finally:
        session.close()


async def type_refused(pilot: object, app: FacilitatorApp, disk: FullDisk, text: str) -> None:
    disk.full = True
    await pilot.press(*text)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await wait_for_text(pilot, "not saved yet")  # type: ignore[arg-type]


@pytest.mark.parametrize("size", SIZES)
async def test_esc_asks_and_keeps_the_entries_in_a_file_the_next_start_puts_back(
    paths: DataPaths, clock: FakeClock, disk: FullDisk, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await type_refused(pilot, app, disk, "kept while full")
        await pilot.press("escape")
        shown = await wait_for_text(pilot, "not on disk yet")
        assert "Keep in a file (k)" in shown and "Discard (d)" in shown
        assert "Save again (s)" in shown and "Back (Esc)" in shown
        await pilot.press("escape")  # back to the meeting: nothing decided
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the meeting again")
        await pilot.press("escape")
        await wait_for_text(pilot, "not on disk yet")
        await pilot.press("k")
        await wait_for_text(pilot, "Agendas")
        assert not any(isinstance(s, RunScreen) for s in app.screen_stack)
    disk.full = False
    assert "kept while full" not in stored_texts(paths)
    [rescue] = RescueStore(paths).pending()
    assert [e.text for e in rescue.entries] == ["kept while full"]

    again = make_app(paths, now=clock)
    async with again.run_test(size=size, notifications=True) as pilot:
        await wait_for_text(pilot, "was last closed")
        await pilot.press("y")
        await wait_for_text(pilot, "is back in")
    assert stored_texts(paths)[-1] == "kept while full"
    assert RescueStore(paths).pending() == []


async def test_ctrl_q_asks_and_save_again_leaves_once_the_disk_takes_it(
    paths: DataPaths, clock: FakeClock, disk: FullDisk
) -> None:
    app = running_app(paths, clock)
    exits: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.exit = lambda *args, **kwargs: exits.append(1)  # type: ignore[method-assign]
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await type_refused(pilot, app, disk, "saved on the way out")
        await pilot.press("ctrl+q")
        await wait_for_text(pilot, "not on disk yet")
        await pilot.press("ctrl+q")  # the question is the way out: no second dialog
        assert sum(isinstance(s, LeaveDialog) for s in app.screen_stack) == 1
        await pilot.press("s")
        await wait_for_text(pilot, "The disk still refuses to write.")
        assert exits == []
        disk.full = False
        await pilot.press("s")
        await wait_until(pilot, lambda: exits == [1], "the app leaving")
    assert stored_texts(paths)[-1] == "saved on the way out"
    assert RescueStore(paths).pending() == []


async def test_discard_leaves_without_the_entries_and_without_a_file(
    paths: DataPaths, clock: FakeClock, disk: FullDisk
) -> None:
    app = running_app(paths, clock)
    exits: list[int] = []
    async with app.run_test(size=(60, 20)) as pilot:
        app.exit = lambda *args, **kwargs: exits.append(1)  # type: ignore[method-assign]
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await type_refused(pilot, app, disk, "thrown away")
        await pilot.press("ctrl+q")
        await wait_for_text(pilot, "not on disk yet")
        await pilot.press("d")
        await wait_until(pilot, lambda: exits == [1], "the app leaving")
    disk.full = False
    assert "thrown away" not in stored_texts(paths)
    assert RescueStore(paths).pending() == []


async def test_leaving_with_nothing_unsaved_asks_nothing(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press(*"all saved", "enter")
        await wait_for_text(pilot, "Saved note")
        await pilot.press("escape")
        await wait_for_text(pilot, "Agendas")
        assert "not on disk yet" not in screen_text(app)


async def test_the_question_is_latvian_too(
    paths: DataPaths, clock: FakeClock, disk: FullDisk
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await type_refused(pilot, app, disk, "x")
        set_language("lv")
        await pilot.press("escape")
        shown = await wait_for_text(pilot, "vēl nav diskā")
        assert "Paturēt failā (k)" in shown


async def test_finishing_says_what_still_waits_and_drops_nothing(
    paths: DataPaths, clock: FakeClock, disk: FullDisk
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await type_refused(pilot, app, disk, "waiting at the end")
        await pilot.press("ctrl+f")
        await wait_for_text(pilot, "Finish the meeting?")
        await wait_for_text(pilot, "not on disk yet; it is saved again")
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        await wait_until(pilot, lambda: screen.meeting.clock.finished, "the meeting finished")
        assert [e.text for e in screen.meeting.unsaved] == ["waiting at the end"]
    # The app closed with the disk still full: the entry is in the recovery file.
    [rescue] = RescueStore(paths).pending()
    assert [e.text for e in rescue.entries] == ["waiting at the end"]
