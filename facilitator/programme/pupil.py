"""A pupil's mentoring in the school mentoring programme ("Skola – kopienā"): the meetings
of one month as its time sheet counts them, and the programme's rules on them.

The programme pays a mentor from a monthly time sheet, one per pupil per month, a row per
meeting in whole academic hours (40 minutes). The hours of a row are the ones the
facilitator confirmed for that meeting (`SessionInfo.hours`); the sheet shows the minutes
behind them and the whole number the rule proposes (`AcademicHours`), and a meeting whose
hours nobody confirmed is missing hours, never 0.

The rules (at most 20 academic hours per pupil per month, at most six pupils per mentor in
a semester, one pupil at a time) are warnings: the facilitator decides, and the sheet
notes what was over. Pure functions of what was read; the stores are `pupil_records`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.i18n import _
from facilitator.meeting.academic_hours import AcademicHours
from facilitator.meeting.participants import canonical_role
from facilitator.meeting.session import Entry, SeriesKind, SessionInfo
from facilitator.programme.series import Series

__all__ = [
    "HOURS_PER_MONTH",
    "PUPILS_PER_SEMESTER",
    "MonthSheet",
    "PupilMeeting",
    "month_of",
    "month_sheet",
    "parse_month",
    "pupils_of_mentor",
    "start_warnings",
]

HOURS_PER_MONTH = 20
"""The programme's most mentoring hours (academic) for one pupil in one month."""
PUPILS_PER_SEMESTER = 6
"""The programme's most pupils for one mentor in one semester."""

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def parse_month(text: str) -> str:
    """`2026-11` as given, checked.

    Raises:
        ValueError: not a month written `YYYY-MM`.
    """
    tidy = text.strip()
    if not _MONTH.fullmatch(tidy):
        raise ValueError(
            _("`{text}` is not a month written YYYY-MM, e.g. 2026-11").format(text=text)
        )
    return tidy


def month_of(info: SessionInfo) -> str:
    """The month a meeting was held in, `YYYY-MM` (from its ISO date)."""
    return info.date[:7]


@dataclass(frozen=True)
class PupilMeeting:
    """One meeting of a pupil's series, as the time sheet reads it."""

    info: SessionInfo
    minutes: int | None
    """The meeting's running time in whole minutes (pauses not counted, halves up); None
    when it never started."""
    entries: Sequence[Entry] = ()

    @property
    def hours(self) -> int | None:
        """The confirmed whole academic hours, or None: missing, never 0."""
        return self.info.hours

    @property
    def proposed(self) -> int | None:
        """The whole academic hours the rule proposes from the minutes (`AcademicHours`)."""
        return None if self.minutes is None else AcademicHours(self.minutes).whole

    @property
    def topic(self) -> str:
        """The topic or intended results: the meeting's title."""
        return self.info.title.strip() or self.info.agenda.title

    @property
    def pupils(self) -> list[str]:
        """The pupils who attended (a pupil's or a mentee's role): one, as the rule asks."""
        return [
            p.name
            for p in self.info.participants
            if p.attended and canonical_role(p.role) in ("pupil", "mentee")
        ]

    def recorded(self, part: str) -> list[Entry]:
        """The shared entries of the blocks that record `part` (`Block.record`)."""
        blocks = self.info.agenda.blocks
        return [
            e
            for e in self.entries
            if not e.deleted
            and not e.confidential
            and 0 <= e.block_index < len(blocks)
            and blocks[e.block_index].record == part
        ]


@dataclass(frozen=True)
class MonthSheet:
    """A pupil's month: the meetings of the month, in date order, and what the rules say."""

    series: Series
    month: str
    meetings: list[PupilMeeting]
    evaluation: list[Entry] | None
    """The cooperation evaluation, when the series' last meeting is in this month (its
    entries in blocks that record `evaluation`, maybe none yet); None in other months."""
    pupil_number: int = 0
    """The pupil's place among the mentor's pupils in the semester (1 for the first)."""

    @property
    def total(self) -> int:
        """The confirmed hours of the month."""
        return sum(m.hours or 0 for m in self.meetings)

    @property
    def missing(self) -> list[PupilMeeting]:
        """The meetings whose hours nobody confirmed."""
        return [m for m in self.meetings if m.hours is None]

    @property
    def over_limit(self) -> bool:
        """More than the programme's hours for a pupil in a month."""
        return self.total > HOURS_PER_MONTH

    @property
    def crowded(self) -> list[PupilMeeting]:
        """Meetings with more than one pupil."""
        return [m for m in self.meetings if len(m.pupils) > 1]


def month_sheet(
    series: Series, meetings: Sequence[PupilMeeting], month: str, every_series: Sequence[Series]
) -> MonthSheet:
    """The sheet of `month` from all the series' meetings (in series order)."""
    mine = sorted(
        (m for m in meetings if month_of(m.info) == month),
        key=lambda m: (m.info.date, m.info.series_number, m.info.created_at),
    )
    last = max(meetings, key=lambda m: (m.info.date, m.info.series_number), default=None)
    evaluation = None
    if last is not None and month_of(last.info) == month:
        evaluation = last.recorded("evaluation")
    pupils = pupils_of_mentor(series, every_series)
    number = next((i for i, s in enumerate(pupils, 1) if s.id == series.id), 0)
    return MonthSheet(series, month, mine, evaluation, number)


def pupils_of_mentor(series: Series, every_series: Sequence[Series]) -> list[Series]:
    """The pupils' series of `series`' mentor in its semester, in the order they began."""
    mentor = series.mentor.casefold()
    semester = series.semester.casefold()
    return sorted(
        (
            s
            for s in every_series
            if s.kind is SeriesKind.PUPIL
            and mentor
            and s.mentor.casefold() == mentor
            and s.semester.casefold() == semester
        ),
        key=lambda s: (s.created_at, s.id),
    )


def start_warnings(
    series: Series,
    month_hours: int,
    planned_hours: int,
    pupils_present: int,
    every_series: Sequence[Series],
) -> list[str]:
    """What the facilitator is told when a meeting of a pupil's series starts: a month over
    20 hours with it (`month_hours` so far, confirmed or proposed, and the meeting's
    `planned_hours`), a 7th pupil of the mentor in the semester, two pupils at once."""
    if series.kind is not SeriesKind.PUPIL:
        return []
    warnings: list[str] = []
    if month_hours + planned_hours > HOURS_PER_MONTH:
        warnings.append(
            _(
                "{pupil} would have {hours} academic hours this month with this meeting: the "
                "programme pays at most {limit} per pupil per month. The time sheet will say so."
            ).format(
                pupil=series.pupil or series.name,
                hours=month_hours + planned_hours,
                limit=HOURS_PER_MONTH,
            )
        )
    pupils = pupils_of_mentor(series, every_series)
    number = next((i for i, s in enumerate(pupils, 1) if s.id == series.id), 0)
    if number > PUPILS_PER_SEMESTER:
        warnings.append(
            _(
                "{pupil} is {mentor}'s pupil number {number} in the semester {semester}: the "
                "programme allows at most {limit}. The time sheet will say so."
            ).format(
                pupil=series.pupil or series.name,
                mentor=series.mentor,
                number=number,
                semester=series.semester or "–",
                limit=PUPILS_PER_SEMESTER,
            )
        )
    if pupils_present > 1:
        warnings.append(
            _(
                "{n} pupils are at this meeting: a mentor works with one pupil at a time. "
                "The time sheet will say so."
            ).format(n=pupils_present)
        )
    return warnings
