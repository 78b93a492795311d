"""Steering the clock one undoable step at a time: the part of `Meeting` that starts,
pauses, moves between blocks, gives or takes time and finishes, says what it did, records
it in the session and takes it back on undo.

Each operation keeps the clock's whole state from before it on the meeting's one undo
stack, beside the changes to entries (`meeting.editing`). Undo puts that state back, so
the time since flows on as if the step had never been taken: the minutes after an undone
skip belong to the block that was skipped, those after an undone pause were meeting time.
Every step and every undo is also an event in the clock's log, stored with the clock's
state: the session file says what was done and what was taken back, and a session resumed
after a crash is in the state the undo left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator.i18n import N_, _, ngettext
from facilitator.meeting.clock import BlockStatus, Rebalance, SessionClock
from facilitator.meeting.undo import ClockAction, ClockStep, Undoable

if TYPE_CHECKING:
    from facilitator.meeting.clock import Clock
    from facilitator.storage.session_file import StoredSession

TAKE_BACK = N_("Ctrl+Z takes it back.")
FINISHED = N_("The meeting has finished. Ctrl+O exports the minutes.")

UNDONE: dict[ClockAction, str] = {
    ClockAction.START: N_("Undone: the start. The meeting has not started."),
    ClockAction.PAUSE: N_('Undone: the pause. Block {number} "{title}" runs on.'),
    ClockAction.RESUME: N_('Undone: resuming. Block {number} "{title}" is paused.'),
    ClockAction.NEXT: N_('Undone: moving on. Back in block {number} "{title}".'),
    ClockAction.BACK: N_('Undone: going back. Back in block {number} "{title}".'),
    ClockAction.GO_TO: N_('Undone: going to another block. Back in block {number} "{title}".'),
    ClockAction.SKIP: N_('Undone: the skip. Back in block {number} "{title}".'),
    ClockAction.EXTEND: N_('Undone: {change} min for block {number} "{title}".'),
    ClockAction.REBALANCE: N_("Undone: the rebalancing. The coming blocks have their times back."),
    ClockAction.FINISH: N_('Undone: finishing. Back in block {number} "{title}".'),
    ClockAction.UNSKIP: N_('Undone: block {number} "{title}" is skipped again.'),
}
"""What undo says it took back, naming the block the meeting is in again (marked for the
catalogue, translated when shown)."""


def read_log(state: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The clock's log as stored with its state (`log`); none in an older file, and only
    its readable events in a file edited by hand."""
    log = (state or {}).get("log")
    if not isinstance(log, list):
        return []
    return [dict(event) for event in log if isinstance(event, dict)]


def restore(clock: SessionClock, state: dict[str, Any]) -> None:
    """Put `clock` back into a state `SessionClock.to_dict` gave, in place (the screen and
    the pacing hold the same clock)."""
    back = SessionClock.from_dict(state, lambda: 0.0)
    clock.blocks = back.blocks
    clock.current = back.current
    clock.started_at = back.started_at
    clock.finished_at = back.finished_at
    clock.segment_start = back.segment_start
    clock.day_spans = back.day_spans


class ClockSteps:
    """The clock's operations as steps that say what they did and can be undone; `Meeting`
    supplies the session, the clock, the undo stack and the saving."""

    session: StoredSession
    clock: SessionClock
    clock_log: list[dict[str, Any]]
    """Every clock operation and undo of this session, oldest first, as stored."""
    _undo: list[Undoable]
    _now: Clock

    def save_clock(self, left_on_purpose: bool = False) -> None:
        """Store the clock's state (`Meeting.save_clock`)."""
        raise NotImplementedError

    def _named(self, index: int | None) -> dict[str, Any]:
        """`number` and `title` of block `index`, for the messages."""
        if index is None:
            return {"number": "", "title": ""}
        return {"number": index + 1, "title": self.session.info.agenda.blocks[index].title}

    def _take(
        self,
        action: ClockAction,
        operate: Callable[[], None],
        block: int | None = None,
        seconds: int = 0,
        **logged: Any,
    ) -> ClockStep:
        """Carry out `operate` as one step: kept for undo, logged, saved.

        Raises:
            ClockError: it does not apply now; nothing is kept or logged.
            SaveFailed: the step is taken and kept; its state is written later.
        """
        before = self.clock.to_dict()
        if block is None:
            block = self.clock.current
        operate()
        step = ClockStep(action, before, block, seconds)
        self._undo.append(step)
        event: dict[str, Any] = {"at": self._now(), "do": action.value, "block": block}
        if seconds:
            event["seconds"] = seconds
        self.clock_log.append(event | logged)
        self.save_clock()
        return step

    def _done(self, message: str, index: int | None = None, **values: Any) -> str:
        """A step's message (translated, its block named), with how to take it back."""
        return message.format(**self._named(index), **values) + " " + _(TAKE_BACK)

    def start(self, first: int = 0) -> str:
        """Begin the meeting with block `first` (the blocks before it are skipped); say so."""
        self._take(ClockAction.START, lambda: self.clock.start(first), block=first)
        if first == 0:
            return self._done(_('Started with block {number} "{title}".'), first)
        said = ngettext(
            'Started with block {number} "{title}"; the block before it is skipped.',
            'Started with block {number} "{title}"; the {n} blocks before it are skipped.',
            first,
        )
        return self._done(said, first, n=first)

    def toggle_pause(self) -> str:
        """Pause a running timer or resume a paused one; say which."""
        if self.clock.running:
            self._take(ClockAction.PAUSE, self.clock.pause)
            said = _('Paused in block {number} "{title}": Ctrl+T resumes.')
        else:
            new_day = self.clock.waiting_for_day
            self._take(ClockAction.RESUME, self.clock.resume)
            said = _('Block {number} "{title}" runs again.')
            if new_day:
                said = _('Day {day} begins with block {number} "{title}".')
        return said.format(**self._named(self.clock.current), day=self.clock.day_of_now())

    def next(self) -> str:
        """Move to the next block, finishing after the last one; say where the meeting is."""
        self._take(ClockAction.NEXT, self.clock.next)
        if self.clock.finished:
            return _(FINISHED) + " " + _(TAKE_BACK)
        if self.clock.waiting_for_day:
            return self._day_over()
        return self._done(_('On to block {number} "{title}".'), self.clock.current)

    def _day_over(self) -> str:
        """What a step into the first block of a new day says: the day is over, and how
        the next one begins."""
        current = self.clock.current
        day = self.clock.day_of_now()
        said = _(
            "Day {ended} is over: the timer waits for the next morning. Ctrl+T begins day "
            '{day} with block {number} "{title}".'
        )
        return self._done(said, current, ended=day - 1, day=day)

    def previous(self) -> str:
        """Go back one block; say which."""
        self._take(ClockAction.BACK, self.clock.previous)
        return self._done(_('Back to block {number} "{title}".'), self.clock.current)

    def go_to(self, index: int) -> str:
        """Make block `index` the current one (those passed over on the way are skipped)."""
        if index == self.clock.current:
            return _('The meeting is in block {number} "{title}" already.').format(
                **self._named(index)
            )
        pending = [b.status is BlockStatus.PENDING for b in self.clock.blocks]
        self._take(ClockAction.GO_TO, lambda: self.clock.go_to(index), to=index)
        passed = sum(
            1
            for i in range(len(pending))
            if pending[i] and self.clock.blocks[i].status is BlockStatus.SKIPPED
        )
        if self.clock.waiting_for_day:
            return self._day_over()
        if not passed:
            return self._done(_('Went to block {number} "{title}".'), index)
        said = ngettext(
            'Went to block {number} "{title}"; the block passed over is skipped.',
            'Went to block {number} "{title}"; the {n} blocks passed over are skipped.',
            passed,
        )
        return self._done(said, index, n=passed)

    def skip(self) -> str:
        """Skip the current block (it stays in the record as skipped); say so."""
        step = self._take(ClockAction.SKIP, self.clock.skip)
        said = _('Skipped block {number} "{title}".')
        if self.clock.finished:
            said += " " + _("The meeting has finished.")
        elif self.clock.waiting_for_day:
            return said.format(**self._named(step.block)) + " " + self._day_over()
        return self._done(said, step.block)

    def extend(self, seconds: int) -> str:
        """Give the current block more (or, when negative, less) time; say how much."""
        step = self._take(ClockAction.EXTEND, lambda: self.clock.extend(seconds), seconds=seconds)
        said = (
            _('Added {minutes} min to block {number} "{title}".')
            if seconds > 0
            else _('Took {minutes} min from block {number} "{title}".')
        )
        return self._done(said, step.block, minutes=abs(seconds) // 60)

    def apply_rebalance(self, proposal: Rebalance) -> str:
        """Use the proposed budgets for the coming blocks; say what it wins."""
        self._take(ClockAction.REBALANCE, lambda: self.clock.apply_rebalance(proposal))
        said = _("Rebalanced: the meeting ends {minutes} min earlier.")
        return said.format(minutes=round(proposal.saved_s / 60)) + " " + _(TAKE_BACK)

    def finish(self) -> str:
        """End the meeting; say so."""
        self._take(ClockAction.FINISH, self.clock.finish)
        return _(FINISHED) + " " + _(TAKE_BACK)

    def unskip(self, index: int) -> str:
        """In a finished meeting, take back the skip of block `index` (its recorded time
        stays as it was); say so."""
        self._take(ClockAction.UNSKIP, lambda: self.clock.unskip(index), block=index)
        said = _('Block {number} "{title}" is no longer skipped; its recorded time stays.')
        return self._done(said, index)

    def _undo_clock(self, step: ClockStep) -> str:
        """Put the clock back as it was before `step`; log and save it; say what it was.

        Raises:
            SaveFailed: the clock is back in memory; its state is written later.
        """
        restore(self.clock, step.before)
        event: dict[str, Any] = {
            "at": self._now(),
            "do": "undo",
            "undid": step.action.value,
            "block": step.block,
        }
        self.clock_log.append(event)
        self.save_clock()
        change = f"{step.seconds // 60:+d}"
        # An unskip is undone in a finished meeting: the block it was about is named.
        named = step.block if step.action is ClockAction.UNSKIP else self.clock.current
        return _(UNDONE[step.action]).format(change=change, **self._named(named))
