"""The session clock: where the meeting stands in time, derived from an injected clock.

Nothing here counts ticks. Each block keeps the seconds of its closed running segments plus
the start of the open one; every figure is computed from `now()` when asked, so a missed
redraw, a sleeping laptop or a long pause never adds or loses time.

`now()` returns wall-clock seconds since the epoch (`time.time`), because the state is stored
with the session and must mean the same after the app restarts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from facilitator.agenda.model import Duration
from facilitator.i18n import _
from facilitator.meeting.rebalance import Rebalance as Rebalance
from facilitator.meeting.rebalance import shrink

Clock = Callable[[], float]

LAST_MINUTE_S = 60
ON_TIME_S = 30
"""Less than this behind counts as on time (the screen rounds drift to whole minutes)."""
MIN_BLOCK_S = 60
"""Rebalancing never makes a block shorter than this."""


class BlockStatus(StrEnum):
    """Where a block is in the meeting."""

    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


class TimeState(StrEnum):
    """How the current block stands against its planned time."""

    BEFORE_MIN = "before-min"
    """A ranged block that has not yet reached its shorter time."""
    IN_RANGE = "in-range"
    """A ranged block between its shorter and longer time."""
    ON_TIME = "on-time"
    """A fixed block with more than a minute left."""
    LAST_MINUTE = "last-minute"
    """A fixed block in its last minute."""
    OVER = "over"
    """Past the planned (longest) time."""


class ClockError(Exception):
    """An operation that does not apply in the clock's current state."""


@dataclass
class BlockTime:
    """The time record of one block."""

    min_s: int
    planned_s: int
    status: BlockStatus = BlockStatus.PENDING
    spent_s: float = 0.0
    """Seconds of the block's closed running segments."""
    extra_s: int = 0
    """Minutes the facilitator added (or took away) during the meeting, in seconds."""
    day: int = 1
    """The day of a visit of several days the block is on (`Block.day`)."""

    @property
    def budget_s(self) -> int:
        """The planned time plus what the facilitator added."""
        return max(0, self.planned_s + self.extra_s)


def _finite(value: Any, name: str) -> float | None:
    """A stored time, or None; a damaged one (NaN, infinite) is refused."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name}: {value!r}")
    return number


@dataclass
class DaySpan:
    """One day of a meeting: which day of the agenda, and when it began and ended (None:
    not yet; a day reached by moving into it begins when the timer is resumed)."""

    day: int
    start: float | None = None
    end: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the clock's stored state."""
        return {"day": self.day, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DaySpan:
        """Rebuild a day stored by `to_dict`."""
        start, end = _finite(data.get("start"), "day start"), _finite(data.get("end"), "day end")
        return cls(int(data["day"]), start, end)


class SessionClock:
    """The timing engine of one meeting.

    A meeting of several days (a two-day visit) pauses by itself when it moves into the
    first block of a new day, and the day begins when the timer is resumed the next
    morning; the schedule, the projected end and the drift are then the day's.

    Args:
        durations: the planned duration of each block, in agenda order.
        now: returns wall-clock seconds; tests pass a fake.
        days: the day each block is on (`Block.day`); all on day 1 when not given.
    """

    def __init__(
        self, durations: Sequence[Duration], now: Clock, days: Sequence[int] | None = None
    ) -> None:
        self._now = now
        self.blocks = [BlockTime(d.min_s, d.planned_s) for d in durations]
        for block, day in zip(self.blocks, days or (), strict=False):
            block.day = day
        self.day_spans: list[DaySpan] = []
        """The days the meeting has run on so far, in order, from the start on."""
        self.current: int | None = None
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.segment_start: float | None = None
        """When the current running segment began; None while paused or not running."""

    @property
    def started(self) -> bool:
        """True once the meeting has begun."""
        return self.started_at is not None

    @property
    def finished(self) -> bool:
        """True once the meeting has ended."""
        return self.finished_at is not None

    @property
    def running(self) -> bool:
        """True while the current block's time is counting."""
        return self.segment_start is not None

    @property
    def paused(self) -> bool:
        """True when started, not finished, and not counting."""
        return self.started and not self.finished and not self.running

    @property
    def waiting_for_day(self) -> bool:
        """True when a day has ended and the next one has not begun: paused overnight."""
        return bool(self.day_spans) and self.day_spans[-1].start is None

    def day_span(self, day: int) -> DaySpan | None:
        """When day `day` of the agenda ran, if it has begun."""
        return next((s for s in self.day_spans if s.day == day and s.start is not None), None)

    def day_of_now(self) -> int:
        """The day the meeting is on: the current block's (the last block's when finished,
        the first's before the start)."""
        if not self.blocks:
            return 1
        if self.current is not None:
            return self.blocks[self.current].day
        return self.blocks[-1].day if self.finished else self.blocks[0].day

    def start(self, first: int = 0) -> None:
        """Begin the meeting with block `first` (the first one unless told); the blocks
        before it are skipped."""
        if self.started:
            raise ClockError(_("the meeting has already started"))
        if not self.blocks:
            raise ClockError(_("the agenda has no blocks"))
        self._require_block(first)
        now = self._now()
        self.started_at = now
        self.day_spans = [DaySpan(self.blocks[first].day, now)]
        for earlier in self.blocks[:first]:
            earlier.status = BlockStatus.SKIPPED
        self._enter(first, now)

    def pause(self) -> None:
        """Stop counting; the pause never counts as block time."""
        if not self.running:
            raise ClockError(_("the timer is not running"))
        self._close_segment(self._now())

    def resume(self) -> None:
        """Count again after a pause."""
        if not self.paused:
            raise ClockError(_("the timer is not paused"))
        now = self._now()
        if self.waiting_for_day:
            self.day_spans[-1].start = now  # the morning of the new day
        self.segment_start = now

    def next(self) -> None:
        """Close the current block and begin the next; after the last one, finish."""
        index = self._require_current()
        following = self._following(index)
        if following is None:
            self.finish()
            return
        self._move(index, following, BlockStatus.DONE)

    def previous(self) -> None:
        """Go back to the block before the current one (its time keeps counting on)."""
        index = self._require_current()
        if index == 0:
            raise ClockError(_("this is the first block"))
        self._move(index, index - 1, BlockStatus.DONE)

    def go_to(self, target: int) -> None:
        """Make block `target` current; the blocks passed over on the way forward that were
        not reached yet are skipped."""
        index = self._require_current()
        self._require_block(target)
        for passed in self.blocks[index + 1 : target]:
            if passed.status is BlockStatus.PENDING:
                passed.status = BlockStatus.SKIPPED
        if target != index:
            self._move(index, target, BlockStatus.DONE)

    def skip(self) -> None:
        """Mark the current block skipped (it stays in the record) and begin the next."""
        index = self._require_current()
        following = self._following(index)
        if following is None:
            self.finish()
            self.blocks[index].status = BlockStatus.SKIPPED
            return
        self._move(index, following, BlockStatus.SKIPPED)

    def discount(self, seconds: float) -> None:
        """Leave the last `seconds` out of the running block, as if the meeting was paused
        then (time lost while the app was not running, when the facilitator says so)."""
        if self.segment_start is not None and seconds > 0:
            self.segment_start = min(self._now(), self.segment_start + seconds)

    def extend(self, seconds: int) -> None:
        """Add (or, when negative, take away) time from the current block's budget."""
        block = self.blocks[self._require_current()]
        block.extra_s = max(-block.planned_s, block.extra_s + seconds)

    def finish(self) -> None:
        """End the meeting; the current block is done."""
        if not self.started:
            raise ClockError(_("the meeting has not started"))
        if self.finished:
            raise ClockError(_("the meeting has already finished"))
        now = self._now()
        if self.current is not None:
            self._close_segment(now)
            self.blocks[self.current].status = BlockStatus.DONE
        if self.waiting_for_day:
            self.day_spans.pop()  # finished before the new day began
        if self.day_spans:
            self.day_spans[-1].end = now
        self.current = None
        self.finished_at = now

    def unskip(self, index: int) -> None:
        """In a finished meeting, take back the skip of block `index`: it counts as held,
        with the time it had (none is added or taken from any block)."""
        if not self.finished:
            raise ClockError(_("only a finished meeting's skips are taken back this way"))
        self._require_block(index)
        if self.blocks[index].status is not BlockStatus.SKIPPED:
            raise ClockError(_("block {number} was not skipped").format(number=index + 1))
        self.blocks[index].status = BlockStatus.DONE

    def elapsed(self, index: int) -> float:
        """Seconds spent in block `index` so far."""
        block = self.blocks[index]
        spent = block.spent_s
        if index == self.current and self.segment_start is not None:
            spent += max(0.0, self._now() - self.segment_start)
        return spent

    def remaining(self) -> float:
        """Seconds left in the current block's budget; negative in overtime."""
        index = self._require_current()
        return self.blocks[index].budget_s - self.elapsed(index)

    def state(self) -> TimeState:
        """How the current block stands against its planned time."""
        index = self._require_current()
        block = self.blocks[index]
        spent = self.elapsed(index)
        if spent > block.budget_s:
            return TimeState.OVER
        if block.min_s < block.planned_s:
            return TimeState.IN_RANGE if spent >= block.min_s else TimeState.BEFORE_MIN
        if block.budget_s - spent <= LAST_MINUTE_S:
            return TimeState.LAST_MINUTE
        return TimeState.ON_TIME

    def running_time(self) -> float:
        """Seconds the meeting's blocks have run, pauses excluded."""
        return sum(self.elapsed(i) for i in range(len(self.blocks)))

    def _day_start(self) -> float | None:
        """When the day the meeting is on began (its start for a meeting of one day)."""
        if self.day_spans:
            return self.day_spans[-1].start
        return self.started_at

    def scheduled_end(self) -> float | None:
        """When the meeting (of several days: today's part) should end: its start plus
        every block's planned time; None overnight, before the new day began."""
        start = self._day_start()
        if self.started_at is None or start is None:
            return None
        day = self.day_of_now()
        return start + sum(b.planned_s for b in self.blocks if b.day == day)

    def projected_end(self) -> float | None:
        """When the meeting will end if every block from now on keeps to its time."""
        if self.started_at is None:
            return None
        if self.finished_at is not None:
            return self.finished_at
        if self.waiting_for_day:
            return None
        now = self._now()
        current = self.current if self.current is not None else len(self.blocks)
        day = self.day_of_now()
        left = 0.0
        for index, block in enumerate(self.blocks):
            if block.status is BlockStatus.SKIPPED or block.day != day:
                continue
            # Still to run: the current block, every block not reached yet, and blocks
            # after the current one that were left early by going back.
            if index >= current or block.status is BlockStatus.PENDING:
                left += max(0.0, block.budget_s - self.elapsed(index))
        return now + left

    def drift(self) -> float:
        """Seconds behind schedule (positive) or ahead of it (negative)."""
        scheduled, projected = self.scheduled_end(), self.projected_end()
        if scheduled is None or projected is None:
            return 0.0
        return projected - scheduled

    def propose_rebalance(self, include_fixed: bool = False) -> Rebalance:
        """New budgets for the blocks still to come, so the meeting ends on schedule.

        Ranged blocks shrink first, in proportion to their room, never below their
        minimum. Only with `include_fixed` do fixed blocks (and ranged ones at their
        minimum) shrink too, in proportion to their length, never below a minute.
        """
        self._require_current()
        over = max(0, round(self.drift()))
        if over < ON_TIME_S:
            over = 0  # the screen says "on time": there is nothing to win back
        coming = [
            i
            for i, block in enumerate(self.blocks)
            if block.status is BlockStatus.PENDING and i != self.current
        ]
        budgets = {i: self.blocks[i].budget_s for i in coming}
        over -= shrink(budgets, {i: self.blocks[i].min_s for i in coming}, over)
        touched_fixed = False
        if include_fixed and over > 0:
            before = dict(budgets)
            over -= shrink(budgets, {i: MIN_BLOCK_S for i in coming}, over)
            touched_fixed = budgets != before
        changed = {i: b for i, b in budgets.items() if b != self.blocks[i].budget_s}
        saved = sum(self.blocks[i].budget_s - b for i, b in changed.items())
        return Rebalance(changed, saved, max(0, over), touched_fixed)

    def apply_rebalance(self, proposal: Rebalance) -> None:
        """Set the proposed budgets (as changes the facilitator made); all or nothing."""
        self._require_current()
        stale = [
            i
            for i in proposal.budgets
            if not 0 <= i < len(self.blocks) or self.blocks[i].status is not BlockStatus.PENDING
        ]
        if stale:
            raise ClockError(_("the proposal is out of date; ask for a new one"))
        for index, budget in proposal.budgets.items():
            block = self.blocks[index]
            block.extra_s = budget - block.planned_s

    def to_dict(self) -> dict[str, Any]:
        """Plain data to store with the session after every operation."""
        return {
            "current": self.current,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "segment_start": self.segment_start,
            "blocks": [
                {
                    "min_s": b.min_s,
                    "planned_s": b.planned_s,
                    "status": b.status.value,
                    "spent_s": b.spent_s,
                    "extra_s": b.extra_s,
                    "day": b.day,
                }
                for b in self.blocks
            ],
            "day_spans": [span.to_dict() for span in self.day_spans],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], now: Clock) -> SessionClock:
        """Rebuild a clock stored by `to_dict`."""
        clock = cls([], now)
        clock.blocks = [
            BlockTime(
                min_s=int(b["min_s"]),
                planned_s=int(b["planned_s"]),
                status=BlockStatus(b["status"]),
                spent_s=float(b["spent_s"]),
                extra_s=int(b.get("extra_s", 0)),
                day=int(b.get("day", 1)),
            )
            for b in data["blocks"]
        ]
        clock.current = data.get("current")
        for name in ("started_at", "finished_at", "segment_start"):
            setattr(clock, name, _finite(data.get(name), name))
        clock.day_spans = [DaySpan.from_dict(span) for span in data.get("day_spans") or []]
        if not clock.day_spans and clock.started_at is not None:
            # Stored before days were kept: one day, from the start to the end.
            clock.day_spans = [DaySpan(1, clock.started_at, clock.finished_at)]
        return clock

    def _require_current(self) -> int:
        if self.current is None:
            if self.finished:
                raise ClockError(_("the meeting has finished"))
            raise ClockError(_("the meeting has not started"))
        return self.current

    def _require_block(self, index: int) -> None:
        if not 0 <= index < len(self.blocks):
            raise ClockError(_("there is no block {number}").format(number=index + 1))

    def _following(self, index: int) -> int | None:
        """The block after `index` that was not skipped, if any.

        After going back, "next" returns to the block the facilitator left, not past it.
        """
        for candidate in range(index + 1, len(self.blocks)):
            if self.blocks[candidate].status is not BlockStatus.SKIPPED:
                return candidate
        return None

    def _close_segment(self, now: float) -> None:
        if self.current is not None and self.segment_start is not None:
            self.blocks[self.current].spent_s += max(0.0, now - self.segment_start)
        self.segment_start = None

    def _enter(self, index: int, now: float) -> None:
        self.current = index
        self.blocks[index].status = BlockStatus.CURRENT
        self.segment_start = now

    def _move(self, index: int, target: int, leaving: BlockStatus) -> None:
        now = self._now()
        was_running = self.running
        self._close_segment(now)
        self.blocks[index].status = leaving
        self._enter(target, now)
        if not was_running:
            # Moving while paused keeps the meeting paused.
            self.segment_start = None
        day, before = self.blocks[target].day, self.blocks[index].day
        if self.waiting_for_day and day != before:
            # Moved again before the new day began: the night ends in another day, or
            # (back into the day that had ended) there was no night after all.
            self.day_spans.pop()
            if self.day_spans and self.day_spans[-1].day == day:
                self.day_spans[-1].end = None
                return
            before = self.day_spans[-1].day if self.day_spans else before
        if day > before:
            # Into a new day: today ends here, the next begins when the timer resumes.
            self.segment_start = None
            if self.day_spans and self.day_spans[-1].end is None:
                self.day_spans[-1].end = now
            self.day_spans.append(DaySpan(day))
