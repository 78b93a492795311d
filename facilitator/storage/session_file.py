"""One open session file: its details, its clock state and its entries, read and written.

`SessionStore` creates it or opens it (an existing file is checked whole first); the running
meeting writes through it, one entry at a time, each durable when the call returns (one
record appended to the session's journal, `facilitator.storage.journaled`; closing the
session folds the journal into a new snapshot).
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from facilitator.meeting.session import Entry, SessionInfo
from facilitator.storage.atomic import write_atomic
from facilitator.storage.guarded import AtomicJSONStorage, Recovery
from facilitator.storage.journaled import JournalStorage
from facilitator.storage.lock import SessionLock
from facilitator.storage.migration import SCHEMA_VERSION


class StoredSession:
    """One open session file: details, clock state and entries.

    Opened for writing, it holds the session's lock until `close`.
    """

    def __init__(
        self,
        db: TinyDB,
        info: SessionInfo,
        lock: SessionLock | None = None,
        heartbeat: Path | None = None,
    ) -> None:
        self._db = db
        self.info = info
        self._lock: SessionLock | None = None
        if lock is not None:
            self.attach_lock(lock)
        self._heartbeat = heartbeat
        self.recovery: Recovery | None = None
        """Set when the file was damaged and its last good copy is used."""
        self.migrated_from: int | None = None
        """The schema version the file had, when it was older than this app's."""
        self._doc_ids: dict[str, int] | None = None
        """Each stored entry's TinyDB document id, by entry id."""
        self._entries: list[Entry] | None = None
        """The entries as last read, until the next write of one."""

    def attach_lock(self, lock: SessionLock) -> None:
        """Write under `lock` (held) from now on: before each write the lock is checked
        to keep others out still (`FileLock.verify`), and the file on disk to be the one
        this session last read or wrote; a file another window wrote is never overwritten
        (`FileChangedError`, `LockLost`: OS errors, so the meeting keeps what it could not
        write)."""
        self._lock = lock
        storage = self._db.storage
        if isinstance(storage, AtomicJSONStorage):
            storage.guard = lock.verify

    @property
    def writable(self) -> bool:
        """True when this process holds the session's lock."""
        return self._lock is not None and self._lock.held

    @property
    def id(self) -> str:
        """The session's id."""
        return self.info.id

    def clock_state(self) -> dict[str, Any] | None:
        """The stored clock, or None before the meeting started."""
        docs = self._db.table("clock").all()
        return dict(docs[0]["state"]) if docs else None

    def save_clock(self, state: dict[str, Any]) -> None:
        """Store the clock after an operation, durably."""
        table = self._db.table("clock")
        docs = table.all()
        if docs:
            table.update({"state": state}, doc_ids=[docs[0].doc_id])
        else:
            table.insert({"state": state})

    def beat(self, now: float) -> None:
        """Note that the meeting is running at `now`, in a small file of its own, so a
        crash can later tell how long the app was away; never rewrites the session."""
        if self._heartbeat is not None:
            with contextlib.suppress(OSError):
                write_atomic(self._heartbeat, repr(now).encode("ascii"))

    def last_beat(self) -> float | None:
        """The time of the last `beat`, if any."""
        if self._heartbeat is None:
            return None
        try:
            return float(self._heartbeat.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None

    def put_entry(self, entry: Entry) -> None:
        """Store an entry, new or changed (matched by its id); when this returns, it is on disk.

        Writing the same entry twice stores it once, so a retry after a failed write is safe.
        """
        table = self._db.table("entries")
        self._entries = None
        if self._doc_ids is None:
            self._doc_ids = {str(doc["id"]): doc.doc_id for doc in table.all()}
        doc_id = self._doc_ids.get(entry.id)
        if doc_id is not None:
            table.update(entry.to_dict(), doc_ids=[doc_id])
        else:
            self._doc_ids[entry.id] = table.insert(entry.to_dict())

    add_entry = put_entry

    def save_details(self, info: SessionInfo) -> None:
        """Store changed details (title, place, people...); `info` becomes the session's."""
        table = self._db.table("meta")
        docs = table.all()
        data = {"schema": SCHEMA_VERSION, **info.to_dict(), "id": self.info.id}
        if docs:
            table.update(data, doc_ids=[docs[0].doc_id])
        else:
            table.insert(data)
        self.info = info

    def entries(self, include_deleted: bool = False) -> list[Entry]:
        """The session's entries in the order they were typed (the order they were stored:
        a wall clock set back, or a different computer, must not reorder them)."""
        if self._entries is None:
            self._entries = [Entry.from_dict(doc) for doc in self._db.table("entries").all()]
        return [e for e in self._entries if include_deleted or not e.deleted]

    def close(self) -> None:
        """Fold what this window wrote into a new snapshot (`JournalStorage.compact`), then
        release the file and its lock."""
        storage = self._db.storage
        if self.writable and isinstance(storage, JournalStorage):
            storage.compact()
        self._db.close()
        if self._lock is not None:
            self._lock.release()


def new_entry_id() -> str:
    """A stable id for an entry, never reused."""
    return uuid.uuid4().hex[:12]


def is_finished(state: dict[str, Any] | None) -> bool:
    """The stored clock `state` says the meeting was finished."""
    return state is not None and state.get("finished_at") is not None


def was_interrupted(state: dict[str, Any] | None) -> bool:
    """The stored clock `state` was running when the app last stopped (a crash, a dead
    battery, a quit), and nobody left the meeting on purpose."""
    return (
        state is not None
        and state.get("finished_at") is None
        and state.get("segment_start") is not None
        and not state.get("left_on_purpose")
    )
