"""Leaving a meeting while the disk still refuses some of it: save again, keep it in a
recovery file beside the session (the next start offers it back), or discard it.

The run screen asks before every way out (Esc to the home screen, Ctrl+Q); nothing it
holds unsaved leaves without the facilitator's answer.
"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Button, Static

from facilitator.i18n import N_, _, ngettext
from facilitator.screens.base import AppModal

LeaveChoice = Literal["retry", "keep", "discard"]
"""Save again, keep in a recovery file, discard; None: back to the meeting."""


def unsaved_question(count: int) -> str:
    """What the dialog asks, in the UI language."""
    waiting = ngettext(
        "{n} change is not on disk yet: the disk refused it.",
        "{n} changes are not on disk yet: the disk refused them.",
        count,
    ).format(n=count)
    return (
        waiting
        + "\n"
        + _(
            "Save again, keep them in a file beside the session (the next start offers to "
            "put them back), or discard them?"
        )
    )


class LeaveDialog(AppModal[LeaveChoice | None]):
    """Asks what becomes of what is not saved before the meeting is left."""

    BINDINGS = [
        Binding("s", "answer('retry')", N_("Save again"), id="leave-retry"),
        Binding("k", "answer('keep')", N_("Keep in a file"), id="leave-keep"),
        Binding("d", "answer('discard')", N_("Discard"), id="leave-discard"),
        Binding("escape", "stay", N_("Back to the meeting"), id="leave-stay"),
    ]

    def __init__(self, count: int, problem: str = "") -> None:
        """`count`: how many changes wait; `problem`: why the last answer did not work."""
        super().__init__()
        self.count = count
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(unsaved_question(self.count), id="question", markup=False)
            if self.problem:
                yield Static(self.problem, id="leave-problem", markup=False)
            with Grid(id="leave-buttons"):
                yield Button(self._label("retry"), id="retry", variant="primary")
                yield Button(self._label("keep"), id="keep")
                yield Button(self._label("discard"), id="discard", variant="error")
                yield Button(self._label("stay"), id="stay")

    @staticmethod
    def _label(button: str) -> str:
        return {
            "retry": _("Save again (s)"),
            "keep": _("Keep in a file (k)"),
            "discard": _("Discard (d)"),
            "stay": _("Back (Esc)"),
        }[button]

    def on_mount(self) -> None:
        self.query_one("#retry", Button).focus()

    async def retranslate(self) -> None:
        """The question and the buttons in the UI language just chosen."""
        self.query_one("#question", Static).update(unsaved_question(self.count))
        for button in self.query(Button):
            if button.id:
                button.label = self._label(button.id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, LeaveChoice] = {
            "retry": "retry",
            "keep": "keep",
            "discard": "discard",
        }
        self.dismiss(choices.get(event.button.id))

    def action_answer(self, choice: LeaveChoice) -> None:
        """Close the dialog with the answer."""
        self.dismiss(choice)

    def action_stay(self) -> None:
        """Back to the meeting, nothing decided."""
        self.dismiss(None)
