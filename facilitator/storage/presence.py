"""A room view announces that it follows a session, without touching the session's files.

The room view (`facilitator room`) only reads the session; so that the facilitator's window
can tell that the room sees another screen, the room view keeps a small file of its own in
the data folder's `rooms/` (`<session id>.<process id>.room`, holding the time it last
wrote it) and writes it again every `ANNOUNCE_S`. A file older than `STALE_S` is a room
view that ended without removing it (a crash, a closed terminal): it is ignored.
"""

from __future__ import annotations

import contextlib
import os
import re

from facilitator.meeting.clock import Clock
from facilitator.storage.atomic import write_atomic
from facilitator.storage.paths import DataPaths, private_folder

ANNOUNCE_S = 3.0
"""How often a room view writes its file again."""
STALE_S = 10.0
"""A file not written for this long is a room view that is gone."""
SUFFIX = ".room"


def _stem(session_id: str) -> str:
    """A session id as a file name's beginning (ids are made of `[a-z0-9-]`)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", session_id)


class RoomPresence:
    """One room view's announcement that it follows `session_id`.

    Args:
        paths: the data folder.
        session_id: the session followed.
        now: the clock (wall-clock seconds); tests pass a fake one.
    """

    def __init__(self, paths: DataPaths, session_id: str, now: Clock) -> None:
        self.path = paths.rooms / f"{_stem(session_id)}.{os.getpid()}{SUFFIX}"
        self._now = now
        self._last = -ANNOUNCE_S

    def announce(self) -> bool:
        """Write the file when it is due (every `ANNOUNCE_S`); True when written. A disk
        that refuses only means the facilitator's window is not told."""
        now = self._now()
        if now - self._last < ANNOUNCE_S:
            return False
        try:
            private_folder(self.path.parent)
            write_atomic(self.path, repr(now).encode("ascii"))
        except OSError:
            return False
        self._last = now
        return True

    def withdraw(self) -> None:
        """Remove the file: the room view closes."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._last = -ANNOUNCE_S


def room_following(paths: DataPaths, session_id: str, now: Clock) -> bool:
    """Whether a room view follows `session_id` now: one of its files was written within
    the last `STALE_S` seconds (by the time it holds: a file's own time may be coarse)."""
    try:
        files = list(paths.rooms.glob(f"{_stem(session_id)}.*{SUFFIX}"))
    except OSError:
        return False
    moment = now()
    for path in files:
        try:
            said = float(path.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if moment - STALE_S <= said <= moment + STALE_S:
            return True
    return False
