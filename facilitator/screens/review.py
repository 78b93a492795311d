"""A past session, read-only: its minutes and action plan, to review and export; reopened
for corrections only on request."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, MarkdownViewer, Static

from facilitator.meeting import Meeting
from facilitator.screens.base import AppScreen


class ReviewScreen(AppScreen[None]):
    """Shows a stored session's documents without taking its lock or changing its file.

    Args:
        meeting: the session opened for reading; closed when the screen goes.
        folder: where E writes the documents.
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the history."),
        Binding("v", "switch_document", "Minutes/plan", id="switch-document",
                tooltip="Show the minutes or the draft action plan."),
        Binding("e", "export", "Export", id="export",
                tooltip="Write the minutes and the action plan (no confidential entries)."),
        Binding("r", "reopen", "Reopen to correct", id="reopen",
                tooltip="Open the session to change it; every change keeps its time in the "
                "entry's history."),
    ]  # fmt: skip

    def __init__(self, meeting: Meeting, folder: Path) -> None:
        super().__init__()
        self.meeting = meeting
        self.folder = folder
        self.show_plan = False
        """Whether the action plan is shown rather than the minutes."""
        self.written: list[Path] = []

    def document(self) -> str:
        """The Markdown shown: the shared version, as exporting writes it."""
        writer = self.meeting.writer()
        return writer.action_plan() if self.show_plan else writer.minutes()

    def compose(self) -> ComposeResult:
        info = self.meeting.session.info
        yield Static(f"{info.title} · {info.date} · read-only", id="home-title", markup=False)
        yield MarkdownViewer(self.document(), show_table_of_contents=False, id="review-doc")
        yield Static("", id="home-message")
        yield Footer()

    async def action_switch_document(self) -> None:
        """Minutes or action plan."""
        self.show_plan = not self.show_plan
        await self.query_one(MarkdownViewer).document.update(self.document())

    def action_export(self) -> None:
        """Write both documents into the exports folder (never over an existing file)."""
        try:
            written = self.meeting.export(self.folder)
        except OSError as exc:
            self.say(f"Could not export to {self.folder}: {exc.strerror or exc}", error=True)
            return
        self.written += written
        self.say("Exported: " + ", ".join(str(p) for p in written))

    def action_reopen(self) -> None:
        """Open the session for corrections on the run screen."""
        session_id = self.meeting.session.id
        self.dismiss()
        self.app.call_later(self._open, session_id)

    def _open(self, session_id: str) -> None:
        from facilitator.app import FacilitatorApp

        if isinstance(self.app, FacilitatorApp):
            self.app.open_session(session_id)

    def action_back(self) -> None:
        """Back to the history."""
        self.dismiss()

    def on_unmount(self) -> None:
        self.meeting.close()

    def say(self, message: str, error: bool = False) -> None:
        """Show a one-line message at the bottom."""
        line = self.query_one("#home-message", Static)
        line.update(Text(message))
        line.set_class(error, "-error")
