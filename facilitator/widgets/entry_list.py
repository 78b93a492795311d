"""The list of what was captured in the current block, and the keys that change it.

A block may hold thousands of entries (a three-hour workshop with a support group), and a
list option costs the wrapping of its text each time the list is laid out. So the list
shows the newest `WINDOW` entries, with a line above them saying how many earlier ones
there are; moving up past the first shown one (or Home) brings the earlier ones in. After a
line is typed only the new entry is appended, and only entries that changed are drawn
again: typing into a block of 2,000 entries costs what typing into a block of ten does.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import N_, current_language, ngettext
from facilitator.meeting.session import Entry
from facilitator.widgets.entries import (
    EntryAct,
    EntryAction,
    entry_look,
    render_entries,
    render_entry,
)

__all__ = ["WINDOW", "EntryList"]

WINDOW = 100
"""The newest entries shown at first; moving up past them shows this many more."""


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
            "s",
            "status",
            N_("Status"),
            tooltip=N_(
                "A goal: achieved, partly achieved, to continue, dropped; a question: "
                "answered or open; an action: open, done, dropped."
            ),
        ),
        Binding(
            "c", "confidential", N_("Confidential"), tooltip=N_("Mark it confidential or not.")
        ),
        Binding(
            "r",
            "concern",
            N_("Concern"),
            tooltip=N_(
                "Mark it a concern to report (a child's health or safety, signs of radical"
                " behaviour): confidential, with an action to inform the services."
            ),
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
        self._entries: list[Entry] = []
        """Every entry of the block, as last shown."""
        self._start = 0
        """The first of `_entries` that has an option."""
        self._wanted = WINDOW
        """How many of the newest entries to show at least (more once asked for)."""
        self._ids: list[str] = []
        """The ids of the entries with an option, in order."""
        self._looks: list[tuple[object, ...]] = []
        """What each of those options was drawn from (`entry_look`), in order."""
        self._unsaved: set[str] = set()
        self._reveal = False
        self._language = ""
        """The UI language the line about the earlier entries was written in."""

    @property
    def _offset(self) -> int:
        """Options above the first entry's: the line about the earlier entries."""
        return 1 if self._start else 0

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
        away or moved, or when so many were added that the oldest shown should go."""
        unsaved = unsaved or set()
        keep = self.highlighted_entry
        self._unsaved, self._reveal = unsaved, reveal
        if hidden or not entries:
            self.clear_options()
            self._entries, self._ids, self._looks, self._start = [], [], [], 0
            self._wanted = WINDOW
            self.add_option(Option(render_entries(entries, hidden=hidden), disabled=True))
            return
        if not self._entries or self._entries[0].id != entries[0].id:
            self._wanted = WINDOW  # another block: its newest entries first
        start = self._start
        shown = [e.id for e in entries[start : start + len(self._ids)]]
        if not self._ids or shown != self._ids or len(entries) - start > self._wanted + WINDOW:
            start = max(0, len(entries) - self._wanted)
            self._rebuild(entries, start)
        else:
            self._update(entries)
        if self.has_focus:
            index = self._ids.index(keep) if keep in self._ids else len(self._ids) - 1
            self.highlighted = index + self._offset
        else:
            self.highlighted = None

    def _rebuild(self, entries: list[Entry], start: int) -> None:
        """Options anew for the entries from `start` on, under the line about the earlier
        ones."""
        self.clear_options()
        self._entries, self._start = list(entries), start
        self._language = current_language()
        if start:
            self.add_option(Option(self._earlier(start), disabled=True))
        self._ids, self._looks = [], []
        self._append(entries[start:])

    def _update(self, entries: list[Entry]) -> None:
        """Redraw the shown entries that changed and append the new ones."""
        language = current_language()
        offset = self._offset
        if offset and language != self._language:
            self.replace_option_prompt_at_index(0, self._earlier(self._start))
            self._language = language
        for index, entry in enumerate(entries[self._start : self._start + len(self._ids)]):
            look = entry_look(entry, entry.id in self._unsaved, self._reveal, language)
            if look != self._looks[index]:
                self._looks[index] = look
                prompt = render_entry(entry, entry.id in self._unsaved, self._reveal)
                self.replace_option_prompt_at_index(index + offset, prompt)
        self._entries = list(entries)
        self._append(entries[self._start + len(self._ids) :])

    def _append(self, added: list[Entry]) -> None:
        language = current_language()
        unsaved, reveal = self._unsaved, self._reveal
        self._ids += [e.id for e in added]
        self._looks += [entry_look(e, e.id in unsaved, reveal, language) for e in added]
        self.add_options(Option(render_entry(e, e.id in unsaved, reveal), id=e.id) for e in added)

    @staticmethod
    def _earlier(count: int) -> Text:
        return Text(
            ngettext(
                "⋯ {n} earlier entry (↑ or Home shows it)",
                "⋯ {n} earlier entries (↑ or Home shows them)",
                count,
            ).format(n=count),
            style="dim italic",
        )

    def _show_earlier(self, count: int | None) -> None:
        """Bring in `count` more of the earlier entries (all of them with None), keeping
        the highlighted one highlighted."""
        keep = self.highlighted_entry
        self._wanted = len(self._entries) if count is None else self._wanted + count
        self._rebuild(self._entries, max(0, len(self._entries) - self._wanted))
        if keep in self._ids:
            self.highlighted = self._ids.index(keep) + self._offset

    @property
    def highlighted_entry(self) -> str | None:
        """The id of the highlighted entry, if any."""
        index = self.highlighted
        if index is None:
            return None
        index -= self._offset
        if not 0 <= index < len(self._ids):
            return None
        return self._ids[index]

    def enter(self) -> bool:
        """Take the focus with the newest entry highlighted; False when there is none."""
        if not self._ids:
            return False
        self.focus()
        self.highlighted = len(self._ids) - 1 + self._offset
        return True

    def on_blur(self) -> None:
        # On the projected screen a highlight means "being changed now": none when typing.
        self.highlighted = None

    def action_cursor_down(self) -> None:
        last = len(self._ids) - 1 + self._offset
        if self.highlighted is not None and self.highlighted >= last:
            self.post_message(self.Leave())
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._start and self.highlighted == self._offset:
            self._show_earlier(WINDOW)
        super().action_cursor_up()

    def action_first(self) -> None:
        if self._start:
            self._show_earlier(None)
        super().action_first()

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

    def action_status(self) -> None:
        """Step the status of a goal, a question or an action."""
        self._act("status")

    def action_confidential(self) -> None:
        """Toggle the confidential mark."""
        self._act("confidential")

    def action_concern(self) -> None:
        """Mark a concern to report, or not any more."""
        self._act("concern")

    def action_delete(self) -> None:
        """Delete softly."""
        self._act("delete")
