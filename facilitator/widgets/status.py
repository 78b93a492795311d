"""The status bar above a meeting: its title, how it stands against its plan (the
projected end), the time of day, and, in the facilitator's window, that a room view
follows."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from facilitator.i18n import _, format_time
from facilitator.meeting.live import Meeting
from facilitator.meeting.readout import schedule_line
from facilitator.widgets.line import Line


class StatusBar(Horizontal):
    """One row: title, schedule, room view, wall clock."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(self._title, id="meeting-title", markup=False)
        yield Line("", id="room-following")
        yield Line("", id="drift")
        yield Line("", id="wall-clock")

    def show_title(self, title: str) -> None:
        """Show another title (the followed session's, once read)."""
        self.query_one("#meeting-title", Static).update(title)

    def show(self, meeting: Meeting) -> None:
        """Redraw the schedule and the time of day from the meeting's clock."""
        now = datetime.fromtimestamp(meeting.now())
        self.query_one("#wall-clock", Line).show(format_time(now))
        text, behind = schedule_line(meeting.clock, len(meeting.blocks))
        drift = self.query_one("#drift", Line)
        drift.show(text)
        drift.set_class(behind, "-behind")

    def show_following(self, following: bool) -> None:
        """Say (or no longer say) that a room view follows this meeting."""
        line = self.query_one("#room-following", Line)
        line.display = following
        line.show(_("Room view following") if following else "")
