"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


def _durable_temp(path: Path, data: bytes) -> str:
    """A temp file beside `path` holding `data`, flushed and fsynced; removed on failure."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes, previous: Path | None = None) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync folder.

    With `previous`, the file being replaced stays available under that name (a hard link,
    so nothing is copied): the last good copy, should the new file ever be damaged. File
    systems without hard links keep no copy.
    """
    tmp = _durable_temp(path, data)
    try:
        if previous is not None:
            _keep_previous(path, previous)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(path.parent)


def _keep_previous(path: Path, previous: Path) -> None:
    link = previous.with_name(f".{previous.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    try:
        os.link(path, link)
    except OSError:
        return  # no file yet, or no hard links here
    os.replace(link, previous)


def write_new(path: Path, data: bytes) -> Path:
    """Write `data` durably under `path`, or `name-2.ext`, `name-3.ext`... if it exists.

    An existing file is never overwritten: the finished temp file is hard-linked to its
    name, which fails if the name is taken. Returns the path actually written.
    """
    tmp = _durable_temp(path, data)
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
