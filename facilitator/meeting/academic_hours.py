"""The time record's rule: a meeting's running time in the school mentoring programme's
academic hours, as the minutes' time record (and a time sheet) state it."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["ACADEMIC_HOUR_MIN", "AcademicHours", "half_up"]

ACADEMIC_HOUR_MIN = 40
"""One academic hour, in minutes (the school mentoring programme's time record)."""


def half_up(value: float) -> int:
    """`value` rounded to the nearest whole number, halves up (2.5 -> 3, not Python's 2)."""
    return math.floor(value + 0.5)


@dataclass(frozen=True)
class AcademicHours:
    """A meeting's time in the school mentoring programme's academic hours (40 min).

    The record takes whole numbers only: the meeting's whole minutes are divided by 40 and
    rounded to the nearest whole number, halves up, so 20-59 min count as 1, 60-99 min as
    2, and a meeting under 20 min as 0.
    """

    minutes: int
    """The meeting's running time in whole minutes (halves up)."""

    @classmethod
    def of(cls, seconds: float) -> AcademicHours:
        """The record of a meeting that ran `seconds`."""
        return cls(half_up(seconds / 60))

    @property
    def exact(self) -> float:
        """Academic hours before rounding (`95 min` -> 2.375)."""
        return self.minutes / ACADEMIC_HOUR_MIN

    @property
    def whole(self) -> int:
        """Whole academic hours, as the record takes them."""
        return (self.minutes + ACADEMIC_HOUR_MIN // 2) // ACADEMIC_HOUR_MIN

    def exact_text(self, language: str) -> str:
        """The exact figure with as many decimals as it needs (at most three: 1/40 = 0.025)."""
        text = f"{self.exact:.3f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if language == "lv" else text
