"""What the run screen and the room view show instead of themselves in a window too small
for them."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Static

from facilitator.i18n import _

MIN_SIZE = (40, 12)
"""The smallest window, in cells, that a meeting's screens can be read in."""


def too_small(size: Size) -> bool:
    """True when a window of `size` is smaller than `MIN_SIZE` either way."""
    return size.width < MIN_SIZE[0] or size.height < MIN_SIZE[1]


class TooSmallNotice(Static):
    """Asks for a larger window. The screen's stylesheet shows it, and hides everything
    else, while the screen has the class `-too-small` (set with `too_small`)."""

    def __init__(self) -> None:
        super().__init__(self._text(), id="too-small")

    @staticmethod
    def _text() -> str:
        return _("Please enlarge the window: this screen needs at least {width}x{height}.").format(
            width=MIN_SIZE[0], height=MIN_SIZE[1]
        )

    def retranslate(self) -> None:
        """Ask again in the UI language just chosen."""
        self.update(self._text())
