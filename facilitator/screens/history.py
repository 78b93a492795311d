"""Every past session and series, filtered by series, dates and the words typed in them."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from facilitator.i18n import N_, _, format_iso_date, ngettext
from facilitator.programme.history import HistoryFilter, HistoryRow, SessionHistory, parse_filter
from facilitator.programme.series_store import SeriesError
from facilitator.screens.base import AppScreen, notify_recoveries
from facilitator.storage.guarded import StoreError
from facilitator.widgets.message import MessageLine
from facilitator.workspace import Workspace

SHOWN_AT_MOST = 200
"""Rows listed at once; a longer list says how many more match (narrow the filter)."""


def row_option(row: HistoryRow, series_names: dict[str, str]) -> Option:
    """One session as two lines: title and series; date, agenda, place and counts."""
    prompt = Text(row.title, style="bold")
    if row.series_id:
        name = series_names.get(row.series_id) or _("a removed series")
        in_series = _("{series}, session {number}").format(series=name, number=row.series_number)
        prompt.append(f"  ·  {in_series}", style="not bold")
    day = format_iso_date(row.date) or row.date
    place = f" · {row.place}" if row.place else ""
    counts = ", ".join(
        (
            ngettext("{n} entry", "{n} entries", row.entries).format(n=row.entries),
            ngettext("{n} action", "{n} actions", row.actions).format(n=row.actions),
            ngettext("{n} decision", "{n} decisions", row.decisions).format(n=row.decisions),
        )
    )
    prompt.append(f"\n{day} · {row.agenda_title}{place} · {counts}", style="not bold italic")
    return Option(prompt, id=f"session-{row.id}")


class HistoryScreen(AppScreen[None]):
    """Past sessions, newest first. Enter opens one read-only, to review and export; from
    there it can be reopened for corrections (every change to an entry keeps its time in
    the entry's history)."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="back", tooltip=N_("Back to the agendas.")),
        Binding("down", "to_list", N_("List"), id="to-list", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = workspace.sessions
        self.history = SessionHistory(workspace.paths, workspace.sessions)
        self.series_names: dict[str, str] = {}
        self.loaded = False
        """True once the rows are read; typing before that filters when they come."""

    @staticmethod
    def _title() -> str:
        return _("History · past sessions and series")

    @staticmethod
    def _placeholder() -> str:
        return _("words to find · series:NAME · from:01.11.2026 · to:31.12.2026")

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="home-title")
        yield Input(placeholder=self._placeholder(), id="history-filter")
        yield OptionList(id="history-list")
        yield MessageLine(id="home-message")
        yield Footer()

    async def retranslate(self) -> None:
        """Say everything again in the UI language; the filter as typed (and its cursor),
        the highlighted session and the focus stay."""
        self.query_one("#home-title", Static).update(self._title())
        self.query_one("#history-filter", Input).placeholder = self._placeholder()
        listing = self.query_one("#history-list", OptionList)
        highlighted = listing.highlighted
        if self.loaded:
            self._loaded()
            if highlighted is not None and listing.option_count:
                listing.highlighted = min(highlighted, listing.option_count - 1)
        else:
            self.query_one(MessageLine).retranslate()

    def on_mount(self) -> None:
        series = self.workspace.series
        try:
            self.series_names = {s.id: s.name for s in series.all()}
        except SeriesError as exc:
            self.say(str(exc), error=True)
        notify_recoveries(self.app, series.recoveries)
        self.query_one("#history-filter", Input).focus()
        self.say(lambda: _("Reading the sessions…"))
        self._read()

    @work(thread=True, exit_on_error=False)
    def _read(self) -> None:
        """Bring the index up to date off the UI thread: the first time, or after many
        sessions changed, every file is read, which takes seconds with a thousand."""
        self.history.refresh()
        self.app.call_from_thread(self._loaded)

    def _loaded(self) -> None:
        self.loaded = True
        value = self.query_one("#history-filter", Input).value
        try:
            self.show(parse_filter(value, self.series_names.items()))
        except ValueError as exc:
            self.say(str(exc), error=True)
        if self.history.problems:
            self.say(" ".join(str(p) for p in self.history.problems), error=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.say(
                lambda: _("The sessions could not be read: {error}").format(error=error),
                error=True,
            )

    def show(self, wanted: HistoryFilter) -> list[HistoryRow]:
        """List the rows that pass `wanted`."""
        rows = self.history.search(wanted)
        listing = self.query_one("#history-list", OptionList)
        listing.clear_options()
        listing.add_options(row_option(r, self.series_names) for r in rows[:SHOWN_AT_MOST])
        if not rows:
            listing.add_option(Option(Text(_("No session matches"), style="italic"), disabled=True))
        else:
            listing.highlighted = 0
        n = len(rows)
        if n > SHOWN_AT_MOST:
            self.say(
                lambda: ngettext(
                    "{n} session; the newest {shown} listed",
                    "{n} sessions; the newest {shown} listed",
                    n,
                ).format(n=n, shown=SHOWN_AT_MOST)
            )
        else:
            self.say(lambda: ngettext("{n} session", "{n} sessions", n).format(n=n))
        return rows

    @on(Input.Changed, "#history-filter")
    def _filter(self, event: Input.Changed) -> None:
        if not self.loaded:
            return
        try:
            wanted = parse_filter(event.value, self.series_names.items())
        except ValueError as exc:
            self.say(str(exc), error=True)
            return
        self.show(wanted)

    @on(Input.Submitted, "#history-filter")
    def action_to_list(self) -> None:
        """From the filter line into the list."""
        self.query_one("#history-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#history-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        """Open the session read-only: its documents, to review and export."""
        from facilitator.meeting.live import Meeting
        from facilitator.screens.review import ReviewScreen

        if not event.option_id:
            return
        session_id = event.option_id.removeprefix("session-")
        try:
            session = self.store.open(session_id)
        except StoreError as exc:
            self.say(str(exc), error=True)
            return
        meeting = Meeting(session, self.workspace.now)
        from facilitator.documents.formats import offered
        from facilitator.storage.settings import Settings

        # As Ctrl+O writes: Markdown, and the formats picked at the last export.
        formats = offered(Settings.load(self.workspace.paths.settings).export_formats)
        self.app.push_screen(
            ReviewScreen(meeting, self.store.paths.exports, formats, self.workspace)
        )

    def on_screen_resume(self) -> None:
        """Back from a session: it may have changed (the base redraws the screen in a
        language chosen meanwhile)."""
        if self.loaded:
            self._read()

    def action_back(self) -> None:
        """Back to the home screen."""
        self.dismiss()

    def say(self, message: str | Callable[[], str], error: bool = False) -> None:
        """Show a one-line message at the bottom. Given as a function that makes it, the
        message is said again in the new language when the language changes."""
        self.query_one(MessageLine).say(message, error)
