"""A two-day visit on the run screen: moving into day 2 says the day is over and waits for
the morning; Ctrl+T begins day 2, and the screen says which day it is."""

from __future__ import annotations

import pytest

from facilitator.storage.paths import DataPaths
from tests.helpers import (
    FakeClock,
    app_on,
    flat,
    run_screen,
    screen_text,
    wait_for_text,
    wait_until,
)

SAID = {
    "en": ("Day 1 is over", "Day 2 begins with", "Day 2 of 2"),
    "lv": ("1. diena ir galā", "2. diena sākas ar", "2. diena no 2"),
}


@pytest.mark.parametrize(("size", "language"), [((60, 20), "en"), ((100, 30), "lv")])
async def test_day_two_waits_for_the_morning(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = app_on(paths, clock, f"visit-1-situation-{language}", language)
    over, begins, day_two = SAID[language]
    async with app.run_test(size=size) as pilot:
        screen = await run_screen(pilot)
        await pilot.press("ctrl+n")
        for _ in range(5):  # through the five blocks of day 1
            clock.advance(10 * 60)
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: over in flat(screen_text(app)), "the end of day 1")
        assert begins in flat(screen_text(app))
        assert screen.meeting.clock.waiting_for_day
        clock.advance(15 * 3600)  # the night
        await pilot.press("ctrl+t")
        await wait_for_text(pilot, day_two)
        assert screen.meeting.clock.elapsed(5) == 0  # the night was not meeting time
