"""The room view: what the room sees of a meeting run in another window, read-only.

`facilitator room` opens it in a second terminal (on the projector). It follows the
session from its files (`meeting.follow.SessionFollower`, polled every `POLL_S`), shows the
block as the run screen does (`widgets.block.BlockPanel`, which names no keys here), and
between two changes lets the clock run on from the stored state. There is no capture
line and no key that changes anything: `v` cycles what it shows, `t` the theme, `q` quits.
Confidential entries never reach it (the follower leaves them out of what it reads).
"""

from __future__ import annotations

from typing import Literal

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.timer import Timer
from textual.widgets import Static

from facilitator.documents.qr import TakeAway, no_actions_text, qr_matrix, take_away
from facilitator.i18n import N_, _, current_language, ngettext
from facilitator.meeting.follow import Lost, Reading, SessionFollower
from facilitator.meeting.live import Meeting
from facilitator.meeting.pacing import Pacing
from facilitator.screens.base import AppScreen
from facilitator.storage.presence import RoomPresence
from facilitator.storage.settings import Settings
from facilitator.themes import ROOM_THEMES
from facilitator.widgets.block import BlockPanel
from facilitator.widgets.entry_list import EntryList
from facilitator.widgets.plan import ActionPlanTable
from facilitator.widgets.qr import qr_text
from facilitator.widgets.status import StatusBar
from facilitator.widgets.too_small import TooSmallNotice, too_small

POLL_S = 0.2
"""How often the session's files are looked at (a `stat` of each): a save shows within
this, plus the moment a reading and a redraw take."""
CODE_S = 10.0
"""How long each QR code shows when the take-away needs more than one."""

View = Literal["questions", "clock", "plan"]
VIEWS: tuple[View, ...] = ("questions", "clock", "plan")
"""What `v` cycles through: the block with its questions (and entries, or the action plan
in planning blocks); the clock alone, as big as it gets; the session's action plan."""


class RoomScreen(AppScreen[None]):
    """A meeting as the room sees it, followed live from its files."""

    CSS_PATH = ["../styles/run.tcss", "../styles/room.tcss"]
    AUTO_FOCUS = None
    """Nothing takes the focus: no list's edit keys ever apply here."""

    BINDINGS = [
        Binding("v", "cycle_view", N_("View"), id="room-view",
                tooltip=N_("Clock and questions, the clock alone, or the action plan.")),
        Binding("t", "next_theme", N_("Theme"), id="room-theme",
                tooltip=N_("The next projection theme (not remembered).")),
        Binding("q", "quit", N_("Quit"), id="room-quit", tooltip=N_("Close the room view.")),
    ]  # fmt: skip

    def __init__(
        self, follower: SessionFollower, presence: RoomPresence | None, settings: Settings
    ) -> None:
        super().__init__()
        self.follower = follower
        self.presence = presence
        self.settings = settings
        self.view: View = "questions"
        self._shown_block: int | str | None = "unset"
        self._pacing: Pacing | None = None
        self._tick_timer: Timer | None = None
        self._codes: TakeAway | None = None
        self._code_index = -1

    @property
    def meeting(self) -> Meeting | None:
        """The meeting as last read; None before the first sound reading."""
        return self.follower.reading.meeting

    def compose(self) -> ComposeResult:
        yield TooSmallNotice()
        yield StatusBar("", id="status-bar")
        yield BlockPanel(id="block-panel", keys=False)
        with Vertical(id="room-end"):
            with Center():
                yield Static("", id="room-qr")
            yield Static("", id="room-qr-caption")
        yield Static(_("Reading the session…"), id="room-message")

    def on_mount(self) -> None:
        # Read-only: nothing here takes the focus, so no list's edit keys ever apply.
        self.query_one(EntryList).can_focus = False
        self.query_one(ActionPlanTable).can_focus = False
        self.query_one("#prompts-scroll").can_focus = False
        self.set_focus(None)
        self.add_class("-view-questions")
        self._poll()
        self.set_interval(POLL_S, self._poll)
        self.notify(_("Room view: V changes what it shows, T the theme, Q quits."), timeout=6)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(too_small(event.size), "-too-small")
        self._code_index = -1  # the code may fit now, or no longer
        self._show_end()

    def _poll(self) -> None:
        """Look at the files; redraw all when they changed, else only the time."""
        if self.presence is not None:
            self.presence.announce()
        if self.follower.poll():
            self.refresh_all()

    def refresh_all(self) -> None:
        """Redraw everything from the last reading."""
        reading = self.follower.reading
        meeting = reading.meeting
        self._show_state(reading)
        if meeting is None:
            return
        self._pacing = Pacing(meeting, self.settings, meeting.now)
        self.query_one(StatusBar).show_title(meeting.session.info.title)
        panel = self.query_one(BlockPanel)
        planning = panel.show(meeting, private=False, reveal=False)
        if self.view == "plan":
            self.query_one(ActionPlanTable).show(meeting.actions(), reveal=False)
        self.set_class(planning or self.view == "plan", "-plan")
        self.set_class(meeting.clock.finished, "-finished")
        self._shown_block = meeting.clock.current
        self._codes = take_away(meeting.writer(False)) if meeting.clock.finished else None
        self._code_index = -1
        self.refresh_time()
        self._schedule_tick()

    def _show_state(self, reading: Reading) -> None:
        """Say that the session is being read, or lost; else show the meeting."""
        message = self.query_one("#room-message", Static)
        if reading.lost is Lost.DELETED:
            text = _("The room view lost the session: its file was deleted. Waiting for it…")
        elif reading.lost is Lost.DAMAGED:
            text = _("The room view lost the session: its file cannot be read. Waiting for it…")
        elif reading.meeting is None:
            text = _("Reading the session…")
        else:
            text = ""
        message.update(text)
        self.set_class(bool(text), "-message")

    def refresh_time(self) -> None:
        """Redraw what changes with time, from the stored clock and now."""
        meeting = self.meeting
        if meeting is None or self.follower.reading.lost is not None:
            return
        if meeting.clock.current != self._shown_block:
            self.refresh_all()
            return
        self.query_one(BlockPanel).show_time(meeting, self.settings.warning_s)
        self.query_one(StatusBar).show(meeting)
        self._show_end()

    def _show_end(self) -> None:
        """Once the meeting has finished: the take-away QR code (each in turn, when it
        needs more than one), when it fits the window."""
        codes, meeting = self._codes, self.meeting
        if codes is None or meeting is None or not self.is_mounted:
            return
        caption = self.query_one("#room-qr-caption", Static)
        code = self.query_one("#room-qr", Static)
        if not codes.texts:
            code.display = False
            caption.update(no_actions_text(current_language()))
            return
        index = int(meeting.now() // CODE_S) % len(codes.texts)
        if index == self._code_index:
            return
        self._code_index = index
        modules = len(qr_matrix(codes.texts[index]))
        # Beside the code: the status bar, the title and the caption, a row each.
        fits = (modules + 1) // 2 <= self.size.height - 3 and modules <= self.size.width
        code.display = fits
        if fits:
            code.update(qr_text(codes.texts[index]))
        lines = [
            ngettext(
                "Scan to take the action item with you.",
                "Scan to take the action items with you.",
                codes.actions,
            )
            if fits
            else _("Enlarge the window to show the action items' QR code.")
        ]
        if len(codes.texts) > 1:
            lines.append(
                _("Code {index} of {count}").format(index=index + 1, count=len(codes.texts))
            )
        caption.update("  ·  ".join(lines))

    def _schedule_tick(self) -> None:
        """Wake up when the shown second changes (as the run screen does)."""
        if self._tick_timer is not None:
            self._tick_timer.stop()
        delay = self._pacing.next_redraw() if self._pacing is not None else 1.0
        self._tick_timer = self.set_timer(delay, self._tick)

    def _tick(self) -> None:
        self._tick_timer = None
        self.refresh_time()
        self._schedule_tick()

    def action_cycle_view(self) -> None:
        """Show the next view: questions, clock alone, action plan."""
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        for view in VIEWS:
            self.set_class(self.view == view, f"-view-{view}")
        self.refresh_all()

    def action_next_theme(self) -> None:
        """Switch to the next projection theme, for this window only."""
        ours = [t.name for t in ROOM_THEMES]
        at = ours.index(self.app.theme) if self.app.theme in ours else -1
        self.app.theme = ours[(at + 1) % len(ours)]

    async def action_quit(self) -> None:
        """Close the room view; the meeting goes on in its own window."""
        self.app.exit()

    def on_unmount(self) -> None:
        if self.presence is not None:
            self.presence.withdraw()
