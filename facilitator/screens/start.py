"""Before a meeting starts: its title, date, place, facilitator and who is there."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from facilitator.agenda.model import Agenda
from facilitator.session import MeetingDetails
from facilitator.widgets.details import DetailsError, DetailsForm


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
        with Vertical(id="details-dialog"):
            yield Static(self._summary(), id="dialog-title", markup=False)
            yield DetailsForm(MeetingDetails(title=self.agenda.title), id="details-form")
            yield Static("", id="details-message", markup=False)
            with Horizontal(id="details-buttons"):
                yield Button("Open the meeting", id="go", variant="primary")
                yield Button("Adjust (F2)", id="adjust-agenda")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(DetailsForm.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        try:
            details = self.query_one(DetailsForm).read()
        except DetailsError as error:
            self._problem(error)
            return
        self.dismiss((self.agenda, details))

    @on(DetailsForm.Invalid)
    def _invalid(self, event: DetailsForm.Invalid) -> None:
        self._problem(event.error)

    def _problem(self, error: DetailsError) -> None:
        self.query_one(DetailsForm).show_problem(error)
        message = self.query_one("#details-message", Static)
        message.update(str(error))
        message.add_class("-error")

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self.query_one("#details-message", Static).remove_class("-error")

    def _summary(self) -> str:
        agenda = self.agenda
        return f"{agenda.title} · {agenda.total.describe()} · {len(agenda.blocks)} blocks"

    @on(Button.Pressed, "#adjust-agenda")
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
