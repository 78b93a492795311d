"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _durable_temp(path: Path, data: bytes) -> tuple[str, os.stat_result]:
    """A temp file beside `path` holding `data`, flushed and fsynced, and its status;
    removed on failure."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            status = os.fstat(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp, status


def write_atomic(path: Path, data: bytes, previous: Path | None = None) -> os.stat_result:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync folder.

    With `previous`, the file being replaced stays available under that name (a hard link,
    so nothing is copied): the last good copy, should the new file ever be damaged. The old
    file is linked under a temp name first and becomes `previous` only after the new file
    is in place, so `previous` and `path` are never one file, not even after a crash; a
    crash between the two renames leaves the temp link, which `tidy_after_crash` makes the
    copy. File systems without hard links keep no copy.

    Returns the new file's status as written (its inode, size and modification time stay
    the same under its final name), for `file_identity`.
    """
    tmp, status = _durable_temp(path, data)
    link: Path | None = None
    try:
        if previous is not None:
            link = _link_old(path, previous)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, link):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
        raise
    if link is not None and previous is not None:
        # The new file is in place whatever happens here: keeping the copy is a bonus.
        with contextlib.suppress(OSError):
            os.replace(link, previous)
        with contextlib.suppress(OSError):
            os.unlink(link)  # still there only when `previous` already was this very file
    fsync_folder(path.parent)
    return status


Identity = tuple[int, int, int, int]
"""A file as `file_identity` tells it apart: device, inode, size, modification time (ns)."""


def identity_of(status: os.stat_result) -> Identity:
    """The identity of a file by its status: every write of `write_atomic` is a new file
    (a new inode), so a file another process wrote since never has the same one."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def file_identity(path: Path) -> Identity | None:
    """The identity of the file under `path` now, or None when there is none."""
    try:
        return identity_of(os.stat(path))
    except FileNotFoundError:
        return None


def previous_links(path: Path, previous: Path) -> list[Path]:
    """Temp links of old versions of `path` that a crash left before they became
    `previous`, oldest first."""
    found = list(path.parent.glob(f".{previous.name}.*.tmp"))
    return sorted(found, key=lambda p: p.stat().st_mtime_ns)


def tidy_after_crash(
    path: Path, previous: Path, sound: Callable[[bytes], bool] = lambda _: True
) -> None:
    """Clean up after a write a crash interrupted; only call it while no write is under way.

    Temp files of the data are removed (their rename never happened). A temp link of the
    file before `path` became what it is now is made `previous`, the last good copy it was
    about to become, when `sound` says its content is; one that is still `path` itself, or
    is not sound, is removed.
    """
    links = previous_links(path, previous)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        if leftover not in links:
            with contextlib.suppress(OSError):
                leftover.unlink()
    keep: Path | None = None
    for link in links:
        try:
            same = path.exists() and os.path.samefile(link, path)
        except OSError:
            same = False
        if same or not _sound(link, sound):
            with contextlib.suppress(OSError):
                link.unlink()
        else:
            if keep is not None:
                with contextlib.suppress(OSError):
                    keep.unlink()
            keep = link
    if keep is not None:
        with contextlib.suppress(OSError):
            os.replace(keep, previous)
            fsync_folder(path.parent)


def _sound(path: Path, sound: Callable[[bytes], bool]) -> bool:
    try:
        return sound(path.read_bytes())
    except OSError:
        return False


def _link_old(path: Path, previous: Path) -> Path | None:
    """Link the current `path` under a temp name beside `previous`, or None (no file yet,
    or no hard links on this file system)."""
    link = previous.with_name(f".{previous.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    try:
        os.link(path, link)
    except OSError:
        return None
    return link


def write_new(path: Path, data: bytes) -> Path:
    """Write `data` durably under `path`, or `name-2.ext`, `name-3.ext`... if it exists.

    An existing file is never overwritten: the finished temp file is hard-linked to its
    name, which fails if the name is taken. Returns the path actually written.
    """
    tmp, _status = _durable_temp(path, data)
    try:
        candidate, counter = path, 1
        while True:
            try:
                os.link(tmp, candidate)
                break
            except FileExistsError:
                counter += 1
                candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
            except OSError:
                # Some file systems (FAT on a USB stick) have no hard links.
                if candidate.exists():
                    counter += 1
                    candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
                    continue
                os.replace(tmp, candidate)
                break
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_folder(path.parent)
    return candidate
