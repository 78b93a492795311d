"""The Textual application: wires the core's parts together and opens the first screen."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from facilitator.agenda.library import AgendaLibrary
from facilitator.agenda.model import Agenda
from facilitator.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    choose_language,
    current_language,
    set_language,
)
from facilitator.meeting.clock import Clock
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.launch import Notice, NoticeKind, create_to_run, open_to_run
from facilitator.screens.base import GuardsLeaving, Translated, unique_bindings
from facilitator.screens.home import HomeScreen
from facilitator.screens.messages import OpenSession
from facilitator.storage.paths import DataPaths
from facilitator.storage.settings import Settings
from facilitator.themes import THEMES
from facilitator.workspace import Workspace

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from facilitator.screens.run import RunScreen
    from facilitator.storage.session_file import StoredSession


@dataclass
class StartRequest:
    """A meeting to start as soon as the app opens (`facilitator run`, `facilitator demo`)."""

    agenda: Agenda
    details: MeetingDetails = field(default_factory=MeetingDetails)
    session_id: str = ""
    """A session already created for it (`facilitator run --series`): opened, not made."""
    notices: list[Notice] = field(default_factory=list)
    """What its creation has to tell while the meeting is on screen (a programme's rule
    the meeting goes past), shown once the app opens it."""


class FacilitatorApp(App[None]):
    """The projected meeting companion."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "facilitator"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS = [
        # priority: Ctrl+Q must quit from dialogs and previews too.
        Binding(
            "ctrl+q",
            "quit",
            N_("Quit"),
            id="quit",
            tooltip=N_("Close the app; the session stays saved."),
            priority=True,
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        library: AgendaLibrary | None,
        start: StartRequest | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.paths = workspace.paths
        self.library = library
        """The agendas; None until the home screen's worker has read them."""
        self.store = workspace.sessions
        self.now = workspace.now
        self.start_request = start
        self.exported: list[Path] = []
        """Files exported during this run, printed by the CLI on exit."""
        self.settings = Settings.load(self.paths.settings)
        set_language(choose_language(language, self.settings.language))
        for theme in THEMES:
            self.register_theme(theme)
        self._apply_first_theme(self.settings.theme)

    def _apply_first_theme(self, name: str) -> None:
        """Use theme `name` from the start. Setting `theme` the usual way would parse the
        stylesheet twice (a tenth of the start-up time); before the first parse, giving the
        stylesheet the theme's variables and the app its theme classes is enough."""
        self.set_reactive(FacilitatorApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.update_classes(
            {f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False
        )

    def next_theme(self) -> None:
        """Cycle through the projection themes and remember the choice."""
        names = [t.name for t in THEMES]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.settings.theme = self.theme
        self.save_settings()

    def save_settings(self) -> None:
        """Remember the settings; say so when the disk refuses."""
        if not self.settings.save(self.paths.settings):
            self.notify(
                _("Settings could not be saved in {path}").format(path=self.paths.settings),
                severity="warning",
            )

    async def switch_language(self, language: str) -> None:
        """Speak `language` from now on, remember it, and redraw the screens in it."""
        set_language(language)
        self.settings.language = language
        self.save_settings()
        # The screen in front is redrawn now; the ones behind it when they come back (the
        # command palette is in front when this runs from it).
        if isinstance(self.screen, Translated):
            await self.screen.retranslate_if_needed()

    async def action_quit(self) -> None:
        """Close the app; a meeting holding what the disk refused asks first."""
        from facilitator.screens.leave import LeaveDialog

        if isinstance(self.screen, LeaveDialog):
            return  # the question is on the screen: it is the way out
        guarded = [s for s in self.screen_stack if isinstance(s, GuardsLeaving)]
        if guarded:
            guarded[-1].leave_then(self.exit)
            return
        self.exit()

    def action_command_palette(self) -> None:
        """The command palette, its search line in the UI language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette offers every key the current screen has, by its description."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))
        for language in LANGUAGES:
            if language != current_language():
                yield SystemCommand(
                    _("Language: {name}").format(name=LANGUAGE_NAMES[language]),
                    _("Show the app in {name}; remembered for the next time").format(
                        name=LANGUAGE_NAMES[language]
                    ),
                    partial(self.switch_language, language),
                )
        # The screen's own keys only: not the text field's cursor keys, not the app's.
        own = [
            active.binding
            for active in screen.active_bindings.values()
            if active.node is screen and active.enabled
        ]
        for binding in unique_bindings(own):
            # No help line without a tooltip: the title again under it would list the
            # command twice (Textual's own Focus Next and Focus Previous have none).
            yield SystemCommand(
                binding.description,
                binding.tooltip,
                partial(self.run_action, binding.action, screen),
            )

    def keymap_bindings(self) -> list[list[Binding]]:
        """The keys the `keymap` setting may give other keys, class by class: the app's,
        the home screen's and the run screen's (a light module of their own, loaded here
        at the start), those with an id."""
        from facilitator.screens.run_keys import RUN_BINDINGS

        return [
            [b for b in declared if isinstance(b, Binding) and b.id]
            for declared in (self.BINDINGS, HomeScreen.BINDINGS, RUN_BINDINGS)
        ]

    def apply_keymap(self) -> None:
        """Give the keys the settings' keymap names their other keys; say what is left
        out (an entry that is not a key, an id no key has), never stop for it."""
        declared = self.keymap_bindings()
        known = {b.id for bindings in declared for b in bindings}
        problems = [problem.describe(self.paths.settings) for problem in self.settings.problems]
        keymap: dict[str, str] = {}
        for binding_id, keys in self.settings.keymap.items():
            if binding_id in known:
                keymap[binding_id] = keys
            else:
                problems.append(
                    _(
                        "{path}: `keymap` names {id}, which is the id of no key; it is left "
                        "out (README.md lists the ids)."
                    ).format(path=self.paths.settings, id=f'"{binding_id}"')
                )
        self.set_keymap(keep_shared_keys(keymap, declared))
        for problem in problems:
            self.notify(problem, severity="warning", timeout=30)

    def on_mount(self) -> None:
        self.apply_keymap()
        self.push_screen(HomeScreen(self.load_library, self.workspace))
        if self.start_request is not None and self.start_request.session_id:
            self.open_session(self.start_request.session_id)
            self._tell(self.start_request.notices)
        elif self.start_request is not None:
            self.start_meeting(self.start_request.agenda, self.start_request.details)

    def load_library(self, cached_only: bool = False) -> AgendaLibrary | None:
        """The agendas, read once. With `cached_only`, None unless every file is in the
        parsed-agenda cache (quick, for the UI thread); else parses (for a worker)."""
        if self.library is None:
            if cached_only:
                self.library = AgendaLibrary.from_cache(self.paths)
            else:
                self.library = AgendaLibrary.discover(self.paths)
        return self.library

    def start_meeting(self, agenda: Agenda, details: MeetingDetails, series_id: str = "") -> None:
        """Create a session on `agenda` (the next of a series, when given: the start dialog
        already showed its review block) and open the run screen on it."""
        launch = create_to_run(self.workspace, agenda, details, series=series_id)
        self._tell(launch.notices)
        if launch.session is not None:
            self._run(launch.session)

    def open_session(self, session_id: str) -> None:
        """Open a stored session on the run screen, where it stopped."""
        launch = open_to_run(self.workspace, session_id)
        self._tell(launch.notices)
        if launch.session is None:
            if isinstance(self.screen, HomeScreen):
                self.screen.show_sessions()
            return
        self._run(launch.session)

    def _tell(self, notices: list[Notice]) -> None:
        """Show a session's launch notices, each as loud and as long as it deserves."""
        looks: dict[NoticeKind, tuple[SeverityLevel, float]] = {
            NoticeKind.RECOVERED: ("warning", 30),
            NoticeKind.MIGRATED: ("information", 15),
            NoticeKind.NOT_OPENED: ("error", 10),
            NoticeKind.NOT_CREATED: ("error", 15),
            NoticeKind.RULE: ("warning", 30),
        }
        for notice in notices:
            severity, timeout = looks[notice.kind]
            self.notify(notice.text, severity=severity, timeout=timeout)

    def _run(self, session: StoredSession) -> None:
        # Imported here: the meeting, the run screen and its Markdown preview are not needed
        # to show the home screen, and leaving them out keeps start-up short.
        from facilitator.meeting.live import Meeting
        from facilitator.screens.run import RunScreen
        from facilitator.storage.presence import room_following

        meeting = Meeting(session, self.now, self.paths)
        following = partial(room_following, self.paths, session.id, self.now)
        self.push_screen(RunScreen(meeting, self.paths.exports, self, following))

    @on(HomeScreen.StartMeeting)
    def _start_from_home(self, event: HomeScreen.StartMeeting) -> None:
        self.start_meeting(event.agenda, event.details, event.series_id)

    @on(OpenSession)
    def _open_asked(self, event: OpenSession) -> None:
        self.open_session(event.session_id)

    def on_run_screen_exported(self, event: RunScreen.Exported) -> None:
        """Remember exported files, for the command line to print on exit."""
        self.exported.extend(event.paths)


def _keys(binding: Binding) -> set[str]:
    return {key.strip() for key in binding.key.split(",")}


def keep_shared_keys(keymap: dict[str, str], declared: list[list[Binding]]) -> dict[str, str]:
    """`keymap`, with the keys they were declared with for the bindings that share a key
    with one it gives other keys (Start shares Ctrl+N with Next, Resume Ctrl+T with
    Pause): Textual takes a remapped binding's keys away from every binding on them, so
    without this a keymap for Next would leave Start without a key."""
    kept = dict(keymap)
    changed = True
    while changed:
        changed = False
        for bindings in declared:
            moved = [b for b in bindings if b.id in kept]
            for binding in bindings:
                if binding.id in kept or not binding.id:
                    continue
                if any(_keys(binding) & _keys(other) for other in moved):
                    kept[binding.id] = binding.key
                    changed = True
    return kept


def make_app(
    paths: DataPaths,
    *,
    library: AgendaLibrary | None = None,
    start: StartRequest | None = None,
    now: Clock = time.time,
    language: str | None = None,
) -> FacilitatorApp:
    """Build the app; shared by the command line and the tests. `language`: `--lang`."""
    return FacilitatorApp(Workspace(paths, now), library, start=start, language=language)
