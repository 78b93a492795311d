"""Before a meeting starts: its title, date, place, facilitator and who is there."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.binding import Binding
from textual.widgets import Button, Static

from facilitator.agenda.model import Agenda
from facilitator.screens.details import DetailsFormDialog
from facilitator.session import MeetingDetails


class StartDialog(DetailsFormDialog[tuple[Agenda, MeetingDetails] | None]):
    """Asks for the meeting's details; Enter in the last field (or the button) starts it.

    The result carries the session's own copy of the agenda, adjusted or not.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("f2", "adjust", "Adjust blocks", id="adjust"),
    ]

    def __init__(self, agenda: Agenda) -> None:
        super().__init__(MeetingDetails(title=agenda.title))
        self.agenda = agenda

    def heading(self) -> str:
        agenda = self.agenda
        return f"{agenda.title} · {agenda.total.describe()} · {len(agenda.blocks)} blocks"

    def buttons(self) -> Iterable[Button]:
        yield Button("Open the meeting", id="go", variant="primary")
        # Not `#adjust`: that id is the adjusting screen's own box, styled as such.
        yield Button("Adjust (F2)", id="adjust-agenda")
        yield Button("Cancel (Esc)", id="cancel")

    def submit(self, details: MeetingDetails) -> None:
        self.dismiss((self.agenda, details))

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.done()

    @on(Button.Pressed, "#adjust-agenda")
    def action_adjust(self) -> None:
        """Change durations, order or blocks for this meeting only."""
        from facilitator.screens.adjust import AdjustAgendaScreen

        def adjusted(agenda: Agenda | None) -> None:
            if agenda is not None:
                self.agenda = agenda
                self.query_one("#details-heading", Static).update(self.heading())

        self.app.push_screen(AdjustAgendaScreen(self.agenda), adjusted)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the agendas without starting."""
        self.dismiss(None)
