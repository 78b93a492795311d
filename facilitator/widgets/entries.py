"""The list of what was captured in the current block, and the keys that change it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import (
    N_,
    _,
    current_language,
    format_iso_date,
    format_number,
    ngettext,
)
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.ratings import QuestionRatings
from facilitator.meeting.session import Entry, EntryKind

MARKERS: dict[EntryKind, tuple[str, str]] = {
    kind: (words.marker, words.style) for kind, words in KINDS.items()
}
"""Each kind's marker before an entry's text (marked for the catalogue, translated when
shown) and its style."""
LOCK = "🔒"
HIDDEN_TEXT = N_("confidential entry")
"""What the projected screen shows instead of a confidential entry's text (translated when
shown)."""
NOT_SAVED = N_("⚠ not saved yet")

EntryAction = Literal["edit", "kind", "confidential", "delete", "status"]
"""What the facilitator can ask for on a highlighted entry (or action-plan row)."""


@dataclass
class EntryAct(Message):
    """The facilitator asked for `action` on the entry `entry_id` (from the entry list or
    the action plan; `field` is where the entry form opens: `text`, or an action column)."""

    action: EntryAction
    entry_id: str
    field: str = "text"


def format_deadline(deadline: str) -> str:
    """A stored (ISO) deadline as the UI language writes a date; as stored if unreadable."""
    return format_iso_date(deadline) or deadline


def render_entry(entry: Entry, unsaved: bool = False, reveal: bool = False) -> Text:
    """One entry as text: user text is never read as markup; a confidential one shows
    only that it exists unless `reveal`."""
    text = Text()
    if entry.confidential:
        text.append(f"{LOCK} ", style="bold")
        if not reveal:
            text.append(_(HIDDEN_TEXT), style="italic")
            if unsaved:
                text.append("  " + _(NOT_SAVED), style="bold reverse")
            return text
    marker, style = MARKERS[entry.kind]
    marker = _(marker) if marker != "•" else marker
    if entry.kind is EntryKind.RATING:
        number = entry.rating.question + 1 if entry.rating is not None else ""
        marker = marker.format(number=number)
    text.append(f"{marker} ", style=style)
    text.append(entry.text)
    if entry.action is not None and entry.kind is EntryKind.ACTION:
        deadline = format_deadline(entry.action.deadline) if entry.action.deadline else ""
        details = [d for d in (entry.action.lead, deadline) if d]
        if details:
            text.append(f"  ({', '.join(details)})", style="dim")
    if unsaved:
        text.append("  " + _(NOT_SAVED), style="bold reverse")
    return text


def entry_look(entry: Entry, unsaved: bool, reveal: bool, language: str) -> tuple[object, ...]:
    """All that `render_entry` draws an entry from: two entries with the same look are
    drawn alike, so a list redraws only the entries whose look changed."""
    action = entry.action
    return (
        entry.kind,
        entry.text,
        entry.confidential,
        (action.lead, action.deadline) if action is not None else None,
        entry.rating.question if entry.rating is not None else None,
        unsaved,
        reveal,
        language,
    )


def render_entries(
    entries: list[Entry],
    unsaved: set[str] | frozenset[str] = frozenset(),
    hidden: bool = False,
    reveal: bool = False,
) -> Text:
    """Entries as one text, newest last (for places that only show them)."""
    if hidden:
        return Text(_("Notes are hidden from the screen."), style="italic")
    if not entries:
        return Text(_("Nothing captured in this block yet."), style="dim italic")
    return Text("\n").join(render_entry(e, e.id in unsaved, reveal) for e in entries)


def render_ratings(ratings: list[QuestionRatings], language: str | None = None) -> Text:
    """Each rating question with its mean and count, in the UI language:
    `1. How valuable?  mean 8.5 of 4 ratings` (`vidēji 8,5 no 4 vērtējumiem`).

    `language` picks the decimal mark (the UI language's by default)."""
    language = language or current_language()
    text = Text()
    for rated in ratings:
        if text:
            text.append("\n")
        text.append(f"{rated.index + 1}. ", style="bold")
        text.append(rated.question)
        if rated.mean is None:
            text.append(
                "  " + _("no ratings yet: ={number} 8 7 …").format(number=rated.index + 1),
                style="dim",
            )
            continue
        template = ngettext(
            "mean {mean} of {count} rating", "mean {mean} of {count} ratings", rated.count
        )
        before, _mean, after = template.partition("{mean}")
        text.append("  " + before.format(count=rated.count))
        text.append(format_number(rated.mean, language), style="bold")
        text.append(after.format(count=rated.count), style="dim")
    return text


class EntryList(OptionList):
    """The current block's entries, newest last; the facilitator moves through them with
    the arrow keys and changes the highlighted one with single keys."""

    BINDINGS = [
        Binding(
            "enter", "edit", N_("Edit"), tooltip=N_("Change the entry (an action's six columns).")
        ),
        Binding(
            "k", "kind", N_("Kind"), tooltip=N_("Make it a note, decision, action or question.")
        ),
        Binding(
            "c", "confidential", N_("Confidential"), tooltip=N_("Mark it confidential or not.")
        ),
        Binding(
            "d,delete", "delete", N_("Delete"), tooltip=N_("Delete it (Ctrl+Z brings it back).")
        ),
        Binding("escape", "leave", N_("Back to typing"), tooltip=N_("Back to the capture line.")),
    ]

    class Leave(Message):
        """The facilitator moved out of the list (Esc, or down past its last entry)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._looks: list[tuple[object, ...]] = []
        """What each shown option was drawn from (`entry_look`), in order."""

    def show(
        self,
        entries: list[Entry],
        unsaved: set[str] | None = None,
        reveal: bool = False,
        hidden: bool = False,
    ) -> None:
        """Show `entries`, keeping the highlighted entry where it still is.

        Only what changed is drawn again: entries added at the end are appended and an
        entry that changed is redrawn in place; the list is rebuilt only when entries went
        away or moved (after each line typed, a block of 2,000 entries is not rebuilt)."""
        unsaved = unsaved or set()
        keep = self.highlighted_entry
        if hidden or not entries:
            self.clear_options()
            self._ids, self._looks = [], []
            self.add_option(Option(render_entries(entries, hidden=hidden), disabled=True))
            return
        language = current_language()
        looks = [entry_look(e, e.id in unsaved, reveal, language) for e in entries]
        ids = [e.id for e in entries]
        if self._ids and ids[: len(self._ids)] == self._ids:
            for index, (was, now) in enumerate(zip(self._looks, looks, strict=False)):
                if was != now:
                    entry = entries[index]
                    self.replace_option_prompt_at_index(
                        index, render_entry(entry, entry.id in unsaved, reveal)
                    )
            added = entries[len(self._ids) :]
        else:
            self.clear_options()
            added = entries
        self.add_options(Option(render_entry(e, e.id in unsaved, reveal), id=e.id) for e in added)
        self._ids, self._looks = ids, looks
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

    def _act(self, action: EntryAction) -> None:
        entry_id = self.highlighted_entry
        if entry_id is not None:
            self.post_message(EntryAct(action, entry_id))

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
