"""During a meeting: see and change its details (who is there, the date, the cities...)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from facilitator.session import MeetingDetails
from facilitator.widgets.details import DetailsError, DetailsForm


class DetailsDialog(ModalScreen[MeetingDetails | None]):
    """The meeting's details in the form used before it started; Save returns them.

    Dismisses with the changed details, or None when cancelled. Saving them is the
    caller's work.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "save", "Save", id="save"),
    ]

    def __init__(self, details: MeetingDetails) -> None:
        super().__init__()
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="details-dialog"):
            yield Static("Meeting details", id="details-title", markup=False)
            yield DetailsForm(self.details, id="details-form")
            yield Static("", id="details-message", markup=False)
            with Horizontal(id="details-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(DetailsForm.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the details as typed, unless one of them cannot be kept."""
        form = self.query_one(DetailsForm)
        try:
            details = form.read()
        except DetailsError as error:
            self._problem(error)
            return
        self.dismiss(details)

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

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
