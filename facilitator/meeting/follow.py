"""A session followed from its files by a read-only room view (`facilitator room`).

The facilitator's window writes the session (it holds its lock); the room view only reads
it, a few times a second, and never writes, locks or repairs anything: it is a follower.
`SessionFollower.poll` looks at the snapshot's and the journal's status (`os.stat`: size,
modification time, inode), which costs next to nothing, and reads the files again only
when one of them changed (`reader_for`: the snapshot and its journal, nothing written,
nothing set aside). What it reads becomes a `Meeting` over an in-memory copy, with every
confidential entry left out before anything can show it.

A reading can fail for a moment: a compaction replaces both files (the reader reads the
pair again), a recovery in the facilitator's window sets a damaged file aside and puts
its last good copy in its place. So a failed reading is tried again every `RETRY_S`,
while the last sound one stays on screen; only after `LOST_AFTER_S` of failures (or of a
missing file) is the session lost (`Lost`), and the room told. It keeps looking: a file
that comes back is followed again.

Between two changes the clock goes on from the stored state: the timing engine computes
every figure from the stored start and pause stamps and `now`, as in the operator's window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from facilitator.meeting.clock import Clock
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import Entry, SessionInfo
from facilitator.storage.guarded import DAMAGE
from facilitator.storage.journal import NewerSchemaError, Tables, journal_path
from facilitator.storage.journaled import reader_for
from facilitator.storage.migration import migrate
from facilitator.storage.session_file import StoredSession

RETRY_S = 0.5
"""How soon a reading that failed (damage, a file replaced midway) is tried again."""
LOST_AFTER_S = 3.0
"""How long the session may stay unreadable or missing before the room is told."""

Stamp = tuple[int, int, int] | None
"""A file's inode, size and modification time in nanoseconds; None when it is missing."""


def stamp(path: Path) -> Stamp:
    """The status of `path` that changes whenever it is written or replaced."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


class Lost(StrEnum):
    """Why the followed session cannot be shown."""

    DELETED = "deleted"
    """Its file is gone."""
    DAMAGED = "damaged"
    """Its files cannot be read (damaged, or of a newer app)."""


def shared_tables(tables: Tables) -> Tables:
    """`tables` (read from a session's files, migrated) without its confidential entries:
    what may be shown to the room. The entries are checked as the app reads them.

    Raises:
        KeyError, TypeError, ValueError: an entry is damaged.
    """
    entries = tables.get("entries") or {}
    kept = {key: doc for key, doc in entries.items() if not Entry.from_dict(doc).confidential}
    return {**tables, "entries": kept}


def shared_meeting(tables: Tables, session_id: str, now: Clock) -> Meeting:
    """A meeting over an in-memory copy of `tables` (which nothing writes back), with the
    confidential entries left out (`shared_tables`).

    Raises:
        UnreadableFile, KeyError, TypeError, ValueError: the tables are damaged.
        NewerSchemaError: written by a newer app.
    """
    data: dict[str, Any] = {name: dict(docs) for name, docs in tables.items()}
    migrate(data)  # in memory only
    data = shared_tables(data)
    info = SessionInfo.from_dict(next(iter(data["meta"].values())))
    info.id = session_id
    db = TinyDB(storage=MemoryStorage)
    db.storage.write(data)
    return Meeting(StoredSession(db, info), now)


@dataclass(frozen=True)
class Reading:
    """What the room view can show of the followed session."""

    meeting: Meeting | None
    """The last sound reading (None before the first)."""
    lost: Lost | None = None
    """Set once the session has been unreadable or missing for `LOST_AFTER_S`."""


class SessionFollower:
    """Follows one session file from the outside.

    Args:
        path: the session's snapshot (`<id>.json`); its journal is beside it.
        now: the clock (wall-clock seconds); tests pass a fake one.
    """

    def __init__(self, path: Path, now: Clock) -> None:
        self.path = path
        self.journal = journal_path(path)
        self._now = now
        self._stamps: tuple[Stamp, Stamp] | None = None
        """The files' status at the last reading that worked."""
        self._failing_since: float | None = None
        self._last_try = 0.0
        self.reading = Reading(None)
        self.reads = 0
        """How many times the files were read (for the benchmark and the tests)."""

    def poll(self) -> bool:
        """Look at the files; read them again when they changed, or when the last reading
        failed and `RETRY_S` has passed. True when `reading` changed (redraw)."""
        stamps = (stamp(self.path), stamp(self.journal))
        now = self._now()
        if stamps == self._stamps and (
            self._failing_since is None or now - self._last_try < RETRY_S
        ):
            return False
        self._last_try = now
        return self._read(stamps, now)

    def _read(self, stamps: tuple[Stamp, Stamp], now: float) -> bool:
        lost: Lost | None = None
        meeting: Meeting | None = None
        if stamps[0] is None:
            lost = Lost.DELETED
        else:
            self.reads += 1
            try:
                tables = reader_for(self.path)()
                if tables is None:
                    lost = Lost.DELETED
                else:
                    meeting = shared_meeting(tables, self.path.stem, self._now)
            except FileNotFoundError:
                lost = Lost.DELETED
            except (*DAMAGE, NewerSchemaError, OSError, StopIteration):
                lost = Lost.DAMAGED
        self._stamps = stamps
        if meeting is not None:
            self._failing_since = None
            self.reading = Reading(meeting)
            return True
        if self._failing_since is None:
            self._failing_since = now
        if now - self._failing_since < LOST_AFTER_S:
            return False  # the last sound reading stays on screen meanwhile
        if self.reading.lost is lost:
            return False
        self.reading = Reading(self.reading.meeting, lost)
        return True
