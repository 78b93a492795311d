"""Every key of the screen it was opened from, and the capture line's syntax."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from facilitator.i18n import N_, _
from facilitator.meeting.capture import MAX_ENTRY_CHARS
from facilitator.screens.base import AppModal

CAPTURE_SYNTAX = [
    (N_("Anna values honesty"), N_("a note")),
    (N_("! Meet every second Tuesday"), N_("a decision")),
    (N_("+ Send the survey @Anna 15.12.2026"), N_("an action item: lead after @, a deadline")),
    (N_("? Who approves the budget"), N_("an open question")),
    (
        N_("=1 8 9 Anna 10"),
        N_("ratings 1-10 for a reflection block's question 1 (names optional)"),
    ),
    (
        N_("~ Anna may change jobs"),
        N_("confidential: hidden on the screen, left out of the minutes"),
    ),
    ("Ctrl+L", N_("marks the line being typed confidential, like a leading ~")),
]
"""Examples of the capture line (in the UI language: only the prefixes are syntax) and what
each one captures (both translated when shown)."""
ENTRY_KEYS = [
    ("↑", N_("from the capture line into the entries (or the action plan)")),
    ("Enter", N_("the entry form: text, kind, confidential, an action's six columns")),
    ("k / c / d", N_("next kind / confidential or not / delete")),
    ("s", N_("in the action plan: open → done → dropped")),
    ("Ctrl+Z", N_("undo the last change, to an entry or the clock")),
    ("Esc", N_("back to the capture line")),
]


class HelpScreen(AppModal[None]):
    """Lists keys (as the footer names them) and how to type entries."""

    BINDINGS = [Binding("escape,f1,q", "close", N_("Close"), id="close")]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        """`keys` holds (key, description, longer explanation) rows, the texts as the
        bindings have them: they are shown in the UI language (again after a switch)."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        keys = Table(title=_("Keys"), show_header=False, box=None, padding=(0, 2))
        for key, description, tooltip in self.keys:
            keys.add_row(
                Text(key, style="bold"), Text(_(description)), Text(_(tooltip), style="dim")
            )
        syntax = Table(title=_("The capture line"), show_header=False, box=None, padding=(0, 2))
        for typed, meaning in CAPTURE_SYNTAX:
            syntax.add_row(Text(_(typed), style="bold"), Text(_(meaning)))
        syntax.add_row(
            Text(_("dates")),
            Text(_("15.12.2026, 15.12.2026. or 2026-12-15; a lead with a space: @Anna_Bērziņa")),
        )
        syntax.add_row(
            Text(_("length")),
            Text(_("an entry holds up to {limit} characters").format(limit=MAX_ENTRY_CHARS)),
        )
        entries = Table(title=_("Changing entries"), show_header=False, box=None, padding=(0, 2))
        for key, meaning in ENTRY_KEYS:
            entries.add_row(Text(key, style="bold"), Text(_(meaning)))
        with VerticalScroll(id="help"):
            yield Static(keys)
            yield Static(syntax)
            yield Static(entries)
        yield Footer()

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
