"""The run screen's timing policy: what is due at each redraw of a running meeting, and
when the next redraw should come. Pure: it reads the meeting and an injected clock, and
the screen only renders what it says.

Each redraw (`tick`) may write again what the disk refused (at most every `RETRY_S`),
note that the meeting is alive (every `BEAT_S`), and give the block's warning or
time-is-up cue (once per block each). Between redraws the screen sleeps until the shown
second changes (`next_redraw`), at most `MAX_TICK_S`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from facilitator.meeting.clock import Clock
from facilitator.meeting.live import Meeting
from facilitator.storage.settings import Settings

MAX_TICK_S = 1.0
"""The screen redraws from the clock when the shown second changes, and at least this often;
a missed tick changes nothing, as the time is always computed from the clock."""
RETRY_S = 2.0
"""How often writes the disk refused are tried again."""
BEAT_S = 5.0
"""How often a running meeting notes that it is alive (to measure a crash's downtime)."""
DOWNTIME_ASK_S = 30.0
"""A gap longer than this, when resuming a running meeting, is worth a question."""
CUE_S = 3.0
"""How long the timer stays highlighted after a warning or the end of a block."""
LATE_S = 0.005
"""A wake-up comes this much after the shown second changes, so the new one is there."""
NEAR_S = 0.01
"""A change closer than this is "now": twice in a row means time stands still."""

CueKind = Literal["warning", "over"]


@dataclass(frozen=True)
class Cue:
    """The block's warning point or its end was just reached: highlight the timer for
    `lasts_s` seconds, and ring the bell when `ring`."""

    kind: CueKind
    block: int
    ring: bool
    lasts_s: float = CUE_S


@dataclass(frozen=True)
class TickResult:
    """What one redraw found due."""

    saved_again: bool = False
    """Everything the disk refused earlier is written now: say so, and redraw."""
    beat: bool = False
    """The heartbeat was written (a running meeting is alive)."""
    cue: Cue | None = None
    """A cue to give now, if any."""


class Pacing:
    """The timing decisions of one meeting on the screen.

    Args:
        meeting: the meeting being run (its clock, and what the disk has not taken yet).
        settings: the warning point and the bell.
        now: the clock (wall-clock seconds); tests pass a fake one.
    """

    def __init__(self, meeting: Meeting, settings: Settings, now: Clock) -> None:
        self.meeting = meeting
        self.settings = settings
        self._now = now
        self._last_retry = 0.0
        self._last_beat = 0.0
        self._near_change = False
        self._cue: tuple[int | None, str] = (None, "")
        """The block and the cue (`warning` or `over`) already given for it."""

    def downtime_to_ask(self) -> float | None:
        """The seconds the running meeting went unseen, when worth a question on resuming
        (after a crash or a quit while running); None when not. Ask before the first
        tick, whose heartbeat would erase the trace of the gap."""
        gap = self.meeting.downtime()
        return gap if gap >= DOWNTIME_ASK_S else None

    def tick(self) -> TickResult:
        """What is due at this redraw; the writes it calls for are done."""
        saved_again = self._retry_saving()
        beat = self._beat()
        return TickResult(saved_again=saved_again, beat=beat, cue=self._cue_due())

    def _retry_saving(self) -> bool:
        """Write what the disk refused earlier; True once it all worked."""
        meeting = self.meeting
        if not (meeting.unsaved or meeting.clock_unsaved or meeting.details_unsaved):
            return False
        now = self._now()
        if now - self._last_retry < RETRY_S:
            return False
        self._last_retry = now
        return meeting.retry_unsaved()

    def _beat(self) -> bool:
        now = self._now()
        if now - self._last_beat < BEAT_S:
            return False
        self._last_beat = now
        self.meeting.beat()
        return True

    def _cue_due(self) -> Cue | None:
        """Once per block: a cue at the warning point and at the end (none for a paused
        timer, whose cue is then not given later either)."""
        clock = self.meeting.clock
        index = clock.current
        if index is None:
            return None
        remaining = clock.remaining()
        due: CueKind | None = (
            "over"
            if remaining <= 0
            else ("warning" if remaining <= self.settings.warning_s else None)
        )
        if due is None or self._cue == (index, due):
            return None
        if self._cue == (index, "over"):
            return None
        self._cue = (index, due)
        if clock.paused:
            return None
        return Cue(due, index, ring=self.settings.bell)

    def next_redraw(self) -> float:
        """Seconds until the shown time changes: one wake-up a second, never late.

        Asked once each time the screen plans its next wake-up (after a redraw or an
        operation): it remembers whether the last answer was "now"."""
        clock = self.meeting.clock
        if clock.current is not None and clock.running:
            remaining = clock.remaining()
            until = remaining - math.floor(remaining)
        else:
            now = self._now()
            until = 1.0 - (now - math.floor(now))
        if until < NEAR_S and self._near_change:
            # Time stands still (a paused or a test clock): no change is coming soon.
            until = MAX_TICK_S
        self._near_change = until < NEAR_S
        # A few milliseconds late rather than early, so the new second is there to show.
        return min(MAX_TICK_S, until + LATE_S)
