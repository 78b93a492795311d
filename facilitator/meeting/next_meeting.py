"""The next meeting, agreed in the last block: reading the form's date and time, what it
proposes to prepare, and the date a series' rhythm proposes.

Pure functions of what was typed; the form is `screens.next_meeting`, storing it is
`Meeting.set_next_meeting`, its calendar file `documents.calendar`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from facilitator.i18n import _
from facilitator.meeting.capture import CaptureError, clean_entry_text, clean_text, parse_date
from facilitator.meeting.session import ActionStatus, Entry, EntryKind, NextMeeting

__all__ = [
    "DEFAULT_MINUTES",
    "NextMeetingForm",
    "end_of",
    "propose_prepare",
    "read_next_meeting",
    "read_times",
]

DEFAULT_MINUTES = 60
"""How long the next meeting lasts in its calendar entry when no end time was typed and
the agenda plans no time."""

_TIME = r"([0-9]{1,2})[:.]([0-9]{2})"
_TIMES = re.compile(rf"\s*{_TIME}\s*(?:[-–—]\s*{_TIME}\s*)?")

PREPARE_LIMIT = 500
"""The most characters the proposed reminder keeps."""


@dataclass(frozen=True)
class NextMeetingForm:
    """The form's fields as typed."""

    date: str
    time: str = ""
    place: str = ""
    prepare: str = ""


def _clock(hours: str, minutes: str, typed: str) -> str:
    hour, minute = int(hours), int(minutes)
    if hour > 23 or minute > 59:
        raise CaptureError(_("`{text}` is not a time of day").format(text=typed.strip()))
    return f"{hour:02d}:{minute:02d}"


def read_times(text: str) -> tuple[str, str]:
    """`10:00`, `10:00-11:30` (or `10.00–11.30`) as the start and end (`10:00`, `11:30`);
    empty: no time agreed (`""`, `""`).

    Raises:
        CaptureError: not a time or a range of times, or one that ends before it starts.
    """
    if not text.strip():
        return "", ""
    match = _TIMES.fullmatch(text)
    if match is None:
        raise CaptureError(
            _("`{text}` is not a time; write 10:00 or 10:00-11:30").format(text=text.strip())
        )
    start = _clock(match.group(1), match.group(2), text)
    if match.group(3) is None:
        return start, ""
    end = _clock(match.group(3), match.group(4), text)
    if end <= start:
        raise CaptureError(
            _("the meeting ends at {end}, before it starts at {start}").format(start=start, end=end)
        )
    return start, end


def read_next_meeting(form: NextMeetingForm) -> NextMeeting:
    """The next meeting as the form holds it.

    Raises:
        CaptureError: no date, a date or a time that cannot be read (the message says how
            to write it).
    """
    if not form.date.strip():
        raise CaptureError(_("the next meeting needs a date; write 15.12.2026"))
    day = parse_date(form.date)
    start, end = read_times(form.time)
    return NextMeeting(
        date=day.isoformat(),
        start=start,
        end=end,
        place=" ".join(clean_text(form.place).split()),
        prepare=clean_entry_text(form.prepare) if form.prepare.strip() else "",
    )


def is_past(meeting: NextMeeting, today: date) -> bool:
    """The next meeting's date is before `today` (a typing slip, most likely)."""
    return date.fromisoformat(meeting.date) < today


def end_of(meeting: NextMeeting, planned_s: float) -> datetime | None:
    """When the next meeting ends: its typed end, else its start plus `planned_s` (the
    agenda's planned time; `DEFAULT_MINUTES` when none); None for a meeting with no time."""
    if not meeting.start:
        return None
    day = date.fromisoformat(meeting.date)
    start = datetime.combine(day, datetime.strptime(meeting.start, "%H:%M").time())
    if meeting.end:
        return datetime.combine(day, datetime.strptime(meeting.end, "%H:%M").time())
    minutes = round(planned_s / 60) if planned_s > 0 else DEFAULT_MINUTES
    return start + timedelta(minutes=minutes)


def propose_prepare(entries: Iterable[Entry], last_block: int) -> str:
    """What the form proposes to prepare: the notes of the last block (the closing phrase:
    "next time I would like to talk more about...") and the actions still open, never a
    confidential one."""
    shared = [e for e in entries if not e.deleted and not e.confidential]
    parts = [e.text for e in shared if e.block_index == last_block and e.kind is EntryKind.NOTE]
    for entry in shared:
        action = entry.action
        still_open = action is None or action.status is ActionStatus.OPEN
        if entry.kind is EntryKind.ACTION and still_open:
            lead = f" ({action.lead})" if action is not None and action.lead.strip() else ""
            parts.append(entry.text + lead)
    text = "; ".join(" ".join(part.split()) for part in parts if part.strip())
    return text if len(text) <= PREPARE_LIMIT else text[: PREPARE_LIMIT - 1] + "…"
