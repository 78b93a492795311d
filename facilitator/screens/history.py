"""Every past session and series, filtered by series, dates and the words typed in them."""

from __future__ import annotations

import time
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from facilitator.history import HistoryFilter, HistoryRow, SessionHistory, parse_filter
from facilitator.screens.base import AppScreen
from facilitator.series import SeriesError, SeriesStore
from facilitator.store import SessionStore, StoreError
from facilitator.timing import Clock

SHOWN_AT_MOST = 200
"""Rows listed at once; a longer list says how many more match (narrow the filter)."""


def row_option(row: HistoryRow, series_names: dict[str, str]) -> Option:
    """One session as two lines: title and series; date, agenda, place and counts."""
    prompt = Text(row.title, style="bold")
    if row.series_id:
        name = series_names.get(row.series_id, "a removed series")
        prompt.append(f"  ·  {name}, session {row.series_number}", style="not bold")
    try:
        day = date.fromisoformat(row.date).strftime("%d.%m.%Y")
    except ValueError:
        day = row.date
    place = f" · {row.place}" if row.place else ""
    entries = "1 entry" if row.entries == 1 else f"{row.entries} entries"
    prompt.append(
        f"\n{day} · {row.agenda_title}{place} · {entries}, {row.actions} actions, "
        f"{row.decisions} decisions",
        style="not bold italic",
    )
    return Option(prompt, id=f"session-{row.id}")


class HistoryScreen(AppScreen[None]):
    """Past sessions, newest first. Enter opens one read-only, to review and export; from
    there it can be reopened for corrections (every change to an entry keeps its time in
    the entry's history)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the agendas."),
        Binding("down", "to_list", "List", id="to-list", show=False),
    ]

    def __init__(self, store: SessionStore) -> None:
        super().__init__()
        self.store = store
        self.history = SessionHistory(store.paths, store)
        self.series_names: dict[str, str] = {}
        self.loaded = False
        """True once the rows are read; typing before that filters when they come."""

    def compose(self) -> ComposeResult:
        yield Static("History · past sessions and series", id="home-title")
        yield Input(
            placeholder="words to find · series:NAME · from:2026-11-01 · to:2026-12-31",
            id="history-filter",
        )
        yield OptionList(id="history-list")
        yield Static("", id="home-message")
        yield Footer()

    def on_mount(self) -> None:
        try:
            self.series_names = {
                s.id: s.name for s in SeriesStore(self.store.paths, self.store).all()
            }
        except SeriesError as exc:
            self.say(str(exc), error=True)
        self.query_one("#history-filter", Input).focus()
        self.say("Reading the sessions…")
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
            self.say(f"The sessions could not be read: {event.worker.error}", error=True)

    def show(self, wanted: HistoryFilter) -> list[HistoryRow]:
        """List the rows that pass `wanted`."""
        rows = self.history.search(wanted)
        listing = self.query_one("#history-list", OptionList)
        listing.clear_options()
        listing.add_options(row_option(r, self.series_names) for r in rows[:SHOWN_AT_MOST])
        if not rows:
            listing.add_option(Option(Text("No session matches", style="italic"), disabled=True))
        else:
            listing.highlighted = 0
        more = len(rows) - SHOWN_AT_MOST
        sessions = "1 session" if len(rows) == 1 else f"{len(rows)} sessions"
        self.say(f"{sessions}; the newest {SHOWN_AT_MOST} listed" if more > 0 else sessions)
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
        from facilitator.meeting import Meeting
        from facilitator.screens.review import ReviewScreen

        if not event.option_id:
            return
        session_id = event.option_id.removeprefix("session-")
        try:
            session = self.store.open(session_id)
        except StoreError as exc:
            self.say(str(exc), error=True)
            return
        meeting = Meeting(session, self.app_now())
        self.app.push_screen(ReviewScreen(meeting, self.store.paths.exports))

    def app_now(self) -> Clock:
        """The app's clock (the store's own when the app has none)."""
        now = getattr(self.app, "now", None)
        return now if callable(now) else time.time

    def on_screen_resume(self) -> None:
        """Back from a session: it may have changed."""
        if self.loaded:
            self._read()

    def action_back(self) -> None:
        """Back to the home screen."""
        self.dismiss()

    def say(self, message: str, error: bool = False) -> None:
        """Show a one-line message at the bottom."""
        line = self.query_one("#home-message", Static)
        line.update(Text(message))
        line.set_class(error, "-error")
