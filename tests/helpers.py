"""Test helpers: a fake clock, and reading the app's screen as text."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot

# Riga's rules as a POSIX string: no tz database needed on the machine.
RIGA_TZ = "EET-2EEST,M3.5.0/3,M10.5.0/4"
# 23 Nov 2026 14:00:00 in Riga (UTC+2 in winter).
START = 1795435200.0


class FakeClock:
    """A wall clock that only moves when a test moves it."""

    def __init__(self, start: float = START) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.t += seconds


def screen_text(app: App[object]) -> str:
    """What the active screen shows, row by row, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_for_text(pilot: Pilot[object], text: str, attempts: int = 50) -> str:
    """Let the app settle until `text` is on screen; fail with the screen if it never is."""
    shown = ""
    for _ in range(attempts):
        await pilot.pause()
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
