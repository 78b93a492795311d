"""Filling in a form on the run screen: the block numbers its fields, `1: ...` fills the
first, and the entry shows which field it filled."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.app import StartRequest, make_app
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, flat, screen_text, wait_until

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
    agenda = AgendaLibrary.discover(paths).find(f"needs-analysis-{language}")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda), language=language)
    form, field, marker, saved = SAID[language]
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the run screen")
        await pilot.press("ctrl+n", "ctrl+n")  # into block 2, which has the form's first fields
        # The empty line's hint offers the fields by number at any size; the list of
        # fields under the questions shows where there is room for it.
        await wait_until(pilot, lambda: field in screen_text(app), "the fields in the hint")
        if size[1] >= 30:
            assert form in screen_text(app)
        await pilot.press(*"1: courses full", "enter")
        await wait_until(pilot, lambda: marker in flat(screen_text(app)), "the filled field")
        assert saved in flat(screen_text(app))
        screen = app.screen
        assert isinstance(screen, RunScreen)
        entry = screen.meeting.entries()[-1]
        assert (entry.field, entry.text) == (agenda.blocks[1].fields[0], "courses full")
