"""A session's files guarded as one: the snapshot, its journal, and their last good copy
(`<id>.json.prev` and `<id>.json.prev.journal`, the snapshot before the last compaction and
the journal it had, which together hold what the snapshot does).

A damaged snapshot is set aside with its journal. The last good copy takes its place, and
its journal with it, followed by the sound records of the journal set aside (they were
written after the copy's, so replaying them there loses nothing but the damage). A journal
damaged before its end (`DamagedJournal`) is copied to the quarantine, never lost, and
replaced by its sound records before the damage; the snapshot stays. Either way the caller
is told (a `Recovery`), and nothing is ever silently cut short.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tinydb import TinyDB

from facilitator.meeting.clock import Clock
from facilitator.storage.atomic import fsync_folder, write_atomic, write_new
from facilitator.storage.guarded import (
    DAMAGE,
    AtomicJSONStorage,
    CorruptFileError,
    GuardedFile,
    Recovery,
    UnreadableFile,
)
from facilitator.storage.journal import (
    DamagedJournal,
    NewerSchemaError,
    decode_journal,
    decode_snapshot,
    journal_header,
    journal_path,
)
from facilitator.storage.migration import SessionStorage
from facilitator.storage.paths import private_folder

T = TypeVar("T")


class JournaledFile(GuardedFile):
    """A `GuardedFile` of a snapshot and its journal (the session files)."""

    def __init__(
        self,
        path: Path,
        quarantine: Path,
        *,
        storage: type[AtomicJSONStorage] = SessionStorage,
        error: type[CorruptFileError] = CorruptFileError,
        now: Clock = time.time,
    ) -> None:
        super().__init__(path, quarantine, storage=storage, error=error, now=now)
        self._journal_aside: Path | None = None
        """Where the journal of a damaged snapshot was set aside, during a recovery."""

    def read(self, check: Callable[[TinyDB], T]) -> tuple[T, Recovery | None]:
        try:
            return check(self.db()), None
        except DamagedJournal as exc:
            reason, kept = str(exc), self._set_journal_aside(exc)
        except DAMAGE:
            return super().read(check)  # reads it again: the snapshot is damaged
        if kept is None:
            return super().read(check)
        try:
            result = check(self.db())
        except DAMAGE:
            return super().read(check)
        saved_at = _mtime(self.path)
        return result, Recovery(self.path, kept, reason, saved_at, self.error.what)

    def _set_journal_aside(self, damage: DamagedJournal) -> Path | None:
        """Keep the damaged journal in the quarantine, then put its sound records in its
        place (atomically: the journal is never missing); where it is kept, or None."""
        journal = journal_path(self.path)
        try:
            raw = journal.read_bytes()
            private_folder(self.quarantine)
            stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._now()))
            kept = write_new(self.quarantine / f"{self.path.stem}.{stamp}.journal", raw)
            if damage.sound:
                write_atomic(journal, damage.sound)
            else:
                journal.unlink()
                fsync_folder(journal.parent)
        except OSError:
            return None
        return kept

    def set_aside(self, path: Path, ending: str = ".json") -> Path | None:
        moved = super().set_aside(path, ending)
        journal = journal_path(path)
        if moved is not None and path == self.path and os.path.lexists(journal):
            self._journal_aside = super().set_aside(journal, ".journal")
        return moved

    def _put_back_beside(self) -> None:
        """Write the journal of the last good copy: its own records, then those of the
        journal set aside with the damaged snapshot."""
        journal = journal_path(self.path)
        try:
            generation = decode_snapshot(self.previous.read_bytes()).generation
        except (OSError, UnreadableFile, NewerSchemaError):
            return
        lines = _records(journal_path(self.previous), generation)
        if lines is None:
            return  # the copy's own journal is not there: the copy alone, an older state
        # The journal set aside follows on only when the copy's journal is whole.
        lines += _records(self._journal_aside, generation + 1) or []
        if lines:
            write_atomic(journal, journal_header(generation) + b"".join(lines))


def _records(path: Path | None, generation: int) -> list[bytes] | None:
    """The sound record lines of the journal `path`, or None when there is none of
    `generation` (the records before a damage when damaged)."""
    if path is None:
        return None
    try:
        raw = path.read_bytes()
        journal = decode_journal(raw)
    except DamagedJournal as exc:
        raw = exc.sound
        if not raw:
            return None
        journal = decode_journal(raw)
    except (OSError, NewerSchemaError):
        return None
    if journal.generation != generation:
        return None
    start = raw.index(b"\n") + 1
    return [raw[start : journal.end]] if journal.end > start else []


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
