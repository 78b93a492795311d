"""Finishing a recovery a crash interrupted: while a damaged file is being replaced by its
last good copy, a mark beside it (`<name>.recovering`) says so; a listing that finds the
mark and no file puts the copy back (`adopt_orphan_copies`), so a session never vanishes.
`guarded.GuardedFile` sets and clears the mark around its recovery."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from facilitator.meeting.clock import Clock
from facilitator.storage.atomic import fsync_folder, write_new

__all__ = ["STALE_MARK_S", "adopt_orphan_copies", "make_mark", "recovering_mark"]

STALE_MARK_S = 60.0
"""A recovery mark this old, beside its file, was left by a crash: a recovery takes
milliseconds."""


def recovering_mark(path: Path) -> Path:
    """The mark beside `path` while it is being recovered: `<name>.recovering`."""
    return path.with_name(path.name + ".recovering")


def make_mark(mark: Path) -> bool:
    """Make the empty file `mark`, durably; False when it was there already (another
    process recovers the same file) or cannot be made (the recovery goes on anyway)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(mark, flags, 0o600))
    except OSError:
        return False
    fsync_folder(mark.parent)
    return True


def adopt_orphan_copies(
    folder: Path, sound: Callable[[bytes], bool], now: Clock = time.time
) -> list[Path]:
    """Finish each recovery in `folder` a crash interrupted: where a recovery mark is
    (`recovering_mark`) and the file is missing, its last good copy (`<name>.prev`) is put
    back in its place when `sound` says its content is; return the files put back.

    A recovery moves the damaged file aside (to the quarantine) before it puts the copy in
    its place: a crash between the two left the copy alone, and the file, missing from
    every list, would be lost to the user. The copy stays (it is the last good copy still);
    the file is a new one beside it, never written over anything (`write_new`). A file
    removed on purpose (no mark) stays removed. The mark goes once its file is there.
    """
    adopted: list[Path] = []
    try:
        marks = sorted(folder.glob("*.recovering"))
    except OSError:
        return adopted
    for mark in marks:
        path = mark.with_name(mark.name.removesuffix(".recovering"))
        if os.path.lexists(path):
            with contextlib.suppress(OSError):
                if now() - mark.stat().st_mtime > STALE_MARK_S:
                    mark.unlink()  # left by a crash after the copy was back
            continue
        if _adopt(path, path.with_name(path.name + ".prev"), sound):
            adopted.append(path)
        with contextlib.suppress(OSError):
            mark.unlink()
    return adopted


def _adopt(path: Path, copy: Path, sound: Callable[[bytes], bool]) -> bool:
    try:
        data = copy.read_bytes()
    except OSError:
        return False
    if not sound(data):
        return False
    try:
        written = write_new(path, data)
    except OSError:
        return False
    if written != path:
        # The file came back meanwhile (another process adopted it): leave it be.
        with contextlib.suppress(OSError):
            written.unlink()
        return False
    return True
