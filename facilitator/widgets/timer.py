"""The block timer: big digits and a state line, formatted from the clock's figures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive

from facilitator.i18n import N_, _
from facilitator.meeting.clock import TimeState
from facilitator.meeting.readout import format_countdown
from facilitator.widgets.bigclock import BigClock
from facilitator.widgets.line import Line

STATE_TEXT: dict[TimeState, str] = {
    TimeState.BEFORE_MIN: N_("remaining"),
    TimeState.IN_RANGE: N_("within the planned range"),
    TimeState.ON_TIME: N_("remaining"),
    TimeState.LAST_MINUTE: N_("last minute"),
    TimeState.OVER: N_("OVERTIME {time}"),
}
"""The line under the digits for each state (marked for the catalogue, translated when
shown)."""


def state_label(
    state: TimeState | None, remaining: float, paused: bool, finished: bool = False
) -> str:
    """The line under the digits, in the UI language: `remaining`, `OVERTIME +02:30`,
    `PAUSED · last minute`; without a state, `not started` or `meeting finished`."""
    if state is None:
        return _("meeting finished") if finished else _("not started")
    label = _(STATE_TEXT[state])
    if state is TimeState.OVER:
        label = label.format(time=format_countdown(remaining))
    if paused:
        label = _("PAUSED · {state}").format(state=label)
    return label


class BlockTimer(Vertical):
    """Shows the current block's remaining time, and overtime counting up."""

    remaining: reactive[float] = reactive(0.0)
    """Seconds left in the block; negative in overtime."""
    state: reactive[TimeState | None] = reactive(None)
    """The clock's state of the block; None before the meeting starts."""
    paused: reactive[bool] = reactive(False)
    """True while the timer is paused."""
    finished: reactive[bool] = reactive(False)
    """True once the meeting has ended (there is no block to time)."""
    warning: reactive[bool] = reactive(False)
    """True from the warning point (set by the facilitator) until the end of the block."""

    def compose(self) -> ComposeResult:
        yield BigClock("00:00", id="digits")
        yield Line("", id="timer-state")

    def on_mount(self) -> None:
        self._refresh_display()

    def _refresh_display(self) -> None:
        if not self.is_mounted:
            return
        clock = self.query_one("#digits", BigClock)
        clock.text = format_countdown(self.remaining)
        # Size the glyphs for the widest text of this hour, so overtime keeps their size.
        clock.fit = "+0:00:00" if abs(self.remaining) >= 3600 else "+00:00"
        label = state_label(self.state, self.remaining, self.paused, self.finished)
        self.query_one("#timer-state", Line).show(label)
        for state in TimeState:
            self.set_class(self.state is state, f"-{state.value}")
        self.set_class(self.paused, "-paused")
        self.set_class(self.warning, "-warning")

    def retranslate(self) -> None:
        """Show the state line in the UI language just chosen."""
        self._refresh_display()

    def watch_remaining(self) -> None:
        self._refresh_display()

    def watch_state(self) -> None:
        self._refresh_display()

    def watch_paused(self) -> None:
        self._refresh_display()

    def watch_finished(self) -> None:
        self._refresh_display()

    def watch_warning(self) -> None:
        self._refresh_display()
