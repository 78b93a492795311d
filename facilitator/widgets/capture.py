"""The capture line: one always-ready input, with the kind of the line shown before Enter."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from facilitator.capture import kind_of
from facilitator.session import EntryKind

KIND_LABEL: dict[EntryKind, str] = {
    EntryKind.NOTE: "Note",
    EntryKind.DECISION: "Decision",
    EntryKind.ACTION: "Action",
    EntryKind.QUESTION: "Question",
}

PLACEHOLDER = "Type a note · ! decision · + action @lead 15.12.2026 · ? question · Enter saves"


class CaptureLine(Horizontal):
    """The line the facilitator types into while people talk."""

    @dataclass
    class Submitted(Message):
        """The facilitator pressed Enter on a non-empty line."""

        capture: CaptureLine
        text: str

    def compose(self) -> ComposeResult:
        yield Label(KIND_LABEL[EntryKind.NOTE], id="capture-kind")
        # No max_length: Input would drop the overflow silently; the core says "too long".
        # No select_on_focus: coming back to the line must never let a key replace it.
        yield Input(placeholder=PLACEHOLDER, id="capture-input", select_on_focus=False)

    @property
    def input(self) -> Input:
        """The text field itself."""
        return self.query_one("#capture-input", Input)

    @on(Input.Changed, "#capture-input")
    def _show_kind(self, event: Input.Changed) -> None:
        kind = kind_of(event.value)
        label = self.query_one("#capture-kind", Label)
        label.update(KIND_LABEL[kind])
        for each in EntryKind:
            label.set_class(each is kind, f"-{each.value}")

    @on(Input.Submitted, "#capture-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(self, event.value))

    def clear(self) -> None:
        """Empty the line after a successful save."""
        self.input.value = ""
