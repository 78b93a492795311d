"""A past session, read-only: its minutes and action plan, to review and export; reopened
for corrections only on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, MarkdownViewer, Static

from facilitator.errors import os_reason
from facilitator.i18n import N_, _, format_iso_date, ngettext
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import SeriesKind
from facilitator.programme.series import Series
from facilitator.screens.base import AppScreen
from facilitator.screens.messages import OpenSession
from facilitator.storage.guarded import StoreError
from facilitator.storage.lock import SessionLocked
from facilitator.widgets.message import MessageLine

if TYPE_CHECKING:
    from facilitator.workspace import Workspace


class ReviewScreen(AppScreen[None]):
    """Shows a stored session's documents without taking its lock or changing its file.

    Confidential entries are left out, as in the shared documents, until C shows them (the
    screen may be projected); E writes the documents as shown.

    Args:
        meeting: the session opened for reading; closed when the screen goes.
        folder: where E writes the documents.
    """

    DEFAULT_CSS = """
    #review-confidential {
        height: auto;
        padding: 0 1;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back", tooltip=N_("Back to the history.")),
        Binding("v", "switch_document", N_("Minutes/plan"), id="switch-document",
                tooltip=N_("Show the minutes or the draft action plan.")),
        Binding("c", "toggle_confidential", N_("Confidential"), id="confidential",
                tooltip=N_("Show the documents with confidential entries, or without them "
                           "again.")),
        Binding("e", "export", N_("Export"), id="export",
                tooltip=N_("Write the minutes and the action plan as shown (with confidential "
                           "entries: a separate ...-confidential-... copy).")),
        Binding("r", "reopen", N_("Reopen to correct"), id="reopen",
                tooltip=N_("Open the session to change it; every change keeps its time in the "
                           "entry's history.")),
        Binding("h", "hours", N_("Hours"), id="hours",
                tooltip=N_("Confirm the meeting's whole academic hours for the time sheet.")),
        Binding("t", "time_sheet", N_("Time sheet"), id="time-sheet",
                tooltip=N_("Write the pupil's time sheet for this meeting's month.")),
    ]  # fmt: skip

    def __init__(
        self,
        meeting: Meeting,
        folder: Path,
        formats: tuple[str, ...] = ("md",),
        workspace: Workspace | None = None,
    ) -> None:
        """`workspace`: the stores, for a pupil's time sheet and hours (H, T)."""
        super().__init__()
        self.meeting = meeting
        self.workspace = workspace
        self._pupil_series: Series | bool | None = False
        """The session's pupil series once looked up (None: none); False: not yet."""
        self.folder = folder
        self.formats = formats
        """The formats E writes: Markdown and those picked at the last export."""
        self.show_plan = False
        """Whether the action plan is shown rather than the minutes."""
        self.include_confidential = False
        """Whether confidential entries are shown (and exported); never at first."""
        self.confidential_count = meeting.writer().left_out()
        """How many entries of the session are confidential."""
        self.written: list[Path] = []

    def document(self) -> str:
        """The Markdown shown: the shared version, as exporting writes it, or the one with
        confidential entries once C shows them."""
        writer = self.meeting.writer(self.include_confidential)
        return writer.action_plan() if self.show_plan else writer.minutes()

    def title_line(self) -> str:
        """The session's title and date."""
        info = self.meeting.session.info
        day = format_iso_date(info.date) or info.date
        return _("{title} · {date} · read-only").format(title=info.title, date=day)

    def confidential_line(self) -> str:
        """Whether the confidential entries are shown, and what C does; empty without any."""
        n = self.confidential_count
        if not n:
            return ""
        if self.include_confidential:
            shown = ngettext(
                "{n} confidential entry SHOWN (C hides it)",
                "{n} confidential entries SHOWN (C hides them)",
                n,
            )
        else:
            shown = ngettext(
                "{n} confidential entry hidden (C shows it)",
                "{n} confidential entries hidden (C shows them)",
                n,
            )
        return shown.format(n=n)

    def compose(self) -> ComposeResult:
        yield Static(self.title_line(), id="home-title", markup=False)
        yield Static(id="review-confidential", markup=False)
        yield MarkdownViewer(self.document(), show_table_of_contents=False, id="review-doc")
        yield MessageLine(id="home-message")
        yield Footer()

    async def retranslate(self) -> None:
        """The words around the documents in the UI language (the documents keep the
        session's language); the document shown and where it is scrolled stay."""
        self._show_title()
        self.query_one(MessageLine).retranslate()

    def on_mount(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        self.query_one("#home-title", Static).update(self.title_line())
        line = self.query_one("#review-confidential", Static)
        line.update(self.confidential_line())
        line.display = bool(self.confidential_count)
        line.set_class(self.include_confidential, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_confidential":
            return self.confidential_count > 0
        if action == "hours":
            return self.workspace is not None and self.meeting.session.info.agenda.academic_hours
        if action == "time_sheet":
            return self.pupil_series() is not None
        return True

    def pupil_series(self) -> Series | None:
        """The pupil's series the session belongs to, if it is one (read once: the
        footer asks at every refresh)."""
        if self._pupil_series is False:
            self._pupil_series = None
            info = self.meeting.session.info
            if self.workspace is not None and info.series_id:
                try:
                    series = self.workspace.series.find(info.series_id)
                except StoreError:
                    return None
                if series.kind is SeriesKind.PUPIL:
                    self._pupil_series = series
        return self._pupil_series if isinstance(self._pupil_series, Series) else None

    @work
    async def action_hours(self) -> None:
        """Ask for the meeting's whole academic hours, the rule's proposal given."""
        from facilitator.meeting.academic_hours import AcademicHours
        from facilitator.programme.pupil_records import confirm_hours
        from facilitator.screens.confirm import AskDialog

        assert self.workspace is not None
        clock = self.meeting.clock
        minutes = AcademicHours.of(clock.running_time()).minutes
        proposed = AcademicHours(minutes).whole

        def question() -> str:
            return _(
                "The meeting ran {minutes} min: {proposed} academic hours proposed. "
                "Whole academic hours to confirm (Enter):"
            ).format(minutes=minutes, proposed=proposed)

        answer = await self.app.push_screen_wait(AskDialog(question))
        if answer is None:
            return
        try:
            info = confirm_hours(self.workspace.sessions, self.meeting.session.id, int(answer))
        except ValueError:
            self.say(
                lambda: _("Whole academic hours from 1 to 20, not “{answer}”.").format(
                    answer=answer
                ),
                error=True,
            )
            return
        except (SessionLocked, StoreError, OSError) as exc:
            reason = str(exc)
            self.say(lambda: _("Not confirmed: {reason}").format(reason=reason), error=True)
            return
        self.meeting.session.info.hours = info.hours
        hours = info.hours
        self.say(lambda: _("{hours} academic hours confirmed.").format(hours=hours))

    def action_time_sheet(self) -> None:
        """Write the pupil's time sheet of this meeting's month, in the export's formats."""
        from facilitator.documents.time_sheet import TimeSheetWriter
        from facilitator.programme.pupil_records import read_month_sheet

        series = self.pupil_series()
        if series is None or self.workspace is None:
            return
        month = self.meeting.session.info.date[:7]
        try:
            sheet = read_month_sheet(self.workspace.series, series, month, self.workspace.now)
            written = TimeSheetWriter(sheet).write(self.folder, self.formats)
        except (StoreError, OSError) as exc:
            reason = str(exc)
            self.say(lambda: _("No time sheet: {reason}").format(reason=reason), error=True)
            return
        self.written += written
        names = ", ".join(str(p) for p in written)
        self.say(lambda: _("Exported: {files}").format(files=names))

    async def action_switch_document(self) -> None:
        """Minutes or action plan."""
        self.show_plan = not self.show_plan
        await self.query_one(MarkdownViewer).document.update(self.document())

    async def action_toggle_confidential(self) -> None:
        """Show the documents with confidential entries, or without them again."""
        self.include_confidential = not self.include_confidential
        self._show_title()
        await self.query_one(MarkdownViewer).document.update(self.document())

    def action_export(self) -> None:
        """Write both documents as shown into the exports folder (never over an existing
        file; with confidential entries, a separate copy)."""
        folder = self.folder
        try:
            written = self.meeting.export(folder, self.include_confidential, self.formats)
        except OSError as exc:
            reason = os_reason(exc)
            self.say(
                lambda: _("Could not export to {folder}: {reason}").format(
                    folder=folder, reason=reason
                ),
                error=True,
            )
            return
        self.written += written
        names = ", ".join(str(p) for p in written)
        self.say(lambda: _("Exported: {files}").format(files=names))

    def action_reopen(self) -> None:
        """Open the session for corrections on the run screen."""
        session_id = self.meeting.session.id
        self.dismiss()
        # To the app itself: this screen is gone by the time the message is handled.
        self.app.post_message(OpenSession(session_id))

    def action_back(self) -> None:
        """Back to the history."""
        self.dismiss()

    def on_unmount(self) -> None:
        self.meeting.close()

    def say(self, message: str | Callable[[], str], error: bool = False) -> None:
        """Show a one-line message at the bottom. Given as a function that makes it, the
        message is said again in the new language when the language changes."""
        self.query_one(MessageLine).say(message, error)
