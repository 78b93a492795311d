"""The run screen's clock keys: start, next and back, pause, longer and shorter, skip, go to
a block, rebalance, finish; and, on resuming, the question whether the time away counts.

A part of `RunScreen` (a mixin on `RunBase`): each key calls the meeting's operation and
redraws; what the screen says when it fails comes from the core's error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import partial

from textual import work

from facilitator.agenda.model import Block
from facilitator.i18n import _, format_time, ngettext
from facilitator.meeting.clock import BlockStatus, ClockError, Rebalance
from facilitator.meeting.live import SaveFailed
from facilitator.meeting.readout import describe_gap
from facilitator.screens.confirm import AskDialog, ConfirmDialog
from facilitator.screens.run_base import RunBase, sentence


def describe_rebalance(proposal: Rebalance, blocks: tuple[Block, ...], budgets: list[int]) -> str:
    """`3. SWOT: 25 → 20 min` lines, and what the change saves, in the UI language."""
    lines = [
        _("{number}. {title}: {before} → {after} min").format(
            number=i + 1,
            title=blocks[i].title,
            before=round(budgets[i] / 60),
            after=round(new / 60),
        )
        for i, new in sorted(proposal.budgets.items())
    ]
    lines.append(
        _("The meeting ends {minutes} min earlier.").format(minutes=round(proposal.saved_s / 60))
    )
    if proposal.short_s:
        lines.append(
            _("It is still {minutes} min over.").format(minutes=round(proposal.short_s / 60))
        )
    return "\n".join(lines)


class ClockControls(RunBase):
    """The clock's keys, which of them apply now, and the questions they ask."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        clock = self.meeting.clock
        active = clock.started and not clock.finished
        allowed = {
            "start": not clock.started,
            "next_block": active,
            "previous_block": active and clock.current != 0,
            "pause": active and clock.running,
            "resume": clock.paused,
            "extend": active,
            "skip": active,
            "unskip": self._skip_to_take_back() is not None,
            "rebalance": active,
            "go_to": bool(self.meeting.blocks),
            "finish": active,
            "export": clock.finished,
            "next_meeting": clock.finished or clock.current == len(self.meeting.blocks) - 1,
        }
        return allowed.get(action, True)

    def _skip_to_take_back(self) -> int | None:
        """The skipped block of a finished meeting gone to for a correction, if any."""
        meeting = self.meeting
        index = meeting.viewed_block
        if not meeting.clock.finished or index is None:
            return None
        return index if meeting.clock.blocks[index].status is BlockStatus.SKIPPED else None

    def _ask_about_downtime(self) -> None:
        """After a crash or a quit while running: should the minutes away count?

        (With the app left open on a closed lid, the meeting time goes on counting: the
        room usually went on talking.)"""
        gap = self.pacing.downtime_to_ask()
        if gap is None:
            return
        since = format_time(datetime.fromtimestamp(self.meeting.now() - gap))
        away = describe_gap(gap)

        def answer(count: bool | None) -> None:
            if count:
                self.say(
                    _("The time since {time} ({away}) counts as meeting time.").format(
                        away=away, time=since
                    )
                )
                return
            try:
                self.meeting.discount_downtime(gap)
            except SaveFailed as exc:
                self._not_saved(exc)
            else:
                self.say(
                    _("The time since {time} ({away}) does not count.").format(
                        away=away, time=since
                    )
                )
            self.refresh_all()

        self.app.push_screen(
            ConfirmDialog(
                lambda: _(
                    "This meeting was last seen running at {time}, {away} ago "
                    "(the app was closed or the computer stopped).\n"
                    "Count that time ({away}) as meeting time?"
                ).format(time=since, away=away),
                lambda: _("Count them"),
                lambda: _("Leave them out"),
            ),
            answer,
        )

    def _operate(self, operation: Callable[[], str]) -> bool:
        """Carry out a clock operation (a bound method of the meeting, its arguments given
        with `partial`) and say what it did; False (with a message) when it did not fully
        work."""
        try:
            said = operation()
        except ClockError as exc:
            self.say(sentence(str(exc)), error=True)
            return False
        except SaveFailed as exc:
            self._not_saved(exc)
            self.refresh_all()
            return False
        self.say(said)
        self.refresh_all()
        return True

    def action_start(self) -> None:
        """Start the first block."""
        self._operate(self.meeting.start)

    def action_next_block(self) -> None:
        """Close this block and start the next."""
        self._operate(self.meeting.next)

    def action_previous_block(self) -> None:
        """Go back one block."""
        self._operate(self.meeting.previous)

    def action_pause(self) -> None:
        """Pause the timer."""
        self._operate(self.meeting.toggle_pause)

    def action_resume(self) -> None:
        """Resume the timer."""
        self._operate(self.meeting.toggle_pause)

    def action_extend(self, seconds: int) -> None:
        """Give the current block more (or less) time."""
        self._operate(partial(self.meeting.extend, seconds))

    def action_skip(self) -> None:
        """Skip the current block; the minutes record it as skipped. A block that holds
        entries is skipped only when the facilitator says so."""
        index = self.meeting.clock.current
        held = len(self.meeting.entries(index)) if index is not None else 0
        if not held or index is None:
            self._operate(self.meeting.skip)
            return
        title = self.meeting.blocks[index].title

        def question() -> str:
            return ngettext(
                'Block {number} "{title}" holds {n} entry. Skip it anyway?\n'
                "The minutes will say it was cut short, and list the entry under it.",
                'Block {number} "{title}" holds {n} entries. Skip it anyway?\n'
                "The minutes will say it was cut short, and list the entries under it.",
                held,
            ).format(number=index + 1, title=title, n=held)

        def answered(skip: bool | None) -> None:
            if skip:
                self._operate(self.meeting.skip)
            else:
                self.say(
                    _('Block {number} "{title}" goes on.').format(number=index + 1, title=title)
                )

        self.app.push_screen(
            ConfirmDialog(question, lambda: _("Skip it"), lambda: _("Keep it")), answered
        )

    def action_unskip(self) -> None:
        """In a finished meeting being corrected: take back the skip of the block gone to
        (its recorded time stays)."""
        skipped = self._skip_to_take_back()
        if skipped is not None:
            self._operate(partial(self.meeting.unskip, skipped))

    def action_go_to(self) -> None:
        """Ask for a block number and jump there; before the start, start there."""
        clock = self.meeting.clock
        count = len(self.meeting.blocks)

        def go(answer: str | None) -> None:
            if not answer:
                return
            # Only ASCII digits: str.isdigit() also takes `²`, which int() refuses.
            if re.fullmatch(r"\s*[0-9]{1,4}\s*", answer) is None or not 1 <= int(answer) <= count:
                self.say(
                    _("Type a block number from 1 to {count}.").format(count=count), error=True
                )
                return
            index = int(answer) - 1
            if clock.finished:
                self._operate(partial(self.meeting.view_block, index))
            elif clock.started:
                self._operate(partial(self.meeting.go_to, index))
            else:
                self._operate(partial(self.meeting.start, index))

        def question() -> str:
            if clock.finished:
                return _("Correct block (1-{count}):").format(count=count)
            if clock.started:
                return _("Go to block (1-{count}):").format(count=count)
            return _("Start the meeting at block (1-{count}):").format(count=count)

        self.app.push_screen(AskDialog(question), go)

    @work(exclusive=True, group="rebalance")
    async def action_rebalance(self) -> None:
        """Propose shorter coming blocks so the meeting ends on time (ranged blocks within
        their ranges, then, if still over, fixed ones too), each step applied on `y`."""
        clock = self.meeting.clock
        budgets = [b.budget_s for b in clock.blocks]
        ranged = clock.propose_rebalance()
        if not ranged.budgets and not ranged.short_s:
            self.say(_("The meeting is on time: nothing to rebalance."))
            return
        if ranged.budgets:
            apply = await self.app.push_screen_wait(
                ConfirmDialog(
                    lambda: (
                        _("Shorten the coming blocks within their ranges?")
                        + "\n"
                        + describe_rebalance(ranged, self.meeting.blocks, budgets)
                    ),
                    lambda: _("Apply"),
                    lambda: _("Keep the plan"),
                )
            )
            if not apply:
                return
            self._apply_rebalance(ranged)
            if not ranged.short_s:
                return
            # The budgets have changed: the next step is described from where they are now.
            budgets = [b.budget_s for b in clock.blocks]
        fixed = clock.propose_rebalance(include_fixed=True)
        if not fixed.touches_fixed:
            self.say(_("No block can be shortened any further."), error=True)
            return
        shorten = await self.app.push_screen_wait(
            ConfirmDialog(
                lambda: (
                    _("Also shorten fixed-length blocks, in proportion?")
                    + "\n"
                    + describe_rebalance(fixed, self.meeting.blocks, budgets)
                ),
                lambda: _("Shorten them"),
                lambda: _("Keep them"),
            )
        )
        if shorten:
            self._apply_rebalance(fixed)

    def _apply_rebalance(self, proposal: Rebalance) -> None:
        self._operate(partial(self.meeting.apply_rebalance, proposal))

    def action_finish(self) -> None:
        """Ask, then end the meeting."""

        def finish(confirmed: bool | None) -> None:
            if confirmed:
                self._operate(self.meeting.finish)

        def question() -> str:
            asked = _("Finish the meeting?")
            count = self.meeting.unsaved_count
            if count:
                # Finishing never drops them: they are saved again, or kept in the
                # recovery file when the meeting closes.
                asked += "\n" + ngettext(
                    "{n} change is not on disk yet; it is saved again automatically, and "
                    "Esc or Ctrl+Q will ask about it before leaving.",
                    "{n} changes are not on disk yet; they are saved again automatically, "
                    "and Esc or Ctrl+Q will ask about them before leaving.",
                    count,
                ).format(n=count)
            return asked

        self.app.push_screen(
            ConfirmDialog(question, lambda: _("Finish"), lambda: _("Keep going")),
            finish,
        )
