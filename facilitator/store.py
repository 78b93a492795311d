"""Sessions on disk: one TinyDB file per session, written so that a crash loses nothing.

TinyDB's default storage overwrites its file in place, so a kill in the middle of a write can
leave it unreadable. `AtomicJSONStorage` writes a temporary file beside it, flushes and fsyncs
it, renames it over the old one and fsyncs the folder: after a crash the file holds either the
old or the new state, never a mix. A file that cannot be parsed is never overwritten: it is
moved to the data folder's `damaged/` and the caller is told.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.agenda.model import Agenda
from facilitator.atomic import write_atomic
from facilitator.lock import SessionLock
from facilitator.paths import DataPaths
from facilitator.session import Entry, MeetingDetails, SessionInfo
from facilitator.timing import Clock, SessionClock

SCHEMA_VERSION = 1


class StoreError(Exception):
    """A session that cannot be found, read or written."""


class SessionNotFound(StoreError):
    """No stored session has that id."""


class CorruptSessionError(StoreError):
    """A session file could not be parsed; it was moved aside, never overwritten."""

    def __init__(self, path: Path, moved_to: Path | None, reason: str) -> None:
        where = f"; it was moved to {moved_to}" if moved_to else ""
        super().__init__(f"the session file {path} is damaged ({reason}){where}")
        self.path = path
        self.moved_to = moved_to


class UnreadableFile(Exception):
    """Raised by the storage when its file holds no valid JSON."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes through a temp file, fsync and rename."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None for a file that does not exist yet.

        Raises:
            UnreadableFile: the file exists but holds no valid JSON object. Returning None
                here would make TinyDB overwrite the damaged file, losing what is left.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnreadableFile(str(exc)) from exc
        if not isinstance(data, dict):
            raise UnreadableFile("the file does not hold a JSON object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Write the whole database atomically."""
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.path, encoded)

    def close(self) -> None:
        """Nothing stays open between writes."""


@dataclass(frozen=True)
class SessionSummary:
    """What the session list shows without opening every entry."""

    id: str
    title: str
    agenda_title: str
    created_at: float
    place: str
    finished: bool
    entry_count: int
    interrupted: bool = False
    """The clock was running when the app last stopped: a crash, a dead battery, a quit."""


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
        self._lock = lock
        self._heartbeat = heartbeat

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

    def add_entry(self, entry: Entry) -> None:
        """Store a new entry; when this returns, it is on disk."""
        self._db.table("entries").insert(entry.to_dict())

    def entries(self, include_deleted: bool = False) -> list[Entry]:
        """The session's entries in the order they were typed."""
        entries = [Entry.from_dict(doc) for doc in self._db.table("entries").all()]
        entries.sort(key=lambda e: e.created_at)
        return [e for e in entries if include_deleted or not e.deleted]

    def close(self) -> None:
        """Release the file and its lock."""
        self._db.close()
        if self._lock is not None:
            self._lock.release()


class SessionStore:
    """All sessions of one data folder."""

    def __init__(self, paths: DataPaths, now: Clock = time.time) -> None:
        self.paths = paths
        self._now = now

    def create(self, agenda: Agenda, details: MeetingDetails | None = None) -> StoredSession:
        """Make a new session file for a meeting on `agenda`."""
        details = details or MeetingDetails()
        self.paths.sessions.mkdir(parents=True, exist_ok=True)
        created = self._now()
        session_id = self._new_id(agenda.id, created)
        info = SessionInfo(
            id=session_id,
            title=details.title.strip() or agenda.title,
            agenda=agenda,
            created_at=created,
            language=agenda.language,
            place=details.place.strip(),
            facilitator=details.facilitator.strip(),
            participants=list(details.participants),
        )
        lock = SessionLock(self.paths.session_lock(session_id))
        lock.acquire()
        try:
            db = TinyDB(self.paths.session_file(session_id), storage=AtomicJSONStorage)
            db.table("meta").insert({"schema": SCHEMA_VERSION, **info.to_dict()})
        except BaseException:
            lock.release()
            raise
        return StoredSession(db, info, lock, self.paths.session_heartbeat(session_id))

    def open(self, session_id: str, write: bool = False) -> StoredSession:
        """Open a stored session by its id or a unique beginning of it.

        With `write`, the session's lock is taken first, so no two windows write it.

        Raises:
            SessionNotFound: no session, or more than one, matches.
            SessionLocked: `write` was asked and another running process holds the lock.
            CorruptSessionError: the file was damaged and has been moved aside.
        """
        full_id = self.resolve(session_id)
        if not write:
            return self._open_path(self.paths.session_file(full_id))
        lock = SessionLock(self.paths.session_lock(full_id))
        lock.acquire()
        try:
            session = self._open_path(self.paths.session_file(full_id))
        except BaseException:
            lock.release()
            raise
        session._lock = lock
        return session

    def resolve(self, text: str) -> str:
        """The full id of the one session whose id is or begins with `text`."""
        ids = [p.stem for p in self._files()]
        if text in ids:
            return text
        matches = [i for i in ids if i.startswith(text)] if text else []
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SessionNotFound(
                f"`{text}` matches {len(matches)} sessions: {', '.join(matches[:5])}"
            )
        raise SessionNotFound(f"no session `{text}`; `facilitator sessions` lists them")

    def summaries(self) -> tuple[list[SessionSummary], list[CorruptSessionError]]:
        """Every session, newest first, and the damaged files that were moved aside."""
        found: list[SessionSummary] = []
        damaged: list[CorruptSessionError] = []
        for path in self._files():
            try:
                session, entries, stored_state = self._read(path)
            except CorruptSessionError as exc:
                damaged.append(exc)
                continue
            try:
                state = stored_state or {}
                found.append(
                    SessionSummary(
                        id=session.id,
                        title=session.info.title,
                        agenda_title=session.info.agenda.title,
                        created_at=session.info.created_at,
                        place=session.info.place,
                        finished=state.get("finished_at") is not None,
                        interrupted=state.get("finished_at") is None
                        and state.get("segment_start") is not None
                        and not state.get("left_on_purpose"),
                        entry_count=sum(1 for e in entries if not e.deleted),
                    )
                )
            finally:
                session.close()
        found.sort(key=lambda s: s.created_at, reverse=True)
        return found, damaged

    def _files(self) -> Iterator[Path]:
        if not self.paths.sessions.is_dir():
            return iter(())
        return iter(sorted(self.paths.sessions.glob("*.json")))

    def _open_path(self, path: Path) -> StoredSession:
        return self._read(path)[0]

    def _read(self, path: Path) -> tuple[StoredSession, list[Entry], dict[str, Any] | None]:
        """Open a session file and check all of it: details, every entry and the clock.

        The entries and the clock state are returned too, so callers need not read the
        file again (TinyDB parses the whole file on every read).
        """
        if not path.exists():
            raise SessionNotFound(f"no session file {path}")
        try:
            db = TinyDB(path, storage=AtomicJSONStorage)
            meta = db.table("meta").all()
            if not meta:
                raise UnreadableFile("the file holds no session details")
            info = SessionInfo.from_dict(meta[0])
            # The file's name is the id: a copied file must never pose as its original.
            info.id = path.stem
            session = StoredSession(db, info, heartbeat=self.paths.session_heartbeat(path.stem))
            # Read everything once now, so a damaged entry or clock is found here, where
            # it is set aside, and never in the middle of a meeting.
            entries = session.entries(include_deleted=True)
            state = session.clock_state()
            if state is not None:
                SessionClock.from_dict(state, time.time)
        except (UnreadableFile, KeyError, TypeError, ValueError, AttributeError) as exc:
            moved = self._set_aside(path)
            raise CorruptSessionError(path, moved, str(exc) or type(exc).__name__) from exc
        return session, entries, state

    def _set_aside(self, path: Path) -> Path | None:
        """Move a damaged file out of the way without ever overwriting anything."""
        self.paths.quarantine.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._now()))
        target = self.paths.quarantine / f"{path.stem}.{stamp}.json"
        counter = 1
        while target.exists():
            counter += 1
            target = self.paths.quarantine / f"{path.stem}.{stamp}-{counter}.json"
        try:
            shutil.move(str(path), target)
        except OSError:
            return None
        return target

    def _new_id(self, agenda_id: str, created: float) -> str:
        stamp = time.strftime("%Y%m%d-%H%M", time.localtime(created))
        slug = re.sub(r"[^a-z0-9]+", "-", agenda_id.lower()).strip("-")[:40] or "session"
        base = f"{stamp}-{slug}"
        candidate, counter = base, 1
        while self.paths.session_file(candidate).exists():
            counter += 1
            candidate = f"{base}-{counter}"
        return candidate


def new_entry_id() -> str:
    """A stable id for an entry, never reused."""
    return uuid.uuid4().hex[:12]
