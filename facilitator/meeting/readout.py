"""How the clock reads to people: the countdown's figures, and the drift and schedule
lines of the status bar, in the UI language. Figures come from `meeting.clock`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.agenda.model import blocks_text
from facilitator.i18n import _, format_minute, ngettext

if TYPE_CHECKING:
    from facilitator.meeting.clock import SessionClock


def format_countdown(seconds: float) -> str:
    """The big timer's text: `05:42` left, `+00:42` overtime, `1:05:00` past an hour.

    Remaining time rounds up, so `00:00` shows only when the time is really over.
    """
    over = seconds < 0
    whole = int(-seconds) if over else int(-(-seconds // 1))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"+{text}" if over else text


def describe_gap(seconds: float) -> str:
    """How long the app was away, as a person says it, in the UI language: `12 min`,
    `2 h 5 min` (to the minute, at least one), and past two days `5 days`."""
    minutes = max(1, round(seconds / 60))
    if minutes >= 2 * 24 * 60:
        days = minutes // (24 * 60)
        return ngettext("{n} day", "{n} days", days).format(n=days)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=hours)
    return _("{hours} h").format(hours=hours) + " " + _("{minutes} min").format(minutes=rest)


def drift_minutes(seconds: float) -> int:
    """Drift in whole minutes (half a minute up): positive behind, negative ahead."""
    return int(abs(seconds) / 60 + 0.5) * (1 if seconds >= 0 else -1)


def describe_drift(seconds: float) -> str:
    """`on time`, `3 min behind` or `2 min ahead`, in whole minutes (half a minute up),
    in the UI language."""
    minutes = drift_minutes(seconds)
    if minutes == 0:
        return _("on time")
    if minutes > 0:
        return _("{minutes} min behind").format(minutes=minutes)
    return _("{minutes} min ahead").format(minutes=-minutes)


def describe_schedule(seconds: float, end: str, finished: bool) -> str:
    """The status bar's line about the schedule, in the UI language: how far the meeting
    is from its plan and when it ends (`3 min behind · ends 14:33`), or, once finished,
    when it ended against the plan (`finished 170 min early, at 09:49`).

    Args:
        seconds: the drift, positive behind schedule.
        end: the (projected) end, already formatted as a time.
        finished: True once the meeting has ended.
    """
    minutes = drift_minutes(seconds)
    if finished:
        if minutes == 0:
            return _("finished on time, at {time}").format(time=end)
        if minutes > 0:
            return _("finished {minutes} min late, at {time}").format(minutes=minutes, time=end)
        return _("finished {minutes} min early, at {time}").format(minutes=-minutes, time=end)
    if minutes == 0:
        return _("on time · ends {time}").format(time=end)
    if minutes > 0:
        return _("{minutes} min behind · ends {time}").format(minutes=minutes, time=end)
    return _("{minutes} min ahead · ends {time}").format(minutes=-minutes, time=end)


def schedule_line(clock: SessionClock, blocks: int) -> tuple[str, bool]:
    """The status bar's schedule line for `clock` (of `blocks` blocks), in the UI language,
    and whether it is a minute or more behind: `3 min behind · ends 14:33`, once ended
    `finished on time, at 15:02`, before the start `5 blocks`."""
    projected = clock.projected_end()
    if clock.started and projected is not None:
        # To the nearest minute, as the drift beside it is.
        end = format_minute(projected)
        return describe_schedule(clock.drift(), end, clock.finished), clock.drift() >= 60
    return blocks_text(blocks), False
