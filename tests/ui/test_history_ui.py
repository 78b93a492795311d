"""The history screen: past sessions listed, filtered as the facilitator types, opened."""

from __future__ import annotations

import pytest
from textual.widgets import MarkdownViewer

from facilitator.app import make_app
from facilitator.screens.history import HistoryScreen
from facilitator.screens.review import ReviewScreen
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.unit.test_history import fill


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_history_lists_filters_and_opens_a_session(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    second = fill(paths, clock)[2][2]
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        shown = await wait_for_text(pilot, "3 sessions")
        assert "IncluCities Cēsis, session 2" in shown and "Supervision" in shown
        assert "24 Nov 2026" not in shown and "23 Nov 2026 · Mentoring visit · Cēsis" in shown
        await pilot.press(*"burnout")
        await wait_for_text(pilot, "1 session")
        assert "IncluCities" not in screen_text(app)
        await pilot.press(*" series:nosuch")
        await wait_for_text(pilot, "no series `nosuch`")
        await pilot.press("ctrl+a", "ctrl+k", *"series:inclucities_cēsis from:2027-01-01")
        shown = await wait_for_text(pilot, "1 session")
        assert "IncluCities Cēsis, session 2" in shown and "session 1" not in shown
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "read-only")
        await wait_for_text(pilot, "Minutes: Mentoring visit")
        assert not paths.session_lock(second).exists()  # read, not taken
        before = paths.session_file(second).read_bytes()
        await pilot.press("v")
        await wait_for_text(pilot, "Draft action plan")
        await pilot.press("e")
        await wait_for_text(pilot, "Exported:")
        assert sorted(p.name for p in paths.exports.iterdir()) == [
            "2027-01-22-mentoring-visit-action-plan.md",
            "2027-01-22-mentoring-visit-minutes.md",
        ]
        assert paths.session_file(second).read_bytes() == before
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the session")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert screen.meeting.session.id == second and screen.meeting.session.writable
        assert isinstance(app.screen_stack[-2], HistoryScreen)


async def test_review_hides_confidential_entries_until_c(
    paths: DataPaths, clock: FakeClock
) -> None:
    first = fill(paths, clock)[2][0]
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"tuesday")
        await wait_for_text(pilot, "1 session")
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "1 confidential entry hidden (C shows it)")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "mayor" not in review.document() and "Tuesday" in review.document()
        await pilot.press("c")
        await wait_for_text(pilot, "1 confidential entry SHOWN (C hides it)")
        assert "mayor" in review.document()
        viewer = review.query_one(MarkdownViewer)
        await wait_until(pilot, lambda: "mayor" in viewer.document.source, "the entry shown")
        await pilot.press("e")  # written as shown: a separate confidential copy
        await wait_for_text(pilot, "Exported:")
        names = sorted(p.name for p in paths.exports.iterdir())
        assert all("-confidential-" in name for name in names) and len(names) == 2
        await pilot.press("c")
        await wait_until(pilot, lambda: "mayor" not in viewer.document.source, "hidden again")
    assert not paths.session_lock(first).exists()


async def test_review_of_a_session_without_confidential_entries_has_no_c_key(
    paths: DataPaths, clock: FakeClock
) -> None:
    fill(paths, clock)
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"burnout")
        await wait_for_text(pilot, "1 session")
        await pilot.press("enter", "enter")
        shown = await wait_for_text(pilot, "read-only")
        assert "confidential" not in shown.casefold()
        assert "Confidential" not in [
            b.binding.description for b in app.screen.active_bindings.values() if b.enabled
        ]


async def test_review_exports_the_formats_picked_last_time(
    paths: DataPaths, clock: FakeClock
) -> None:
    fill(paths, clock)
    Settings(export_formats=["docx"]).save(paths.settings)
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"burnout")
        await wait_for_text(pilot, "1 session")
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "read-only")
        await pilot.press("e")
        await wait_for_text(pilot, "Exported:")
    assert sorted(p.suffix for p in paths.exports.iterdir()) == [".docx", ".docx", ".md", ".md"]


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_a_series_typed_without_its_marks_is_found(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    fill(paths, clock)
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await pilot.press("h")
        await wait_for_text(pilot, "3 sessions")
        await pilot.press(*"series:inclucities_cesis")
        shown = await wait_for_text(pilot, "2 sessions")
        assert "Supervision" not in shown
        await pilot.press("ctrl+a", "ctrl+k", *"inclucities")
        await wait_for_text(pilot, "2 sessions")
