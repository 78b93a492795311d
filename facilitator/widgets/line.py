"""A label for figures that are recomputed several times a second but rarely change."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Line(Static):
    """Redraws only when its content really changes: an update costs a layout."""

    def __init__(self, content: str | Text = "", *, id: str | None = None) -> None:
        super().__init__(content, markup=False, id=id)
        self._shown: str | Text = content

    def show(self, content: str | Text) -> None:
        """Show `content`, unless it is what is shown already."""
        if content != self._shown:
            self._shown = content
            self.update(content)
