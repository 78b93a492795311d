"""Test helpers: a fake clock, and reading the app's screen as text."""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

# Riga's rules as a POSIX string: no tz database needed on the machine.
RIGA_TZ = "EET-2EEST,M3.5.0/3,M10.5.0/4"
# 23 Nov 2026 14:00:00 in Riga (UTC+2 in winter).
START = 1795435200.0


class FakeClock:
    """A wall clock that only moves when a test moves it."""

    def __init__(self, start: float = START) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.t += seconds


def screen_text(app: App[object]) -> str:
    """What the active screen shows, row by row, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


WAIT_S = 10.0
"""How long a test waits for the screen to show something before it fails (the run screen
redraws when the shown second changes, at least once a second)."""


async def wait_until(pilot: Pilot[object], check: Callable[[], bool], what: str) -> None:
    """Let the app run until `check()` holds; fail after `WAIT_S` seconds."""
    deadline = time.monotonic() + WAIT_S
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{what} never happened; the screen shows:\n{screen_text(pilot.app)}"
            )
        await pilot.pause(0.02)


async def wait_for_text(pilot: Pilot[object], text: str) -> str:
    """Let the app run until `text` is on screen; fail with the screen if it never is."""
    await wait_until(pilot, lambda: text in screen_text(pilot.app), repr(text))
    return screen_text(pilot.app)


class FullDisk:
    """The session files' disk, full on demand: a failing writer for the session (and
    series) files alone, so the recovery and draft files beside them can still be
    written. `full` turns it on and off; `writes_refused` counts the refusals."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from facilitator.storage import guarded, journaled

        self.full = False
        self.writes_refused = 0
        real = guarded.write_atomic
        real_append = journaled.append_durably

        def write(path: Path, data: bytes, previous: Path | None = None) -> os.stat_result:
            if self.full:
                self.writes_refused += 1
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(path, data, previous)  # the new file's status, as the real one

        def append(fd: int, data: bytes) -> None:
            if self.full:
                self.writes_refused += 1
                raise OSError(errno.ENOSPC, "No space left on device")
            real_append(fd, data)

        monkeypatch.setattr(guarded, "write_atomic", write)
        monkeypatch.setattr(journaled, "write_atomic", write)
        monkeypatch.setattr(journaled, "append_durably", append)


def session_tables(path: Path) -> dict[str, dict[str, Any]]:
    """What a session file holds as any reader sees it: its snapshot with its journal
    replayed (read as the app reads it, writing nothing)."""
    from facilitator.storage.journaled import reader_for

    tables = reader_for(path)()
    assert tables is not None, f"no session file {path}"
    return tables


def write_session_tables(path: Path, tables: dict[str, dict[str, Any]] | str) -> None:
    """Write `tables` (or JSON text) as the session file `path`, sealed and without a
    journal: a file edited by hand whose content (not its checksum) is what a test means
    to damage."""
    import hashlib
    import json

    from facilitator.storage.journal import journal_path

    text = tables if isinstance(tables, str) else json.dumps(tables, ensure_ascii=False)
    body = text.encode("utf-8")
    head = f"facilitator-snapshot 1 1 {len(body)} {hashlib.sha256(body).hexdigest()}\n"
    path.write_bytes(head.encode("ascii") + body)
    journal_path(path).unlink(missing_ok=True)


def flat(text: str) -> str:
    """The screen's words in one line, borders and wrapping gone."""
    return " ".join(re.sub(r"[│▌▐▎▊┃╭╮╰╯─▔▁▆]", " ", text).split())


def shipped(paths: Any, agenda_id: str) -> Any:
    """A shipped agenda by its id (`visit-1-situation-lv`), as the library finds it."""
    from facilitator.agenda.library import AgendaLibrary

    agenda = AgendaLibrary.discover(paths).find(agenda_id)
    assert agenda is not None, agenda_id
    return agenda


def meeting_on(paths: Any, clock: FakeClock, agenda_id: str, details: Any = None) -> Any:
    """A new session of a shipped agenda, started: the `Meeting` of `meeting.live`."""
    from facilitator.meeting.live import Meeting
    from facilitator.storage.sessions import SessionStore

    meeting = Meeting(SessionStore(paths, clock).create(shipped(paths, agenda_id), details), clock)
    meeting.start()
    return meeting


def app_on(paths: Any, clock: FakeClock, agenda_id: str, language: str = "en") -> Any:
    """The app opening straight into the run screen of a new session of a shipped agenda,
    its screens in `language`."""
    from facilitator.app import StartRequest, make_app

    agenda = shipped(paths, agenda_id)
    return make_app(paths, now=clock, start=StartRequest(agenda), language=language)


async def run_screen(pilot: Pilot[object]) -> Any:
    """The run screen, once it is the active one."""
    from facilitator.screens.run import RunScreen

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RunScreen), "the run screen")
    return pilot.app.screen
