"""One writer per file: an operating-system lock on a file beside a session or a series.

The lock is held on an open file (`flock` on Linux and macOS, `msvcrt.locking` on Windows),
so the operating system releases it the moment the process ends, however it ends: a crash,
a `kill -9` or a dead battery never leaves a stale lock behind. The file also names the
holding process, for the message the second window shows.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from collections.abc import Callable
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
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                os.close(fd)
                return False
            # The file may have been removed (released) between open and lock: then our
            # lock is on a file nobody else sees. Only a lock on the current file counts.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            me = {"pid": os.getpid(), "host": socket.gethostname()}
            os.write(fd, json.dumps(me).encode("utf-8"))
            self._fd = fd
            return True
        return False

    def release(self) -> None:
        """Give the lock back; safe to call more than once."""
        if self._fd is None:
            return
        # Remove the file while still holding the lock, so no one locks a stale copy.
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


SessionLock = FileLock
"""A session's lock: `SessionLocked` when another window holds it."""
