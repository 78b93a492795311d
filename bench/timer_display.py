"""What a countdown display claims, how far that is from the truth, and reading the big
digits from a captured screen (Textual's 3x3 `Digits` glyphs, or facilitator's own big
font), for the timer benchmark (`timer.py`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


COUNTDOWN = re.compile(r"(\+?)(?:(\d+):)?(\d{2}):(\d{2})")
"""What `format_countdown` writes: `05:42`, `+00:42`, `1:05:00`."""


# --------------------------------------------------------------------------------------
# What a display claims, and how far that is from the truth.
# --------------------------------------------------------------------------------------


def claimed_interval(text: str) -> tuple[float, float] | None:
    """The remaining seconds `(low, high]` a countdown text claims, or None if it is none.

    Remaining time rounds up, so `05:42` claims (341, 342]; overtime counts whole seconds
    past the end, so `+00:42` claims (-43, -42].
    """
    match = COUNTDOWN.fullmatch(text.strip())
    if match is None:
        return None
    over, hours, minutes, seconds = match.groups()
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if over:
        return (-value - 1.0, -float(value))
    return (value - 1.0, float(value))


def display_error(truth: float, interval: tuple[float, float]) -> float:
    """How far `truth` lies outside `interval`: positive when the display lags behind."""
    low, high = interval
    if truth <= low:
        return low - truth
    if truth > high:
        return high - truth
    return 0.0


def glyphs() -> dict[tuple[str, str, str], str]:
    """Textual's 3x3 digit glyphs (plain and bold), each mapped to its character."""
    try:
        from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
    except ImportError:  # Textual moved them: `Digits` cannot be read from the screen
        return {}
    table: dict[tuple[str, str, str], str] = {}
    for font in (DIGITS3X3, DIGITS3X3_BOLD):
        for index, character in enumerate(DIGITS):
            if character not in "0123456789+:":
                continue
            rows = font[index * 3 : index * 3 + 3]
            table[(rows[0].ljust(3), rows[1].ljust(3), rows[2].ljust(3))] = character
    return table


GLYPHS = glyphs()


def decode_3x3(lines: list[str]) -> str | None:
    """A countdown drawn by Textual's `Digits`, or None if there is not exactly one."""
    if not GLYPHS:
        return None
    width = max((len(line) for line in lines), default=0) + 3
    rows = [line.ljust(width) for line in lines]
    found: set[str] = set()
    for top in range(len(rows) - 2):
        band = rows[top : top + 3]
        if not any(ch in band[0] for ch in "┏╺╻╭╶╷"):
            continue
        for left in range(width - 2):
            text = ""
            column = left
            while column + 3 <= width:
                cell = tuple(row[column : column + 3] for row in band)
                character = GLYPHS.get((cell[0], cell[1], cell[2]))
                if character is None:
                    break
                text += character
                column += 3
            if COUNTDOWN.fullmatch(text):
                found.add(text)
    return found.pop() if len(found) == 1 else None


Render = Callable[[str, int], Sequence[str]]


def big_font() -> Render | None:
    """facilitator's own big-digit font, if it has one: `glyph_lines(text, scale)`."""
    import importlib

    try:
        module = importlib.import_module("facilitator.widgets.bigclock")
    except ImportError:
        return None
    render = getattr(module, "glyph_lines", None)
    if not callable(render):
        return None

    def checked(text: str, scale: int) -> Sequence[str]:
        rows = render(text, scale)
        if not isinstance(rows, tuple | list) or not all(isinstance(r, str) for r in rows):
            raise TypeError("glyph_lines returned no rows of text")
        return rows

    return checked


MAX_SCALE = 20
NEAR_S = 60
"""A screen in facilitator's big font is read by drawing every countdown within this many
seconds of the truth and looking for it; a display further off counts as unreadable."""
FIRST_NEAR_S = 3
"""Until the font's scale is known, only countdowns this close are tried, at every scale."""


class ScreenReader:
    """Reads the countdown's big digits from a captured screen.

    Textual's `Digits` (3x3 glyphs) are decoded outright. facilitator's own big font is
    read by drawing candidate countdowns with it (`glyph_lines`), at every scale, and
    looking for them on the screen; the scale found is tried first next time.
    """

    def __init__(self) -> None:
        self.render = big_font()
        self.scale: int | None = None
        self._cache: dict[tuple[str, int], Sequence[str]] = {}
        self.used: str | None = None
        """How the last successful read was made."""

    def read(self, screen: str, near: float) -> str | None:
        """The countdown on `screen`; `near` is about what it should show, in seconds."""
        lines = screen.split("\n")
        text = decode_3x3(lines)
        if text is not None:
            self.used = "Textual's 3x3 `Digits` glyphs, decoded"
            return text
        if self.render is None:
            return None
        try:
            return self._read_big(lines, near)
        except (TypeError, ValueError):
            self.render = None  # the font changed under us: stop trying it
            return None

    def _read_big(self, lines: list[str], near: float) -> str | None:
        from facilitator.meeting.readout import format_countdown

        assert self.render is not None
        width = max((len(line) for line in lines), default=0)
        padded = [line.ljust(width) for line in lines]
        # The scale found before, with every candidate; else every scale, with the closest.
        tries: list[tuple[list[int], int]] = []
        if self.scale is not None:
            tries.append(([self.scale], NEAR_S))
        tries.append((list(range(1, MAX_SCALE + 1)), FIRST_NEAR_S))
        for scales, spread in tries:
            for scale in scales:
                for offset in sorted(range(-spread, spread + 1), key=abs):
                    text = format_countdown(near + offset)
                    if found_on(padded, self._drawn(text, scale)):
                        self.scale = scale
                        self.used = f"facilitator's big font (`glyph_lines`, scale {scale}) matched"
                        return text
        return None

    def _drawn(self, text: str, scale: int) -> Sequence[str]:
        key = (text, scale)
        if key not in self._cache:
            assert self.render is not None
            self._cache[key] = self.render(text, scale)
        return self._cache[key]


def found_on(lines: list[str], block: Sequence[str]) -> bool:
    """Whether `block` (rows of equal width) shows on `lines`, its rows one under another."""
    if not block or not block[0] or len(block) > len(lines):
        return False
    anchor = max(range(len(block)), key=lambda row: len(block[row].strip()))
    if not block[anchor].strip():
        return False
    size = len(block[0])
    for top in range(len(lines) - len(block) + 1):
        line = lines[top + anchor]
        column = line.find(block[anchor])
        while column != -1:
            if all(
                lines[top + row][column : column + size] == block[row] for row in range(len(block))
            ):
                return True
            column = line.find(block[anchor], column + 1)
    return False
