"""Adjust the session's copy of the agenda before it starts: durations, order, blocks."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.agenda.duration import DurationError, parse_duration
from facilitator.agenda.edit import (
    STEP_S,
    AgendaEditError,
    add_block,
    change_duration,
    drop_block,
    move_block,
)
from facilitator.agenda.model import Agenda
from facilitator.i18n import N_, _, ngettext
from facilitator.meeting.capture import clean_text
from facilitator.screens.base import AppModal
from facilitator.widgets.message import MessageLine


def block_option(number: int, agenda: Agenda) -> Option:
    """One block as a line: number, title, duration and kind."""
    block = agenda.blocks[number]
    text = Text(f"{number + 1:>2}. {block.title}", style="bold")
    text.append(f"  {block.duration.describe()} · {block.kind.describe()}", style="not bold")
    return Option(text)


DEFAULT_DURATION = "10 min"
"""A new block's length when none is typed (the agenda syntax: the same in any language)."""


class AdjustAgendaScreen(AppModal[Agenda | None]):
    """Changes only this session's copy; the agenda file stays as it is."""

    BINDINGS = [
        Binding("plus,equals_sign,right", "longer", N_("+1 min"), id="longer"),
        Binding("minus,left", "shorter", N_("-1 min"), id="shorter"),
        Binding("shift+up,ctrl+up", "move(-1)", N_("Move up"), id="move-up"),
        Binding("shift+down,ctrl+down", "move(1)", N_("Move down"), id="move-down"),
        Binding("delete,d", "drop", N_("Drop"), id="drop"),
        Binding("a,insert", "add", N_("Add block"), id="add"),
        Binding("ctrl+s", "done", N_("Keep changes"), id="done"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
    ]

    def __init__(self, agenda: Agenda) -> None:
        super().__init__()
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        with Vertical(id="adjust"):
            yield Static("", id="adjust-total")
            yield OptionList(id="adjust-blocks")
            with Horizontal(id="adjust-new"):
                yield Input(placeholder=_("New block title"), id="new-title")
                yield Input(placeholder=DEFAULT_DURATION, id="new-duration")
            yield MessageLine(id="adjust-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#adjust-new").display = False
        self._show(0)
        self.query_one("#adjust-blocks", OptionList).focus()

    def _show(self, highlighted: int) -> None:
        blocks = self.query_one("#adjust-blocks", OptionList)
        blocks.clear_options()
        blocks.add_options([block_option(i, self.agenda) for i in range(len(self.agenda.blocks))])
        blocks.highlighted = max(0, min(highlighted, len(self.agenda.blocks) - 1))
        count = len(self.agenda.blocks)
        self.query_one("#adjust-total", Static).update(
            Text(
                ngettext(
                    "{title}: {count} block, {duration} · changes apply to this meeting only",
                    "{title}: {count} blocks, {duration} · changes apply to this meeting only",
                    count,
                ).format(
                    title=self.agenda.title, count=count, duration=self.agenda.total.describe()
                ),
                style="bold",
            )
        )

    async def retranslate(self) -> None:
        """Show the list, the add row and the message in the UI language just chosen; the
        changes made, the highlighted block and anything typed in the add row stay."""
        self.query_one("#new-title", Input).placeholder = _("New block title")
        self.query_one("#new-duration", Input).placeholder = DEFAULT_DURATION
        self._show(self._current)
        if self.query_one("#adjust-new").display:
            self.say(self._add_hint())
        else:
            self.say("")

    @staticmethod
    def _add_hint() -> str:
        return _("Type a title, Tab, a duration (e.g. 10 min), then Enter. Esc cancels.")

    @property
    def _current(self) -> int:
        return self.query_one("#adjust-blocks", OptionList).highlighted or 0

    def _apply(self, change: Agenda, highlighted: int) -> None:
        self.agenda = change
        self._show(highlighted)
        self.say("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        adding = self.query_one("#adjust-new").display
        if action in ("longer", "shorter", "move", "drop", "add"):
            return not adding
        return True

    def action_longer(self) -> None:
        """Lengthen the highlighted block by a minute."""
        self._apply(change_duration(self.agenda, self._current, STEP_S), self._current)

    def action_shorter(self) -> None:
        """Shorten the highlighted block by a minute."""
        self._apply(change_duration(self.agenda, self._current, -STEP_S), self._current)

    def action_move(self, offset: int) -> None:
        """Move the highlighted block up or down."""
        index = self._current
        target = max(0, min(len(self.agenda.blocks) - 1, index + offset))
        self._apply(move_block(self.agenda, index, offset), target)

    def action_drop(self) -> None:
        """Leave the highlighted block out of this meeting."""
        try:
            self._apply(drop_block(self.agenda, self._current), self._current)
        except AgendaEditError as exc:
            self.say(str(exc), error=True)

    def action_add(self) -> None:
        """Ask for a new block's title and duration."""
        self.query_one("#adjust-new").display = True
        self.query_one("#new-title", Input).focus()
        self.say(self._add_hint())
        self.refresh_bindings()

    @on(Input.Submitted)
    def _add_submitted(self) -> None:
        title = clean_text(self.query_one("#new-title", Input).value)
        duration_text = self.query_one("#new-duration", Input).value or DEFAULT_DURATION
        try:
            duration = parse_duration(duration_text)
            changed = add_block(self.agenda, self._current, title, duration)
        except (DurationError, AgendaEditError) as exc:
            self.say(str(exc), error=True)
            return
        self._close_add()
        self._apply(changed, self._current + 1)

    def _close_add(self) -> None:
        self.query_one("#new-title", Input).value = ""
        self.query_one("#new-duration", Input).value = ""
        self.query_one("#adjust-new").display = False
        self.query_one("#adjust-blocks", OptionList).focus()
        self.refresh_bindings()

    def action_done(self) -> None:
        """Use the adjusted agenda for this meeting."""
        self.dismiss(self.agenda)

    def action_cancel(self) -> None:
        """Leave the add row, or drop every change."""
        if self.query_one("#adjust-new").display:
            self._close_add()
            self.say("")
            return
        self.dismiss(None)

    def say(self, message: str, error: bool = False) -> None:
        """A one-line message under the list."""
        self.query_one(MessageLine).say(message, error)
