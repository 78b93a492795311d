"""What the disk refused to write into a session, kept in a file of its own until the next
start puts it back.

While the disk is full or read-only a running meeting keeps what it could not write in
memory (`Meeting.unsaved`, the clock, the details). When the meeting is closed with some of
it still waiting, it goes into a recovery file in the data folder's `rescued/` (one per
session, written with the crash-safe writer, as ASCII JSON so that even text the session
file's encoding refuses is kept); the next start offers to restore it into its session.
Should `rescued/` refuse too, the system's temporary folder is tried.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.meeting.session import Entry, SessionInfo
from facilitator.storage.atomic import fsync_folder, write_atomic
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore

FORMAT = "facilitator-rescue"
VERSION = 1


def encoding_problem(data: Any) -> str | None:
    """Why the session file's encoding (JSON in UTF-8) cannot hold `data`, or None when
    it can: a lone surrogate, say. Such an error is permanent: no retry can help."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError) as exc:
        return str(exc) or type(exc).__name__
    return None


def storable(value: Any) -> Any:
    """`value` (plain data) with every string cleaned of what UTF-8 cannot encode (lone
    surrogates) and what no document can hold (U+FFFE, U+FFFF)."""
    if isinstance(value, str):
        return "".join(
            c for c in value if not ("\ud800" <= c <= "\udfff") and c not in "\ufffe\uffff"
        )
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    return value


def fallback_folder(root: Path) -> Path:
    """Where a recovery file goes when the data folder `root` refuses it too: a folder of
    the system's temporary one, of this user and this data folder alone."""
    user = os.getuid() if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(str(root.resolve()).encode("utf-8", "replace")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"facilitator-rescued-{user}-{digest}"


@dataclass
class Rescue:
    """What one session could not save: entries (their latest versions), the clock's
    state, the details; and where it is kept."""

    session_id: str
    title: str
    saved_at: float
    entries: list[Entry] = field(default_factory=list)
    clock: dict[str, Any] | None = None
    details: dict[str, Any] | None = None
    path: Path | None = None
    """The recovery file, once written or read."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "session": self.session_id,
            "title": self.title,
            "saved_at": self.saved_at,
            "entries": [e.to_dict() for e in self.entries],
            "clock": self.clock,
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path) -> Rescue:
        if data.get("format") != FORMAT:
            raise ValueError("not a recovery file")
        return cls(
            session_id=str(data["session"]),
            title=str(data.get("title", "")),
            saved_at=float(data["saved_at"]),
            entries=[Entry.from_dict(e) for e in data.get("entries", [])],
            clock=None if data.get("clock") is None else dict(data["clock"]),
            details=None if data.get("details") is None else dict(data["details"]),
            path=path,
        )

    @property
    def size(self) -> int:
        """How many things it holds: each entry, the clock, the details."""
        return len(self.entries) + (self.clock is not None) + (self.details is not None)

    def merged_into(self, older: Rescue) -> Rescue:
        """This rescue on top of an older one of the same session (not restored yet):
        an entry's newer version takes its older one's place, the newer clock and details
        win."""
        entries = {e.id: e for e in older.entries}
        order = [e.id for e in older.entries]
        for entry in self.entries:
            if entry.id not in entries:
                order.append(entry.id)
            entries[entry.id] = entry
        return Rescue(
            self.session_id,
            self.title or older.title,
            self.saved_at,
            [entries[i] for i in order],
            self.clock if self.clock is not None else older.clock,
            self.details if self.details is not None else older.details,
        )


class RescueStore:
    """The recovery files of one data folder."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths

    @property
    def folders(self) -> list[Path]:
        """Where recovery files are kept: the data folder's `rescued/`, then the fallback."""
        return [self.paths.rescued, fallback_folder(self.paths.root)]

    def file(self, session_id: str, folder: Path | None = None) -> Path:
        return (folder or self.paths.rescued) / f"{session_id}.json"

    def keep(self, rescue: Rescue) -> Path:
        """Write `rescue` (merged with an earlier one of the session not restored yet);
        the path written.

        Raises:
            OSError: neither the data folder nor the fallback took it.
        """
        errors: list[OSError] = []
        for folder in self.folders:
            path = self.file(rescue.session_id, folder)
            whole = rescue
            earlier = self._read(path)
            if earlier is not None:
                whole = rescue.merged_into(earlier)
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                data = json.dumps(whole.to_dict(), ensure_ascii=True, indent=1)
                write_atomic(path, data.encode("ascii"))
            except OSError as exc:
                errors.append(exc)
                continue
            return path
        raise errors[0]

    def pending(self) -> list[Rescue]:
        """Every recovery file waiting to be restored, oldest first (unreadable ones are
        left where they are)."""
        found: list[Rescue] = []
        for path in self._files():
            rescue = self._read(path)
            if rescue is not None and rescue.size:
                found.append(rescue)
        found.sort(key=lambda r: r.saved_at)
        return found

    def _files(self) -> Iterator[Path]:
        for folder in self.folders:
            if folder.is_dir():
                yield from sorted(folder.glob("*.json"))

    @staticmethod
    def _read(path: Path) -> Rescue | None:
        try:
            data = json.loads(path.read_text(encoding="ascii"))
            return Rescue.from_dict(data, path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def restore(self, store: SessionStore, rescue: Rescue) -> int:
        """Put what `rescue` holds back into its session, then remove its file; how many
        things were put back. An entry whose version on disk is newer stays as it is; the
        rescued clock and details are used when they are newer than the clock on disk.

        Raises:
            StoreError, SessionLocked: the session cannot be opened for writing.
            OSError: the disk refused; the recovery file stays.
        """
        if rescue.path is not None:
            # The file as it is now: a later close may have added to it since it was read.
            rescue = self._read(rescue.path) or rescue
        session = store.open(rescue.session_id, write=True)
        try:
            on_disk = {e.id: e for e in session.entries(include_deleted=True)}
            count = 0
            for entry in rescue.entries:
                stored = on_disk.get(entry.id)
                if stored is not None and _changed_at(stored) > _changed_at(entry):
                    continue
                session.put_entry(Entry.from_dict(storable(entry.to_dict())))
                count += 1
            state = session.clock_state() or {}
            newer = float(state.get("saved_at") or 0.0) <= rescue.saved_at
            if rescue.clock is not None and newer:
                session.save_clock(storable(rescue.clock))
                count += 1
            if rescue.details is not None and newer:
                info = SessionInfo.from_dict(storable(rescue.details))
                info.id = session.id
                session.save_details(info)
                count += 1
        finally:
            session.close()
        self.forget(rescue)
        return count

    @staticmethod
    def forget(rescue: Rescue) -> None:
        """Remove the recovery file (its content is in the session now)."""
        if rescue.path is None:
            return
        with contextlib.suppress(FileNotFoundError):
            rescue.path.unlink()
        fsync_folder(rescue.path.parent)


def _changed_at(entry: Entry) -> float:
    return entry.updated_at if entry.updated_at is not None else entry.created_at
