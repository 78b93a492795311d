"""The export screen: the take-away QR code read off the screen itself, in both themes, and
the confidential toggle saying and doing what it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown, Static

from facilitator.app import FacilitatorApp, make_app
from facilitator.documents.qr import take_away
from facilitator.meeting.live import Meeting
from facilitator.screens.export import ExportScreen
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until
from tests.unit.test_export import run_first_session
from tests.unit.test_export_qr import decode

SIZES = [(100, 30), (200, 60)]


async def open_export(
    app: FacilitatorApp, meeting: Meeting, folder: Path, told: list[Path]
) -> ExportScreen:
    """Export as the run screen does, and show the export screen."""
    screen = ExportScreen(meeting.export(folder), meeting.writer, folder, told.extend)
    await app.push_screen(screen)
    return screen


def banner(app: FacilitatorApp) -> str:
    """What the confidential banner says (wrapped on screen at narrow widths)."""
    return str(app.screen.query_one("#export-confidential", Static).content)


def code_on_screen(app: FacilitatorApp) -> tuple[list[str], set[tuple[str, str]]]:
    """The QR code's lines as the screen shows them, and the colours they are drawn in."""
    region = app.screen.query_one("#export-qr", Static).region
    strips = app.screen._compositor.render_strips()
    lines, colours = [], set()
    for strip in strips[region.y : region.bottom]:
        cropped = strip.crop(region.x, region.right)
        lines.append(cropped.text)
        for segment in cropped:
            style = segment.style
            assert style is not None and style.color and style.bgcolor
            colours.add((style.color.name, style.bgcolor.name))
    return lines, colours


@pytest.mark.parametrize("size", SIZES)
async def test_the_qr_code_on_screen_decodes_to_the_action_items(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = run_first_session(paths, clock, "en")
    (expected,) = take_away(meeting.writer()).texts
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await open_export(app, meeting, paths.exports, [])
        shown = await wait_for_text(pilot, "Written:")
        assert "  2026-11-24-first-session-ilmars-minutes.md" in shown
        if size[0] < 49 + 2 + 70:  # no room for the code beside the preview: Q shows it
            assert "The action items' QR code: Q shows it." in shown
            await pilot.press("q")
        await wait_for_text(pilot, "Scan to take the action items with you.")
        assert "LEFT OUT" in shown
        assert banner(app) == (
            "Confidential entries (1): LEFT OUT of this preview and of the files. C shows them."
        )
        for theme in ("facilitator-dark", "facilitator-light"):
            app.theme = theme
            await pilot.pause()
            lines, colours = code_on_screen(app)
            assert decode(lines) == expected
            assert colours == {("#000000", "#ffffff")}, theme  # dark on light, always


async def test_the_toggle_shows_confidential_entries_and_writes_them_only_on_w(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = run_first_session(paths, clock, "en")
    told: list[Path] = []
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = await open_export(app, meeting, paths.exports, told)
        preview = screen.query_one("#export-preview").query_one(Markdown)
        await wait_for_text(pilot, "LEFT OUT")
        assert "thinking of leaving" not in preview.source

        await pilot.press("c")
        await wait_for_text(pilot, "INCLUDED")
        assert banner(app) == (
            "Confidential entries (1): INCLUDED in this preview only, not in any file yet. "
            "W writes a separate copy (...-confidential-minutes.md); C leaves them out."
        )
        await wait_until(
            pilot, lambda: "thinking of leaving" in preview.source, "the confidential note"
        )
        assert sorted(p.name for p in paths.exports.iterdir()) == [
            "2026-11-24-first-session-ilmars-action-plan.md",
            "2026-11-24-first-session-ilmars-minutes.md",
        ]

        await pilot.press("w")
        await wait_until(pilot, lambda: "and written to the separate" in banner(app), "written")
        confidential = paths.exports / "2026-11-24-first-session-ilmars-confidential-minutes.md"
        assert "thinking of leaving" in confidential.read_text(encoding="utf-8")
        assert [p.name for p in told] == [
            "2026-11-24-first-session-ilmars-confidential-minutes.md",
            "2026-11-24-first-session-ilmars-confidential-action-plan.md",
        ]
        await pilot.press("w")  # already written: nothing more
        await pilot.press("c")
        await wait_for_text(pilot, "LEFT OUT")
        await pilot.press("w")  # the shared files were written when the screen opened
        await pilot.pause()
        assert len(list(paths.exports.iterdir())) == 4
        assert "thinking of leaving" not in screen_text(app)


async def test_the_plan_preview_and_the_code_alone(paths: DataPaths, clock: FakeClock) -> None:
    meeting = run_first_session(paths, clock, "lv")
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = await open_export(app, meeting, paths.exports, [])
        preview = screen.query_one("#export-preview").query_one(Markdown)
        await pilot.press("v")
        await wait_until(
            pilot, lambda: preview.source.startswith("# Rīcības plāna projekts"), "the plan"
        )
        await pilot.press("q")
        await pilot.pause()
        assert "Rīcības plāna projekts" not in screen_text(app)
        lines, _ = code_on_screen(app)
        assert decode(lines).startswith("Darbības: Pirmā sesija: Ilmārs\n1. Sagatavot")


ENGLISH_WORDS = ("Written", "Confidential", "LEFT OUT", "INCLUDED", "Scan", "Close",
                 "Write", "Minutes", "QR only", "Next code", "action item", "draft")  # fmt: skip
"""Words of the export screen's English that must not be left on a Latvian screen."""


@pytest.mark.parametrize("size", [(60, 20), (100, 30)])
async def test_the_export_screen_in_latvian(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    meeting = run_first_session(paths, clock, "lv")
    app = make_app(paths, now=clock, language="lv")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await open_export(app, meeting, paths.exports, [])
        await wait_for_text(pilot, "Saglabātie faili:")
        shown = await wait_for_text(pilot, "Aizvērt")  # the footer too
        assert banner(app) == (
            "Konfidenciālie ieraksti (1): NAV iekļauti ne priekšskatījumā, ne failos. C tos parāda."
        )
        caption = str(app.screen.query_one("#export-qr-caption", Static).content)
        assert caption.startswith("↑ Noskenējiet, lai paņemtu darbības līdzi.")
        for word in ENGLISH_WORDS:
            assert word not in shown, (word, shown)
        await pilot.press("c")
        shown = await wait_for_text(pilot, "IEKĻAUTI")
        for word in ENGLISH_WORDS:
            assert word not in shown, (word, shown)


async def test_switching_the_language_keeps_the_preview_as_it_was(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = run_first_session(paths, clock, "en")  # the documents stay English
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = await open_export(app, meeting, paths.exports, [])
        preview = screen.query_one("#export-preview").query_one(Markdown)
        await wait_for_text(pilot, "LEFT OUT")
        await pilot.press("c", "v", "q")
        await wait_until(
            pilot, lambda: preview.source.startswith("# Draft action plan"), "the plan"
        )
        codes = screen.codes
        await app.switch_language("lv")
        await wait_for_text(pilot, "Noskenējiet")  # only the code is on screen
        shown = await wait_for_text(pilot, "Aizvērt")  # and the footer
        assert app.screen is screen
        assert banner(app).startswith("Konfidenciālie ieraksti (1): IEKĻAUTI tikai")
        assert (screen.include_confidential, screen.show_plan) == (True, True)
        assert screen.has_class("-qr-only")
        assert screen.codes is codes
        assert "Aizvērt" in shown and "Scan" not in shown
        assert preview.source == meeting.writer(True).action_plan()  # still the English plan
        await pilot.press("q")
        await wait_for_text(pilot, "Saglabātie faili:")
        assert "IEKĻAUTI" in screen_text(app)
        await app.switch_language("en")
        await wait_for_text(pilot, "Written:")
        assert banner(app).startswith("Confidential entries (1): INCLUDED in this preview only")


async def test_the_formats_are_chosen_on_the_screen_and_written_by_w(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = run_first_session(paths, clock, "en")
    app = make_app(paths, now=clock)
    told: list[Path] = []
    chosen: list[tuple[str, ...]] = []
    folder = paths.exports
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        screen = ExportScreen(
            meeting.export(folder), meeting.writer, folder, told.extend, on_formats=chosen.append
        )
        await app.push_screen(screen)
        shown = await wait_for_text(pilot, "Formats:")
        assert "Formats:  [x] Markdown  [ ] HTML  [ ] Word" in shown
        assert not screen.check_action("write", ())  # Markdown is written already
        await pilot.press("h", "d")
        shown = await wait_for_text(pilot, "[x] HTML")
        assert "Formats:  [x] Markdown  [x] HTML  [x] Word" in shown
        assert chosen[-1] == ("md", "html", "docx")
        await pilot.press("w")
        await wait_until(pilot, lambda: len(told) == 4, "four more files written")
        assert sorted(p.suffix for p in told) == [".docx", ".docx", ".html", ".html"]
        assert sorted(p.name for p in folder.iterdir()) == [
            f"2026-11-24-first-session-ilmars-{doc}.{ext}"
            for doc in ("action-plan", "minutes")
            for ext in ("docx", "html", "md")
        ]
        assert not screen.check_action("write", ())  # nothing left to write
        await pilot.press("m", "h", "d")  # Markdown off, HTML off: Word stays, the last
        assert screen.formats == ("docx",)
        await pilot.press("d")
        assert screen.formats == ("docx",)
