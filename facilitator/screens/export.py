"""After an export: where the files went, and the minutes as a reader will see them."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, MarkdownViewer, Static


class ExportScreen(ModalScreen[None]):
    """Shows the written paths and a rendered preview of the minutes."""

    BINDINGS = [Binding("escape", "close", "Close", id="close")]

    def __init__(self, paths: list[Path], minutes: str) -> None:
        super().__init__()
        self.paths = paths
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        listing = Text("Written:\n", style="bold")
        for path in self.paths:
            listing.append(f"  {path}\n", style="not bold")
        listing.rstrip()
        yield Static(listing, id="export-paths")
        yield MarkdownViewer(self.minutes, show_table_of_contents=False, id="export-preview")
        yield Footer()

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
