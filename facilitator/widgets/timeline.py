"""The agenda as one line: done, current, skipped and coming blocks, sized by planned time."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitator.i18n import _
from facilitator.meeting.clock import BlockStatus, SessionClock

STYLES: dict[BlockStatus, tuple[str, str]] = {
    BlockStatus.DONE: ("█", "green"),
    BlockStatus.CURRENT: ("█", "bold reverse"),
    BlockStatus.SKIPPED: ("╳", "dim"),
    BlockStatus.PENDING: ("░", ""),
}


def timeline_text(clock: SessionClock, width: int) -> Text:
    """Each block gets a share of `width` in proportion to its planned time (at least two
    cells, one of them a gap), drawn by its status; the current block is highlighted."""
    blocks = clock.blocks
    if not blocks or width < 2 * len(blocks):
        done = sum(1 for b in blocks if b.status is BlockStatus.DONE)
        return Text(_("{done}/{count} done").format(done=done, count=len(blocks)))
    total = sum(max(1, b.budget_s) for b in blocks)
    spare = width - 2 * len(blocks)
    text = Text()
    used = 0
    for index, block in enumerate(blocks):
        cells = 1 + (spare * max(1, block.budget_s)) // total
        if index == len(blocks) - 1:
            cells = max(1, width - used - 1)
        char, style = STYLES[block.status]
        if index == clock.current:
            char, style = STYLES[BlockStatus.CURRENT]
        text.append(char * cells, style=style)
        text.append(" ")
        used += cells + 1
    return text


class Timeline(Static):
    """Redrawn from the clock; sized to its own width."""

    _shown: Text | None = None

    def show(self, clock: SessionClock) -> None:
        """Draw the agenda's state; nothing is redrawn when it did not change."""
        text = timeline_text(clock, max(2, self.size.width))
        if text != self._shown:
            self._shown = text
            self.update(text)
