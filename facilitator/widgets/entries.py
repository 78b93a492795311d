"""The list of what was captured in the current block."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitator.session import Entry, EntryKind

MARKERS: dict[EntryKind, tuple[str, str]] = {
    EntryKind.NOTE: ("•", ""),
    EntryKind.DECISION: ("✔ Decision:", "bold"),
    EntryKind.ACTION: ("→ Action:", "bold"),
    EntryKind.QUESTION: ("? Question:", "italic"),
}


def render_entries(
    entries: list[Entry], unsaved: set[str] | frozenset[str] = frozenset(), hidden: bool = False
) -> Text:
    """Entries as text: user text is never read as markup."""
    if hidden:
        return Text("Notes are hidden from the screen.", style="italic")
    if not entries:
        return Text("Nothing captured in this block yet.", style="dim italic")
    text = Text()
    for number, entry in enumerate(entries):
        if number:
            text.append("\n")
        marker, style = MARKERS[entry.kind]
        text.append(f"{marker} ", style=style)
        text.append(entry.text)
        if entry.action is not None:
            details = [d for d in (entry.action.lead, entry.action.deadline) if d]
            if details:
                text.append(f"  ({', '.join(details)})", style="dim")
        if entry.id in unsaved:
            text.append("  ⚠ not saved yet", style="bold reverse")
    return text


class EntryList(Static):
    """The current block's entries, newest last."""

    def hide(self) -> None:
        """Show that notes are hidden, and nothing of them."""
        self.update(render_entries([], hidden=True))

    def show(self, entries: list[Entry], unsaved: set[str] | None = None) -> None:
        """Replace what is shown; entries whose id is in `unsaved` are marked."""
        self.update(render_entries(entries, unsaved or set()))
