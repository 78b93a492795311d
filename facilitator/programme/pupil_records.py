"""A pupil's records read from the data folder: the meetings of a pupil's series with the
minutes each ran, a month's time sheet, the rules' warnings when a meeting starts, and the
confirmation of a meeting's academic hours.

The rules and the sheet's model are `programme.pupil`; the documents are
`documents.time_sheet` (the programme never imports the documents).
"""

from __future__ import annotations

from facilitator.agenda.model import Agenda
from facilitator.i18n import _
from facilitator.meeting.academic_hours import AcademicHours
from facilitator.meeting.clock import Clock, SessionClock
from facilitator.meeting.participants import Participant, canonical_role
from facilitator.meeting.session import SeriesKind, SessionInfo
from facilitator.programme.pupil import (
    MonthSheet,
    PupilMeeting,
    month_of,
    month_sheet,
    start_warnings,
)
from facilitator.programme.series import Series
from facilitator.programme.series_store import SeriesError, SeriesStore
from facilitator.storage.sessions import SessionStore

__all__ = [
    "confirm_hours",
    "meeting_minutes",
    "pupil_meetings",
    "read_month_sheet",
    "semester_pupils",
    "warnings_before_start",
]

MAX_CONFIRMED = 20
"""The most hours one meeting can be confirmed with: a month's whole allowance."""


def meeting_minutes(sessions: SessionStore, info: SessionInfo, now: Clock) -> int | None:
    """The whole minutes a stored meeting ran (pauses not counted), None if it never began."""
    session = sessions.open(info.id)
    try:
        state = session.clock_state()
    finally:
        session.close()
    if state is None:
        return None
    clock = SessionClock.from_dict(state, now)
    return AcademicHours.of(clock.running_time()).minutes if clock.started else None


def pupil_meetings(store: SeriesStore, series: Series, now: Clock) -> list[PupilMeeting]:
    """Every meeting of the series with its minutes, in series order.

    Raises:
        SeriesError: a session file could not be read, so a meeting might be missing.
    """
    history, problems = store.history(series)
    if problems:
        raise SeriesError(_("cannot read the whole series: {problem}").format(problem=problems[0]))
    return [
        PupilMeeting(info, meeting_minutes(store.sessions, info, now), entries)
        for info, entries in history
    ]


def read_month_sheet(store: SeriesStore, series: Series, month: str, now: Clock) -> MonthSheet:
    """The time sheet of `series` for `month` (`YYYY-MM`).

    Raises:
        SeriesError: the series is not a pupil's, or a session could not be read.
    """
    if series.kind is not SeriesKind.PUPIL:
        raise SeriesError(
            _(
                "`{name}` is not a pupil's series; a time sheet is for a series made with "
                "`--kind pupil`"
            ).format(name=series.name)
        )
    return month_sheet(series, pupil_meetings(store, series, now), month, store.all())


def warnings_before_start(
    store: SeriesStore,
    series: Series,
    agenda: Agenda,
    participants: list[Participant],
    date: str,
    now: Clock,
) -> list[str]:
    """The rules' warnings for a meeting about to start in `series` on `date` (ISO): the
    month's hours so far (confirmed, else proposed) with the meeting's planned ones, the
    mentor's pupils in the semester, the pupils present."""
    if series.kind is not SeriesKind.PUPIL:
        return []
    month = date[:7]
    so_far = sum(
        (m.hours if m.hours is not None else m.proposed) or 0
        for m in pupil_meetings(store, series, now)
        if month_of(m.info) == month
    )
    planned = AcademicHours.of(agenda.total.max_s).whole
    pupils = sum(
        1 for p in participants if p.attended and canonical_role(p.role) in ("pupil", "mentee")
    )
    return start_warnings(series, so_far, planned, pupils, store.all())


def confirm_hours(sessions: SessionStore, session_id: str, hours: int) -> SessionInfo:
    """Confirm a meeting's whole academic hours (its lock taken while written).

    Raises:
        ValueError: not a whole number from 1 to `MAX_CONFIRMED`.
        SessionLocked: the meeting is open in another window.
    """
    if not 1 <= hours <= MAX_CONFIRMED:
        raise ValueError(
            _("academic hours are a whole number from 1 to {most}, not {hours}").format(
                most=MAX_CONFIRMED, hours=hours
            )
        )
    session = sessions.open(session_id, write=True)
    try:
        info = session.info
        info.hours = hours
        session.save_details(info)
    finally:
        session.close()
    return info


def semester_pupils(
    store: SeriesStore, mentor: str, semester: str, now: Clock
) -> tuple[str, list[tuple[Series, list[PupilMeeting]]]]:
    """The semester (`semester`, else that of the mentor's latest pupil's series) and the
    mentor's pupils' series in it, each with its meetings.

    Raises:
        SeriesError: a session of one of them could not be read.
    """
    mine = [
        s
        for s in store.all()
        if s.kind is SeriesKind.PUPIL and mentor and s.mentor.casefold() == mentor.casefold()
    ]
    if not semester and mine:
        semester = max(mine, key=lambda s: (s.created_at, s.id)).semester
    chosen = [s for s in mine if s.semester.casefold() == semester.casefold()]
    return semester, [(s, pupil_meetings(store, s, now)) for s in chosen]
