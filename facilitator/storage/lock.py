"""One writer per file: an operating-system lock on a file beside a session or a series.

The lock is held on an open file (`flock` on Linux and macOS, `msvcrt.locking` on Windows),
so the operating system releases it the moment the process ends, however it ends: a crash,
a `kill -9` or a dead battery never leaves a held lock behind (the file itself stays, until
`tidy_stale_locks` or the next holder removes it). The file also names the holding process,
for the message the second window shows.

The lock file is opened without following a symbolic link (a link planted under its name
must not lead the truncation to another file) and must be a regular file.

A lock file removed while held (by hand, by a cleaning tool) no longer keeps a second
window out; `FileLock.verify`, called before each write, notices and takes the lock again
when no one else has, or says so (`LockLost`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from facilitator.i18n import _

POLL_S = 0.02
"""How often a waiting `acquire` tries again."""


class SessionLocked(Exception):
    """Another facilitator window has the session open for writing."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            _(
                "this session is open in another facilitator window ({holder}); "
                "close it there first"
            ).format(holder=holder)
        )
        self.path = path


class LockLost(OSError):
    """The lock file was removed while held and another process holds the new one: what
    this process would write could overwrite that process' work."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "the lock file {path} was removed and another facilitator window has opened "
                "the session since; this window no longer writes to it"
            ).format(path=path)
        )
        self.path = path


_OPEN_FLAGS = (
    os.O_RDWR
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)
)
"""How a lock file is opened: never through a symbolic link, never left to a child
process, never waiting (a FIFO planted under its name must not hang the app)."""


def _open_lock_file(path: Path, create: bool = True) -> int:
    """A file descriptor on the regular file `path` (created when missing, with `create`).

    Raises:
        OSError: `path` is a symbolic link (ELOOP), not a regular file, or cannot be opened.
    """
    fd = os.open(path, _OPEN_FLAGS | (os.O_CREAT if create else 0), 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(_("{path} is not a regular file").format(path=path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def _try_lock(fd: int) -> bool:
    """Lock `fd` without waiting; False when another open file holds the lock."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


HOLD_WAIT_S = 5.0
"""How long `hold_file` waits for another writer's moment to pass: a write takes
milliseconds."""


@contextlib.contextmanager
def hold_file(path: Path) -> Iterator[os.stat_result | None]:
    """Hold the file under `path` now, exclusively, for the moment of replacing it; yield
    its status, or None when there is no file. Two processes doing this never replace one
    file both: the second waits, then holds (and is shown) the first one's new file. (Where
    files cannot be locked, Windows, the status is yielded unheld.)

    Raises:
        OSError: another process held the file all of `HOLD_WAIT_S`.
    """
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NONBLOCK", 0)
    )
    deadline = time.monotonic() + HOLD_WAIT_S
    while True:
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            yield None
            return
        try:
            if sys.platform != "win32":
                while not _try_lock(fd):
                    if time.monotonic() >= deadline:
                        raise OSError(_("{path} is held by another process").format(path=path))
                    time.sleep(POLL_S / 10)
            if _is_current(fd, path):
                yield os.fstat(fd)
                return
        finally:
            os.close(fd)
        # Replaced while we waited: hold the file that took its place instead.


class FileLock:
    """The lock file `path`, held while this process writes what it guards.

    Args:
        path: the lock file.
        error: builds what `acquire` raises when another process holds the lock, from the
            lock file and a description of the holder ("process 123 on laptop").
    """

    def __init__(self, path: Path, error: Callable[[Path, str], Exception] = SessionLocked) -> None:
        self.path = path
        self._error = error
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, or raise `error` naming the process that holds it.

        With `wait`, a lock held by another process is tried again for up to that many
        seconds first: for locks held only for a moment, so the second of two processes
        that came at once goes on after the first instead of failing.
        """
        deadline = time.monotonic() + wait
        while not self._try_acquire():
            if time.monotonic() >= deadline:
                raise self._error(self.path, self._holder())
            time.sleep(POLL_S)

    def _try_acquire(self) -> bool:
        """Take the lock if no other process holds it; False when one does."""
        for _attempt in range(5):
            fd = _open_lock_file(self.path)
            if not _try_lock(fd):
                os.close(fd)
                return False
            # The file may have been removed (released) between open and lock: then our
            # lock is on a file nobody else sees. Only a lock on the current file counts.
            if not _is_current(fd, self.path):
                os.close(fd)
                continue
            self._fd = self._claim(fd)
            return True
        return False

    def _claim(self, fd: int) -> int:
        """Write this process' name into the locked file `fd`, and return it; when the disk
        refuses, the file is removed and closed (never left open) and the error raised."""
        try:
            os.ftruncate(fd, 0)
            me = {"pid": os.getpid(), "host": socket.gethostname()}
            os.write(fd, json.dumps(me).encode("utf-8"))
        except BaseException:
            with contextlib.suppress(OSError):
                if _is_current(fd, self.path):
                    os.unlink(self.path)
            os.close(fd)
            raise
        return fd

    def verify(self) -> None:
        """Make sure the lock still keeps others out, before a write: the file under
        `path` must be the one this object holds locked. When it was removed, it is taken
        again (a new file, locked). Nothing is done when the lock is not held.

        Raises:
            LockLost: another process holds a lock file under `path` now.
            OSError: the new lock file could not be made.
        """
        if self._fd is None or _is_current(self._fd, self.path):
            return
        try:
            fd = _open_lock_file(self.path)
        except OSError as exc:
            raise LockLost(self.path) from exc
        if not _try_lock(fd) or not _is_current(fd, self.path):
            os.close(fd)
            raise LockLost(self.path)
        fd = self._claim(fd)
        os.close(self._fd)
        self._fd = fd

    def release(self) -> None:
        """Give the lock back; safe to call more than once."""
        if self._fd is None:
            return
        # Remove the file while still holding the lock, so no one locks a stale copy; only
        # when it is still ours (one removed while held may be another's by now).
        if _is_current(self._fd, self.path):
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def _holder(self) -> str:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return _("process {pid} on {host}").format(pid=int(data["pid"]), host=data["host"])
        except (OSError, ValueError, KeyError, TypeError):
            return _("another process")


def _is_current(fd: int, path: Path) -> bool:
    """True when the open file `fd` is the file under `path` now."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
    except OSError:
        return False


def tidy_stale_locks(folder: Path, pattern: str = "*.lock") -> list[Path]:
    """Remove the lock files in `folder` that no process holds (their holder died without
    releasing them: a crash, a `kill -9`); return them. A held lock, a symbolic link and
    anything else that is not a regular file are left alone."""
    removed: list[Path] = []
    try:
        candidates = sorted(folder.glob(pattern))
    except OSError:
        return removed
    for path in candidates:
        try:
            fd = _open_lock_file(path, create=False)
        except OSError:
            continue
        try:
            # Locked, it is ours: removed while held, as `release` does, so no one else
            # can lock the file being removed and think it current.
            if _try_lock(fd) and _is_current(fd, path):
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed.append(path)
        finally:
            os.close(fd)
    return removed


SessionLock = FileLock
"""A session's lock: `SessionLocked` when another window holds it."""


def held_elsewhere(path: Path) -> bool:
    """Whether the lock file `path` names a process of this computer that is still running:
    for a reader that must know which session is being run now without ever taking (or
    even trying) its lock, which would keep the facilitator's window out for a moment.

    A lock left by a crash names a process that is gone: False. A lock file being written
    (empty yet) or of another computer (a shared folder) counts as held.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or "pid" not in data:
        return path.exists()
    if data.get("host") != socket.gethostname():
        return True
    try:
        pid = int(data["pid"])
    except (TypeError, ValueError):
        return False
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return True  # os.kill would end the process there: the file's being there counts
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists, under another user
    return True
