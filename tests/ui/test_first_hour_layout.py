"""What issue 23 saw of the layout at a small projector's size and a laptop's: the timer
alone fills its room, the footer ends with the palette key and nothing after it, and the
export screen keeps its preview readable and its file names whole."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Static

from facilitator.app import make_app
from facilitator.screens.export import MAIN_MIN, ExportScreen, fit_name
from facilitator.storage.paths import DataPaths
from facilitator.widgets.bigclock import BigClock, block_height, text_width
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.ui.test_export_screen import code_on_screen, open_export
from tests.ui.test_run_lv import latvian_app
from tests.ui.test_run_screen import running_app
from tests.unit.test_export import run_first_session
from tests.unit.test_export_qr import decode

SIZES = [(60, 20), (100, 30)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_timer_alone_grows_to_fill_its_room(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        face = app.screen.query_one(BigClock)
        beside_everything = face.scale
        await pilot.press("f2")
        await wait_until(pilot, lambda: face.scale > beside_everything, "bigger digits")
        width, height = face.content_size
        # As big as the room allows, overtime's wider text included, and no bigger.
        assert text_width("+00:00") * face.scale <= width
        bigger = face.scale + 1
        assert text_width("+00:00") * bigger > width or block_height(bigger) > height
        clock.advance(6 * 60 + 5)
        await wait_for_text(pilot, "OVERTIME +00:05")
        assert face.scale == bigger - 1  # overtime keeps the size


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "lv"])
async def test_the_footer_ends_with_the_palette_key_in_entry_mode(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    app = (
        latvian_app(paths, clock, "getting-to-know-lv")
        if language == "lv"
        else running_app(paths, clock)
    )
    palette = {"en": "^p palette", "lv": "^p palete"}[language]
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"a note", "enter", "up")  # into the entries: many keys, one row
        await wait_until(pilot, lambda: "⏎" in screen_text(app).splitlines()[-1], "the entry keys")
        footer = screen_text(app).splitlines()[-1]
        assert footer.rstrip().endswith(palette), footer


@pytest.mark.parametrize("size", SIZES)
async def test_the_export_preview_keeps_its_table_and_file_names_whole(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = run_first_session(paths, clock, "en")
    details = meeting.session.info.details()
    details.title = "First session with Ilmārs Kalniņš and the board"  # long file names
    meeting.update_details(details)
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = await open_export(app, meeting, paths.exports, [])
        await wait_for_text(pilot, "Written:")
        preview = screen.query_one("#export-preview")
        for _ in range(30):
            if "Planned" in screen_text(app):
                break
            preview.scroll_down(animate=False)
            await pilot.pause()
        shown = screen_text(app)
        for heading in ("Planned", "Actual", "Difference"):
            assert heading in shown, shown  # not `Pla…`: the preview has its width
        assert "Q shows it" in shown  # no room beside it at these sizes
        listing = str(screen.query_one("#export-paths", Static).render())
        names = {p.name for p in paths.exports.iterdir()}
        assert len(names) == 2 and all(n in re.sub(r"\n {4}", "", listing) for n in names)
        if size[0] == 60:
            assert "\n    " in listing  # the 75-character names do not fit: broken
        for line in listing.splitlines():
            # Each line of a name ends where the name does, or after a separator.
            if line.startswith("  ") and line.strip() and not line.startswith("  ("):
                assert line.rstrip()[-1] in "-_.d", line
        await pilot.press("q")
        await pilot.pause()
        assert screen.query_one("#export-qr").region.width == screen.code_width
        if size[1] >= 25 + 2:  # the whole code fits the height (at 60x20 it scrolls)
            lines, _ = code_on_screen(app)
            assert decode(lines).startswith("Action items: First session with Ilm")


async def test_a_wide_screen_puts_the_code_beside_a_readable_preview(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = run_first_session(paths, clock, "en")
    app = make_app(paths, now=clock)
    async with app.run_test(size=(130, 34)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = await open_export(app, meeting, paths.exports, [])
        await wait_for_text(pilot, "Scan to take the action items with you.")
        assert isinstance(screen, ExportScreen) and screen.beside
        main = screen.query_one("#export-main").region
        assert main.width >= MAIN_MIN
        assert screen.query_one("#export-qr-panel").region.width == screen.code_width + 2


def test_file_names_break_after_separators() -> None:
    name = "2026-12-07-getting-to-know-conversation-action-plan.md"
    assert fit_name(name, 80) == [name]
    lines = fit_name(name, 30)
    assert "".join(lines) == name
    assert all(len(line) <= 30 for line in lines)
    assert lines == ["2026-12-07-getting-to-know-", "conversation-action-plan.md"]
    assert fit_name("a-" + "x" * 12, 5) == ["a-", "xxxxx", "xxxxx", "xx"]  # a word too long
