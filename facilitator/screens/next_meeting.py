"""The next-meeting form, opened from the last block: date, time, place and what to
prepare. A date in the past is saved only when the facilitator confirms it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from facilitator.i18n import N_, _, format_iso_date
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.next_meeting import NextMeetingForm, is_past, read_next_meeting
from facilitator.meeting.session import NextMeeting
from facilitator.screens.base import AppModal
from facilitator.screens.confirm import ConfirmDialog

FIELDS = (
    ("date", N_("Date"), N_("dd.mm.yyyy")),
    ("time", N_("Time"), N_("10:00-11:30")),
    ("place", N_("Place"), ""),
    ("prepare", N_("To prepare"), ""),
)
"""The form's fields: id, label and placeholder (translated where shown)."""


class NextMeetingDialog(AppModal[NextMeeting | None]):
    """Edits the next meeting; dismissed with it once saved, or None (Esc).

    Args:
        form: what the fields start with.
        today: the day a date before which asks first.
        save: stores the next meeting; returns None when stored, else what is wrong.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="save"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
    ]

    def __init__(
        self, form: NextMeetingForm, today: date, save: Callable[[NextMeeting], str | None]
    ) -> None:
        super().__init__()
        self.form = form
        self.today = today
        self._save = save
        self._problem: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(_("The next meeting"), id="dialog-title", markup=False)
            with Grid(id="fields", classes="entry-form"):
                for name, label, placeholder in FIELDS:
                    yield Label(_(label))
                    yield Input(
                        getattr(self.form, name),
                        id=name,
                        placeholder=_(placeholder) if placeholder else "",
                        select_on_focus=False,
                        compact=True,
                    )
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button(_("Save (Ctrl+S)"), id="save", variant="primary")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    async def retranslate(self) -> None:
        """The form again in the UI language, with everything typed in it."""
        self.form = self.typed()
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        if self._problem is not None:
            self._show_problem(self._problem)
        if focused:
            self.query_one(f"#{focused}").focus()

    def typed(self) -> NextMeetingForm:
        """The fields as they stand."""
        values = {name: self.query_one(f"#{name}", Input).value for name, *_rest in FIELDS}
        return NextMeetingForm(**values)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Store the form; a date in the past only when confirmed; say what is wrong."""
        try:
            meeting = read_next_meeting(self.typed())
        except CaptureError as exc:
            self._show_problem(str(exc))
            return
        if not is_past(meeting, self.today):
            self._store(meeting)
            return
        shown = format_iso_date(meeting.date) or meeting.date

        def answered(keep: bool | None) -> None:
            if keep:
                self._store(meeting)
            else:
                self.query_one("#date", Input).focus()

        self.app.push_screen(
            ConfirmDialog(
                lambda: _("{date} is in the past. Save it as the next meeting anyway?").format(
                    date=shown
                ),
                lambda: _("Save it"),
                lambda: _("Change the date"),
            ),
            answered,
        )

    def _store(self, meeting: NextMeeting) -> None:
        problem = self._save(meeting)
        if problem is None:
            self.dismiss(meeting)
        else:
            self._show_problem(problem)

    def _show_problem(self, problem: str) -> None:
        self._problem = problem
        error = self.query_one("#form-error", Static)
        error.update(
            _("Not saved: {problem}. Fix it, or Esc to leave it as it was.").format(problem=problem)
        )
        error.add_class("-error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the next meeting."""
        self.dismiss(None)
