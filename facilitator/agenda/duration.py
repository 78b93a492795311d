"""Durations as facilitators write them: `6 min`, `1 h 30 min`, `90 s`, `10-15 min`, in
English or Latvian units. Read from a block's `Duration:` line and from the adjust screen.
"""

from __future__ import annotations

import re

from facilitator.agenda.model import Duration
from facilitator.agenda.problems import Msg
from facilitator.i18n import N_

__all__ = ["DurationError", "parse_duration"]

_UNIT_SECONDS: dict[str, int] = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "sek": 1,
    "sekundes": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "minūte": 60,
    "minūtes": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "st": 3600,
    "stunda": 3600,
    "stundas": 3600,
}

_AMOUNT = re.compile(r"(\d{1,6}(?:[.,]\d{1,3})?)\s*([^\W\d_]*)\.?\s*")


class DurationError(ValueError):
    """A duration that cannot be read; the message says why, for a facilitator (in the UI
    language when it is shown; `what` keeps it for a problem found in a file)."""

    def __init__(self, what: Msg) -> None:
        super().__init__(what.text)
        self.what = what

    def __str__(self) -> str:
        return str(self.what)


def parse_duration(text: str) -> Duration:
    """Read `6 min`, `1 h 30 min`, `90 s`, `10-15 min` or `10–15 min`.

    Raises:
        DurationError: when the text is not a positive duration or a sensible range.
    """
    s = text.strip().lower()
    for dash in "–—−":
        s = s.replace(dash, "-")
    if not s:
        raise DurationError(
            Msg.of(N_("the duration is empty; write for example `6 min` or `10-15 min`"))
        )
    if s.startswith("-"):
        raise DurationError(Msg.of(N_("the duration `{text}` is negative"), text=text.strip()))
    if "-" in s:
        left, right = (part.strip() for part in s.split("-", 1))
        high, unit = _parse_amount(right, text)
        low = int(float(left.replace(",", ".")) * unit) if _is_number(left) else None
        if low is None:
            low, _ = _parse_amount(left, text)
        if low <= 0 or high <= 0:
            raise DurationError(_longer_than_zero(text))
        if low > high:
            raise DurationError(
                Msg.of(
                    N_("the range `{text}` starts above its end; write the shorter time first"),
                    text=text.strip(),
                )
            )
        return Duration(low, high)
    seconds, _ = _parse_amount(s, text)
    if seconds <= 0:
        raise DurationError(_longer_than_zero(text))
    return Duration(seconds, seconds)


def _longer_than_zero(text: str) -> Msg:
    return Msg.of(N_("the duration `{text}` must be longer than zero"), text=text.strip())


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\d{1,6}(?:[.,]\d{1,3})?", text) is not None


def _parse_amount(s: str, original: str) -> tuple[int, int]:
    """Sum `1 h 30 min`-style terms; return the seconds and the last unit's size."""
    pos = 0
    total = 0.0
    last_unit = 0
    while pos < len(s):
        match = _AMOUNT.match(s, pos)
        if match is None or match.end() == pos:
            raise DurationError(
                Msg.of(
                    N_(
                        "cannot read the duration `{text}`; "
                        "write for example `6 min`, `1 h 30 min` or `10-15 min`"
                    ),
                    text=original.strip(),
                )
            )
        number, unit = match.group(1), match.group(2)
        if not unit:
            raise DurationError(
                Msg.of(
                    N_("the duration `{text}` has no unit; write `min`, `h` or `s`"),
                    text=original.strip(),
                )
            )
        if unit not in _UNIT_SECONDS:
            raise DurationError(
                Msg.of(
                    N_("unknown time unit `{unit}` in `{text}`; use `min`, `h` or `s`"),
                    unit=unit,
                    text=original.strip(),
                )
            )
        last_unit = _UNIT_SECONDS[unit]
        total += float(number.replace(",", ".")) * last_unit
        pos = match.end()
    if last_unit == 0:
        raise DurationError(Msg.of(N_("cannot read the duration `{text}`"), text=original.strip()))
    return round(total), last_unit
