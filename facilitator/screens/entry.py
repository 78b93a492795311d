"""The entry form: change an entry's text, kind and confidential mark, an action's six
columns of the action plan plus its status, a goal's form (SMART) with its status and
progress note, and a question's answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from facilitator.i18n import N_, _, pgettext
from facilitator.meeting.capture import typed_date
from facilitator.meeting.followup import goal_status_text
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    GoalFields,
    GoalStatus,
    QuestionFields,
)
from facilitator.screens.base import AppModal

KIND_NAMES = {kind: words.form for kind, words in KINDS.items() if words.form}
"""The kinds an entry can be changed to; each name translated where it is shown."""


def status_names() -> dict[ActionStatus, str]:
    """An action's states in the UI language (an action is `Open`, not a question)."""
    return {
        ActionStatus.OPEN: pgettext("action status", "Open"),
        ActionStatus.DONE: pgettext("action status", "Done"),
        ActionStatus.DROPPED: pgettext("action status", "Dropped"),
    }


ACTION_FIELDS = (
    ("result", N_("Expected result")),
    ("deadline", N_("Deadline")),
    ("lead", N_("Who leads")),
    ("resources", N_("Resources and partners")),
    ("measure", N_("Measure of success")),
    ("note", N_("Progress note")),
)
"""The action plan's columns after the action itself, in the template's order, and the
progress note typed when a later session of a series reviews the action."""


GOAL_FIELDS = (
    ("situation", N_("Real situation")),
    ("options", N_("Options")),
    ("planned", N_("Planned actions")),
    ("result", N_("Expected result")),
    ("measure", N_("Measure of success")),
    ("deadline", N_("Deadline")),
    ("note", N_("Progress note")),
)
"""The goal form's lines after the goal itself, and the progress note typed when a later
session reviews it; their inputs are `goal-<name>`."""


@dataclass(frozen=True)
class EntryEdit:
    """What the form holds when the facilitator saves it."""

    kind: EntryKind
    text: str
    confidential: bool
    action: ActionFields | None
    goal: GoalFields | None = None
    question: QuestionFields | None = None


class EntryDialog(AppModal[bool]):
    """Edits one entry. `save` stores the form and returns an error message, or None; on an
    error the form stays open with everything typed in it.

    Args:
        entry: the entry as it is.
        save: stores an `EntryEdit`; returns None when stored, else what is wrong.
        focus: the field to start in (`text`, or an action column's name).
    """

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="save"),
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("ctrl+l", "toggle_confidential", N_("Confidential"), id="confidential",
                tooltip=N_("Mark the entry confidential, or not any more.")),
    ]  # fmt: skip

    def __init__(
        self, entry: Entry, save: Callable[[EntryEdit], str | None], focus: str = "text"
    ) -> None:
        super().__init__()
        self.entry = entry
        self._save = save
        self._focus = focus
        self._problem: str | None = None
        """Why the last save was refused, shown under the form."""

    def compose(self) -> ComposeResult:
        entry = self.entry
        rating = entry.kind is EntryKind.RATING
        if rating and entry.rating is not None:
            title = _("Rating of question {number}: {question}").format(
                number=entry.rating.question + 1, question=entry.rating.question_text
            )
        else:
            title = _("Entry of block {number}: {block}").format(
                number=entry.block_index + 1, block=entry.block_title
            )
        action = entry.action or ActionFields()
        with VerticalScroll(id="dialog"):
            yield Static(title, id="dialog-title", markup=False)
            with Grid(id="fields", classes="entry-form"):
                yield Label(_("Kind"))
                if rating:
                    yield Label(_("Rating (scores 1-10)"), id="kind-fixed")
                else:
                    yield Select(
                        [(_(name), kind.value) for kind, name in KIND_NAMES.items()],
                        value=entry.kind.value,
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    )
                yield Label(_("Scores") if rating else _("Text"))
                yield Input(entry.text, id="text", select_on_focus=False, compact=True)
                for name, label in ACTION_FIELDS:
                    yield Label(_(label), classes="action-field")
                    value = getattr(action, name)
                    yield Input(
                        typed_date(value) if name == "deadline" else value,
                        id=name,
                        classes="action-field",
                        placeholder=_("dd.mm.yyyy") if name == "deadline" else "",
                        select_on_focus=False,
                        compact=True,
                    )
                yield Label(_("Status"), classes="action-field")
                yield Select(
                    [(name, status.value) for status, name in status_names().items()],
                    value=action.status.value,
                    allow_blank=False,
                    id="status",
                    compact=True,
                    classes="action-field",
                )
                goal = entry.goal or GoalFields()
                for name, label in GOAL_FIELDS:
                    yield Label(_(label), classes="goal-field")
                    value = getattr(goal, name)
                    yield Input(
                        typed_date(value) if name == "deadline" else value,
                        id=f"goal-{name}",
                        classes="goal-field",
                        placeholder=_("dd.mm.yyyy") if name == "deadline" else "",
                        select_on_focus=False,
                        compact=True,
                    )
                yield Label(_("Status"), classes="goal-field")
                yield Select(
                    [(goal_status_text(status, pgettext), status.value) for status in GoalStatus],
                    value=goal.status.value,
                    allow_blank=False,
                    id="goal-status",
                    compact=True,
                    classes="goal-field",
                )
                question = entry.question or QuestionFields()
                yield Label(_("Answer"), classes="question-field")
                yield Input(
                    question.answer,
                    id="answer",
                    classes="question-field",
                    select_on_focus=False,
                    compact=True,
                )
                yield Label(_("Answered"), classes="question-field")
                yield Select(
                    [(_("not yet"), "no"), (_("answered"), "yes")],
                    value="yes" if question.answered else "no",
                    allow_blank=False,
                    id="answered",
                    compact=True,
                    classes="question-field",
                )
                yield Label("")
                # Never reached with Tab, so a Space meant for a field cannot tick it: the
                # mark changes only on purpose, with Ctrl+L (as on the capture line) or a click.
                confidential = Checkbox(
                    _("Confidential (Ctrl+L)"), entry.confidential, id="confidential", compact=True
                )
                confidential.can_focus = False
                yield confidential
            yield Static("", id="form-error")
            with Horizontal(id="buttons"):
                yield Button(_("Save (Ctrl+S)"), id="save", variant="primary")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self._show_action_fields()
        target = self._focus if self._focus in {n for n, _label in ACTION_FIELDS} else "text"
        self.query_one(f"#{target}", Input).focus()

    async def retranslate(self) -> None:
        """Compose the form again in the UI language with everything typed in it, the
        focus and the cursor as they were."""
        typed = {i.id: (i.value, i.cursor_position) for i in self.query(Input) if i.id}
        chosen = {s.id: s.value for s in self.query(Select) if s.id}
        confidential = self.query_one("#confidential", Checkbox).value
        focused = self.focused.id if self.focused is not None else None
        await self.recompose()
        for field_id, (value, cursor) in typed.items():
            field = self.query_one(f"#{field_id}", Input)
            field.value = value
            field.cursor_position = cursor
        for select_id, choice in chosen.items():
            self.query_one(f"#{select_id}", Select).value = choice
        self.query_one("#confidential", Checkbox).value = confidential
        self._show_action_fields()
        if self._problem is not None:
            self._show_problem(self._problem)
        if focused:
            self.query_one(f"#{focused}").focus()

    def _kind(self) -> EntryKind:
        if self.entry.kind is EntryKind.RATING:
            return EntryKind.RATING
        value = self.query_one("#kind", Select).value
        return EntryKind(str(value))

    @on(Select.Changed, "#kind")
    def _show_action_fields(self) -> None:
        kind = self._kind()
        for widget in self.query(".action-field"):
            widget.display = kind is EntryKind.ACTION
        for widget in self.query(".goal-field"):
            widget.display = kind is EntryKind.GOAL
        for widget in self.query(".question-field"):
            widget.display = kind is EntryKind.QUESTION

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
        goal = None
        if kind is EntryKind.GOAL:
            goal = GoalFields(
                **{name: value(f"goal-{name}") for name, _label in GOAL_FIELDS},
                status=GoalStatus(str(self.query_one("#goal-status", Select).value)),
            )
        question = None
        if kind is EntryKind.QUESTION:
            # An answer typed means it was answered, whatever the list still says.
            question = QuestionFields(
                answered=self.query_one("#answered", Select).value == "yes"
                or bool(value("answer").strip()),
                answer=value("answer"),
            )
        return EntryEdit(
            kind=kind,
            text=value("text"),
            confidential=self.query_one("#confidential", Checkbox).value,
            action=action,
            goal=goal,
            question=question,
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Store the form, or say what is wrong and keep it open."""
        problem = self._save(self.edit())
        if problem is None:
            self.dismiss(True)
            return
        self._problem = problem
        self._show_problem(problem)

    def _show_problem(self, problem: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(
            _("Not saved: {problem}. Fix it, or Esc to leave it as it was.").format(problem=problem)
        )
        error.add_class("-error")

    def action_toggle_confidential(self) -> None:
        """Mark the entry confidential in the form, or not any more (saved with the rest)."""
        box = self.query_one("#confidential", Checkbox)
        box.value = not box.value

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the entry."""
        self.dismiss(False)
