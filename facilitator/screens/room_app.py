"""The room view's own small app (`facilitator room`): one screen, read-only, for a second
terminal on the projector. It reads the facilitator's settings (the language, the warning
point) but never writes them, nor anything of the session."""

from __future__ import annotations

import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from facilitator.i18n import N_, choose_language, set_language
from facilitator.meeting.clock import Clock
from facilitator.meeting.follow import SessionFollower
from facilitator.screens.room import RoomScreen
from facilitator.storage.paths import DataPaths
from facilitator.storage.presence import RoomPresence
from facilitator.storage.settings import Settings
from facilitator.themes import ROOM_THEMES


class RoomApp(App[None]):
    """A room view of one session."""

    TITLE = "facilitator room"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    ENABLE_COMMAND_PALETTE = False
    """Nothing to command: the room view only shows."""
    BINDINGS = [Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True)]

    def __init__(
        self,
        paths: DataPaths,
        session_file: Path,
        now: Clock = time.time,
        language: str | None = None,
        announce: bool = True,
    ) -> None:
        super().__init__()
        self.settings = Settings.load(paths.settings)
        set_language(choose_language(language, self.settings.language))
        for theme in ROOM_THEMES:
            self.register_theme(theme)
        self.theme = ROOM_THEMES[0].name
        self.follower = SessionFollower(session_file, now)
        self.presence = RoomPresence(paths, session_file.stem, now) if announce else None

    def on_mount(self) -> None:
        self.push_screen(RoomScreen(self.follower, self.presence, self.settings))
