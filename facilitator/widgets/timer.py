"""The block timer: big digits and a state line, formatted from the clock's figures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive

from facilitator.timing import TimeState, format_countdown
from facilitator.widgets.bigclock import BigClock
from facilitator.widgets.line import Line

STATE_TEXT: dict[TimeState, str] = {
    TimeState.BEFORE_MIN: "remaining",
    TimeState.IN_RANGE: "within the planned range",
    TimeState.ON_TIME: "remaining",
    TimeState.LAST_MINUTE: "last minute",
    TimeState.OVER: "OVERTIME",
}


class BlockTimer(Vertical):
    """Shows the current block's remaining time, and overtime counting up."""

    remaining: reactive[float] = reactive(0.0)
    """Seconds left in the block; negative in overtime."""
    state: reactive[TimeState | None] = reactive(None)
    """The clock's state of the block; None before the meeting starts."""
    paused: reactive[bool] = reactive(False)
    """True while the timer is paused."""
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
        label = "not started" if self.state is None else STATE_TEXT[self.state]
        if self.state is TimeState.OVER:
            label = f"OVERTIME {format_countdown(self.remaining)}"
        if self.paused:
            label = f"PAUSED · {label}"
        self.query_one("#timer-state", Line).show(label)
        for state in TimeState:
            self.set_class(self.state is state, f"-{state.value}")
        self.set_class(self.paused, "-paused")
        self.set_class(self.warning, "-warning")

    def watch_remaining(self) -> None:
        self._refresh_display()

    def watch_state(self) -> None:
        self._refresh_display()

    def watch_paused(self) -> None:
        self._refresh_display()

    def watch_warning(self) -> None:
        self._refresh_display()
