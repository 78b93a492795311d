"""The next meeting as an iCalendar file (`.ics`), which any calendar imports.

Times are *floating* (no time zone): the meeting is at 10:00 wherever the calendar is, as
it was agreed in the room; a calendar shows it in its own zone's 10:00. A next meeting
with no time agreed is a whole-day event. The `icalendar` library is imported only when
such a file is written, so starting the app never pays for it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from facilitator.documents.text import is_blank
from facilitator.i18n import translations
from facilitator.meeting.next_meeting import end_of

if TYPE_CHECKING:
    from facilitator.meeting.session import SessionInfo

__all__ = ["calendar_file", "summary_of"]

PRODUCT = "-//facilitator//next meeting//EN"


def summary_of(info: SessionInfo, language: str) -> str:
    """The calendar entry's title: the next meeting of this series or meeting."""
    t = translations(language)
    return t.gettext("Next meeting: {title}").format(title=info.title)


def description_of(info: SessionInfo, language: str) -> str:
    """What the entry's description says: what to prepare, and where it was agreed."""
    t = translations(language)
    meeting = info.next_meeting
    lines = []
    if meeting is not None and not is_blank(meeting.prepare):
        lines.append(t.gettext("To prepare: {what}").format(what=meeting.prepare))
    lines.append(t.gettext("Agreed at: {title}").format(title=info.title))
    return "\n".join(lines)


def calendar_file(info: SessionInfo, language: str, stamp: float) -> bytes:
    """The next meeting of `info` as an iCalendar file (`stamp`: when it was written,
    seconds since the epoch).

    Raises:
        ValueError: the session has no next meeting.
    """
    import icalendar

    meeting = info.next_meeting
    if meeting is None:
        raise ValueError("no next meeting")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{info.id}-next-meeting@facilitator")
    event.add("dtstamp", datetime.fromtimestamp(stamp, UTC))
    event.add("summary", summary_of(info, language))
    day = date.fromisoformat(meeting.date)
    end = end_of(meeting, info.agenda.total.planned_s)
    if end is None:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    else:
        start = datetime.combine(day, datetime.strptime(meeting.start, "%H:%M").time())
        event.add("dtstart", start)
        event.add("dtend", end)
    if not is_blank(meeting.place):
        event.add("location", meeting.place)
    event.add("description", description_of(info, language))
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
