"""The projected run screen: the current block, its timer and questions, and the capture line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from facilitator.agenda.model import Block
from facilitator.capture import CaptureError
from facilitator.meeting import Meeting, SaveFailed
from facilitator.screens.confirm import ConfirmDialog
from facilitator.timing import ClockError, describe_drift
from facilitator.widgets.capture import CaptureLine
from facilitator.widgets.entries import EntryList
from facilitator.widgets.timer import BlockTimer

TICK_S = 0.25
"""How often the screen redraws from the clock; a missed tick changes nothing."""
RETRY_S = 2.0
"""How often writes the disk refused are tried again."""


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


class RunScreen(Screen[None]):
    """Runs one meeting: keys steer the clock, the capture line stores entries."""

    BINDINGS = [
        Binding("ctrl+n", "start", "Start", id="start", tooltip="Start the first block."),
        Binding("ctrl+n,pagedown", "next_block", "Next block", id="next", key_display="^n"),
        Binding("pageup", "previous_block", "Previous", id="previous"),
        Binding("ctrl+t", "pause", "Pause", id="pause", tooltip="Stop the timer for a while."),
        Binding("ctrl+t", "resume", "Resume", id="resume"),
        Binding("ctrl+f", "finish", "Finish", id="finish", tooltip="End the meeting."),
        Binding("ctrl+o", "export", "Export", id="export", tooltip="Write the minutes."),
        Binding("escape", "home", "Home", id="home", tooltip="Back to the agendas."),
    ]

    @dataclass
    class Exported(Message):
        """Minutes and action plan were written to `paths`."""

        paths: list[Path]

    def __init__(self, meeting: Meeting, export_dir: Path) -> None:
        super().__init__()
        self.meeting = meeting
        self.export_dir = export_dir
        self._shown_block: int | str | None = "unset"
        self._last_retry = 0.0

    def compose(self) -> ComposeResult:
        info = self.meeting.session.info
        with Horizontal(id="status-bar"):
            yield Static(info.title, id="meeting-title", markup=False)
            yield Static("", id="drift")
            yield Static("", id="wall-clock")
        with Vertical(id="block-panel"):
            yield Static("", id="block-title")
            yield BlockTimer(id="timer")
            with Horizontal(id="block-body"):
                with VerticalScroll(id="prompts-scroll"):
                    yield Static("", id="prompts")
                with VerticalScroll(id="entries-scroll"):
                    yield EntryList(id="entries")
            yield Static("", id="next-block")
        yield CaptureLine(id="capture")
        yield Static("", id="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CaptureLine).input.focus()
        self.refresh_all()
        self.set_interval(TICK_S, self.refresh_time)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        clock = self.meeting.clock
        active = clock.started and not clock.finished
        allowed = {
            "start": not clock.started,
            "next_block": active,
            "previous_block": active and clock.current != 0,
            "pause": active and clock.running,
            "resume": clock.paused,
            "finish": active,
            "export": clock.finished,
        }
        return allowed.get(action, True)

    def refresh_all(self) -> None:
        """Redraw everything: after an operation, or when the block changed."""
        meeting = self.meeting
        clock = meeting.clock
        index = clock.current
        blocks = meeting.blocks
        title = self.query_one("#block-title", Static)
        if index is not None:
            block = blocks[index]
            title.update(
                Text(f"{index + 1}/{len(blocks)}  {block.title}  ·  {block.duration.describe()}")
            )
        elif clock.finished:
            block = blocks[-1]
            title.update(Text("The meeting has finished  ·  Ctrl+O exports the minutes"))
        else:
            block = blocks[0]
            title.update(Text(f"Ready: 1/{len(blocks)}  {block.title}  ·  Ctrl+N starts"))
        self.query_one("#prompts", Static).update(prompts_text(block))
        following = meeting.next_block
        next_text = (
            f"Next: {following.title} ({following.duration.describe()})"
            if following is not None and clock.started
            else ("Last block" if index is not None else "")
        )
        self.query_one("#next-block", Static).update(Text(next_text))
        shown_index = index if index is not None else (len(blocks) - 1 if clock.finished else 0)
        self.query_one(EntryList).show(
            meeting.entries(shown_index), {e.id for e in meeting.unsaved}
        )
        # The newest entry is the one the room just heard: keep it in view.
        self.query_one("#entries-scroll", VerticalScroll).scroll_end(animate=False)
        self._shown_block = index
        self.refresh_time()
        self.refresh_bindings()

    def refresh_time(self) -> None:
        """Redraw the figures that change with time, from the clock's state."""
        clock = self.meeting.clock
        if clock.current != self._shown_block:
            self.refresh_all()
            return
        self._retry_saving()
        timer = self.query_one(BlockTimer)
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
        now = datetime.fromtimestamp(self.meeting.now())
        self.query_one("#wall-clock", Static).update(now.strftime("%H:%M"))
        drift = self.query_one("#drift", Static)
        projected = clock.projected_end()
        if clock.started and projected is not None:
            end = datetime.fromtimestamp(projected).strftime("%H:%M")
            verb = "ended" if clock.finished else "ends"
            drift.update(f"{describe_drift(clock.drift())} · {verb} {end}")
        else:
            drift.update(f"{len(self.meeting.blocks)} blocks")

    def _operate(self, operation: str) -> bool:
        """Carry out a clock operation; False (with a message) when it did not fully work."""
        try:
            getattr(self.meeting, operation)()
        except ClockError as exc:
            self.say(str(exc), error=True)
            return False
        except SaveFailed as exc:
            self.say(f"The timer changed but is {exc}.", error=True)
            self.refresh_all()
            return False
        self.refresh_all()
        return True

    def action_start(self) -> None:
        """Start the first block."""
        self._operate("start")

    def action_next_block(self) -> None:
        """Close this block and start the next."""
        self._operate("next")

    def action_previous_block(self) -> None:
        """Go back one block."""
        self._operate("previous")

    def action_pause(self) -> None:
        """Pause the timer."""
        self._operate("toggle_pause")

    def action_resume(self) -> None:
        """Resume the timer."""
        self._operate("toggle_pause")

    def action_finish(self) -> None:
        """Ask, then end the meeting."""

        def finish(confirmed: bool | None) -> None:
            if confirmed and self._operate("finish"):
                self.say("The meeting has finished. Ctrl+O exports the minutes.")

        self.app.push_screen(ConfirmDialog("Finish the meeting?", "Finish", "Keep going"), finish)

    def action_export(self) -> None:
        """Write the minutes and the action plan and show them."""
        try:
            paths = self.meeting.export(self.export_dir)
        except OSError as exc:
            self.say(f"Could not export to {self.export_dir}: {exc.strerror or exc}", error=True)
            return
        self.post_message(self.Exported(paths))
        from facilitator.screens.export import ExportScreen  # its Markdown viewer is heavy

        self.say("Exported: " + ", ".join(p.name for p in paths))
        self.app.push_screen(ExportScreen(paths, self.meeting.writer().minutes()))

    def action_home(self) -> None:
        """Leave the meeting screen; the session stays stored and can be resumed."""
        self.dismiss(None)

    @on(CaptureLine.Submitted)
    def _capture(self, event: CaptureLine.Submitted) -> None:
        try:
            entry = self.meeting.capture(event.text)
        except CaptureError as exc:
            self.say(f"{exc}. Your text is still in the line.", error=True)
            return
        except SaveFailed as exc:
            # The entry is kept in memory, with its block, and shown as not saved.
            event.capture.clear()
            self.say(f"NOT SAVED: the entry is {exc}.", error=True)
            self.refresh_all()
            return
        event.capture.clear()
        self.say(f"Saved {entry.kind.value} in block {entry.block_index + 1}.")
        self.refresh_all()

    def _retry_saving(self) -> None:
        """Write what the disk refused earlier; say so once it worked."""
        if not (self.meeting.unsaved or self.meeting.clock_unsaved):
            return
        now = self.meeting.now()
        if now - self._last_retry < RETRY_S:
            return
        self._last_retry = now
        if self.meeting.retry_unsaved():
            self.say("Everything is saved again.")
            self.refresh_all()

    def say(self, message: str, error: bool = False) -> None:
        """Show a one-line message under the capture line."""
        line = self.query_one("#message", Static)
        line.update(Text(message))
        line.set_class(error, "-error")

    def on_unmount(self) -> None:
        self.meeting.close()
