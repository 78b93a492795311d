"""Filling in a form on the run screen: the block numbers its fields, `1: ...` fills the
first, and the entry shows which field it filled."""

from __future__ import annotations

import pytest

from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, app_on, flat, run_screen, screen_text, wait_until

SAID = {
    "en": ("Form: Needs analysis", "1: Challenges", "▸ Challenges:", "Filled in “Challenges”"),
    "lv": (
        "Veidlapa: Vajadzību analīze",
        "1: Izaicinājumi",
        "▸ Izaicinājumi:",
        "lauks “Izaicinājumi”",
    ),
}


@pytest.mark.parametrize(("size", "language"), [((60, 20), "en"), ((100, 30), "lv")])
async def test_one_colon_fills_in_the_first_field(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = app_on(paths, clock, f"needs-analysis-{language}", language)
    form, field, marker, saved = SAID[language]
    async with app.run_test(size=size) as pilot:
        screen = await run_screen(pilot)
        await pilot.press("ctrl+n", "ctrl+n")  # into block 2, which has the form's first fields
        # The empty line's hint offers the fields by number at any size; the list of
        # fields under the questions shows where there is room for it.
        await wait_until(pilot, lambda: field in screen_text(app), "the fields in the hint")
        if size[1] >= 30:
            assert form in screen_text(app)
        await pilot.press(*"1: courses full", "enter")
        await wait_until(pilot, lambda: marker in flat(screen_text(app)), "the filled field")
        assert saved in flat(screen_text(app))
        entry = screen.meeting.entries()[-1]
        assert (entry.field, entry.text) == (screen.meeting.blocks[1].fields[0], "courses full")
