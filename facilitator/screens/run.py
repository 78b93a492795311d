"""The projected run screen: the current block, its timer and questions, and the capture line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Static

from facilitator.agenda.model import Block, BlockKind, blocks_text
from facilitator.errors import os_reason
from facilitator.i18n import N_, _, format_time
from facilitator.meeting.capture import MAX_ENTRY_CHARS, CaptureError
from facilitator.meeting.clock import ClockError, Rebalance, TimeState, describe_schedule
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.pacing import Cue, Pacing
from facilitator.meeting.session import ActionStatus, EntryKind, MeetingDetails
from facilitator.screens.base import AppScreen, Preferences, unique_bindings
from facilitator.screens.confirm import AskDialog, ConfirmDialog
from facilitator.widgets.capture import CaptureInput, CaptureLine
from facilitator.widgets.entries import EntryAct, EntryList, render_ratings
from facilitator.widgets.line import Line
from facilitator.widgets.message import MessageLine
from facilitator.widgets.plan import ActionPlanTable
from facilitator.widgets.timeline import Timeline
from facilitator.widgets.timer import BlockTimer

if TYPE_CHECKING:
    from facilitator.screens.entry import EntryEdit

MIN_SIZE = (40, 12)
"""Below this the screen asks for a bigger window instead of showing a broken layout."""


def prompts_text(block: Block) -> Text:
    """A block's description and guiding questions, as plain (never markup) text."""
    text = Text()
    if block.description:
        text.append(block.description + "\n", style="italic")
    for group in block.groups:
        if group.title:
            if text:
                text.append("\n")
            text.append(group.title + "\n", style="bold")
        for prompt in group.prompts:
            text.append("• " + prompt + "\n")
    text.rstrip()
    return text


SAVED = {
    (EntryKind.NOTE, False): N_("Saved note in block {number}."),
    (EntryKind.DECISION, False): N_("Saved decision in block {number}."),
    (EntryKind.ACTION, False): N_("Saved action in block {number}."),
    (EntryKind.QUESTION, False): N_("Saved question in block {number}."),
    (EntryKind.RATING, False): N_("Saved rating in block {number}."),
    (EntryKind.NOTE, True): N_("Saved confidential note in block {number}."),
    (EntryKind.DECISION, True): N_("Saved confidential decision in block {number}."),
    (EntryKind.ACTION, True): N_("Saved confidential action in block {number}."),
    (EntryKind.QUESTION, True): N_("Saved confidential question in block {number}."),
    (EntryKind.RATING, True): N_("Saved confidential rating in block {number}."),
}
"""What the message line says after a capture, by kind and confidentiality."""
NOW_KIND = {
    EntryKind.NOTE: N_("Now a note. Ctrl+Z takes it back."),
    EntryKind.DECISION: N_("Now a decision. Ctrl+Z takes it back."),
    EntryKind.ACTION: N_("Now an action. Ctrl+Z takes it back."),
    EntryKind.QUESTION: N_("Now a question. Ctrl+Z takes it back."),
    EntryKind.RATING: N_("Now a rating. Ctrl+Z takes it back."),
}
NOW_STATUS = {
    ActionStatus.OPEN: N_("The action is open again. Ctrl+Z takes it back."),
    ActionStatus.DONE: N_("The action is done. Ctrl+Z takes it back."),
    ActionStatus.DROPPED: N_("The action is dropped. Ctrl+Z takes it back."),
}


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


class RunScreen(AppScreen[None]):
    """Runs one meeting: keys steer the clock, the capture line stores entries."""

    CSS_PATH = "../styles/run.tcss"

    BINDINGS = [
        Binding("ctrl+n", "start", N_("Start"), id="start", tooltip=N_("Start the first block.")),
        Binding(
            "ctrl+n,pagedown",
            "next_block",
            N_("Next"),
            id="next",
            key_display="^n",
            tooltip=N_("Close this block and start the next one (PageDown too)."),
        ),
        Binding("pageup", "previous_block", N_("Back"), id="previous", show=False,
                tooltip=N_("Go back to the block before.")),
        Binding("ctrl+t", "pause", N_("Pause"), id="pause",
                tooltip=N_("Stop the timer for a while.")),
        Binding("ctrl+t", "resume", N_("Resume"), id="resume",
                tooltip=N_("Let the timer run again.")),
        Binding("f5", "extend(60)", N_("+1 min"), id="plus-one",
                tooltip=N_("Give the current block one more minute.")),
        Binding("f6", "extend(-60)", N_("-1 min"), id="minus-one", show=False,
                tooltip=N_("Take a minute from the current block.")),
        Binding("f7", "extend(300)", N_("+5 min"), id="plus-five", show=False,
                tooltip=N_("Give the current block five more minutes.")),
        Binding("f8", "skip", N_("Skip"), id="skip",
                tooltip=N_("Skip this block (it stays in the minutes as skipped).")),
        Binding("f9", "rebalance", N_("Rebalance"), id="rebalance", show=False,
                tooltip=N_("Shorten the coming blocks so the meeting ends on time.")),
        Binding("ctrl+g", "go_to", N_("Go to"), id="go-to", show=False,
                tooltip=N_("Jump to a block by its number.")),
        Binding("ctrl+f", "finish", N_("Finish"), id="finish", tooltip=N_("End the meeting.")),
        Binding("ctrl+o", "export", N_("Export"), id="export",
                tooltip=N_("Write the minutes and the draft action plan.")),
        Binding("f2", "timer_only", N_("Timer only"), id="timer-only", show=False,
                tooltip=N_("Show only the timer, as big as the screen allows; again to go back.")),
        Binding("f3", "next_theme", N_("Theme"), id="theme", show=False,
                tooltip=N_("Switch between the dark and the light projection theme.")),
        Binding("f4", "privacy", N_("Hide notes"), id="privacy",
                tooltip=N_("Hide everything typed from the screen; again to show it.")),
        Binding("ctrl+r", "reveal", N_("Show confidential"), id="reveal", show=False,
                tooltip=N_("Show confidential entries' text on the screen; again to hide it.")),
        Binding("up", "to_entries", N_("Entries"), id="entries", show=False,
                tooltip=N_("Move into this block's entries (or the action plan) to change them.")),
        Binding("ctrl+z", "undo", N_("Undo"), id="undo", show=False,
                tooltip=N_("Take back the last change to an entry (a deletion too).")),
        Binding("ctrl+b", "details", N_("Details"), id="details", show=False,
                tooltip=N_("The meeting's details: title, date, place, people and attendance.")),
        Binding("f10", "toggle_bell", N_("Bell"), id="bell", show=False,
                tooltip=N_("Turn the bell at the warning and at the end of a block on or off.")),
        Binding("f1", "help", N_("Help"), id="help",
                tooltip=N_("All keys and the capture syntax.")),
        Binding("escape", "home", N_("Home"), id="home", show=False,
                tooltip=N_("Back to the agendas; the meeting stays saved and can be resumed.")),
    ]  # fmt: skip

    @dataclass
    class Exported(Message):
        """Minutes and action plan were written to `paths`."""

        paths: list[Path]

    def __init__(self, meeting: Meeting, export_dir: Path, preferences: Preferences) -> None:
        super().__init__()
        self.meeting = meeting
        self.export_dir = export_dir
        self.preferences = preferences
        """The app, as far as the theme and the remembered settings go."""
        self.settings = preferences.settings
        self._shown_block: int | str | None = "unset"
        self.pacing = Pacing(meeting, self.settings, meeting.now)
        """What each redraw finds due, and when the next one comes."""
        self._tick_timer: Timer | None = None
        self.private = False
        """True while captured text is hidden from the projected screen."""
        self.reveal = False
        """True while confidential entries' text is shown (they are hidden by default)."""

    def compose(self) -> ComposeResult:
        info = self.meeting.session.info
        yield Static(self._too_small_text(), id="too-small")
        with Horizontal(id="status-bar"):
            yield Static(info.title, id="meeting-title", markup=False)
            yield Line("", id="drift")
            yield Line("", id="wall-clock")
        with Vertical(id="block-panel"):
            yield Line("", id="block-title")
            yield BlockTimer(id="timer")
            yield Timeline(id="timeline")
            with Horizontal(id="block-body"):
                with VerticalScroll(id="prompts-scroll"):
                    yield Static("", id="ratings")
                    yield Static("", id="prompts")
                yield EntryList(id="entries")
                yield ActionPlanTable(id="plan")
            yield Line("", id="next-block")
        yield CaptureLine(id="capture")
        yield MessageLine(id="message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CaptureLine).input.focus()
        # Before the first redraw, whose heartbeat would erase the trace of the gap.
        self._ask_about_downtime()
        self.refresh_all()
        self._schedule_tick()

    async def retranslate(self) -> None:
        """Show every word in the UI language just chosen, in place: the meeting runs on,
        and the typed line, its cursor, the focus and the shown block stay as they are."""
        self.query_one("#too-small", Static).update(self._too_small_text())
        self.query_one(CaptureLine).retranslate()
        self.query_one(BlockTimer).retranslate()
        self.query_one(ActionPlanTable).retranslate()
        # The last message was in the other language: it is not repeated in this one.
        self.say("")
        self.refresh_all()

    @staticmethod
    def _too_small_text() -> str:
        return _("Please enlarge the window: this screen needs at least {width}x{height}.").format(
            width=MIN_SIZE[0], height=MIN_SIZE[1]
        )

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        self.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "-too-small")

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
            "rebalance": active,
            "go_to": active,
            "finish": active,
            "export": clock.finished,
        }
        return allowed.get(action, True)

    def _ask_about_downtime(self) -> None:
        """After a crash or a quit while running: should the minutes away count?

        (With the app left open on a closed lid, the meeting time goes on counting: the
        room usually went on talking.)"""
        gap = self.pacing.downtime_to_ask()
        if gap is None:
            return
        since = format_time(datetime.fromtimestamp(self.meeting.now() - gap))
        minutes = max(1, round(gap / 60))

        def answer(count: bool | None) -> None:
            if count:
                self.say(
                    _("The {minutes} min since {time} count as meeting time.").format(
                        minutes=minutes, time=since
                    )
                )
                return
            try:
                self.meeting.discount_downtime(gap)
            except SaveFailed as exc:
                self._not_saved(exc)
            else:
                self.say(
                    _("The {minutes} min since {time} do not count.").format(
                        minutes=minutes, time=since
                    )
                )
            self.refresh_all()

        self.app.push_screen(
            ConfirmDialog(
                lambda: _(
                    "This meeting was last seen running at {time}, {minutes} min ago "
                    "(the app was closed or the computer stopped).\n"
                    "Count those {minutes} min as meeting time?"
                ).format(time=since, minutes=minutes),
                lambda: _("Count them"),
                lambda: _("Leave them out"),
            ),
            answer,
        )

    def refresh_all(self) -> None:
        """Redraw everything: after an operation, or when the block changed."""
        meeting = self.meeting
        clock = meeting.clock
        index = clock.current
        blocks = meeting.blocks
        title = self.query_one("#block-title", Line)
        if index is not None:
            block = blocks[index]
            budget = clock.blocks[index].budget_s
            changed = "" if budget == block.duration.planned_s else f" → {round(budget / 60)} min"
            title.show(
                Text(
                    f"{index + 1}/{len(blocks)}  {block.title}  ·  "
                    f"{block.duration.describe()}{changed}"
                )
            )
        elif clock.finished:
            block = blocks[-1]
            title.show(Text(_("The meeting has finished  ·  Ctrl+O exports the minutes")))
        else:
            block = blocks[0]
            title.show(
                Text(
                    _("Ready: 1/{count}  {title}  ·  Ctrl+N starts").format(
                        count=len(blocks), title=block.title
                    )
                )
            )
        self.query_one("#prompts", Static).update(prompts_text(block))
        following = meeting.next_block
        next_text = (
            _("Next: {title} ({duration})").format(
                title=following.title, duration=following.duration.describe()
            )
            if following is not None and clock.started
            else (_("Last block") if index is not None else "")
        )
        self.query_one("#next-block", Line).show(Text(next_text))
        shown_index = meeting.shown_block
        unsaved = {e.id for e in meeting.unsaved}
        kind = blocks[shown_index].kind
        # A review block holds the actions carried over from the series' earlier sessions:
        # the same table, so `s` marks each done, open or dropped and Enter fills a cell.
        reviewed = [e for e in meeting.entries(shown_index) if e.kind is EntryKind.ACTION]
        planning = kind is BlockKind.ACTION_PLANNING or (
            kind is BlockKind.REVIEW and bool(reviewed)
        )
        self.set_class(planning, "-plan")
        if planning:
            shown = meeting.actions() if kind is BlockKind.ACTION_PLANNING else reviewed
            self.query_one(ActionPlanTable).show(shown, self.reveal, self.private)
        entries = self.query_one(EntryList)
        entries.show(meeting.entries(shown_index), unsaved, self.reveal, self.private)
        if not entries.has_focus:
            # The newest entry is the one the room just heard: keep it in view.
            entries.scroll_end(animate=False)
        ratings = self.query_one("#ratings", Static)
        questions = blocks[shown_index].rating_questions
        ratings.display = bool(questions)
        if questions:
            ratings.update(render_ratings(meeting.ratings(shown_index)))
        self._shown_block = index
        self.refresh_time()
        self.refresh_bindings()
        if self._tick_timer is not None:
            # After an operation the next change of the shown second has moved.
            self._schedule_tick()

    def refresh_time(self) -> None:
        """Redraw the figures that change with time, from the clock's state."""
        clock = self.meeting.clock
        if clock.current != self._shown_block:
            self.refresh_all()
            return
        due = self.pacing.tick()
        if due.saved_again:
            self.say(_("Everything is saved again."))
            self.refresh_all()
        timer = self.query_one(BlockTimer)
        if due.cue is not None:
            self._give_cue(due.cue)
        if clock.current is not None:
            timer.remaining = clock.remaining()
            timer.state = clock.state()
        elif not clock.started:
            timer.remaining = float(self.meeting.blocks[0].duration.planned_s)
            timer.state = None
        else:
            timer.remaining = 0.0
            timer.state = None
        timer.paused = clock.paused
        timer.finished = clock.finished
        timer.warning = (
            timer.state is not TimeState.OVER
            and clock.current is not None
            and 0 < timer.remaining <= self.settings.warning_s
        )
        self.query_one(Timeline).show(clock)
        now = datetime.fromtimestamp(self.meeting.now())
        self.query_one("#wall-clock", Line).show(format_time(now))
        drift = self.query_one("#drift", Line)
        projected = clock.projected_end()
        if clock.started and projected is not None:
            # To the nearest minute, as the drift beside it is.
            end = format_time(datetime.fromtimestamp(int(projected / 60 + 0.5) * 60))
            drift.show(describe_schedule(clock.drift(), end, clock.finished))
            drift.set_class(clock.drift() >= 60, "-behind")
        else:
            drift.show(blocks_text(len(self.meeting.blocks)))

    def _schedule_tick(self) -> None:
        """Wake up when the shown second changes; an earlier wake-up plan is dropped."""
        if self._tick_timer is not None:
            self._tick_timer.stop()
        self._tick_timer = self.set_timer(self.pacing.next_redraw(), self._tick)

    def _tick(self) -> None:
        self._tick_timer = None
        self.refresh_time()
        self._schedule_tick()

    def _give_cue(self, cue: Cue) -> None:
        """Highlight the timer for a moment, and ring the bell when the settings say so."""
        timer = self.query_one(BlockTimer)
        timer.add_class("-cue")
        self.set_timer(cue.lasts_s, lambda: timer.remove_class("-cue"))
        if cue.ring:
            self.app.bell()

    def _operate(self, operation: Callable[[], None]) -> bool:
        """Carry out a clock operation (a bound method of the meeting, its arguments given
        with `partial`); False (with a message) when it did not fully work."""
        try:
            operation()
        except ClockError as exc:
            self.say(str(exc), error=True)
            return False
        except SaveFailed as exc:
            self._not_saved(exc)
            self.refresh_all()
            return False
        self.refresh_all()
        return True

    def _not_saved(self, exc: SaveFailed) -> None:
        self.say(not_saved(exc), error=True)

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
        if self._operate(partial(self.meeting.extend, seconds)):
            minutes = abs(seconds) // 60
            self.say(
                (
                    _("+{minutes} min for this block.")
                    if seconds > 0
                    else _("-{minutes} min for this block.")
                ).format(minutes=minutes)
            )

    def action_skip(self) -> None:
        """Skip the current block; the minutes record it as skipped."""
        self._operate(self.meeting.skip)

    def action_go_to(self) -> None:
        """Ask for a block number and jump there."""
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
            self._operate(partial(self.meeting.go_to, int(answer) - 1))

        self.app.push_screen(
            AskDialog(lambda: _("Go to block (1-{count}):").format(count=count)), go
        )

    def action_rebalance(self) -> None:
        """Propose shorter coming blocks so the meeting ends on time; apply on `y`."""
        clock = self.meeting.clock
        budgets = [b.budget_s for b in clock.blocks]
        ranged = clock.propose_rebalance()
        if not ranged.budgets and not ranged.short_s:
            self.say(_("The meeting is on time: nothing to rebalance."))
            return

        def offer_fixed() -> None:
            # After a first step the budgets have changed: describe from where they are now.
            budgets = [b.budget_s for b in clock.blocks]
            fixed = clock.propose_rebalance(include_fixed=True)
            if not fixed.touches_fixed:
                self.say(_("No block can be shortened any further."), error=True)
                return
            self.app.push_screen(
                ConfirmDialog(
                    lambda: (
                        _("Also shorten fixed-length blocks, in proportion?")
                        + "\n"
                        + describe_rebalance(fixed, self.meeting.blocks, budgets)
                    ),
                    lambda: _("Shorten them"),
                    lambda: _("Keep them"),
                ),
                lambda yes: self._apply_rebalance(fixed) if yes else None,
            )

        if not ranged.budgets:
            offer_fixed()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._apply_rebalance(ranged)
                if ranged.short_s:
                    offer_fixed()

        self.app.push_screen(
            ConfirmDialog(
                lambda: (
                    _("Shorten the coming blocks within their ranges?")
                    + "\n"
                    + describe_rebalance(ranged, self.meeting.blocks, budgets)
                ),
                lambda: _("Apply"),
                lambda: _("Keep the plan"),
            ),
            answer,
        )

    def _apply_rebalance(self, proposal: Rebalance) -> None:
        if self._operate(partial(self.meeting.apply_rebalance, proposal)):
            self.say(
                _("Rebalanced: the meeting ends {minutes} min earlier.").format(
                    minutes=round(proposal.saved_s / 60)
                )
            )

    def action_finish(self) -> None:
        """Ask, then end the meeting."""

        def finish(confirmed: bool | None) -> None:
            if confirmed and self._operate(self.meeting.finish):
                self.say(_("The meeting has finished. Ctrl+O exports the minutes."))

        self.app.push_screen(
            ConfirmDialog(
                lambda: _("Finish the meeting?"), lambda: _("Finish"), lambda: _("Keep going")
            ),
            finish,
        )

    def action_export(self) -> None:
        """Write the minutes and the action plan and show them."""
        try:
            paths = self.meeting.export(self.export_dir)
        except OSError as exc:
            self.say(
                _("Could not export to {path}: {reason}").format(
                    path=self.export_dir, reason=os_reason(exc)
                ),
                error=True,
            )
            return
        self.post_message(self.Exported(paths))
        from facilitator.screens.export import ExportScreen  # its Markdown viewer is heavy

        self.say(_("Exported: {files}").format(files=", ".join(p.name for p in paths)))
        self.app.push_screen(
            ExportScreen(
                paths,
                self.meeting.writer,
                self.export_dir,
                lambda written: self.post_message(self.Exported(written)),
            )
        )

    def action_timer_only(self) -> None:
        """Show only the timer (and its title), or everything again."""
        self.toggle_class("-timer-only")
        if not self.has_class("-timer-only"):
            # The capture line was hidden, and lost the focus with it.
            self.query_one(CaptureLine).input.focus()

    def action_privacy(self) -> None:
        """Hide or show everything captured, at once."""
        self.private = not self.private
        self._mask_line()
        self.say(_("Notes are hidden from the screen.") if self.private else _("Notes are shown."))
        self.refresh_all()

    def action_reveal(self) -> None:
        """Show or hide the text of confidential entries on the screen."""
        self.reveal = not self.reveal
        self._mask_line()
        self.say(
            _("Confidential entries are shown: Ctrl+R hides them again.")
            if self.reveal
            else _("Confidential entries are hidden from the screen.")
        )
        self.refresh_all()

    def _mask_line(self) -> None:
        """What is being typed is captured text too: mask it while the screen must not
        show it (all notes hidden, or a confidential line while those are hidden)."""
        capture = self.query_one(CaptureLine)
        capture.input.password = self.private or (capture.is_confidential and not self.reveal)

    @on(CaptureLine.Changed)
    def _line_changed(self) -> None:
        self._mask_line()

    @on(CaptureInput.TooLong)
    def _paste_too_long(self, event: CaptureInput.TooLong) -> None:
        self.say(
            _(
                "Not pasted: an entry holds at most {limit} characters and the line would "
                "have {length}. The text is still on your clipboard."
            ).format(
                limit=MAX_ENTRY_CHARS,
                length=event.length + len(self.query_one(CaptureLine).input.value),
            ),
            error=True,
        )

    def action_to_entries(self) -> None:
        """Move from the capture line into the entries (or the action plan)."""
        target: EntryList | ActionPlanTable = (
            self.query_one(ActionPlanTable)
            if self.has_class("-plan")
            else self.query_one(EntryList)
        )
        if self.private:
            self.say(_("Notes are hidden: F4 shows them before they can be changed."), error=True)
            return
        if not target.enter():
            self.say(_("Nothing captured in this block yet."))
            return
        if isinstance(target, ActionPlanTable):
            self.say(_("Arrows choose a cell · Enter fills it in · s status · d delete · Esc back"))
        else:
            self.say(_("↑↓ choose · Enter edit · k kind · c confidential · d delete · Esc back"))

    @on(EntryList.Leave)
    @on(ActionPlanTable.Leave)
    def _back_to_typing(self) -> None:
        self.query_one(CaptureLine).input.focus()
        self.say("")

    @on(EntryAct)
    def _act_on_entry(self, event: EntryAct) -> None:
        meeting = self.meeting
        entry_id = event.entry_id
        try:
            match event.action:
                case "edit":
                    self._open_entry_form(entry_id, event.field)
                    return
                case "kind":
                    entry = meeting.next_kind(entry_id)
                    self.say(_(NOW_KIND[entry.kind]))
                case "confidential":
                    entry = meeting.toggle_confidential(entry_id)
                    self.say(
                        _("The entry is confidential. Ctrl+Z takes it back.")
                        if entry.confidential
                        else _("The entry is no longer confidential. Ctrl+Z takes it back.")
                    )
                case "delete":
                    meeting.delete(entry_id)
                    self.say(_("Deleted. Ctrl+Z brings it back."))
                case "status":
                    entry = meeting.entry(entry_id)
                    statuses = list(ActionStatus)
                    current = entry.action.status if entry.action else ActionStatus.OPEN
                    following = statuses[(statuses.index(current) + 1) % len(statuses)]
                    meeting.set_status(entry_id, following)
                    self.say(_(NOW_STATUS[following]))
        except CaptureError as exc:
            self.say(_sentence(str(exc)), error=True)
        except SaveFailed as exc:
            self._not_saved(exc)
        self.refresh_all()

    def _open_entry_form(self, entry_id: str, field: str = "text") -> None:
        from facilitator.screens.entry import EntryDialog

        def save(edit: EntryEdit) -> str | None:
            try:
                self.meeting.edit(
                    entry_id,
                    text=edit.text,
                    kind=edit.kind,
                    confidential=edit.confidential,
                    action=edit.action,
                )
            except CaptureError as exc:
                return str(exc)
            except SaveFailed as exc:
                self._not_saved(exc)
            return None

        def closed(saved: bool | None) -> None:
            if saved:
                self.say(_("Changed. Ctrl+Z takes it back."))
            self.refresh_all()

        self.app.push_screen(EntryDialog(self.meeting.entry(entry_id), save, field), closed)

    def action_details(self) -> None:
        """Change the meeting's details: title, date, place, cities, people, attendance."""
        from facilitator.screens.details import DetailsDialog

        def changed(details: MeetingDetails | None) -> None:
            if details is None:
                return
            try:
                self.meeting.update_details(details)
            except SaveFailed as exc:
                self._not_saved(exc)
            else:
                self.say(_("The meeting's details are saved."))
            info = self.meeting.session.info
            self.query_one("#meeting-title", Static).update(info.title)

        self.app.push_screen(DetailsDialog(self.meeting.session.info.details()), changed)

    def action_undo(self) -> None:
        """Take back the last change to an entry."""
        try:
            done = self.meeting.undo(
                hidden=lambda entry: self.private or (entry.confidential and not self.reveal)
            )
        except SaveFailed as exc:
            self._not_saved(exc)
            self.refresh_all()
            return
        self.say(done or _("Nothing to undo."))
        self.refresh_all()

    def action_next_theme(self) -> None:
        """Switch the projection theme; remembered for next time."""
        self.preferences.next_theme()

    def action_toggle_bell(self) -> None:
        """Turn the bell on or off; remembered for next time."""
        self.settings.bell = not self.settings.bell
        self.preferences.save_settings()
        self.say(_("The bell is on.") if self.settings.bell else _("The bell is off."))

    def action_help(self) -> None:
        """List every key of this screen."""
        from facilitator.screens.help import HelpScreen

        # As the bindings have them: the help screen shows them in the UI language.
        own = unique_bindings(b for b in self.BINDINGS if isinstance(b, Binding))
        keys = [(self.app.get_key_display(b), b.description, b.tooltip) for b in own]
        self.app.push_screen(HelpScreen(keys))

    def action_home(self) -> None:
        """Leave the meeting screen; the session stays stored and can be resumed."""
        # Closed before the home screen reloads its list, which must see it left on purpose.
        self.meeting.close()
        self.dismiss(None)

    @on(CaptureLine.Submitted)
    def _capture(self, event: CaptureLine.Submitted) -> None:
        try:
            entry = self.meeting.capture(event.text)
        except CaptureError as exc:
            self.say(
                _("{problem} Your text is still in the line.").format(problem=_sentence(str(exc))),
                error=True,
            )
            return
        except SaveFailed as exc:
            # The entry is kept in memory, with its block, and shown as not saved.
            event.capture.clear()
            self._not_saved(exc)
            self.refresh_all()
            return
        event.capture.clear()
        message = _(SAVED[entry.kind, entry.confidential]).format(number=entry.block_index + 1)
        if entry.kind is EntryKind.ACTION:
            message += " " + _("↑ then Enter fills in its result, resources and measure.")
        self.say(message)
        self.refresh_all()

    def say(self, message: str, error: bool = False) -> None:
        """Show a one-line message under the capture line."""
        self.query_one(MessageLine).say(message, error)

    def on_unmount(self) -> None:
        self.meeting.close()


def not_saved(exc: SaveFailed) -> str:
    """The one way the screen says that a change is not on disk yet: the core's words
    (`not saved yet (reason); it is kept and saved again automatically`) as a sentence,
    marked as the entry list marks an entry not saved yet."""
    return "⚠ " + _sentence(str(exc))


def _sentence(message: str) -> str:
    """A core message (`a lowercase clause`) as a sentence on the screen."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
