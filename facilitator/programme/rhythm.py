"""How often a series meets, and the next date that proposes.

A rhythm is typed in words, in English or Latvian, and stored as typed (the series file
keeps `every second Tuesday`); `read_rhythm` reads it:

- `weekly`, `every week`, `katru nedēļu`: every 7 days;
- `every 2 weeks`, `every second week`, `fortnightly`, `katru otro nedēļu`, `ik pēc 2 nedēļām`;
- `every Tuesday`, `every second Tuesday` (every other Tuesday), `katru otro otrdienu`;
- `monthly`, `every month`, `every 2 months`, `katru mēnesi`, `reizi mēnesī`: the same day
  of the month (the 31st becomes the month's last day);
- `the second Tuesday of the month`, `the last Friday of the month`,
  `mēneša otrajā otrdienā`, `mēneša pēdējā piektdienā`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from facilitator.i18n import _

__all__ = ["Rhythm", "RhythmError", "next_date", "read_rhythm"]


class RhythmError(ValueError):
    """A rhythm that cannot be read; the message says how to write one."""


@dataclass(frozen=True)
class Rhythm:
    """Every `every` weeks or months; on a weekday (0 Monday), and for months the
    `ordinal`-th such weekday of the month (-1: the last)."""

    every: int
    unit: str
    """`week` or `month`."""
    weekday: int | None = None
    ordinal: int | None = None


_WEEKDAYS = {
    "monday": 0, "mon": 0, "pirmdiena": 0, "pirmdienu": 0, "pirmdienā": 0, "pirmdienās": 0,
    "tuesday": 1, "tue": 1, "otrdiena": 1, "otrdienu": 1, "otrdienā": 1, "otrdienās": 1,
    "wednesday": 2, "wed": 2, "trešdiena": 2, "trešdienu": 2, "trešdienā": 2, "trešdienās": 2,
    "thursday": 3, "thu": 3, "ceturtdiena": 3, "ceturtdienu": 3, "ceturtdienā": 3,
    "ceturtdienās": 3,
    "friday": 4, "fri": 4, "piektdiena": 4, "piektdienu": 4, "piektdienā": 4, "piektdienās": 4,
    "saturday": 5, "sat": 5, "sestdiena": 5, "sestdienu": 5, "sestdienā": 5, "sestdienās": 5,
    "sunday": 6, "sun": 6, "svētdiena": 6, "svētdienu": 6, "svētdienā": 6, "svētdienās": 6,
}  # fmt: skip
"""Weekday names, English and Latvian (the forms `katru otrdienu`, `otrdienā` use)."""

_ORDINALS = {
    "first": 1, "1st": 1, "pirmo": 1, "pirmajā": 1, "pirmā": 1,
    "second": 2, "2nd": 2, "other": 2, "otro": 2, "otrajā": 2, "otrā": 2,
    "third": 3, "3rd": 3, "trešo": 3, "trešajā": 3, "trešā": 3,
    "fourth": 4, "4th": 4, "ceturto": 4, "ceturtajā": 4, "ceturtā": 4,
    "last": -1, "pēdējo": -1, "pēdējā": -1, "pēdējajā": -1,
}  # fmt: skip
"""Ordinal words: how many weeks apart (`every second`), or which weekday of a month."""

_WEEK = {"week", "weeks", "nedēļu", "nedēļas", "nedēļām", "nedēļa"}
_MONTH = {"month", "months", "mēnesi", "mēnesī", "mēneši", "mēnešiem", "mēnesis", "mēneša"}
_FILLER = {"every", "each", "katru", "katra", "ik", "pēc", "on", "the", "a", "of", "reizi", "in"}
_SIMPLE = {
    "weekly": Rhythm(1, "week"),
    "fortnightly": Rhythm(2, "week"),
    "biweekly": Rhythm(2, "week"),
    "monthly": Rhythm(1, "month"),
}


def _problem(text: str) -> RhythmError:
    return RhythmError(
        _(
            "`{text}` is not a rhythm; write, e.g., weekly, every second Tuesday, monthly or "
            "the first Monday of the month"
        ).format(text=text.strip())
    )


def read_rhythm(text: str) -> Rhythm | None:
    """The rhythm `text` names; None for an empty text (no rhythm).

    Raises:
        RhythmError: words that name no rhythm.
    """
    words = re.findall(r"[^\W_]+", text.casefold())
    if not words:
        return None
    weekday = next((_WEEKDAYS[w] for w in words if w in _WEEKDAYS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    ordinal = next((_ORDINALS[w] for w in words if w in _ORDINALS), None)
    known = set(_WEEKDAYS) | set(_ORDINALS) | _WEEK | _MONTH | _FILLER | set(_SIMPLE)
    if any(w not in known and not w.isdigit() for w in words) or len(numbers) > 1:
        raise _problem(text)
    simple = [_SIMPLE[w] for w in words if w in _SIMPLE]
    monthly = bool(simple and simple[0].unit == "month") or any(w in _MONTH for w in words)
    count = numbers[0] if numbers else None
    if count is not None and not 1 <= count <= 12:
        raise _problem(text)
    if monthly and weekday is not None:
        # `the second Tuesday of the month`: which weekday of each month.
        if ordinal is None or count is not None:
            raise _problem(text)
        return Rhythm(1, "month", weekday, ordinal)
    if ordinal == -1:
        raise _problem(text)
    every = count or ordinal or (simple[0].every if simple else 1)
    if monthly:
        return Rhythm(every, "month")
    if weekday is None and not simple and not any(w in _WEEK for w in words):
        raise _problem(text)
    return Rhythm(every, "week", weekday)


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    days = [
        date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    return days[-1] if ordinal == -1 or ordinal > len(days) else days[ordinal - 1]


def next_date(rhythm: Rhythm, last: date, today: date | None = None) -> date:
    """The date after `last` that `rhythm` proposes; when `today` is given, the first such
    date that is not before it (a meeting missed in between is stepped over)."""
    proposed = _step(rhythm, last)
    while today is not None and proposed < today:
        proposed = _step(rhythm, proposed)
    return proposed


def _step(rhythm: Rhythm, last: date) -> date:
    if rhythm.unit == "week":
        proposed = last + timedelta(weeks=rhythm.every)
        if rhythm.weekday is not None:
            # The meeting's own weekday, nearest to the step (a Tuesday moved to a
            # Wednesday once goes back to Tuesday).
            shift = (rhythm.weekday - proposed.weekday() + 3) % 7 - 3
            proposed += timedelta(days=shift)
        return proposed
    if rhythm.weekday is not None and rhythm.ordinal is not None:
        year, month = _add_months(last, 1)
        found = _nth_weekday(year, month, rhythm.weekday, rhythm.ordinal)
        this_month = _nth_weekday(last.year, last.month, rhythm.weekday, rhythm.ordinal)
        return this_month if this_month > last else found
    year, month = _add_months(last, rhythm.every)
    return date(year, month, min(last.day, calendar.monthrange(year, month)[1]))
