"""The entry form: change an entry's text, kind and confidential mark, and an action's six
columns of the action plan plus its status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from facilitator.screens.base import AppModal
from facilitator.session import ActionFields, ActionStatus, Entry, EntryKind

KIND_NAMES = {
    EntryKind.NOTE: "Note",
    EntryKind.DECISION: "Decision",
    EntryKind.ACTION: "Action item",
    EntryKind.QUESTION: "Open question",
}
STATUS_NAMES = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "Dropped",
}
ACTION_FIELDS = (
    ("result", "Expected result"),
    ("deadline", "Deadline"),
    ("lead", "Who leads"),
    ("resources", "Resources and partners"),
    ("measure", "Measure of success"),
    ("note", "Progress note"),
)
"""The action plan's columns after the action itself, in the template's order, and the
progress note typed when a later session of a series reviews the action."""


@dataclass(frozen=True)
class EntryEdit:
    """What the form holds when the facilitator saves it."""

    kind: EntryKind
    text: str
    confidential: bool
    action: ActionFields | None


def shown_deadline(iso: str) -> str:
    """An ISO deadline as it is typed here: `15.12.2026`."""
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


class EntryDialog(AppModal[bool]):
    """Edits one entry. `save` stores the form and returns an error message, or None; on an
    error the form stays open with everything typed in it.

    Args:
        entry: the entry as it is.
        save: stores an `EntryEdit`; returns None when stored, else what is wrong.
        focus: the field to start in (`text`, or an action column's name).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(
        self, entry: Entry, save: Callable[[EntryEdit], str | None], focus: str = "text"
    ) -> None:
        super().__init__()
        self.entry = entry
        self._save = save
        self._focus = focus

    def compose(self) -> ComposeResult:
        entry = self.entry
        rating = entry.kind is EntryKind.RATING
        title = (
            f"Rating of question {entry.rating.question + 1}: {entry.rating.question_text}"
            if rating and entry.rating is not None
            else f"Entry of block {entry.block_index + 1}: {entry.block_title}"
        )
        action = entry.action or ActionFields()
        with VerticalScroll(id="dialog"):
            yield Static(title, id="dialog-title", markup=False)
            with Grid(id="fields", classes="entry-form"):
                yield Label("Kind")
                if rating:
                    yield Label("Rating (scores 1-10)", id="kind-fixed")
                else:
                    yield Select(
                        [(name, kind.value) for kind, name in KIND_NAMES.items()],
                        value=entry.kind.value,
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    )
                yield Label("Scores" if rating else "Text")
                yield Input(entry.text, id="text", select_on_focus=False, compact=True)
                for name, label in ACTION_FIELDS:
                    yield Label(label, classes="action-field")
                    value = getattr(action, name)
                    yield Input(
                        shown_deadline(value) if name == "deadline" else value,
                        id=name,
                        classes="action-field",
                        placeholder="dd.mm.yyyy" if name == "deadline" else "",
                        select_on_focus=False,
                        compact=True,
                    )
                yield Label("Status", classes="action-field")
                yield Select(
                    [(name, status.value) for status, name in STATUS_NAMES.items()],
                    value=action.status.value,
                    allow_blank=False,
                    id="status",
                    compact=True,
                    classes="action-field",
                )
                yield Label("")
                yield Checkbox(
                    "Confidential",
                    entry.confidential,
                    id="confidential",
                    compact=True,
                )
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self._show_action_fields()
        target = self._focus if self._focus in {n for n, _ in ACTION_FIELDS} else "text"
        self.query_one(f"#{target}", Input).focus()

    def _kind(self) -> EntryKind:
        if self.entry.kind is EntryKind.RATING:
            return EntryKind.RATING
        value = self.query_one("#kind", Select).value
        return EntryKind(str(value))

    @on(Select.Changed, "#kind")
    def _show_action_fields(self) -> None:
        show = self._kind() is EntryKind.ACTION
        for widget in self.query(".action-field"):
            widget.display = show

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [i for i in self.query(Input) if i.display]
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def edit(self) -> EntryEdit:
        """The form as it stands."""
        kind = self._kind()

        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        action = None
        if kind is EntryKind.ACTION:
            action = ActionFields(
                result=value("result"),
                deadline=value("deadline"),
                lead=value("lead"),
                resources=value("resources"),
                measure=value("measure"),
                note=value("note"),
                status=ActionStatus(str(self.query_one("#status", Select).value)),
            )
        return EntryEdit(
            kind=kind,
            text=value("text"),
            confidential=self.query_one("#confidential", Checkbox).value,
            action=action,
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Store the form, or say what is wrong and keep it open."""
        problem = self._save(self.edit())
        if problem is None:
            self.dismiss(True)
            return
        error = self.query_one("#form-error", Static)
        error.update(f"Not saved: {problem}. Fix it, or Esc to leave it as it was.")
        error.add_class("-error")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the entry."""
        self.dismiss(False)
