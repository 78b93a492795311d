"""The timer benchmark's scenario (`timer.py`): the agenda, the terminal's size, the goals
and timings, how facilitator is started, and the child side: the bare app in the
terminal and the headless meeting whose auto-pilot reads the `#timer` widget."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import bare_app, tell

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widget import Widget


SCRIPT = Path(__file__).resolve().with_name("timer.py")
"""The benchmark's script, which its children run (`timer.py --child ...`)."""
GOAL_CPU_PERCENT = 3.0
"""The run screen may use at most this share of one core while its block runs."""
GOAL_ERROR_S = 0.5
"""The displayed time may be at most this many seconds away from the truth."""

AGENDA = "getting-to-know-en"
SIZE = (100, 30)
"""The terminal's columns and rows: the run screen's wide layout."""
DEFAULT_SECONDS = 60
DEFAULT_REAL_SECONDS = 300
SETTLE_S = 3.0
"""Seconds the apps are left alone after the block started, before the CPU window opens."""
WINDOW_S = 5.0
"""The real-time reads happen over the last this many seconds of the run."""
IN_PROCESS_EVERY_S = 0.02
SCREEN_EVERY_S = 0.1
READY_TIMEOUT = 30.0
"""Seconds to wait for an app to show its screen, or for the block to start."""
MARK = "TIMER-BENCH"
"""Prefix of the one line the headless child prints with its reads."""


# --------------------------------------------------------------------------------------
# Child side: runs in the spawned interpreter.
# --------------------------------------------------------------------------------------


def child_bare() -> int:
    """The reference: a Textual app with one `Static`, in whatever terminal it was given."""
    bare_app().run()
    return 0


def first_match(widget: Screen[Any] | Widget, selector: str) -> Widget | None:
    """The first widget under `widget` matching `selector`, or None."""
    found = widget.query(selector)
    return found.first() if found else None


def find_digits(screen: Screen[Any], timer: Widget) -> Widget | None:
    """The timer's big digits: `#digits` inside `#timer`, else a `Digits` there."""
    for root, selector in ((timer, "#digits"), (timer, "Digits"), (screen, "#digits")):
        found = first_match(root, selector)
        if found is not None:
            return found
    return None


TEXT_ATTRIBUTES = ("value", "text")
"""Where a digits widget keeps the text it draws: `Digits.value`, or a `text` reactive."""


def text_attribute(digits: Widget | None) -> str | None:
    """The name of the attribute that holds the digits' text."""
    for name in TEXT_ATTRIBUTES:
        if isinstance(getattr(digits, name, None), str):
            return name
    return None


def shown_text(digits: Widget | None, attribute: str | None) -> str | None:
    """The text the digits draw."""
    value = getattr(digits, attribute, None) if attribute else None
    return value if isinstance(value, str) else None


def shown_remaining(timer: Widget) -> float | None:
    """The timer's `remaining` reactive, if it has one."""
    value = getattr(timer, "remaining", None)
    return float(value) if isinstance(value, int | float) else None


async def drive(
    app: App[None], pilot: Pilot[object], budget: float, seconds: float
) -> dict[str, Any]:
    """Start the block, let it run `seconds`, and read the timer over the last few seconds."""
    import asyncio

    from facilitator.screens.run import RunScreen

    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        screen = app.screen
        timer = first_match(screen, "#timer") if isinstance(screen, RunScreen) else None
        if timer is not None and timer.is_mounted:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("no RunScreen with a mounted #timer widget")
        await pilot.pause(0.01)
    digits = find_digits(screen, timer)
    attribute = text_attribute(digits)
    await pilot.pause()
    before = shown_text(digits, attribute)
    sent = time.time()
    await pilot.press("ctrl+n")
    pressed = time.time()

    start, source = sent, "the moment Ctrl+N was sent"
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        clock = getattr(getattr(screen, "meeting", None), "clock", None)
        recorded = getattr(clock, "segment_start", None)
        if isinstance(recorded, int | float) and sent - 1 <= recorded <= pressed + 1:
            start, source = float(recorded), "the clock's record"
            break
        if attribute is not None and shown_text(digits, attribute) != before:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the block did not start after Ctrl+N")
        await pilot.pause(0.01)

    end = start + seconds
    await asyncio.sleep(max(0.0, end - WINDOW_S - time.time()))
    reads: list[tuple[float, str | None, float | None]] = []
    while True:
        now = time.time()
        reads.append((now, shown_text(digits, attribute), shown_remaining(timer)))
        if now >= end:
            break
        await asyncio.sleep(min(IN_PROCESS_EVERY_S, max(0.0, end - now)))
    return {
        "budget": budget,
        "start": start,
        "source": source,
        "digits": f"{type(digits).__name__}.{attribute}" if attribute else None,
        "still_run_screen": isinstance(app.screen, RunScreen),
        "reads": reads,
    }


def child_realtime(data_dir: str, seconds: float) -> int:
    """Run a meeting headless on the real clock; print the timer reads as one JSON line."""
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.app import StartRequest, make_app
    from facilitator.storage.paths import DataPaths

    paths = DataPaths(Path(data_dir))
    paths.ensure_writable()
    library = AgendaLibrary.discover(paths)
    agenda = library.find(AGENDA)
    if agenda is None:
        print(f"no agenda {AGENDA}", file=sys.stderr)
        return 1
    budget = float(agenda.blocks[0].duration.planned_s)
    app = make_app(paths, library=library, start=StartRequest(agenda))
    result: dict[str, Any] = {}

    async def auto_pilot(pilot: Pilot[object]) -> None:
        try:
            result.update(await drive(app, pilot, budget, seconds))
        except Exception as exc:  # reported by the parent, with the app's own exit
            result["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    # Printed only now: while the app runs, Textual captures stdout.
    tell(MARK, json.dumps(result))
    return 1 if "error" in result else 0


def facilitator_env(data_dir: Path) -> dict[str, str]:
    return {"FACILITATOR_DATA_DIR": str(data_dir), "COLORTERM": "truecolor"}


def facilitator_command() -> list[str]:
    return [sys.executable, "-m", "facilitator", "run", AGENDA]


def planned_first_block(data_dir: Path) -> float:
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.storage.paths import DataPaths

    agenda = AgendaLibrary.discover(DataPaths(data_dir)).find(AGENDA)
    if agenda is None:
        raise RuntimeError(f"no agenda {AGENDA}")
    return float(agenda.blocks[0].duration.planned_s)
