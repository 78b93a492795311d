"""The list of what was captured in the current block, and the keys that change it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.ratings import QuestionRatings
from facilitator.session import Entry, EntryKind

MARKERS: dict[EntryKind, tuple[str, str]] = {
    EntryKind.NOTE: ("•", ""),
    EntryKind.DECISION: ("✔ Decision:", "bold"),
    EntryKind.ACTION: ("→ Action:", "bold"),
    EntryKind.QUESTION: ("? Question:", "italic"),
    EntryKind.RATING: ("★ Rating", "bold"),
}
LOCK = "🔒"
HIDDEN_TEXT = "confidential entry"
"""What the projected screen shows instead of a confidential entry's text."""


def render_entry(entry: Entry, unsaved: bool = False, reveal: bool = False) -> Text:
    """One entry as text: user text is never read as markup; a confidential one shows
    only that it exists unless `reveal`."""
    text = Text()
    if entry.confidential:
        text.append(f"{LOCK} ", style="bold")
        if not reveal:
            text.append(HIDDEN_TEXT, style="italic")
            if unsaved:
                text.append("  ⚠ not saved yet", style="bold reverse")
            return text
    marker, style = MARKERS[entry.kind]
    if entry.kind is EntryKind.RATING and entry.rating is not None:
        marker = f"{marker} {entry.rating.question + 1}:"
    text.append(f"{marker} ", style=style)
    text.append(entry.text)
    if entry.action is not None and entry.kind is EntryKind.ACTION:
        details = [d for d in (entry.action.lead, entry.action.deadline) if d]
        if details:
            text.append(f"  ({', '.join(details)})", style="dim")
    if unsaved:
        text.append("  ⚠ not saved yet", style="bold reverse")
    return text


def render_entries(
    entries: list[Entry],
    unsaved: set[str] | frozenset[str] = frozenset(),
    hidden: bool = False,
    reveal: bool = False,
) -> Text:
    """Entries as one text, newest last (for places that only show them)."""
    if hidden:
        return Text("Notes are hidden from the screen.", style="italic")
    if not entries:
        return Text("Nothing captured in this block yet.", style="dim italic")
    return Text("\n").join(render_entry(e, e.id in unsaved, reveal) for e in entries)


def render_ratings(ratings: list[QuestionRatings], language_comma: bool = False) -> Text:
    """Each rating question with its count and mean: `1. How valuable? · 4 · mean 8.5`."""
    text = Text()
    for rated in ratings:
        if text:
            text.append("\n")
        text.append(f"{rated.index + 1}. ", style="bold")
        text.append(rated.question)
        if rated.mean is None:
            text.append("  no ratings yet: =", style="dim")
            text.append(f"{rated.index + 1} 8 7 …", style="dim")
            continue
        mean = f"{rated.mean:.1f}"
        if language_comma:
            mean = mean.replace(".", ",")
        text.append("  mean ")
        text.append(mean, style="bold")
        text.append(f" of {rated.count}", style="dim")
    return text


class EntryList(OptionList):
    """The current block's entries, newest last; the facilitator moves through them with
    the arrow keys and changes the highlighted one with single keys."""

    BINDINGS = [
        Binding("enter", "edit", "Edit", tooltip="Change the entry (an action's six columns)."),
        Binding("k", "kind", "Kind", tooltip="Make it a note, decision, action or question."),
        Binding("c", "confidential", "Confidential", tooltip="Mark it confidential or not."),
        Binding("d,delete", "delete", "Delete", tooltip="Delete it (Ctrl+Z brings it back)."),
        Binding("escape", "leave", "Back to typing", tooltip="Back to the capture line."),
    ]

    @dataclass
    class Act(Message):
        """The facilitator asked for `action` on the entry `entry_id`."""

        action: str
        entry_id: str

    class Leave(Message):
        """The facilitator moved out of the list (Esc, or down past its last entry)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []

    def show(
        self,
        entries: list[Entry],
        unsaved: set[str] | None = None,
        reveal: bool = False,
        hidden: bool = False,
    ) -> None:
        """Replace what is shown, keeping the highlighted entry where it still is."""
        unsaved = unsaved or set()
        keep = self.highlighted_entry
        self.clear_options()
        if hidden or not entries:
            self._ids = []
            self.add_option(Option(render_entries(entries, hidden=hidden), disabled=True))
            return
        self._ids = [e.id for e in entries]
        self.add_options(Option(render_entry(e, e.id in unsaved, reveal), id=e.id) for e in entries)
        if self.has_focus:
            self.highlighted = self._ids.index(keep) if keep in self._ids else len(self._ids) - 1
        else:
            self.highlighted = None

    @property
    def highlighted_entry(self) -> str | None:
        """The id of the highlighted entry, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self._ids):
            return None
        return self._ids[index]

    def enter(self) -> bool:
        """Take the focus with the newest entry highlighted; False when there is none."""
        if not self._ids:
            return False
        self.focus()
        self.highlighted = len(self._ids) - 1
        return True

    def on_blur(self) -> None:
        # On the projected screen a highlight means "being changed now": none when typing.
        self.highlighted = None

    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted >= len(self._ids) - 1:
            self.post_message(self.Leave())
            return
        super().action_cursor_down()

    def action_leave(self) -> None:
        """Back to the capture line."""
        self.post_message(self.Leave())

    def _act(self, action: str) -> None:
        entry_id = self.highlighted_entry
        if entry_id is not None:
            self.post_message(self.Act(action, entry_id))

    def action_edit(self) -> None:
        """Open the entry form."""
        self._act("edit")

    def action_kind(self) -> None:
        """Step to the next kind."""
        self._act("kind")

    def action_confidential(self) -> None:
        """Toggle the confidential mark."""
        self._act("confidential")

    def action_delete(self) -> None:
        """Delete softly."""
        self._act("delete")
