"""A whole meeting in the app, with Pilot, at the sizes a projector and a laptop use."""

from __future__ import annotations

import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from facilitator.agenda.library import AgendaLibrary
from facilitator.agenda.model import Duration
from facilitator.app import StartRequest, make_app
from facilitator.meeting.session import MeetingDetails
from facilitator.screens.home import HomeScreen
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

SIZES = [(80, 24), (120, 40)]


async def highlight_agenda(pilot: Pilot[None], title: str) -> None:
    """Move down the agenda list, as a user would, until `title` is highlighted."""
    agendas = pilot.app.screen.query_one("#agendas", OptionList)
    for _ in range(agendas.option_count):
        option = agendas.highlighted_option
        if option is not None and str(option.prompt).startswith(title + "\n"):
            return
        await pilot.press("down")
    raise AssertionError(f"{title!r} is not in the agenda list")


async def choose_agenda(pilot: Pilot[None], title: str) -> None:
    """Highlight the agenda called `title` and open it."""
    await highlight_agenda(pilot, title)
    await pilot.press("enter")


@pytest.mark.parametrize("size", SIZES)
async def test_home_lists_agendas_and_previews_them(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        shown = await wait_for_text(pilot, "Digital Academy")
        assert isinstance(app.screen, HomeScreen)
        assert "No sessions yet" in shown
        await highlight_agenda(pilot, "Getting-to-know conversation")
        shown = await wait_for_text(pilot, "mentoring conversation · 5 blocks")
        assert "1. Introductions and values" in shown
        assert "30 min · 5 blocks" in shown  # the list line of the highlighted agenda
        await highlight_agenda(pilot, "Iepazīšanās saruna")
        await wait_for_text(pilot, "1. Iepazīšanās un vērtības")


@pytest.mark.parametrize("size", SIZES)
async def test_a_meeting_from_home_to_exported_minutes(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Participants")
        app.screen.query_one("#place", Input).value = "Cēsis"
        app.screen.query_one("#participants", Input).value = "Anna (mentor), Jānis (mentee)"
        await wait_for_text(pilot, "Jānis — mentee")  # the attendance list, which moves #go
        await pilot.click("#go")
        shown = await wait_for_text(pilot, "Ctrl+N starts")
        assert isinstance(app.screen, RunScreen)
        assert "Introductions and values" in shown
        assert "06:00" not in shown  # the digits are drawn as glyphs, not text

        await pilot.press("ctrl+n")
        shown = await wait_for_text(pilot, "1/5")
        assert "Next: Attitude and expectations (6 min)" in shown
        clock.advance(400)
        await pilot.press(*"Anna values honesty", "enter")
        await wait_for_text(pilot, "• Anna values honesty")
        await pilot.press("ctrl+n")
        shown = await wait_for_text(pilot, "2/5")
        assert "Anna values honesty" not in shown
        clock.advance(60)
        await pilot.press(*"! Meet every second Tuesday", "enter")
        await wait_for_text(pilot, "Decision: Meet every second Tuesday")
        clock.advance(30)
        await pilot.press("ctrl+f")
        await wait_for_text(pilot, "Finish the meeting?")
        await pilot.press("y")
        await wait_for_text(pilot, "The meeting has finished")
        await pilot.press("ctrl+o")
        await wait_for_text(pilot, "Written:")

    minutes = next(paths.exports.glob("*-minutes.md")).read_text(encoding="utf-8")
    first = minutes.index("## 1. Introductions and values")
    second = minutes.index("## 2. Attitude and expectations")
    third = minutes.index("## 3. ")
    assert first < minutes.index("Anna values honesty") < second
    assert second < minutes.index("**Decision:** Meet every second Tuesday") < third
    assert "| 1 | Introductions and values | 6:00 | 6:40 | +0:40 |" in minutes
    assert "| 2 | Attitude and expectations | 6:00 | 1:30 | -4:30 |" in minutes
    assert "- **Place:** Cēsis" in minutes
    assert len(app.exported) == 2


async def test_an_invalid_date_keeps_the_typed_text(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        line = "+ Share the CV @Jānis 31.02.2026"
        await pilot.press(*line, "enter")
        shown = await wait_for_text(pilot, "not a real date")
        assert "Your text is still in the line" in shown
        assert app.screen.query_one("#capture-input", Input).value == line
        assert "Nothing captured in this block yet." in shown


async def test_the_kind_of_the_line_shows_before_enter(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("+")
        assert "Action" in screen_text(app)
        await pilot.press("backspace", "!")
        assert "Decision" in screen_text(app)


async def test_a_stored_session_resumes_where_it_stopped(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda, MeetingDetails(title="Resumable")))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(100)
        await pilot.press("ctrl+n")
        await wait_for_text(pilot, "2/5")
        await pilot.press(*"kept across restarts", "enter")
        await wait_for_text(pilot, "kept across restarts")

    again = make_app(paths, now=clock)
    async with again.run_test(size=(80, 24)) as pilot:
        shown = await wait_for_text(pilot, "Resumable")
        assert "1 entry · resume" in shown
        await pilot.press("tab", "enter")  # quit on purpose: listed, not offered
        shown = await wait_for_text(pilot, "2/5")
        assert "kept across restarts" in shown


async def test_a_broken_agenda_is_listed_with_its_problems(
    paths: DataPaths, clock: FakeClock
) -> None:
    broken = paths.agendas / "mine.md"
    broken.write_text("# Mine\n\n## Start\nDuration: soon\n", encoding="utf-8")
    app = make_app(paths, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        assert app.library.find("getting-to-know-en") is not None
        agendas = app.screen.query_one("#agendas", OptionList)
        while agendas.highlighted_option is None or "mine.md" not in str(
            agendas.highlighted_option.prompt
        ):
            await pilot.press("down")
        shown = await wait_for_text(pilot, "line 4: block `Start`: cannot read")
        assert "Cannot be used" in shown and "✗ mine.md" in shown
        await pilot.press("enter")
        shown = await wait_for_text(pilot, "mine.md cannot be used")
        assert isinstance(app.screen, HomeScreen)


async def test_the_session_copy_of_an_agenda_can_be_adjusted(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Participants")
        await pilot.press("f2")
        await wait_for_text(pilot, "changes apply to this meeting only")
        await pilot.press("plus", "plus")  # block 1: 8 min
        await pilot.press("down", "d")  # drop block 2
        await pilot.press("up", "a")  # a new block goes after the highlighted one
        await pilot.press(*"Coffee", "tab", *"15 min", "enter")
        shown = await wait_for_text(pilot, "Coffee  15 min")
        assert " 1. Introductions and values  8 min" in shown
        assert "Attitude and expectations" not in shown
        await pilot.press("ctrl+s")
        await wait_for_text(pilot, "41 min · 5 blocks")  # 30 + 2 - 6 + 15
        await pilot.click("#go")
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        shown = await wait_for_text(pilot, "1/5  Introductions and values  ·  8 min")
        assert "Next: Coffee (15 min)" in shown

    stored = SessionStore(paths, clock).open("2026")
    assert [b.title for b in stored.info.agenda.blocks][:2] == [
        "Introductions and values",
        "Coffee",
    ]
    stored.close()
    library_agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert library_agenda is not None
    assert library_agenda.blocks[0].duration == Duration(360, 360)


async def test_brackets_in_a_title_are_shown_as_typed(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    title = "[/] Visit 2 [Draft] Budget [EUR]"
    app = make_app(paths, now=clock, start=StartRequest(agenda, MeetingDetails(title=title)))
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await wait_for_text(pilot, "Ctrl+N starts")
        assert title in shown


async def test_the_newest_entry_stays_in_view(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        for n in range(1, 14):
            await pilot.press(*f"note number {n}", "enter")
            await wait_for_text(pilot, "Saved note in block 1")
        shown = await wait_for_text(pilot, "• note number 13")
        assert "• note number 12" in shown


async def test_a_meeting_that_cannot_be_created_says_why(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_for_text(pilot, "Digital Academy")
        paths.sessions.rmdir()
        paths.sessions.write_text("a file where the sessions folder was", encoding="utf-8")
        await choose_agenda(pilot, "Getting-to-know conversation")
        await wait_for_text(pilot, "Participants")
        await pilot.click("#go")
        shown = await wait_for_text(pilot, "could not be created")
        assert isinstance(app.screen, HomeScreen)
        assert "sessions" in shown


async def test_the_home_screen_shows_before_the_agendas_are_read(
    paths: DataPaths, clock: FakeClock
) -> None:
    release = threading.Event()
    app = make_app(paths, now=clock)
    real = app.load_library

    def slow_library(cached_only: bool = False) -> AgendaLibrary | None:
        if cached_only:
            return None  # as on a first start: nothing cached yet
        release.wait(timeout=10)  # the agenda files take their time; the screen does not
        return real()

    app.load_library = slow_library  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Reading agendas")
        # The sessions are listed while the agendas are still being read.
        shown = await wait_for_text(pilot, "No sessions yet")
        assert "Reading agendas" in shown
        release.set()
        # Every shipped agenda is listed once the files are read (which come first on a
        # small screen is the list's order, not this test's concern).
        shipped = len(AgendaLibrary.discover(paths).agendas)

        def listed() -> bool:
            if not isinstance(app.screen, HomeScreen) or "Reading agendas" in screen_text(app):
                return False
            options = app.screen.query_one("#agendas", OptionList)
            titles = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            return sum("blocks" in title for title in titles) == shipped

        await wait_until(pilot, listed, "every agenda listed")


async def test_an_error_while_reading_agendas_is_shown(paths: DataPaths, clock: FakeClock) -> None:
    app = make_app(paths, now=clock)

    def broken(cached_only: bool = False) -> AgendaLibrary:
        raise OSError(5, "Input/output error")

    app.load_library = broken  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "The agendas could not be read")


async def test_the_export_offers_the_formats_picked_last_time(
    paths: DataPaths, clock: FakeClock
) -> None:
    """Ctrl+O writes Markdown and what was picked at the last export; a format picked on
    the export screen is remembered for the next meeting's export."""
    paths.ensure_writable()
    Settings(export_formats=["html"]).save(paths.settings)
    agenda = AgendaLibrary.discover(paths).find("getting-to-know-en")
    assert agenda is not None
    app = make_app(paths, now=clock, start=StartRequest(agenda))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await pilot.press(*"+ Book the hall @Anna", "enter")
        await wait_for_text(pilot, "Book the hall")
        await pilot.press("ctrl+f")
        await wait_for_text(pilot, "Finish the meeting?")
        await pilot.press("y")
        await wait_for_text(pilot, "The meeting has finished")
        await pilot.press("ctrl+o")
        shown = await wait_for_text(pilot, "Formats:")
        assert "[x] Markdown  [x] HTML  [ ] Word" in shown
        assert sorted(p.suffix for p in paths.exports.iterdir()) == [".html", ".html", ".md", ".md"]
        await pilot.press("d")
        await wait_for_text(pilot, "[x] Word")
    assert Settings.load(paths.settings).export_formats == ["html", "docx"]
