"""The data folder's stores, built once with one clock and handed to whoever needs them: the
app and its screens, and the command line."""

from __future__ import annotations

import time
from functools import cached_property
from typing import TYPE_CHECKING

from facilitator.meeting.clock import Clock
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore

if TYPE_CHECKING:
    from facilitator.programme.series_store import SeriesStore


class Workspace:
    """The sessions and the series of one data folder, on one clock (the tests' fake one,
    or the wall clock)."""

    def __init__(self, paths: DataPaths, now: Clock = time.time) -> None:
        self.paths = paths
        self.now = now
        self.sessions = SessionStore(paths, now)

    @cached_property
    def series(self) -> SeriesStore:
        """The series store, built the first time a series is used: the home screen and the
        commands without a series start without loading it."""
        from facilitator.programme.series_store import SeriesStore

        return SeriesStore(self.paths, self.sessions, self.now)

    @property
    def series_loaded(self) -> bool:
        """True once the series store was built (so it may hold recoveries to report)."""
        return "series" in self.__dict__
