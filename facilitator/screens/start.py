"""Before a meeting starts: its title, place, facilitator and who is there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from facilitator.agenda.model import Agenda
from facilitator.capture import clean_text
from facilitator.session import MeetingDetails, parse_participants


class StartDialog(ModalScreen[tuple[Agenda, MeetingDetails] | None]):
    """Asks for the meeting's details; Enter in the last field (or the button) starts it.

    The result carries the session's own copy of the agenda, adjusted or not.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("f2", "adjust", "Adjust blocks", id="adjust"),
    ]

    def __init__(self, agenda: Agenda) -> None:
        super().__init__()
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(self._summary(), id="dialog-title", markup=False)
            with Grid(id="fields"):
                yield Label("Title")
                yield Input(value=self.agenda.title, id="title")
                yield Label("Place")
                yield Input(placeholder="e.g. Valmiera city hall", id="place")
                yield Label("Facilitator")
                yield Input(placeholder="your name", id="facilitator")
                yield Label("Participants")
                yield Input(placeholder="Anna (mentor), Jānis (mentee)", id="participants")
            with Horizontal(id="buttons"):
                yield Button("Open the meeting", id="go", variant="primary")
                yield Button("Adjust blocks (F2)", id="adjust")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "participants":
            self._go()
        else:
            self.focus_next()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        def value(widget_id: str) -> str:
            return clean_text(self.query_one(f"#{widget_id}", Input).value)

        details = MeetingDetails(
            title=value("title"),
            place=value("place"),
            facilitator=value("facilitator"),
            participants=parse_participants(value("participants")),
        )
        self.dismiss((self.agenda, details))

    def _summary(self) -> str:
        agenda = self.agenda
        return f"{agenda.title} · {agenda.total.describe()} · {len(agenda.blocks)} blocks"

    @on(Button.Pressed, "#adjust")
    def action_adjust(self) -> None:
        """Change durations, order or blocks for this meeting only."""
        from facilitator.screens.adjust import AdjustAgendaScreen

        def adjusted(agenda: Agenda | None) -> None:
            if agenda is not None:
                self.agenda = agenda
                self.query_one("#dialog-title", Static).update(self._summary())

        self.app.push_screen(AdjustAgendaScreen(self.agenda), adjusted)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the agendas without starting."""
        self.dismiss(None)
