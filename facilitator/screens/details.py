"""The meeting's details in a dialog: before it starts (`StartDialog`) and during it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from facilitator.i18n import N_, _
from facilitator.meeting.session import MeetingDetails
from facilitator.screens.base import AppModal
from facilitator.widgets.details import DetailsError, DetailsForm

ResultT = TypeVar("ResultT")


class DetailsFormDialog(AppModal[ResultT]):
    """A heading, the details form, a message line and buttons.

    Only the form scrolls: the heading, a problem with the date and the buttons stay in
    view however short the terminal is. Subclasses say what the heading and the buttons
    are, and what happens with the details once they can be kept.
    """

    def __init__(self, details: MeetingDetails) -> None:
        super().__init__()
        self.details = details
        """The details the form starts with."""

    def heading(self) -> str:
        """The dialog's first line."""
        raise NotImplementedError

    def buttons(self) -> Iterable[Button]:
        """The buttons under the form, the main one first."""
        raise NotImplementedError

    def submit(self, details: MeetingDetails) -> None:
        """Use the details the facilitator is done with."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="details-dialog"):
            yield Static(self.heading(), id="details-heading", markup=False)
            yield DetailsForm(self.details, id="details-form")
            yield Static("", id="details-message", markup=False)
            with Horizontal(id="details-buttons"):
                yield from self.buttons()

    async def retranslate(self) -> None:
        """Redraw the words in the UI language; what was typed, the focus and the cursor
        stay (the form is not made again)."""
        self.query_one("#details-heading", Static).update(self.heading())
        await self.query_one(DetailsForm).retranslate()
        for fresh in self.buttons():
            button = self.query_one(f"#{fresh.id}", Button)
            button.label = fresh.label
        message = self.query_one("#details-message", Static)
        if message.has_class("-error"):
            # The problem is said again in the new language.
            try:
                self.query_one(DetailsForm).read()
            except DetailsError as error:
                message.update(str(error))
        self.call_after_refresh(self._fit)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        # A first guess before anything is drawn (a one-line heading, no message, a row of
        # buttons, the border), so that nothing moves once the real heights are known.
        self.query_one(DetailsForm).styles.max_height = max(3, self.app.size.height - 6)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the form the rows the rest of the dialog leaves on the screen.

        Textual cannot shrink an auto-height child of an auto-height dialog to fit the
        screen, and a `1fr` form would stretch the dialog to the full height even when
        there is little to show.
        """
        if not self.is_attached:
            return  # the dialog closed before this deferred call ran
        dialog = self.query_one("#details-dialog")
        form = self.query_one(DetailsForm)
        others = sum(w.outer_size.height for w in dialog.children if w is not form and w.display)
        frame = dialog.outer_size.height - dialog.content_size.height
        form.styles.max_height = max(3, self.size.height - others - frame)
        self.call_after_refresh(form.place_cursor)

    @on(DetailsForm.Submitted)
    def _submitted(self) -> None:
        self.done()

    def done(self) -> None:
        """Read the form; submit the details, or show what must be fixed first."""
        form = self.query_one(DetailsForm)
        try:
            details = form.read()
        except DetailsError as error:
            self._problem(error)
            return
        self.submit(details)

    @on(DetailsForm.Invalid)
    def _invalid(self, event: DetailsForm.Invalid) -> None:
        self._problem(event.error)

    def _problem(self, error: DetailsError) -> None:
        self.query_one(DetailsForm).show_problem(error)
        message = self.query_one("#details-message", Static)
        message.update(str(error))
        message.add_class("-error")
        self.call_after_refresh(self._fit)

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        message = self.query_one("#details-message", Static)
        if message.has_class("-error"):
            message.remove_class("-error")
            self.call_after_refresh(self._fit)


class DetailsDialog(DetailsFormDialog[MeetingDetails | None]):
    """During a meeting: the details in the form used before it started.

    Dismisses with the changed details (Save, Ctrl+S, or Enter in the last field), or with
    None (Cancel, Esc). Saving them is the caller's work.
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="save"),
    ]

    def heading(self) -> str:
        return _("Meeting details")

    def buttons(self) -> Iterable[Button]:
        yield Button(_("Save (Ctrl+S)"), id="save", variant="primary")
        yield Button(_("Cancel (Esc)"), id="cancel")

    def submit(self, details: MeetingDetails) -> None:
        self.dismiss(details)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Close with the details as typed, unless one of them cannot be kept."""
        self.done()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
