"""A yes-or-no question, or a question for one short answer, in a small dialog.

The question and the answers may be given as functions that return them in the UI
language: the dialog then shows them in a language chosen while it is open, too.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from facilitator.i18n import N_, _
from facilitator.screens.base import AppModal

Words = str | Callable[[], str]
"""A text, or a function that gives it in the UI language."""


def words(text: Words) -> str:
    """The text itself, or what the function gives now."""
    return text() if callable(text) else text


class ConfirmDialog(AppModal[bool]):
    """Asks before doing something that cannot simply be taken back."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", N_("No"), id="no"),
        Binding("y", "answer(True)", N_("Yes"), id="yes"),
    ]

    def __init__(self, question: Words, yes: Words | None = None, no: Words | None = None) -> None:
        """The buttons say `Yes` and `No` (in the UI language) unless told otherwise."""
        super().__init__()
        self.question = question
        self.yes: Words = yes if yes is not None else (lambda: _("Yes"))
        self.no: Words = no if no is not None else (lambda: _("No"))

    def compose(self) -> ComposeResult:
        # The keys stay y and n in every language.
        with Vertical(id="dialog"):
            yield Static(words(self.question), id="question", markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{words(self.yes)} (y)", id="yes", variant="primary")
                yield Button(f"{words(self.no)} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    async def retranslate(self) -> None:
        """The question and the answers in the UI language just chosen; the focus stays."""
        self.query_one("#question", Static).update(words(self.question))
        self.query_one("#yes", Button).label = f"{words(self.yes)} (y)"
        self.query_one("#no", Button).label = f"{words(self.no)} (n)"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(answer)


class AskDialog(AppModal[str | None]):
    """Asks for one short answer; Enter gives it, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="cancel")]

    def __init__(self, question: Words) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(words(self.question), id="question", markup=False)
            yield Input(id="answer")

    async def retranslate(self) -> None:
        """The question in the UI language just chosen; the typed answer stays."""
        self.query_one("#question", Static).update(words(self.question))

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
