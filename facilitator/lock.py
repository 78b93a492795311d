"""One writer per session: an operating-system lock on a file beside the session.

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
from pathlib import Path


class SessionLocked(Exception):
    """Another facilitator window has the session open for writing."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(
            f"this session is open in another facilitator window ({holder}); close it there first"
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


class SessionLock:
    """The lock file `path`, held while this process writes the session."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise `SessionLocked` naming the process that holds it."""
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                os.close(fd)
                raise SessionLocked(self.path, self._holder())
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
            return
        raise SessionLocked(self.path, self._holder())

    def release(self) -> None:
        """Give the lock back; safe to call more than once."""
        if self._fd is None:
            return
        # Remove the file while still holding the lock, so no one locks a stale copy.
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None

    def _holder(self) -> str:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return f"process {int(data['pid'])} on {data['host']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"
