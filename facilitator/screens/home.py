"""The home screen: pick an agenda to run, or a stored session to resume or review.

The session list is `widgets.session_list`, filled off the UI thread from the history
index; the offers made at the start to put back what a meeting could not save are
`screens.rescue_offer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from facilitator.agenda.library import OTHER_PROGRAMME, AgendaFile, AgendaLibrary
from facilitator.agenda.model import Agenda, blocks_text
from facilitator.i18n import (
    LANGUAGE_NAMES,
    N_,
    _,
    current_language,
    ngettext,
)
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.history import HistoryRow, SessionHistory
from facilitator.screens.base import AppScreen
from facilitator.screens.messages import OpenSession
from facilitator.screens.rescue_offer import offer_rescue
from facilitator.widgets.message import MessageLine
from facilitator.widgets.session_list import SessionList
from facilitator.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.storage.rescue import Rescue, RescueStore

UNUSABLE = N_("Cannot be used")
"""The heading of the agenda files that cannot be used (each language in its own words
heads the others)."""


def section_heading(programme: str) -> str:
    """The heading of the agendas of `programme`; empty: those that name none."""
    return programme or _(OTHER_PROGRAMME)


class ListEntry(Content):
    """The text of one agenda in the list, which knows its height at once when it fits.

    An option list measures the height of every option, by wrapping its text, when it is
    shown and again on every resize; for a few hundred agendas that wrapping was most of
    the time the list took to show. A text whose every line fits the width is as many
    rows high as it has lines; only a text that does not fit is wrapped to find out.
    """

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The rows this text takes at `width` cells, the same as `Content` finds."""
        plain = self.plain
        if "\t" not in plain and self.get_optimal_width(rules, width) <= width:
            return plain.count("\n") + 1
        return super().get_height(rules, width)


def agenda_option(file: AgendaFile, index: int) -> Option:
    """One entry of the agenda list; an invalid file shows its first error.

    Built from the file's summary alone, as `Content`: the list never needs the whole
    agenda, and the option list takes `Content` as it is, without converting it.
    """
    summary = file.summary
    if summary is None:
        invalid = _("invalid: {problem}").format(problem=file.errors[0].message)
        prompt = ListEntry.assemble((f"✗ {file.path.name}", "bold"), (f"\n  {invalid}", "italic"))
    else:
        blocks = blocks_text(summary.block_count)
        if summary.days > 1:
            blocks = ngettext("{n} day", "{n} days", summary.days).format(n=summary.days) + (
                f" · {blocks}"
            )
        # An agenda in the other language says so: both stand side by side in a programme.
        language = (
            f" · {LANGUAGE_NAMES.get(summary.language, summary.language)}"
            if summary.language != current_language()
            else ""
        )
        prompt = ListEntry.assemble(
            (summary.title, "bold"),
            (f"\n  {summary.total.describe()} · {blocks}{language}", "not bold"),
        )
    return Option(prompt, id=f"agenda-{index}")


def problems_preview(file: AgendaFile) -> Text:
    """Why a file cannot be used: its path, then each problem by line."""
    text = Text(f"{file.path}\n", style="bold")
    for problem in file.problems:
        if problem.warning:
            line = _("line {line}: warning: {problem}")
        else:
            line = _("line {line}: {problem}")
        text.append(line.format(line=problem.line, problem=problem.message) + "\n")
    if file.valid:
        # It could be used when the list was read, but has changed since.
        text.append(
            _(
                "the file changed and cannot be read now; "
                "`facilitator agendas check` lists its problems"
            )
            + "\n"
        )
    text.rstrip()
    return text


def agenda_options(library: AgendaLibrary) -> list[Option]:
    """The agenda list: a heading per programme, then its agendas (those in the UI
    language first), in an order that stays the same (`group_by_programme`); the files
    that cannot be used last, with their first problem."""
    options: list[Option] = []
    sections = [(section_heading(p), i) for p, i in library.programme_sections()]
    unusable = [i for i, file in enumerate(library.files) if file.summary is None]
    if unusable:
        sections.append((_(UNUSABLE), unusable))
    for heading, indexes in sections:
        options.append(Option(Content.styled(heading, "bold underline"), disabled=True))
        options += [agenda_option(library.files[i], i) for i in indexes]
    return options


def agenda_preview(agenda: Agenda) -> Text:
    """The blocks of an agenda and their questions."""
    text = Text(agenda.title + "\n", style="bold")
    if agenda.description:
        text.append(agenda.description + "\n", style="italic")
    kind = f"{agenda.meeting_kind} · " if agenda.meeting_kind else ""
    blocks = blocks_text(len(agenda.blocks))
    text.append(f"{kind}{blocks} · {agenda.total.describe()}\n")
    for number, block in enumerate(agenda.blocks, 1):
        text.append(f"\n{number}. {block.title}", style="bold")
        text.append(f"  {block.duration.describe()} · {block.kind.describe()}\n")
        for prompt in block.prompts:
            text.append(f"   • {prompt}\n")
    text.rstrip()
    return text


class HomeScreen(AppScreen[None]):
    """Lists the agendas and the stored sessions."""

    @dataclass
    class StartMeeting(Message):
        """The facilitator picked an agenda and filled in the meeting's details."""

        agenda: Agenda
        details: MeetingDetails
        series_id: str = ""
        """The series the meeting is the next session of; empty for a one-off meeting."""

    BINDINGS = [
        Binding("tab", "app.focus_next", N_("Agendas / sessions"), id="switch", show=True),
        Binding(
            "h",
            "history",
            N_("History"),
            id="history",
            tooltip=N_("Every past session and series: filter by series, dates and words."),
        ),
    ]

    def __init__(
        self, load_library: Callable[[bool], AgendaLibrary | None], workspace: Workspace
    ) -> None:
        super().__init__()
        self.load_library = load_library
        self.library = AgendaLibrary()
        """Empty until the worker has read the agenda files."""
        self.workspace = workspace
        self.store = workspace.sessions
        self._rescues_offered = False
        from facilitator.storage.rescue import RescueStore

        self._rescue_store = RescueStore(workspace.paths)
        self._rescues_at_start: list[Rescue] = []

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="home-title")
        with Horizontal(id="home-body"):
            with Vertical(id="home-lists"):
                yield Static(_("Agendas"), id="agendas-title", classes="section-title")
                yield OptionList(
                    Option(Text(_("Reading agendas…"), style="italic"), disabled=True), id="agendas"
                )
                yield Static(_("Sessions"), id="sessions-title", classes="section-title")
                yield SessionList(id="sessions")
            with VerticalScroll(id="preview-scroll"):
                yield Static("", id="preview")
        yield MessageLine(id="home-message")
        yield Footer()

    def on_mount(self) -> None:
        self._rescues_at_start = self._rescue_store.pending()
        # The sessions are listed by `on_screen_resume`, which also follows the first mount:
        # listing them here too read every session file twice at each start.
        self.query_one("#agendas", OptionList).focus()
        try:
            # Every start but the first: all agendas come from the cache, at once.
            cached = self.load_library(True)
        except Exception:
            cached = None
        if cached is not None:
            self._show_agendas(cached)
        else:
            self._read_agendas()

    @work(thread=True, exit_on_error=False)
    def _read_agendas(self) -> None:
        """Parse the agenda files off the UI thread: the screen never waits for them."""
        library = self.load_library(False)
        if library is not None:
            self.app.call_from_thread(self._show_agendas, library)

    @staticmethod
    def _title() -> str:
        return _("facilitator · pick an agenda and press Enter")

    async def retranslate(self) -> None:
        """Say everything again in the UI language; the highlighted agenda and session, the
        focus and the preview stay."""
        self.query_one("#home-title", Static).update(self._title())
        self.query_one("#agendas-title", Static).update(_("Agendas"))
        self.query_one("#sessions-title", Static).update(_("Sessions"))
        agendas = self.query_one("#agendas", OptionList)
        if self.library.files:
            highlighted = agendas.highlighted
            self._show_agendas(self.library, highlighted)
        else:
            agendas.replace_option_prompt_at_index(0, Text(_("Reading agendas…"), style="italic"))
        self.query_one("#sessions", SessionList).retranslate()
        self.query_one(MessageLine).retranslate()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "sessions":
            self.say(
                lambda: _("The sessions could not be listed: {error}").format(error=error),
                error=True,
            )
        else:
            self.say(
                lambda: _("The agendas could not be read: {error}").format(error=error),
                error=True,
            )

    def _show_agendas(self, library: AgendaLibrary, highlighted: int | None = None) -> None:
        self.library = library
        agendas = self.query_one("#agendas", OptionList)
        agendas.clear_options()
        agendas.add_options(agenda_options(library))
        if highlighted is None:
            # The first option is a language heading; start on the first agenda.
            agendas.action_first()
        else:
            agendas.highlighted = highlighted

    def on_screen_resume(self) -> None:
        """List the sessions when the screen shows: at start, and back from a meeting (the
        base redraws it in a language chosen meanwhile)."""
        self.show_sessions()
        self._offer_rescues()

    def _offer_rescues(self) -> None:
        """Once per start, when this screen is first in front: offer to put back what a
        meeting could not save when it was last closed (`storage.rescue`), a question a
        file. Only the files there at the start: one kept during this run on purpose
        ("keep in a file") waits for the next start."""
        if self._rescues_offered or not self.is_current:
            return
        self._rescues_offered = True
        for rescue in self._rescues_at_start:
            self._offer_rescue(self._rescue_store, rescue)

    def _offer_rescue(self, rescues: RescueStore, rescue: Rescue) -> None:
        offer_rescue(self.app, self.store, rescues, rescue, self._rescued)

    def _rescued(self) -> None:
        self.show_sessions(keep_place=True)

    def show_sessions(self, keep_place: bool = False) -> None:
        """List the stored sessions again, newest first, read off the UI thread from the
        history index (only files that changed since it last saw them are read); with
        `keep_place`, the highlighted one stays highlighted (else an interrupted meeting,
        or the newest, is)."""
        self._read_sessions(keep_place)

    @work(thread=True, exclusive=True, group="sessions", exit_on_error=False)
    def _read_sessions(self, keep_place: bool) -> None:
        self.store.tidy_locks()
        history = SessionHistory(self.workspace.paths, self.store)
        rows = history.refresh(texts=False)
        problems = [*history.problems, *history.recovered]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._list_sessions, rows, problems, keep_place)

    def _list_sessions(
        self, rows: list[HistoryRow], problems: list[Exception], keep_place: bool
    ) -> None:
        sessions = self.query_one("#sessions", SessionList)
        interrupted = sessions.fill(rows, keep_place)
        if interrupted is not None:
            # Offer the meeting that stopped while running: Enter resumes it.
            sessions.focus()
            title = interrupted.title
            self.say(
                lambda: _(
                    "“{title}” stopped while its timer ran: press Enter to resume it."
                ).format(title=title)
            )
        if problems:
            self.say(lambda: " ".join(str(p) for p in problems), error=True)

    @on(OptionList.OptionHighlighted, "#agendas")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        file = self._file(event.option_id)
        preview = self.query_one("#preview", Static)
        if file is None:
            return
        agenda = file.agenda  # read whole on first use
        if agenda is None:
            preview.update(problems_preview(file))
        else:
            preview.update(agenda_preview(agenda))

    @on(OptionList.OptionSelected, "#agendas")
    def _start(self, event: OptionList.OptionSelected) -> None:
        file = self._file(event.option_id)
        if file is None:
            return
        agenda = file.agenda
        if agenda is None:
            name = file.path.name
            self.say(
                lambda: _(
                    "{file} cannot be used: its problems are listed on the right. "
                    "Fix the file and start facilitator again."
                ).format(file=name),
                error=True,
            )
            return

        from facilitator.screens.start import StartChoice, StartDialog  # not needed at first

        def open_meeting(choice: StartChoice | None) -> None:
            if choice is not None:
                self.post_message(self.StartMeeting(*choice))

        today = date.fromtimestamp(self.workspace.now()).isoformat()  # proposed, changeable
        self.app.push_screen(StartDialog(agenda, self.workspace.series, today), open_meeting)

    @on(OptionList.OptionSelected, "#sessions")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        session_id = SessionList.session_id(event.option_id)
        if session_id is not None:
            self.post_message(OpenSession(session_id))

    def _file(self, option_id: str | None) -> AgendaFile | None:
        if not option_id:
            return None
        index = int(option_id.removeprefix("agenda-"))
        return self.library.files[index]

    def action_history(self) -> None:
        """Open the history of past sessions and series."""
        from facilitator.screens.history import HistoryScreen  # not needed to show this one

        self.app.push_screen(HistoryScreen(self.workspace))

    def say(self, message: str | Callable[[], str], error: bool = False) -> None:
        """Show a one-line message at the bottom. Given as a function that makes it, the
        message is said again in the new language when the language changes."""
        self.query_one(MessageLine).say(message, error)
