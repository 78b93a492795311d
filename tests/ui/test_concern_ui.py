"""Marking a concern to report on the run screen (seed 001): one key in the entry list, the
projected screen never shows what was confided, the plan gains the action to inform the
services, and Ctrl+Z takes both back."""

from __future__ import annotations

import pytest

from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, app_on, run_screen, wait_for_text
from tests.ui.test_entries_ui import stored

CONFIDED = "threatened on the way home"

SAID = {
    "en": (
        "A concern to report, confidential",
        "stays confidential",
        "Undone: marked a concern to report (🔒)",
    ),
    "lv": (
        "Par to jāziņo, konfidenciāli",
        "paliek konfidenciāls",
        "Atsaukts: atzīmēts, ka jāziņo (🔒)",
    ),
}


@pytest.mark.parametrize(("size", "language"), [((60, 20), "en"), ((100, 30), "lv")])
async def test_r_marks_a_concern_that_the_room_never_reads(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = app_on(paths, clock, f"school-mentoring-meeting-{language}", language)
    async with app.run_test(size=size) as pilot:
        await run_screen(pilot)
        await pilot.press("ctrl+n")
        await pilot.press(*CONFIDED, "enter")
        await wait_for_text(pilot, f"• {CONFIDED}")
        await pilot.press("up", "r")
        marked, refused, undone = SAID[language]
        shown = await wait_for_text(pilot, marked)
        assert CONFIDED not in shown  # masked on the projected screen, as any confidential
        entries = stored(paths, app)
        concern = next(e for e in entries if e["text"] == CONFIDED)
        assert concern["concern"] is True and concern["confidential"] is True
        raised = next(e for e in entries if e["raised_for"] == concern["id"])
        assert raised["kind"] == "action" and raised["confidential"] is True
        await pilot.press("c")  # cannot be made public by the confidential key
        shown = await wait_for_text(pilot, refused)
        assert CONFIDED not in shown
        assert next(e for e in stored(paths, app) if e["id"] == concern["id"])["confidential"]
        await pilot.press("ctrl+z")
        await wait_for_text(pilot, undone)
        entries = stored(paths, app)
        assert next(e for e in entries if e["id"] == concern["id"])["concern"] is False
        assert next(e for e in entries if e["id"] == raised["id"])["deleted"] is True
