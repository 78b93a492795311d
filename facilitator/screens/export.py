"""After an export: where the files went, the documents as a reader will see them, and the
action items as QR codes that participants scan from the projected screen."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Footer, MarkdownViewer, Static

from facilitator.documents.formats import DEFAULT, FORMATS, ordered
from facilitator.documents.minutes import MinutesWriter
from facilitator.documents.qr import TakeAway, no_actions_text, qr_matrix, take_away
from facilitator.errors import os_reason
from facilitator.i18n import N_, _, current_language, ngettext
from facilitator.screens.base import AppModal
from facilitator.widgets.qr import qr_text

MAIN_MIN = 70
"""Columns the preview keeps beside the code (its time table has five columns); on a
narrower screen the code is shown only on its own (Q)."""


def fit_name(name: str, width: int) -> list[str]:
    """A file name as lines of at most `width` characters, broken after a `-`, `_` or `.`
    (so its words stay whole), or inside a word only when one is longer than a line."""
    if width <= 0 or len(name) <= width:
        return [name]
    lines: list[str] = []
    line = ""
    for part in re.findall(r"[^-_.]+[-_.]*|[-_.]+", name):
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        while len(part) > width:
            lines.append(part[:width])
            part = part[width:]
        line += part
    if line:
        lines.append(line)
    return lines


class ExportScreen(AppModal[None]):
    """Shows the written files, a rendered preview, and the take-away QR codes.

    The files written when the screen opens leave confidential entries out. C shows the
    documents with them; W then writes that version as a separate copy, named
    `...-confidential-minutes.md`, never over the shared one. The QR codes never hold
    confidential action items. M, H and D choose the formats (Markdown, HTML, Word); W
    writes those not written yet.

    Args:
        written: the files the export has written (without confidential entries).
        writer: makes the minutes writer, with or without confidential entries.
        folder: where W writes.
        on_written: told about every further file written here.
        formats: the formats `written` are in, and chosen for the next W.
        on_formats: told the formats chosen, each time the choice changes (to offer them
            at the next export).
    """

    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="close", tooltip=N_("Back to the meeting.")),
        Binding("c", "toggle_confidential", N_("Confidential"), id="confidential",
                tooltip=N_("Show the documents with confidential entries, or without them "
                "again. Nothing is written until W.")),
        Binding("w", "write", N_("Write"), id="write",
                tooltip=N_("Write the documents as shown: with confidential entries, a "
                "separate copy named ...-confidential-minutes.md.")),
        Binding("m", "toggle_format('md')", N_("Markdown"), id="format-md", show=False,
                tooltip=N_("Write Markdown too, or not, at the next W.")),
        Binding("h", "toggle_format('html')", N_("HTML"), id="format-html", show=False,
                tooltip=N_("Write HTML too (to read and print), or not, at the next W.")),
        Binding("d", "toggle_format('docx')", N_("Word"), id="format-docx", show=False,
                tooltip=N_("Write a Word document (DOCX) too, or not, at the next W.")),
        Binding("v", "switch_document", N_("Minutes/plan"), id="switch-document",
                tooltip=N_("Preview the minutes or the draft action plan.")),
        Binding("q", "qr_only", N_("QR only"), id="qr-only",
                tooltip=N_("Show only the QR code, for the room to scan; again to go back.")),
        Binding("n", "code(1)", N_("Next code"), id="next-code",
                tooltip=N_("The next QR code, when the action items need more than one.")),
        Binding("p", "code(-1)", N_("Previous code"), id="previous-code",
                tooltip=N_("The previous QR code.")),
    ]  # fmt: skip

    def __init__(
        self,
        written: list[Path],
        writer: Callable[[bool], MinutesWriter],
        folder: Path,
        on_written: Callable[[list[Path]], object] | None = None,
        formats: tuple[str, ...] = DEFAULT,
        on_formats: Callable[[tuple[str, ...]], object] | None = None,
    ) -> None:
        super().__init__()
        self._writer = writer
        self.folder = folder
        self.on_written = on_written
        self.on_formats = on_formats
        self.written: dict[bool, list[Path]] = {False: list(written)}
        """Files written from this screen, by whether they include confidential entries."""
        self.formats: tuple[str, ...] = ordered(formats)
        """The formats W writes."""
        self.written_formats: dict[bool, set[str]] = {False: set(self.formats)}
        """The formats written so far, by whether they include confidential entries."""
        self.include_confidential = False
        """Whether the preview (and W) include confidential entries."""
        self.show_plan = False
        """Whether the preview shows the action plan rather than the minutes."""
        self.code_index = 0
        """Which of the QR codes is shown."""
        self.error = ""
        """Why the last W failed (in the UI language of that moment), or empty."""
        shared = writer(False)
        self.confidential_count = shared.left_out()
        self.codes: TakeAway = take_away(shared)
        self.code_width = max((len(qr_matrix(t)) for t in self.codes.texts), default=0)
        """Columns of the widest code (a module a column)."""
        self.beside = False
        """Whether the code is shown beside the documents (the screen is wide enough)."""

    @property
    def writer(self) -> MinutesWriter:
        """The minutes writer for what the screen shows now."""
        return self._writer(self.include_confidential)

    def document(self) -> str:
        """The Markdown the preview shows."""
        writer = self.writer
        return writer.action_plan() if self.show_plan else writer.minutes()

    def compose(self) -> ComposeResult:
        with Horizontal(id="export-body"):
            with Vertical(id="export-main"):
                yield Static(id="export-paths")
                yield Static(id="export-confidential")
                yield MarkdownViewer(
                    self.document(), show_table_of_contents=False, id="export-preview"
                )
            # The code takes the full height beside everything else: 25 rows at most.
            with VerticalScroll(id="export-qr-panel"):
                # The code first: on a short screen the caption scrolls, not the code.
                yield Static(id="export-qr")
                yield Static(id="export-qr-caption")
        yield Footer()

    def on_mount(self) -> None:
        self.lay_out(self.app.size.width)
        self.show_code()

    async def retranslate(self) -> None:
        """Say everything again in the UI language; the preview stays as it is (the
        documents are in the session's language), and so do its document, scroll
        position, the confidential toggle and the code shown."""
        self.show_state()
        self.show_code()

    def on_resize(self, event: Resize) -> None:
        self.lay_out(event.size.width)

    def lay_out(self, width: int) -> None:
        """The code beside the documents only when both fit `width` columns (the panel as
        wide as the code, no wider); the file names broken to fit what is left."""
        panel = self.code_width + 2  # its padding
        self.beside = bool(self.codes.texts) and width - panel >= MAIN_MIN
        self.set_class(not self.codes.texts, "-no-codes")
        self.set_class(not self.beside, "-code-apart")
        # On its own (Q) the code is centred across the screen, as the style sheet says.
        self.query_one("#export-qr-panel").styles.width = (
            None if self.has_class("-qr-only") else panel
        )
        self._width = width - (panel if self.beside else 0)
        self.show_state()

    _width = 0
    """Columns the documents' side has."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_confidential":
            return self.confidential_count > 0
        if action == "write":
            done = self.written_formats.get(self.include_confidential, set())
            return bool(set(self.formats) - done)
        if action == "code":
            return len(self.codes.texts) > 1
        return True

    def show_state(self) -> None:
        """Say what was written and what the preview includes."""
        listing = Text(_("Written:"), style="bold")
        for variant in (False, True):
            for path in self.written.get(variant, []):
                # Padding 1 each side, an indent of 2 and 4 for the rest of a long name.
                first, *rest = fit_name(path.name, self._width - 6)
                listing.append(f"\n  {first}", style="not bold")
                for more in rest:
                    listing.append(f"\n    {more}", style="not bold")
        # TRANSLATORS: under the list of files written: the folder they are in.
        listing.append("\n" + _("in {folder}").format(folder=self.folder), style="not bold")
        listing.append("\n" + _("Formats:") + " ", style="bold")
        for name, known in FORMATS.items():
            chosen = name in self.formats
            listing.append(f" [{'x' if chosen else ' '}] {known.label} ", style="not bold")
        # TRANSLATORS: under the formats offered: the keys that choose them.
        listing.append("\n  " + _("(M, H, D choose; W writes)"), style="not bold dim")
        if not self.codes.texts:
            listing.append("\n" + no_actions_text(current_language()), style="not bold")
        elif not self.beside:
            listing.append("\n" + _("The action items' QR code: Q shows it."), style="not bold")
        self.query_one("#export-paths", Static).update(listing)
        banner = self.query_one("#export-confidential", Static)
        n = self.confidential_count
        banner.set_class(self.include_confidential, "-included")
        if self.error:
            banner.update(Text(self.error, style="bold"))
        elif n == 0:
            banner.update(_("No entry of this meeting is marked confidential."))
        elif not self.include_confidential:
            banner.update(
                _(
                    "Confidential entries ({n}): LEFT OUT of this preview and of the files. "
                    "C shows them."
                ).format(n=n)
            )
        elif True in self.written:
            banner.update(
                _(
                    "Confidential entries ({n}): INCLUDED in this preview, and written to the "
                    "separate ...-confidential-... files above. C leaves them out again."
                ).format(n=n)
            )
        else:
            banner.update(
                _(
                    "Confidential entries ({n}): INCLUDED in this preview only, not in any "
                    "file yet. W writes a separate copy (...-confidential-minutes.md); C "
                    "leaves them out."
                ).format(n=n)
            )
        self.refresh_bindings()

    def show_code(self) -> None:
        """Draw the current QR code and say what it holds."""
        caption = self.query_one("#export-qr-caption", Static)
        code = self.query_one("#export-qr", Static)
        texts = self.codes.texts
        if not texts:
            caption.update(no_actions_text(current_language()))
            code.update("")
            code.display = False
            return
        actions = self.codes.actions
        lines = [
            ngettext(
                "↑ Scan to take the action item with you.",
                "↑ Scan to take the action items with you.",
                actions,
            )
        ]
        if len(texts) > 1:
            lines = [
                _("↑ Code {index} of {count}: N next, P previous.").format(
                    index=self.code_index + 1, count=len(texts)
                ),
                _(
                    "Scan each to take the action items with you: they need more than one "
                    "readable code."
                ),
            ]
        shortened = self.codes.shortened
        if shortened:
            lines.append(
                ngettext(
                    "{n} long action shortened with … in the code; the files have it in full.",
                    "{n} long actions shortened with … in the code; the files have them in full.",
                    shortened,
                ).format(n=shortened)
            )
        if self.confidential_count:
            lines.append(_("Confidential action items are never in the code."))
        caption.update("\n".join(lines))
        code.update(qr_text(texts[self.code_index]))
        code.display = True

    async def action_toggle_confidential(self) -> None:
        """Show the documents with confidential entries, or without them again."""
        self.include_confidential = not self.include_confidential
        self.error = ""
        self.show_state()
        await self.query_one(MarkdownViewer).document.update(self.document())

    async def action_switch_document(self) -> None:
        """Preview the other document."""
        self.show_plan = not self.show_plan
        await self.query_one(MarkdownViewer).document.update(self.document())

    def action_toggle_format(self, name: str) -> None:
        """Choose a format for the next W, or leave it out (one format stays chosen)."""
        chosen = set(self.formats) ^ {name}
        if not chosen or name not in FORMATS:
            return
        self.formats = ordered(chosen)
        if self.on_formats is not None:
            self.on_formats(self.formats)
        self.show_state()

    def action_write(self) -> None:
        """Write the documents as the preview shows them, in the chosen formats not written
        yet (never over an existing file)."""
        done = self.written_formats.setdefault(self.include_confidential, set())
        formats = [name for name in self.formats if name not in done]
        try:
            paths = self.writer.write(self.folder, formats, calendar=False)
        except OSError as exc:
            self.error = _("Could not write to {folder}: {reason}").format(
                folder=self.folder, reason=os_reason(exc)
            )
            self.show_state()
            return
        done.update(formats)
        self.written.setdefault(self.include_confidential, []).extend(paths)
        self.error = ""
        if self.on_written is not None:
            self.on_written(paths)
        self.show_state()

    def action_code(self, step: int) -> None:
        """Show another of the QR codes."""
        self.code_index = (self.code_index + step) % len(self.codes.texts)
        self.show_code()

    def action_qr_only(self) -> None:
        """Show only the QR code (and its caption), or everything again."""
        self.toggle_class("-qr-only")
        self.lay_out(self.app.size.width)

    def action_close(self) -> None:
        """Back to the meeting."""
        self.dismiss(None)
