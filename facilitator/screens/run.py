"""The projected run screen: the current block, its timer and questions, and the capture line.

`RunScreen` is put together from its parts: `run_keys` (the keys and their ids),
`run_clock` (the clock's keys and questions), `run_entries` (capture and changing entries),
on the ground of `run_base`; the block itself is drawn by `widgets.block.BlockPanel`, and
the timing policy (the redraws, saving again, the cues) is `meeting.pacing`. What stays
here: the layout, redrawing, export and the view keys (timer only, theme, bell, help).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer

from facilitator.agenda.model import CLOSED_QUESTION
from facilitator.errors import os_reason
from facilitator.i18n import _
from facilitator.meeting.live import Meeting
from facilitator.meeting.pacing import Cue, Pacing
from facilitator.screens.base import Preferences, unique_bindings
from facilitator.screens.run_clock import ClockControls
from facilitator.screens.run_entries import EntryControls
from facilitator.screens.run_keys import RUN_BINDINGS
from facilitator.widgets.block import BlockPanel
from facilitator.widgets.capture import CaptureLine
from facilitator.widgets.message import MessageLine
from facilitator.widgets.plan import ActionPlanTable
from facilitator.widgets.status import StatusBar
from facilitator.widgets.timer import BlockTimer
from facilitator.widgets.too_small import TooSmallNotice, too_small


class RunScreen(ClockControls, EntryControls):
    """Runs one meeting: keys steer the clock, the capture line stores entries."""

    CSS_PATH = "../styles/run.tcss"

    BINDINGS = RUN_BINDINGS

    @dataclass
    class Exported(Message):
        """Minutes and action plan were written to `paths`."""

        paths: list[Path]

    def __init__(
        self,
        meeting: Meeting,
        export_dir: Path,
        preferences: Preferences,
        room_following: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        self.room_following = room_following
        """Whether a room view (`facilitator room`) follows this meeting now, if known."""
        self._room_shown = False
        self.meeting = meeting
        self.export_dir = export_dir
        self.preferences = preferences
        """The app, as far as the theme and the remembered settings go."""
        self.settings = preferences.settings
        self._shown_block: int | str | None = "unset"
        self.pacing = Pacing(meeting, self.settings, meeting.now)
        self._tick_timer: Timer | None = None
        self.private = False
        self.reveal = False

    def compose(self) -> ComposeResult:
        info = self.meeting.session.info
        yield TooSmallNotice()
        yield StatusBar(info.title, id="status-bar")
        yield BlockPanel(id="block-panel")
        yield CaptureLine(id="capture")
        yield MessageLine(id="message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CaptureLine).input.focus()
        self.restore_draft()
        # Before the first redraw, whose heartbeat would erase the trace of the gap.
        self._ask_about_downtime()
        self.refresh_all()
        self._schedule_tick()

    async def retranslate(self) -> None:
        """Show every word in the UI language just chosen, in place: the meeting runs on,
        and the typed line, its cursor, the focus and the shown block stay as they are."""
        self.query_one(TooSmallNotice).retranslate()
        self.query_one(CaptureLine).retranslate()
        self.query_one(BlockTimer).retranslate()
        self.query_one(ActionPlanTable).retranslate()
        # The last message was in the other language: it is not repeated in this one.
        self.say("")
        self.refresh_all()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(too_small(event.size), "-too-small")

    def refresh_all(self) -> None:
        """Redraw everything: after an operation, or when the block changed."""
        planning = self.query_one(BlockPanel).show(
            self.meeting, private=self.private, reveal=self.reveal
        )
        self.set_class(planning, "-plan")
        shown = self.meeting.blocks[self.meeting.shown_block]
        closed = shown.record == CLOSED_QUESTION
        self.query_one(CaptureLine).offer_choices(len(shown.prompts) if closed else 0)
        self.query_one(CaptureLine).offer_fields(shown.fields)
        self._shown_block = self.meeting.clock.current
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
        if due.cue is not None:
            self._give_cue(due.cue)
        self.query_one(BlockPanel).show_time(self.meeting, self.settings.warning_s)
        self.query_one(StatusBar).show(self.meeting)
        self._follow_room()

    def _follow_room(self) -> None:
        """When a room view starts (or stops) following, say so; while it follows, the
        room sees its own screen, so this one shows confidential text (Ctrl+R still hides
        it, for a single projected window)."""
        following = self.room_following is not None and self.room_following()
        if following == self._room_shown:
            return
        self._room_shown = following
        self.query_one(StatusBar).show_following(following)
        self.reveal = following
        self._mask_line()
        self.say(
            _("A room view follows: confidential entries are shown here. Ctrl+R hides them.")
            if following
            else _("No room view follows any more: confidential entries are hidden.")
        )
        self.refresh_all()

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

    def action_export(self) -> None:
        """Write the minutes and the action plan and show them."""
        from facilitator.documents.formats import offered

        formats = offered(self.settings.export_formats)
        try:
            paths = self.meeting.export(self.export_dir, formats=formats)
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
                formats,
                self._remember_formats,
            )
        )

    def _remember_formats(self, formats: tuple[str, ...]) -> None:
        """Offer the formats picked on the export screen at the next export too."""
        self.settings.export_formats = [name for name in formats if name != "md"]
        self.preferences.save_settings()

    def action_timer_only(self) -> None:
        """Show only the timer (and its title), or everything again."""
        self.toggle_class("-timer-only")
        if not self.has_class("-timer-only"):
            # The capture line was hidden, and lost the focus with it.
            self.query_one(CaptureLine).input.focus()

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
        self.leave_then(self._go_home)

    def _go_home(self) -> None:
        # Closed before the home screen reloads its list, which must see it left on purpose.
        self.meeting.close()
        self.dismiss(None)

    def leave_then(self, go: Callable[[], None], problem: str = "") -> None:
        """Leave with `go` once nothing waits unsaved; else ask first whether to save
        again, keep it in a recovery file, or discard it (Esc: stay in the meeting).
        An answer that did not work asks again, saying why (`problem`)."""
        from facilitator.screens.leave import LeaveChoice, LeaveDialog

        meeting = self.meeting
        if not meeting.has_unsaved:
            go()
            return

        def answered(choice: LeaveChoice | None) -> None:
            if choice is None:
                return
            if choice == "retry":
                if not meeting.retry_unsaved():
                    self.leave_then(go, _("The disk still refuses to write."))
                    return
                self.say(_("Everything is saved again."))
            elif choice == "keep":
                try:
                    path = meeting.rescue()
                except OSError as exc:
                    self.leave_then(
                        go,
                        _("The file could not be written either: {reason}").format(
                            reason=os_reason(exc)
                        ),
                    )
                    return
                self.app.notify(
                    _(
                        "What the disk refused is kept in {path}; the next start offers "
                        "to put it back into the session."
                    ).format(path=path),
                    severity="warning",
                    timeout=20,
                )
            else:
                meeting.discard_unsaved()
            go()

        self.app.push_screen(LeaveDialog(meeting.unsaved_count, problem), answered)

    def on_unmount(self) -> None:
        self.meeting.close()
