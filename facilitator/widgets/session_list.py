"""The home screen's list of stored sessions, newest first, filled from the history index
(`programme.history`): the files are read off the UI thread, and only those that changed
since the index last saw them."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import _, current_language, format_timestamp, ngettext
from facilitator.programme.history import HistoryRow

__all__ = ["SessionList", "session_prompt"]

PREFIX = "session-"
"""The options' ids: the prefix and the session's id."""
SHOWN = 200
"""The newest sessions listed; the history screen (H) has every one. Building thousands
of options would keep the screen busy for a second, for a list nobody scrolls through."""


def session_prompt(row: HistoryRow) -> Text:
    """One session as the list shows it: its title, and when, how much and its state."""
    when = format_timestamp(row.created_at, current_language())
    state = _("finished") if row.finished else _("resume")
    prompt = Text(row.title, style="bold")
    entries = ngettext("{n} entry", "{n} entries", row.entries).format(n=row.entries)
    prompt.append(f"\n{when} · {entries} · {state}", style="not bold italic")
    return prompt


class SessionList(OptionList):
    """The stored sessions; says it is reading them until it is first filled."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[HistoryRow] = []
        """The sessions listed, in their order."""
        self.older = 0
        """Sessions not listed, older than those listed."""
        self.filled = False
        """False until the sessions were first listed."""

    def on_mount(self) -> None:
        if not self.filled:
            self.add_option(Option(Text(_("Reading sessions…"), style="italic"), disabled=True))

    def fill(self, rows: list[HistoryRow], keep_place: bool = False) -> HistoryRow | None:
        """List `rows` (newest first); with `keep_place` the highlighted session stays
        highlighted, else a meeting that stopped while its clock ran is, or the newest.
        Returns that interrupted meeting when it is the one highlighted."""
        highlighted = self.highlighted if self.filled else None
        # An interrupted meeting is offered however old it is.
        shown = rows[:SHOWN] + [row for row in rows[SHOWN:] if row.interrupted]
        self.older = len(rows) - len(shown)
        rows = self.rows = shown
        self.filled = True
        self.clear_options()
        if not rows:
            self.add_option(Option(Text(_("No sessions yet"), style="italic"), disabled=True))
            return None
        self.add_options(Option(session_prompt(row), id=PREFIX + row.id) for row in rows)
        if self.older:
            self.add_option(Option(self._older_prompt(), disabled=True))
        interrupted = next((n for n, row in enumerate(rows) if row.interrupted), None)
        if keep_place and highlighted is not None:
            self.highlighted = min(highlighted, len(rows) - 1)
        elif interrupted is not None:
            self.highlighted = interrupted
            return rows[interrupted]
        else:
            self.highlighted = 0
        return None

    def retranslate(self) -> None:
        """Say the listed sessions again in the UI language, in place."""
        if not self.filled:
            self.replace_option_prompt_at_index(0, Text(_("Reading sessions…"), style="italic"))
        elif not self.rows:
            self.replace_option_prompt_at_index(0, Text(_("No sessions yet"), style="italic"))
        else:
            for index, row in enumerate(self.rows):
                self.replace_option_prompt_at_index(index, session_prompt(row))
            if self.older:
                self.replace_option_prompt_at_index(len(self.rows), self._older_prompt())

    def _older_prompt(self) -> Text:
        return Text(
            ngettext(
                "{n} older session: press H for the history.",
                "{n} older sessions: press H for the history.",
                self.older,
            ).format(n=self.older),
            style="italic",
        )

    @staticmethod
    def session_id(option_id: str | None) -> str | None:
        """The session an option stands for."""
        if option_id is None or not option_id.startswith(PREFIX):
            return None
        return option_id.removeprefix(PREFIX)
