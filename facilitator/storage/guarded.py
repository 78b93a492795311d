"""One TinyDB file written so that a crash loses nothing, and what is done when it is damaged.

TinyDB's default storage overwrites its file in place, so a kill in the middle of a write can
leave it unreadable. `AtomicJSONStorage` writes a temporary file beside it, flushes and fsyncs
it, renames it over the old one and fsyncs the folder: after a crash the file holds either the
old or the new state, never a mix. The state before each write stays beside it as
`<name>.prev` (a hard link, nothing copied): the last good copy.

A file that cannot be parsed is never overwritten: `GuardedFile` moves it to the data
folder's `damaged/`, the last good copy takes its place when it is sound, and the caller is
told (a `Recovery`). The series files are guarded this way, the session files (a snapshot
and its journal) by its subclass `facilitator.storage.journaled_file.JournaledFile`.
A crash in the middle of a recovery is finished by `storage.orphans`.

(Just over 400 lines: the storage and the guard share the checks of a file's identity and
content, and read better side by side than apart.)
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.i18n import _, current_language, format_datetime
from facilitator.meeting.clock import Clock
from facilitator.storage.atomic import (
    Identity,
    file_identity,
    fsync_folder,
    identity_of,
    tidy_after_crash,
    write_atomic,
    write_new,
)
from facilitator.storage.lock import LockLost, hold_file
from facilitator.storage.orphans import make_mark, recovering_mark
from facilitator.storage.paths import private_folder


class StoreError(Exception):
    """A session that cannot be found, read or written."""


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


class FileChangedError(StoreError, OSError):
    """The file on disk is no longer the one this process last read or wrote: another
    process wrote it meanwhile (a second window, once the lock file was removed). Writing
    now would overwrite that process' work, so nothing more is written through this
    storage; what was to be written stays in memory. An `OSError`, so the meeting's
    save-failure path reports it and keeps the entries."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "{name} was changed by another window or program since this window saved "
                "it; so as to overwrite nothing, this window writes to it no more"
            ).format(name=path.name)
        )
        self.path = path


class UnreadableFile(Exception):
    """Raised by the storage when its file holds no valid JSON."""


DAMAGE = (
    UnreadableFile,
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    OverflowError,
    RecursionError,
)
"""What reading a damaged file raises (a valid file from a newer app is not damaged): a
time of 1e300 overflows the calendar, a deep structure the stack."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that writes through a temp file, fsync and rename.

    TinyDB reads the whole database before every query and every write. The storage keeps
    what it last read or wrote, so the file is parsed once per open: a session file has one
    writer (its lock), and a reader's view is a snapshot anyway. When a write fails, the
    kept copy (which TinyDB changed in place before writing) is dropped, so the next read
    sees what is really on disk.

    Before each write the file on disk must still be the one this storage first read (or
    found missing) or last wrote (`file_identity`); otherwise another process wrote it and
    the write is refused with `FileChangedError`, then and ever after: one writer's work
    never overwrites another's. `guard`, when set, is called before each write too (the
    session's lock checks it still keeps others out); a `LockLost` it raises is final too.

    Args:
        path: the database file.
        previous: where the state before each write is kept (the last good copy), if any.
    """

    database_class: ClassVar[type[TinyDB]] = TinyDB
    """The TinyDB class a `GuardedFile` opens this storage with."""

    def __init__(self, path: str | Path, previous: Path | None = None) -> None:
        self.path = Path(path)
        self.previous = previous
        self._data: dict[str, dict[str, Any]] | None = None
        self._seen: Identity | None = None
        """The file as first read (None: there was none) or last written."""
        self._known = False
        """True once `_seen` says something: the file was read or written."""
        self.guard: Callable[[], None] | None = None
        self._refusal: OSError | None = None
        """Why no write goes through any more."""

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
            seen, raw = _read_regular(self.path)
        except FileNotFoundError:
            seen, raw = None, None
        if not self._known:
            self._seen, self._known = seen, True
        elif seen != self._seen and self._refusal is None:
            self._refusal = FileChangedError(self.path)  # read again after a failed write
        if raw is None:
            return None
        return parse_json_object(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Write the whole database atomically, unless the file changed under us.

        Raises:
            FileChangedError: another process wrote the file since this storage did.
            LockLost: from `guard`.
            OSError: the disk refused.
        """
        try:
            self._check_still_ours()  # at once, so a refused write costs nothing
            encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            # The check and the replacement as one step: held, the file cannot be replaced
            # by another writer between the two (that one waits, then sees ours).
            with hold_file(self.path) as current:
                now = None if current is None else identity_of(current)
                if self._known and now != self._seen:
                    self._refusal = FileChangedError(self.path)
                    raise self._refusal
                status = write_atomic(self.path, encoded.encode("utf-8"), self.previous)
        except BaseException:
            self._data = None
            raise
        self._seen, self._known = identity_of(status), True
        self._data = data

    def _check_still_ours(self) -> None:
        if self._refusal is None and self._known and file_identity(self.path) != self._seen:
            self._refusal = FileChangedError(self.path)
        if self._refusal is not None:
            raise self._refusal
        if self.guard is not None:
            try:
                self.guard()
            except LockLost as exc:
                self._refusal = exc
                raise

    def close(self) -> None:
        """Nothing stays open between writes."""
        self._data = None


def _read_regular(path: Path) -> tuple[Identity, bytes]:
    """The identity and the bytes of the regular file `path`.

    Raises:
        OSError: no such file, or not a regular file (a folder, a FIFO that would make
            the read wait for ever), or unreadable.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, _("not a regular file"), str(path))
        return identity_of(status), handle.read()


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """The JSON object `raw` holds.

    Raises:
        UnreadableFile: not UTF-8, not JSON, nested too deep to read, a number JSON has
            not (NaN, Infinity), or no object.
    """
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(str(exc)) from exc
    except RecursionError as exc:
        raise UnreadableFile(_("the file is nested too deep to be read")) from exc
    if not isinstance(data, dict):
        raise UnreadableFile(_("the file does not hold a JSON object"))
    return data


def _no_constant(name: str) -> Any:
    raise UnreadableFile(_("the file holds {value}, which is not a number").format(value=name))


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
        database = self.storage.database_class
        return database(self.path, storage=self.storage, previous=self.previous)

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
            # Between moving the file aside and putting its copy back the file is missing:
            # the mark says a recovery is under way, so after a crash there the copy is
            # put back (`adopt_orphan_copies`) and the session does not vanish.
            marked = make_mark(recovering_mark(self.path))
            try:
                moved = self.set_aside(self.path)
                restored = self._restore(moved, reason, check)
            finally:
                if marked:
                    with contextlib.suppress(OSError):
                        recovering_mark(self.path).unlink()
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
            self._put_back_beside()
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

    def _put_back_beside(self) -> None:
        """Put back what goes with the last good copy, before the copy itself (a file of
        a session's copy has its journal); nothing for a plain file."""

    def set_aside(self, path: Path, ending: str = ".json") -> Path | None:
        """Move a damaged file to the quarantine without ever overwriting anything there;
        its new place (named `<stem>.<time><ending>`), or None when it could not be moved
        (it then stays where it is)."""
        try:
            private_folder(self.quarantine)
        except OSError:
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self._now()))
        counter = 1
        while True:
            suffix = f"-{counter}" if counter > 1 else ""
            target = self.quarantine / f"{path.stem}.{stamp}{suffix}{ending}"
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
