"""Every key of the screen it was opened from, and the capture line's syntax."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from facilitator.capture import MAX_ENTRY_CHARS
from facilitator.screens.base import AppModal

CAPTURE_SYNTAX = [
    ("Anna values honesty", "a note"),
    ("! Meet every second Tuesday", "a decision"),
    ("+ Send the survey @Anna 15.12.2026", "an action item: lead after @, a deadline"),
    ("? Who approves the budget", "an open question"),
    ("=1 8 9 Anna 10", "ratings 1-10 for a reflection block's question 1 (names optional)"),
    ("~ Anna may change jobs", "confidential: hidden on the screen, left out of the minutes"),
    ("Ctrl+L", "marks the line being typed confidential, like a leading ~"),
]
ENTRY_KEYS = [
    ("↑", "from the capture line into the entries (or the action plan)"),
    ("Enter", "the entry form: text, kind, confidential, an action's six columns"),
    ("k / c / d", "next kind / confidential or not / delete"),
    ("s", "in the action plan: open → done → dropped"),
    ("Ctrl+Z", "undo the last change, a deletion too"),
    ("Esc", "back to the capture line"),
]


class HelpScreen(AppModal[None]):
    """Lists keys (as the footer names them) and how to type entries."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="close")]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        """`keys` holds (key, description, longer explanation) rows."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        keys = Table(title="Keys", show_header=False, box=None, padding=(0, 2))
        for key, description, tooltip in self.keys:
            keys.add_row(Text(key, style="bold"), Text(description), Text(tooltip, style="dim"))
        syntax = Table(title="The capture line", show_header=False, box=None, padding=(0, 2))
        for typed, meaning in CAPTURE_SYNTAX:
            syntax.add_row(Text(typed, style="bold"), Text(meaning))
        syntax.add_row(
            Text("dates"),
            Text("15.12.2026, 15.12.2026. or 2026-12-15; a lead with a space: @Anna_Bērziņa"),
        )
        syntax.add_row(
            Text("length"),
            Text(f"an entry holds up to {MAX_ENTRY_CHARS} characters"),
        )
        entries = Table(title="Changing entries", show_header=False, box=None, padding=(0, 2))
        for key, meaning in ENTRY_KEYS:
            entries.add_row(Text(key, style="bold"), Text(meaning))
        with VerticalScroll(id="help"):
            yield Static(keys)
            yield Static(syntax)
            yield Static(entries)
        yield Footer()

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
