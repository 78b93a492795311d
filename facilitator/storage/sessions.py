"""The sessions of one data folder: one TinyDB file per session, created, found, opened
(for writing under the session's lock) and listed.

Each file is written so that a crash loses nothing, and a damaged one is set aside with its
last good copy put in its place (`facilitator.storage.guarded`); an older file is migrated
as it is read, and its original kept before it is first written again
(`facilitator.storage.migration`). An open file is a `StoredSession`
(`facilitator.storage.session_file`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from facilitator.agenda.model import Agenda
from facilitator.errors import os_reason
from facilitator.i18n import _
from facilitator.meeting.clock import Clock, SessionClock
from facilitator.meeting.session import Entry, MeetingDetails, SessionInfo
from facilitator.storage.guarded import (
    DAMAGE,
    CorruptFileError,
    Recovery,
    StoreError,
    UnreadableFile,
)
from facilitator.storage.journal import read_session_bytes
from facilitator.storage.journaled_file import JournaledFile
from facilitator.storage.lock import SessionLock, SessionLocked, tidy_stale_locks
from facilitator.storage.migration import (
    SCHEMA_VERSION,
    NewerSchemaError,
    SessionStorage,
    keep_original,
    migrate,
)
from facilitator.storage.orphans import adopt_orphan_copies
from facilitator.storage.paths import DataPaths, private_folder
from facilitator.storage.session_file import StoredSession, is_finished, was_interrupted


class SessionNotFound(StoreError):
    """No stored session has that id."""


class CorruptSessionError(CorruptFileError):
    """A session file could not be parsed; it was moved aside, never overwritten."""

    what = "session"


class UnreadableSessionError(CorruptSessionError):
    """A session file the system will not let us read (a folder under a session's name,
    a file without read permission, a disk error); it is left where it is, and skipped."""

    def __init__(self, path: Path, reason: str) -> None:
        StoreError.__init__(
            self,
            _("cannot read the session file {path} ({reason}); it is left as it is").format(
                path=path, reason=reason
            ),
        )
        self.path = path
        self.moved_to = None
        self.reason = reason


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
    series_id: str = ""
    series_number: int = 0


class SessionStore:
    """All sessions of one data folder."""

    def __init__(self, paths: DataPaths, now: Clock = time.time) -> None:
        self.paths = paths
        self._now = now

    def create(
        self,
        agenda: Agenda,
        details: MeetingDetails | None = None,
        *,
        series_id: str = "",
        series_number: int = 0,
        series_kind: str = "",
    ) -> StoredSession:
        """Make a new session file for a meeting on `agenda` (in a series, when given)."""
        details = details or MeetingDetails()
        private_folder(self.paths.sessions)
        created = self._now()
        lock, session_id = self._claim_id(agenda.id, created)
        info = SessionInfo(
            id=session_id,
            title=details.title.strip() or agenda.title,
            agenda=agenda,
            created_at=created,
            language=details.language or agenda.language,
            place=details.place.strip(),
            facilitator=details.facilitator.strip(),
            participants=list(details.participants),
            date=details.date or time.strftime("%Y-%m-%d", time.localtime(created)),
            scheme=details.scheme.strip(),
            mentee_city=details.mentee_city.strip(),
            mentor_city=details.mentor_city.strip(),
            series_id=series_id,
            series_number=series_number,
            series_kind=series_kind,
        )
        try:
            db = self._db(session_id)
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
            # With the lock held no write is under way: what a crash left can go.
            self._file(self.paths.session_file(full_id)).tidy(_holds_a_session)
            session = self._open_path(self.paths.session_file(full_id))
            if session.migrated_from is not None:
                self._keep_original(session, session.migrated_from)
        except BaseException:
            lock.release()
            raise
        session.attach_lock(lock)
        return session

    def _keep_original(self, session: StoredSession, version: int) -> None:
        """Keep an older file as it was, then write it in the current schema."""
        keep_original(self.paths.session_file(session.id), self.paths.migrated, session.id, version)
        session.save_details(session.info)

    def resolve(self, text: str) -> str:
        """The full id of the one session whose id is or begins with `text`."""
        return resolve_id(text, [p.stem for p in self._files()])

    def summaries(
        self,
    ) -> tuple[list[SessionSummary], list[CorruptSessionError | NewerSchemaError | Recovery]]:
        """Every session, newest first, and what went wrong on the way: damaged files moved
        aside, files of a newer app, and files replaced by their last good copy."""
        found: list[SessionSummary] = []
        damaged: list[CorruptSessionError | NewerSchemaError | Recovery] = []
        self.tidy_locks()
        for session, entries, stored_state in self._read_each(damaged):
            state = stored_state or {}
            found.append(
                SessionSummary(
                    id=session.id,
                    title=session.info.title,
                    agenda_title=session.info.agenda.title,
                    created_at=session.info.created_at,
                    place=session.info.place,
                    finished=is_finished(state),
                    interrupted=was_interrupted(state),
                    entry_count=sum(1 for e in entries if not e.deleted),
                    series_id=session.info.series_id,
                    series_number=session.info.series_number,
                )
            )
        found.sort(key=lambda s: s.created_at, reverse=True)
        return found, damaged

    def in_series(
        self, series_id: str, files: Iterable[Path] | None = None
    ) -> tuple[list[tuple[SessionInfo, list[Entry]]], list[CorruptSessionError | NewerSchemaError]]:
        """The sessions of one series with all their entries (deleted ones too), in series
        order, read without taking their locks; and the files that could not be read (a
        session among them may be missing from the list, so callers should say so).

        Every session file is read, unless `files` names the ones to read (the series'
        own, as the history index knows them: `SeriesStore.history`); a file among them
        that is gone by now is skipped, one of another series is left out.
        """
        found: list[tuple[SessionInfo, list[Entry]]] = []
        seen: list[CorruptSessionError | NewerSchemaError | Recovery] = []
        for session, entries, _state in self._read_each(seen, files):
            if session.info.series_id == series_id:
                found.append((session.info, entries))
        found.sort(key=lambda item: (item[0].series_number, item[0].created_at, item[0].id))
        # A file replaced by its last good copy was read: it is in the list.
        problems = [p for p in seen if not isinstance(p, Recovery)]
        return found, problems

    def _read_each(
        self,
        problems: list[CorruptSessionError | NewerSchemaError | Recovery],
        files: Iterable[Path] | None = None,
    ) -> Iterator[tuple[StoredSession, list[Entry], dict[str, Any] | None]]:
        """Each session file (every one, or `files`) read whole, as `_read` does: the
        session, its entries and its clock state; the session is closed once the caller
        moves on. What went wrong is added to `problems`: damaged files moved aside,
        files of a newer app, and files replaced by their last good copy (those are
        still yielded). A file that is gone by now is skipped."""
        for path in self._files() if files is None else files:
            try:
                session, entries, state = self._read(path)
            except (CorruptSessionError, NewerSchemaError) as exc:
                problems.append(exc)
                continue
            except SessionNotFound:
                continue
            if session.recovery is not None:
                problems.append(session.recovery)
            try:
                yield session, entries, state
            finally:
                session.close()

    def _files(self) -> Iterator[Path]:
        if not self.paths.sessions.is_dir():
            return iter(())
        self.adopt_orphans()
        return iter(sorted(self.paths.sessions.glob("*.json")))

    def adopt_orphans(self) -> list[Path]:
        """Put back every session file whose last good copy is there without it: a crash
        in the middle of a recovery (the damaged file moved aside, the copy not yet in its
        place) must not make a session vanish. Only a sound copy is put back, never over a
        file; returns the files put back."""
        return adopt_orphan_copies(self.paths.sessions, _holds_a_session)

    def tidy_locks(self) -> list[Path]:
        """Remove the lock files no running process holds (left by a crash)."""
        return tidy_stale_locks(self.paths.sessions)

    def _file(self, path: Path) -> JournaledFile:
        return JournaledFile(
            path,
            self.paths.quarantine,
            storage=SessionStorage,
            error=CorruptSessionError,
            now=self._now,
        )

    def _db(self, session_id: str) -> TinyDB:
        return self._file(self.paths.session_file(session_id)).db()

    def read_file(self, path: Path) -> StoredSession:
        """Open one session file for reading, checked whole (as `open` does, without
        looking up its id among all the others)."""
        return self._open_path(path)

    def _open_path(self, path: Path) -> StoredSession:
        return self._read(path)[0]

    def _read(self, path: Path) -> tuple[StoredSession, list[Entry], dict[str, Any] | None]:
        """Open a session file and check all of it: details, every entry and the clock.

        A damaged file is moved aside; its last good copy, when sound, takes its place
        (the session's `recovery` says so). The entries and the clock state are returned
        too, so callers need not read the file again (TinyDB parses the whole file on
        every read).

        Raises:
            SessionNotFound: there is no such file.
            CorruptSessionError: the file was damaged and no sound copy was left.
            NewerSchemaError: a newer app wrote it; it is left as it is.
        """
        if not path.exists():
            raise SessionNotFound(_("no session file {path}").format(path=path))
        try:
            (session, entries, state), recovery = self._file(path).read(
                lambda db: self._check(db, path.stem)
            )
        except OSError as exc:
            raise UnreadableSessionError(path, os_reason(exc)) from exc
        session.recovery = recovery
        return session, entries, state

    def _check(
        self, db: TinyDB, session_id: str
    ) -> tuple[StoredSession, list[Entry], dict[str, Any] | None]:
        meta = db.table("meta").all()
        if not meta:
            raise UnreadableFile(_("the file holds no session details"))
        info = SessionInfo.from_dict(meta[0])
        # The file's name is the id: a copied file must never pose as its original.
        info.id = session_id
        session = StoredSession(db, info, heartbeat=self.paths.session_heartbeat(session_id))
        # Read everything once now, so a damaged entry or clock is found here, where
        # it is set aside, and never in the middle of a meeting.
        entries = session.entries(include_deleted=True)
        state = session.clock_state()
        if state is not None:
            SessionClock.from_dict(state, time.time)
        storage = db.storage
        if isinstance(storage, SessionStorage):
            session.migrated_from = storage.migrated_from
        return session, entries, state

    def _claim_id(self, agenda_id: str, created: float) -> tuple[SessionLock, str]:
        """A new session's id and its lock, held.

        Another process may pick the same id at the same moment (same agenda, same
        minute): whoever takes the lock first keeps the id. An id whose lock is held, or
        whose file appeared meanwhile, is passed over for the next one, so a new session
        never lands in another's file.
        """
        passed: set[str] = set()
        while True:
            session_id = self._new_id(agenda_id, created, passed)
            lock = SessionLock(self.paths.session_lock(session_id))
            try:
                lock.acquire()
            except SessionLocked:
                passed.add(session_id)
                continue
            if not self.paths.session_file(session_id).exists():
                return lock, session_id
            lock.release()
            passed.add(session_id)

    def _new_id(self, agenda_id: str, created: float, passed: Collection[str] = ()) -> str:
        stamp = time.strftime("%Y%m%d-%H%M", time.localtime(created))
        slug = re.sub(r"[^a-z0-9]+", "-", agenda_id.lower()).strip("-")[:40] or "session"
        base = f"{stamp}-{slug}"
        candidate, counter = base, 1
        # A name whose file was set aside keeps its last good copy: never another's.
        while candidate in passed or any(
            p.exists()
            for p in (self.paths.session_file(candidate), self.paths.session_backup(candidate))
        ):
            counter += 1
            candidate = f"{base}-{counter}"
        return candidate


def resolve_id(text: str, ids: Collection[str]) -> str:
    """The one id of `ids` that is `text` or begins with it.

    Raises:
        SessionNotFound: none, or more than one, matches.
    """
    if text in ids:
        return text
    matches = sorted(i for i in ids if i.startswith(text)) if text else []
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise SessionNotFound(
            _("`{text}` matches {count} sessions: {ids}").format(
                text=text, count=len(matches), ids=", ".join(matches[:5])
            )
        )
    raise SessionNotFound(
        _("no session `{text}`; `facilitator sessions` lists them").format(text=text)
    )


def _holds_a_session(data: bytes) -> bool:
    """True when `data` reads as a sound session file, as `_check` reads one (for the last
    good copy a crash left): its details, every entry and its clock. A file of a newer
    app is sound (it is only not ours to read)."""
    try:
        parsed = read_session_bytes(data)
        migrate(parsed)
        meta = parsed["meta"]
        if not meta:
            return False
        SessionInfo.from_dict(next(iter(meta.values())))
        for doc in dict(parsed.get("entries", {})).values():
            Entry.from_dict(doc)
        for doc in dict(parsed.get("clock", {})).values():
            SessionClock.from_dict(doc["state"], time.time)
    except NewerSchemaError:
        return True
    except DAMAGE:
        return False
    return True
