"""The capture line: one always-ready input, with the kind of the line shown before Enter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label

from facilitator.i18n import N_, _
from facilitator.meeting.capture import (
    CONFIDENTIAL_PREFIX,
    MAX_ENTRY_CHARS,
    one_line,
    split_prefixes,
)
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.session import EntryKind

KIND_LABEL: dict[EntryKind, str] = {kind: words.label for kind, words in KINDS.items()}
"""The label beside the line: what Enter would save it as (translated when shown)."""

PLACEHOLDERS = (
    N_(
        "Type a note · ! decision · + action @lead 15.12.2026 · ? question · ~ confidential"
        " · Enter saves"
    ),
    N_("Type a note · ! decision · + action @lead 15.12.2026 · ? question · ~ confidential"),
    N_("Note · ! decision · + action · ? question · ~ confidential"),
    N_("! decision · + action · ? question"),
)
"""The hint in the empty line, longest first: the longest that fits the line is shown
(a hint cut off mid-word on a projector reads as a mistake)."""


def placeholder_for(width: int, fields: tuple[str, ...] = ()) -> str:
    """The longest hint, in the UI language, that fits `width` cells; in a block with a
    form, its fields by number first (as many as fit)."""
    hints = [_(hint) for hint in PLACEHOLDERS]
    if fields:
        items = [f"{number}: {field}" for number, field in enumerate(fields, 1)]
        note = _("any other line: a note")
        for count in range(len(items), 0, -1):
            hint = " · ".join([*items[:count], *(["…"] if count < len(items) else []), note])
            if cell_len(hint) <= width:
                return hint
    return next((hint for hint in hints if cell_len(hint) <= width), hints[-1])


class CaptureInput(Input):
    """An input that takes a pasted text whole: every line of it, joined by spaces, minus
    control characters and terminal escapes (Textual's own keeps only the first line)."""

    @dataclass
    class TooLong(Message):
        """A paste longer than an entry may be was refused."""

        length: int

    choices = 0
    """In a closed question's block, how many answers it offers: on an empty line the
    key of an answer's number (1-9) records it at once, without Enter."""

    async def _on_key(self, event: events.Key) -> None:
        key = event.character
        if (
            self.choices
            and not self.value
            and key is not None
            and key.isdigit()
            and 1 <= int(key) <= min(self.choices, 9)
        ):
            event.stop()
            event.prevent_default()
            self.value = key
            await self.action_submit()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would paste the first line again
        text = one_line(event.text)
        if not text:
            return
        if len(self.value) + len(text) > MAX_ENTRY_CHARS:
            # Refused whole, never cut: the text is still on the clipboard.
            self.post_message(self.TooLong(len(text)))
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class CaptureLine(Horizontal):
    """The line the facilitator types into while people talk."""

    BINDINGS = [
        Binding(
            "ctrl+l",
            "toggle_confidential",
            N_("Confidential"),
            id="confidential-line",
            show=False,
            tooltip=N_("Mark the line being typed confidential (as a leading ~ does), or not."),
        ),
    ]

    confidential = reactive(False)
    """Marked confidential with the key (the `~` prefix marks it too)."""

    _fields: tuple[str, ...] = ()
    """The current block's form fields (`offer_fields`)."""

    @dataclass
    class Submitted(Message):
        """The facilitator pressed Enter on a non-empty line."""

        capture: CaptureLine
        text: str

    @dataclass
    class Changed(Message):
        """What the line would be saved as changed: its kind or its confidential mark."""

        capture: CaptureLine
        kind: EntryKind
        confidential: bool

    def compose(self) -> ComposeResult:
        yield Label(_(KIND_LABEL[EntryKind.NOTE]), id="capture-kind")
        # No max_length: Input would drop the overflow silently; the core says "too long".
        # No select_on_focus: coming back to the line must never let a key replace it.
        yield CaptureInput(
            placeholder=_(PLACEHOLDERS[0]), id="capture-input", select_on_focus=False
        )

    @property
    def input(self) -> Input:
        """The text field itself."""
        return self.query_one("#capture-input", Input)

    def offer_fields(self, fields: tuple[str, ...]) -> None:
        """In a block with a form: its fields, shown by number in the empty line's hint."""
        if fields != self._fields:
            self._fields = fields
            self._fit_placeholder()

    def offer_choices(self, count: int) -> None:
        """In a closed question's block: its `count` answers, each recorded with the key
        of its number alone; 0 elsewhere."""
        self.query_one("#capture-input", CaptureInput).choices = count

    @property
    def is_confidential(self) -> bool:
        """True when the line will be saved confidential (by the key or its prefix)."""
        return self.confidential or split_prefixes(self.input.value)[1]

    def action_toggle_confidential(self) -> None:
        """Mark the line confidential, or not."""
        if split_prefixes(self.input.value)[1]:
            # The mark is typed in the line: take it out of the text.
            value = self.input.value.lstrip()
            self.input.value = value.replace(CONFIDENTIAL_PREFIX, "", 1).lstrip()
            self.confidential = False
        else:
            self.confidential = not self.confidential

    def watch_confidential(self) -> None:
        self._show_kind()

    @on(Input.Changed, "#capture-input")
    def _show_kind(self) -> None:
        kind, marked, _text = split_prefixes(self.input.value)
        secret = marked or self.confidential
        label = self.query_one("#capture-kind", Label)
        label.update(("🔒 " if secret else "") + _(KIND_LABEL[kind]))
        for each in EntryKind:
            label.set_class(each is kind, f"-{each.value}")
        label.set_class(secret, "-confidential")
        self.post_message(self.Changed(self, kind, secret))

    @on(Input.Submitted, "#capture-input")
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            text = event.value
            if self.confidential and not split_prefixes(text)[1]:
                text = CONFIDENTIAL_PREFIX + text
            self.post_message(self.Submitted(self, text))

    def retranslate(self) -> None:
        """Show the label and the placeholder in the UI language just chosen; what is
        typed, the cursor and the confidential mark stay."""
        self._fit_placeholder()
        self._show_kind()

    def on_resize(self) -> None:
        self._fit_placeholder()

    def _fit_placeholder(self) -> None:
        field = self.input
        field.placeholder = placeholder_for(
            field.content_size.width or field.size.width, self._fields
        )

    def clear(self) -> None:
        """Empty the line after a successful save; the next line starts public."""
        self.input.value = ""
        self.confidential = False
