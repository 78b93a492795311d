"""What every command is handed: the data folder, its stores on one clock, the streams to
write to, and what is still to be said when the command ends."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from facilitator.i18n import _
from facilitator.meeting.clock import Clock
from facilitator.storage.paths import DataPaths
from facilitator.terminal import terminal_text
from facilitator.workspace import Workspace


class UserError(Exception):
    """A mistake the user can fix; its message is printed as is."""


@dataclass
class CliContext:
    """One run of the command line.

    The workspace costs nothing to build (no file is read until a store is used, and the
    series store is only built for the commands that use a series).
    """

    paths: DataPaths
    now: Clock = time.time
    out: TextIO = field(default_factory=lambda: sys.stdout)
    """Where a command's results go: lists, written paths."""
    err: TextIO = field(default_factory=lambda: sys.stderr)
    """Where problems go, so the output stays what was asked for."""
    later: list[str] = field(default_factory=list)
    """Problems to tell when the command ends (after the app, when it ran)."""
    workspace: Workspace = field(init=False)

    def __post_init__(self) -> None:
        self.workspace = Workspace(self.paths, self.now)

    def say(self, text: object = "", *, err: bool = False) -> None:
        """Print one line of a result (on stdout), or with `err` of a problem (stderr):
        the one way the command line writes to a terminal, so no control character held
        in a title, an agenda or a file name ever changes it (`terminal_text`)."""
        print(terminal_text(str(text)), file=self.err if err else self.out)

    def problem(self, problem: object) -> None:
        """Say one problem on one line of stderr: `facilitator: ...`."""
        self.say(_("facilitator: {problem}").format(problem=problem), err=True)

    def report_recoveries(self) -> None:
        """Tell what is still to be told: every series file replaced by its last good copy
        during the command."""
        for text in self.later:
            self.problem(text)
        self.later.clear()
        if self.workspace.series_loaded:
            recoveries = self.workspace.series.recoveries
            for recovery in recoveries:
                self.problem(recovery.describe())
            recoveries.clear()
