"""The projected run screen at the sizes a projector uses, steered by keys, on a fake clock."""

from __future__ import annotations

import json

import pytest
from textual.command import CommandPalette

from facilitator.agenda.library import AgendaLibrary
from facilitator.agenda.model import Agenda
from facilitator.app import FacilitatorApp, StartRequest, make_app
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.screens.run import RunScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.widgets.bigclock import BigClock
from tests.helpers import FakeClock, screen_text, wait_for_text, wait_until

SIZES = [(60, 20), (80, 24), (120, 40), (250, 70)]


def agenda(paths: DataPaths, agenda_id: str = "getting-to-know-en") -> Agenda:
    found = AgendaLibrary.discover(paths).find(agenda_id)
    assert found is not None
    return found


def running_app(
    paths: DataPaths, clock: FakeClock, agenda_id: str = "getting-to-know-en"
) -> FacilitatorApp:
    return make_app(paths, now=clock, start=StartRequest(agenda(paths, agenda_id)))


def redraw(app: FacilitatorApp) -> None:
    """Redraw the run screen from the clock now, as its next tick would."""
    screen = app.screen
    assert isinstance(screen, RunScreen)
    screen.refresh_time()


def clock_text(app: FacilitatorApp) -> str:
    return app.screen.query_one(BigClock).text


@pytest.mark.parametrize("size", SIZES)
async def test_title_timer_and_next_block_show_at_every_size(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(61)
        shown = await wait_for_text(pilot, "1/5  Introductions and values")
        assert "Next: Attitude and expectations (6 min)" in shown
        await wait_until(pilot, lambda: clock_text(app) == "04:59", "the clock showing 04:59")
        shown = screen_text(app)
        assert "██" in shown or "▀" in shown  # the digits are drawn as glyphs
        big = app.screen.query_one(BigClock)
        assert big.scale >= 1
        assert "remaining" in shown


async def test_drift_and_overtime_after_keys(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(360 + 150)
        shown = await wait_for_text(pilot, "OVERTIME +02:30")
        assert "3 min behind · ends 14:33" in shown  # 2.5 min rounds to 3
        assert clock_text(app) == "+02:30"
        await pilot.press("f5")  # one more minute for this block
        shown = await wait_for_text(pilot, "Added 1 min to block 1")
        assert "6 min → 7 min" in shown
        await pilot.press("ctrl+n")
        shown = await wait_for_text(pilot, "2/5  Attitude and expectations")
        assert "2 min behind" in shown or "3 min behind" in shown


async def test_pause_never_counts(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(60)
        await pilot.press("ctrl+t")
        await wait_for_text(pilot, "PAUSED")
        clock.advance(900)
        redraw(app)  # a redraw now shows what the clock says; the pause did not count
        assert clock_text(app) == "05:00"
        await pilot.press("ctrl+t")
        clock.advance(30)
        await wait_until(pilot, lambda: clock_text(app) == "04:30", "the clock showing 04:30")


async def test_skip_go_to_and_the_timeline(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await pilot.press("f8")
        await wait_for_text(pilot, "2/5  Attitude and expectations")
        assert "╳" in screen_text(app)  # block 1 skipped on the timeline
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Go to block (1-5)")
        await pilot.press("4", "enter")
        await wait_for_text(pilot, "4/5  Motivation and energy")
        await pilot.press("ctrl+g")
        await wait_for_text(pilot, "Go to block")
        await pilot.press("9", "enter")
        await wait_for_text(pilot, "Type a block number from 1 to 5")


async def test_rebalance_proposes_and_applies(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock, "closing-session-en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(15 * 60 + 10 * 60)  # ten minutes over the 10-15 min warm-up
        await wait_for_text(pilot, "10 min behind")
        await pilot.press("f9")
        shown = await wait_for_text(pilot, "Shorten the coming blocks within their ranges?")
        assert "The meeting ends 10 min earlier." in shown
        await pilot.press("y")
        shown = await wait_for_text(pilot, "Rebalanced")
        assert "on time" in shown


async def test_rebalance_shortens_fixed_blocks_only_when_asked_again(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock, "closing-session-en")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(15 * 60 + 40 * 60)  # far more over than the ranges can take back
        await wait_for_text(pilot, "40 min behind")
        await pilot.press("f9")
        shown = await wait_for_text(pilot, "Shorten the coming blocks within their ranges?")
        assert "It is still" in shown
        await pilot.press("y")
        shown = await wait_for_text(pilot, "Also shorten fixed-length blocks, in proportion?")
        await pilot.press("y")
        shown = await wait_for_text(pilot, "Rebalanced")
        assert "on time" in shown


async def test_rebalance_of_fixed_blocks_can_be_declined(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(16 * 60)  # every block is fixed: no range to take from
        await wait_for_text(pilot, "10 min behind")
        await pilot.press("f9")
        await wait_for_text(pilot, "Also shorten fixed-length blocks, in proportion?")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen), "the dialog closing")
        assert "Rebalanced" not in screen_text(app)
        assert "10 min behind" in screen_text(app)


async def test_privacy_hides_every_note_at_once(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await pilot.press(*"a private remark", "enter")
        await wait_for_text(pilot, "• a private remark")
        await pilot.press("f4")
        shown = await wait_for_text(pilot, "Notes are hidden from the screen")
        assert "a private remark" not in shown
        assert "Which three words describe you best?" in shown  # prompts stay
        await pilot.press("f4")
        await wait_for_text(pilot, "• a private remark")


async def test_timer_only_view(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        small = app.screen.query_one(BigClock).scale
        await pilot.press("f2")
        await pilot.pause()
        shown = screen_text(app)
        assert "Which three words" not in shown
        assert app.screen.query_one(BigClock).scale > small
        await pilot.press("f2")
        await wait_for_text(pilot, "Which three words")


async def test_a_window_too_small_says_so(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(39, 11)) as pilot:
        shown = await wait_for_text(pilot, "Please enlarge")
        assert "Introductions" not in shown


async def test_the_theme_switches_and_is_remembered(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        assert app.theme == "facilitator-dark"
        await pilot.press("f3")
        assert app.theme == "facilitator-light"
        await pilot.press("f10")
        await wait_for_text(pilot, "The bell is off")
    saved = json.loads(paths.settings.read_text(encoding="utf-8"))
    assert saved["theme"] == "facilitator-light" and saved["bell"] is False
    again = running_app(paths, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        assert again.theme == "facilitator-light"


async def test_warning_cue_rings_the_bell_once(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = running_app(paths, clock)
    rings: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append(None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        clock.advance(310)
        await wait_for_text(pilot, "last minute")
        assert app.screen.query_one("#timer").has_class("-warning")
        assert len(rings) == 1
        redraw(app)
        assert len(rings) == 1  # once per block
        clock.advance(60)
        await wait_for_text(pilot, "OVERTIME")
        assert len(rings) == 2


async def test_help_lists_every_key_and_the_palette_offers_them(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await pilot.press("f1")
        shown = await wait_for_text(pilot, "Rebalance")
        for words in (
            "Next",
            "Pause",
            "+5 min",
            "Skip",
            "Go to",
            "Timer only",
            "Hide notes",
            "Theme",
            "Bell",
            "Next meeting",
        ):
            assert words in shown, words
        # The capture syntax follows the keys: scrolled to, as the reader would.
        app.screen.query_one("#help").scroll_end(animate=False)
        await wait_for_text(pilot, "! Meet every second Tuesday")
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Next", "Pause", "+1 min", "Skip", "Finish", "Hide notes"} <= set(commands)
        assert "Start" not in commands  # keys that do not apply now are not offered
        # Each command once: no help line repeating its title (Focus Next had one).
        offered = list(app.get_system_commands(app.screen))
        assert all(c.help != c.title for c in offered)
        assert commands.count("Focus Next") == 1 and commands.count("Next") == 1
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_resume_asks_whether_the_downtime_counts(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    meeting = Meeting(store.create(agenda(paths), MeetingDetails("Crashed")), clock)
    meeting.start()
    clock.advance(60)
    meeting.beat()
    # The app dies here: no close, no save. Twelve minutes pass.
    meeting.session._db.close()
    if meeting.session._lock is not None:
        meeting.session._lock.release()
    clock.advance(12 * 60)
    app = make_app(paths, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Crashed")
        await wait_for_text(pilot, "press Enter to resume it")
        await pilot.press("enter")
        shown = await wait_for_text(pilot, "Count that time (12 min) as meeting time?")
        assert "last seen running at 14:01" in shown
        await pilot.press("n")
        await wait_for_text(pilot, "(12 min) does not count")
        assert isinstance(app.screen, RunScreen)
        assert clock_text(app) == "05:00"


async def test_go_to_refuses_odd_digits(paths: DataPaths, clock: FakeClock) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n", "ctrl+g")
        await wait_for_text(pilot, "Go to block")
        await pilot.press("²", "enter")
        await wait_for_text(pilot, "Type a block number from 1 to 5")


async def test_privacy_masks_the_line_being_typed_and_timer_only_keeps_focus(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n", "f4")
        await pilot.press(*"salary 3200 EUR")
        await pilot.pause()
        assert "salary 3200" not in screen_text(app)
        await pilot.press("f4", "f2", "f2")
        await pilot.pause()
        assert "salary 3200 EUR" in screen_text(app)
        await pilot.press("!")
        await pilot.pause()
        assert "salary 3200 EUR!" in screen_text(app)  # typing still lands in the line


async def test_leaving_a_running_meeting_is_not_an_interruption(
    paths: DataPaths, clock: FakeClock
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await wait_for_text(pilot, "1/5")
        await pilot.press("escape")
        shown = await wait_for_text(pilot, "Getting-to-know conversation")
        assert "press Enter to resume it" not in shown
        assert "resume" in shown  # still listed, to resume on purpose


HINTS = [
    "Type a note · ! decision · + action @lead 15.12.2026 · ? question · ~ confidential"
    " · Enter saves",
    "Type a note · ! decision · + action @lead 15.12.2026 · ? question · ~ confidential",
    "Note · ! decision · + action · ? question · ~ confidential",
    "! decision · + action · ? question",
]


def capture_hint(shown: str) -> str:
    """The hint shown in the empty capture line, whole, or '' if none is whole."""
    line = next(row for row in shown.splitlines() if "decision" in row and "·" in row)
    return next((hint for hint in HINTS if hint in line), "")


@pytest.mark.parametrize(("size", "longest"), [((60, 20), 3), ((100, 30), 1), ((200, 60), 0)])
async def test_the_empty_capture_line_shows_the_longest_hint_that_fits(
    paths: DataPaths, clock: FakeClock, size: tuple[int, int], longest: int
) -> None:
    app = running_app(paths, clock)
    async with app.run_test(size=size) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        await pilot.press("ctrl+n")
        await wait_for_text(pilot, "1/5")
        await wait_until(
            pilot, lambda: capture_hint(screen_text(app)) == HINTS[longest], "the whole hint"
        )
        # The terminal zoomed out and back in (a projector's window): the hint follows.
        await pilot.resize_terminal(200, 60)
        await wait_until(pilot, lambda: capture_hint(screen_text(app)) == HINTS[0], "wider")
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: capture_hint(screen_text(app)) == HINTS[3], "narrower")
        await pilot.resize_terminal(*size)
        await wait_until(
            pilot, lambda: capture_hint(screen_text(app)) == HINTS[longest], "the hint back"
        )


async def test_the_keymap_in_the_settings_gives_a_key_another_key(
    paths: DataPaths, clock: FakeClock
) -> None:
    # A presenter remote's key for "next block"; a wrong entry of each kind beside it.
    paths.settings.write_text(
        json.dumps({"keymap": {"next-block": "f12", "skip": 8, "next-blok": "f11"}}),
        encoding="utf-8",
    )
    app = running_app(paths, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_text(pilot, "Ctrl+N starts")
        warnings = [n.message for n in app._notifications]
        assert any('gives "skip" no key' in w for w in warnings), warnings
        assert any('names "next-blok", which is the id of no key' in w for w in warnings)
        await pilot.press("ctrl+n")  # Start keeps Ctrl+N, which it shared with Next
        await wait_for_text(pilot, "Next: Attitude and expectations")
        await pilot.press("ctrl+n")  # the start's key only, now: Next has F12
        await pilot.pause()
        assert "2/5" not in screen_text(app)
        await pilot.press("f12")
        await wait_for_text(pilot, "2/5  Attitude and expectations")
        assert "f12 Next" in screen_text(app)  # the footer shows the key it has now
        await pilot.press("f8")  # Skip keeps its key: the bad entry was left out
        await wait_for_text(pilot, "3/5")
