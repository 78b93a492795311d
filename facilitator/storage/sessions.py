"""Sessions on disk: one TinyDB file per session, written so that a crash loses nothing.

TinyDB's default storage overwrites its file in place, so a kill in the middle of a write can
leave it unreadable. `AtomicJSONStorage` writes a temporary file beside it, flushes and fsyncs
it, renames it over the old one and fsyncs the folder: after a crash the file holds either the
old or the new state, never a mix. The state before each write stays beside it as
`<id>.json.prev` (a hard link, nothing copied): the last good copy.

A file that cannot be parsed is never overwritten: it is moved to the data folder's
`damaged/`, the last good copy takes its place when it is sound, and the caller is told.

Every file carries its schema version. An older file is migrated when it is read; when it
is opened for writing, the original is first kept in `sessions/migrated/`. A file from a
newer version of the app is left alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.agenda.model import Agenda
from facilitator.i18n import _, current_language, format_datetime
from facilitator.meeting.clock import Clock, SessionClock
from facilitator.meeting.session import Entry, MeetingDetails, SessionInfo
from facilitator.storage.atomic import fsync_folder, tidy_after_crash, write_atomic, write_new
from facilitator.storage.lock import SessionLock, SessionLocked
from facilitator.storage.paths import DataPaths

SCHEMA_VERSION = 3
"""1: the first release. 2: meeting date, scheme, mentee and mentor cities; entry history,
ratings and the time of the last change. 3: the series a session belongs to (its id and
the session's number in it), and where a carried-over action came from."""


class StoreError(Exception):
    """A session that cannot be found, read or written."""


class SessionNotFound(StoreError):
    """No stored session has that id."""


class CorruptFileError(StoreError):
    """A file could not be parsed; it was moved aside, never overwritten."""

    what = "data"
    """What the file holds: "session", "series" (each has its own sentences)."""

    def __init__(self, path: Path, moved_to: Path | None, reason: str) -> None:
        if self.what == "series":
            text = _("the series file {path} is damaged ({reason})")
        else:
            text = _("the session file {path} is damaged ({reason})")
        text = text.format(path=path, reason=reason)
        if moved_to:
            text += _("; it was moved to {path}").format(path=moved_to)
        super().__init__(text)
        self.path = path
        self.moved_to = moved_to
        self.reason = reason


class CorruptSessionError(CorruptFileError):
    """A session file could not be parsed; it was moved aside, never overwritten."""

    what = "session"


class NewerSchemaError(StoreError):
    """A session file written by a newer version of the app; it is left untouched."""


@dataclass(frozen=True)
class Recovery:
    """A damaged file (a session's, a series') replaced by its last good copy."""

    path: Path
    moved_to: Path | None
    reason: str
    copy_saved_at: float
    """When the last good copy was written; a change made after it may be missing."""
    what: str = "session"
    """What the file holds: "session", "series"."""

    def describe(self) -> str:
        """One paragraph for the user: what happened and what may be missing."""
        language = current_language()
        moment = datetime.fromtimestamp(self.copy_saved_at)
        when = f"{format_datetime(moment, language)}:{moment.second:02d}"
        if self.what == "series":
            damaged = _("The series file {name} was damaged ({reason}).")
        else:
            damaged = _("The session file {name} was damaged ({reason}).")
        parts = [damaged.format(name=self.path.name, reason=self.reason)]
        if self.moved_to:
            parts.append(_("It was moved to {path}.").format(path=self.moved_to))
        parts.append(
            _(
                "Its last good copy, saved {when}, is used instead: the last change made "
                "before the damage may be missing."
            ).format(when=when)
        )
        return " ".join(parts)

    def __str__(self) -> str:
        return self.describe()


class UnreadableFile(Exception):
    """Raised by the storage when its file holds no valid JSON."""


DAMAGE = (UnreadableFile, KeyError, TypeError, ValueError, AttributeError)
"""What reading a damaged file raises (a valid file from a newer app is not damaged)."""


def _migrate_1_to_2(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("meta", {}).values():
        created = float(doc["created_at"])
        doc.setdefault("date", time.strftime("%Y-%m-%d", time.localtime(created)))
        for key in ("scheme", "mentee_city", "mentor_city"):
            doc.setdefault(key, "")
    for doc in data.get("entries", {}).values():
        doc.setdefault("rating", None)
        doc.setdefault("updated_at", None)
        doc.setdefault("history", [])
    return data


def _migrate_2_to_3(data: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    for doc in data.get("meta", {}).values():
        doc.setdefault("series_id", "")
        doc.setdefault("series_number", 0)
    for doc in data.get("entries", {}).values():
        doc.setdefault("origin", None)
    return data


MIGRATIONS = {1: _migrate_1_to_2, 2: _migrate_2_to_3}
"""`MIGRATIONS[n]` turns a version-n file's data into version n+1."""


def schema_of(data: dict[str, dict[str, Any]]) -> int:
    """The schema version a session file's data says it has."""
    meta = data.get("meta") or {}
    if not isinstance(meta, dict) or not meta:
        raise UnreadableFile(_("the file holds no session details"))
    first = next(iter(meta.values()))
    version = first.get("schema", 1) if isinstance(first, dict) else None
    if not isinstance(version, int) or version < 1:
        raise UnreadableFile(
            _("the schema version {version} is not one this app knows").format(
                version=repr(version)
            )
        )
    return version


def migrate(data: dict[str, dict[str, Any]]) -> int:
    """Bring `data` (changed in place) to `SCHEMA_VERSION`; return the version it had.

    Raises:
        NewerSchemaError: the data comes from a newer version of the app.
        UnreadableFile: it names no version at all.
    """
    original = version = schema_of(data)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            _(
                "this session was saved by a newer version of facilitator (schema {version}; "
                "this one reads up to {known}); update facilitator to open it"
            ).format(version=version, known=SCHEMA_VERSION)
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    for doc in data["meta"].values():
        doc["schema"] = SCHEMA_VERSION
    return original


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes through a temp file, fsync and rename.

    TinyDB reads the whole database before every query and every write. The storage keeps
    what it last read or wrote, so the file is parsed once per open: a session file has one
    writer (its lock), and a reader's view is a snapshot anyway. When a write fails, the
    kept copy (which TinyDB changed in place before writing) is dropped, so the next read
    sees what is really on disk.

    Args:
        path: the database file.
        previous: where the state before each write is kept (the last good copy), if any.
    """

    def __init__(self, path: str | Path, previous: Path | None = None) -> None:
        self.path = Path(path)
        self.previous = previous
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None for a file that does not exist yet.

        Raises:
            UnreadableFile: the file exists but holds no valid JSON object. Returning None
                here would make TinyDB overwrite the damaged file, losing what is left.
        """
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UnreadableFile(str(exc)) from exc
        if not isinstance(data, dict):
            raise UnreadableFile(_("the file does not hold a JSON object"))
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Write the whole database atomically."""
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path, encoded, self.previous)
        except BaseException:
            self._data = None
            raise
        self._data = data

    def close(self) -> None:
        """Nothing stays open between writes."""
        self._data = None


class SessionStorage(AtomicJSONStorage):
    """The storage of one session file: atomic writes, and older schemas migrated on read.

    `migrated_from` is the version the file had on disk when it was older than
    `SCHEMA_VERSION`; the file itself changes only at the next write.
    """

    def __init__(self, path: str | Path, previous: Path | None = None) -> None:
        super().__init__(path, previous)
        self.migrated_from: int | None = None

    def _load(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, migrated to the current schema (in memory)."""
        data = super()._load()
        if data is None:
            return None
        try:
            original = migrate(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UnreadableFile(_("cannot migrate it: {reason}").format(reason=exc)) from exc
        if original != SCHEMA_VERSION:
            self.migrated_from = original
        return data


T = TypeVar("T")


class GuardedFile:
    """One TinyDB file written atomically, its last good copy (`<name>.prev`) beside it,
    and what to do when it is damaged: the session files and the series files.

    `read` checks the whole file. A damaged one is never overwritten nor deleted: it is
    moved to `quarantine`, and the last good copy, when it is sound, takes its place
    (the caller gets a `Recovery` to tell the user). When the copy is damaged too, it is
    moved aside as well, the `.prev` itself stays, and `error` is raised.

    Args:
        path: the database file.
        quarantine: the folder damaged files are moved to.
        storage: the TinyDB storage class (`AtomicJSONStorage` or a subclass).
        error: what `read` raises for a file that is damaged and has no sound copy.
        now: the clock that stamps the names of the damaged files.
    """

    def __init__(
        self,
        path: Path,
        quarantine: Path,
        *,
        storage: type[AtomicJSONStorage] = AtomicJSONStorage,
        error: type[CorruptFileError] = CorruptFileError,
        now: Clock = time.time,
    ) -> None:
        self.path = path
        self.quarantine = quarantine
        self.storage = storage
        self.error = error
        self._now = now

    @property
    def previous(self) -> Path:
        """The file as it was before its last write: the last good copy."""
        return self.path.with_name(self.path.name + ".prev")

    def db(self) -> TinyDB:
        """The file as a TinyDB database (nothing is read until it is used)."""
        return TinyDB(self.path, storage=self.storage, previous=self.previous)

    def tidy(self, sound: Callable[[bytes], bool]) -> None:
        """Clean up what a crash in the middle of a write left; only while holding the
        file's lock (no write under way). See `tidy_after_crash`."""
        tidy_after_crash(self.path, self.previous, sound)

    def read(self, check: Callable[[TinyDB], T]) -> tuple[T, Recovery | None]:
        """`check(db)` on the file: it reads all of it and returns what it holds, raising
        one of `DAMAGE` when the file is damaged. On damage the file is set aside and
        `check` runs on the last good copy; the `Recovery` then says so.

        Raises:
            CorruptFileError: (`error`) damaged, and no sound copy left.
        """
        try:
            return check(self.db()), None
        except DAMAGE as exc:
            reason = str(exc) or type(exc).__name__
            moved = self.set_aside(self.path)
            restored = self._restore(moved, reason, check)
            if restored is None:
                raise self.error(self.path, moved, reason) from exc
        return restored

    def _restore(
        self, moved: Path | None, reason: str, check: Callable[[TinyDB], T]
    ) -> tuple[T, Recovery] | None:
        """Put the last good copy in the damaged file's place, if it is sound."""
        if moved is None:
            return None  # the damaged file is still there: never write over it
        try:
            data = self.previous.read_bytes()
            saved_at = self.previous.stat().st_mtime
        except OSError:
            return None
        try:
            written = write_new(self.path, data)
        except OSError:
            return None
        if written != self.path:
            # A new file took the name meanwhile: leave it be, and take our copy back.
            with contextlib.suppress(OSError):
                written.unlink()
            return None
        try:
            result = check(self.db())
        except DAMAGE:
            self.set_aside(self.path)
            return None
        return result, Recovery(self.path, moved, reason, saved_at, self.error.what)

    def set_aside(self, path: Path) -> Path | None:
        """Move a damaged file to the quarantine without ever overwriting anything there;
        its new place, or None when it could not be moved (it then stays where it is)."""
        try:
            self.quarantine.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._now()))
        counter = 1
        while True:
            suffix = f"-{counter}" if counter > 1 else ""
            target = self.quarantine / f"{path.stem}.{stamp}{suffix}.json"
            try:
                # A hard link fails when the name is taken: nothing there is overwritten.
                os.link(path, target)
            except FileExistsError:
                counter += 1
                continue
            except OSError:
                # No hard links (FAT on a USB stick): a move, after a look.
                if target.exists():
                    counter += 1
                    continue
                try:
                    shutil.move(str(path), target)
                except OSError:
                    return None
                return target
            try:
                path.unlink()
            except OSError:
                with contextlib.suppress(OSError):
                    target.unlink()  # the damaged file stays where it was
                return None
            fsync_folder(self.quarantine)
            fsync_folder(path.parent)
            return target


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
        self.recovery: Recovery | None = None
        """Set when the file was damaged and its last good copy is used."""
        self.migrated_from: int | None = None
        """The schema version the file had, when it was older than this app's."""
        self._doc_ids: dict[str, int] | None = None
        """Each stored entry's TinyDB document id, by entry id."""
        self._entries: list[Entry] | None = None
        """The entries as last read, until the next write of one."""

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
        """Release the file and its lock."""
        self._db.close()
        if self._lock is not None:
            self._lock.release()


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
    ) -> StoredSession:
        """Make a new session file for a meeting on `agenda` (in a series, when given)."""
        details = details or MeetingDetails()
        self.paths.sessions.mkdir(parents=True, exist_ok=True)
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
                self._keep_original(session)
        except BaseException:
            lock.release()
            raise
        session._lock = lock
        return session

    def _keep_original(self, session: StoredSession) -> None:
        """Keep an older file as it was, then write it in the current schema."""
        path = self.paths.session_file(session.id)
        self.paths.migrated.mkdir(parents=True, exist_ok=True)
        write_new(
            self.paths.migrated / f"{session.id}.v{session.migrated_from}.json",
            path.read_bytes(),
        )
        session.save_details(session.info)

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
                _("`{text}` matches {count} sessions: {ids}").format(
                    text=text, count=len(matches), ids=", ".join(matches[:5])
                )
            )
        raise SessionNotFound(
            _("no session `{text}`; `facilitator sessions` lists them").format(text=text)
        )

    def summaries(
        self,
    ) -> tuple[list[SessionSummary], list[CorruptSessionError | NewerSchemaError | Recovery]]:
        """Every session, newest first, and what went wrong on the way: damaged files moved
        aside, files of a newer app, and files replaced by their last good copy."""
        found: list[SessionSummary] = []
        damaged: list[CorruptSessionError | NewerSchemaError | Recovery] = []
        for session, entries, stored_state in self._read_each(damaged):
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
        return iter(sorted(self.paths.sessions.glob("*.json")))

    def _file(self, path: Path) -> GuardedFile:
        return GuardedFile(
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
        (session, entries, state), recovery = self._file(path).read(
            lambda db: self._check(db, path.stem)
        )
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
        while candidate in passed or self.paths.session_file(candidate).exists():
            counter += 1
            candidate = f"{base}-{counter}"
        return candidate


def _holds_a_session(data: bytes) -> bool:
    """True when `data` reads as a session file (for the last good copy a crash left)."""
    try:
        parsed = json.loads(data.decode("utf-8"))
        return isinstance(parsed, dict) and bool(parsed.get("meta"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False


def new_entry_id() -> str:
    """A stable id for an entry, never reused."""
    return uuid.uuid4().hex[:12]
