"""A cache of parsed agendas, so start-up reads JSON instead of parsing Markdown.

Two parts, so that a start-up reads only what the agenda list shows:

* an index (`agendas.json`): for each agenda file its size and modification time, its
  `AgendaSummary` (or none, when the file cannot be used) and its problems;
* the whole agendas, one small JSON file each in a folder beside the index
  (`agendas/`), read only when an agenda is previewed or started.

An entry is reused only while its file keeps the same size and modification time, and the
whole cache is dropped when the parser itself changes. A missing, damaged or unwritable
cache file only costs a re-parse: the agenda files stay the source of truth.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.agenda import parse
from facilitator.agenda.model import Agenda, AgendaSummary
from facilitator.agenda.parse import Problem
from facilitator.atomic import write_atomic

FORMAT = 2


def _parser_stamp() -> str:
    """Changes whenever the app or its parser changes, so stale results are never used."""
    source = Path(parse.__file__).stat()
    return f"{FORMAT}:{__version__}:{source.st_size}:{source.st_mtime_ns}"


def _file_stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _agenda_file_name(key: str) -> str:
    """The name of the file holding the whole agenda read from `key` (an absolute path)."""
    stem = Path(key).name.split(".")[0][:40]
    return f"{stem}-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}.json"


def _write_replacing(path: Path, data: bytes) -> None:
    """Write `path` through a temp file and a rename, without waiting for the disk.

    A reader sees the old file or the new one; after a power cut the file may be empty,
    which reads as a cache miss. That is all a cache needs, and skipping the fsync keeps
    a first start from waiting on the disk once per agenda.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class ParsedAgendaCache:
    """Parsed agendas by file: summaries in one JSON index, whole agendas beside it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder = path.with_suffix("")
        """Where the whole agendas are kept, one file each."""
        self.stamp = _parser_stamp()
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        self._unsaved: dict[str, Agenda] = {}
        """Whole agendas put since the last save, by index key."""
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == self.stamp and isinstance(data.get("files"), dict):
                self.entries = data["files"]

    def _entry(self, file: Path) -> tuple[str, dict[str, Any]] | None:
        """The index entry of `file`, if the file has not changed since."""
        key = os.path.abspath(file)
        entry = self.entries.get(key)
        if not isinstance(entry, dict) or entry.get("file") != _file_stamp(file):
            return None
        return key, entry

    def get(self, file: Path) -> tuple[AgendaSummary | None, tuple[Problem, ...]] | None:
        """The stored summary and problems of `file`, if the file has not changed since.

        The summary is None when the file cannot be used.
        """
        found = self._entry(file)
        if found is None:
            return None
        entry = found[1]
        try:
            summary = AgendaSummary.from_dict(entry["summary"]) if entry["summary"] else None
            problems = tuple(Problem(**p) for p in entry["problems"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return summary, problems

    def agenda(self, file: Path) -> Agenda | None:
        """The stored whole agenda of `file`, if the file has not changed since."""
        found = self._entry(file)
        if found is None:
            return None
        key, entry = found
        if key in self._unsaved:
            return self._unsaved[key]
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
            data = json.loads((self.folder / str(entry["whole"])).read_text(encoding="utf-8"))
            # The whole agenda must be the one read from this file, as it is now, by this
            # parser: a stale or mixed-up file is a miss, never a wrong agenda.
            if (data["stamp"], data["path"], data["file"]) == (self.stamp, key, entry["file"]):
                return Agenda.from_dict(data["agenda"])
        return None

    def put(self, file: Path, agenda: Agenda | None, problems: tuple[Problem, ...]) -> None:
        """Remember the result of reading `file`; the whole agenda is written on `save`."""
        stamp = _file_stamp(file)
        if stamp is None:
            return
        key = os.path.abspath(file)
        self.entries[key] = {
            "file": stamp,
            "summary": AgendaSummary.of(agenda).to_dict() if agenda else None,
            "problems": [
                {"path": p.path, "line": p.line, "message": p.message, "warning": p.warning}
                for p in problems
            ],
            "whole": _agenda_file_name(key) if agenda else None,
        }
        if agenda is not None:
            self._unsaved[key] = agenda
        else:
            self._unsaved.pop(key, None)
        self.changed = True

    def save(self) -> None:
        """Write what changed; failing to write it is harmless."""
        if not self.changed:
            return
        # Files that are gone leave the cache too, with their whole agendas.
        self.entries = {key: e for key, e in self.entries.items() if os.path.exists(key)}
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            for key, agenda in self._unsaved.items():
                if key in self.entries:
                    self._write_whole(key, agenda)
            self._unsaved.clear()
            data = json.dumps({"stamp": self.stamp, "files": self.entries}, ensure_ascii=False)
            write_atomic(self.path, data.encode("utf-8"))
            self.changed = False
            self._prune()

    def save_agenda(self, file: Path, agenda: Agenda) -> None:
        """Store the whole agenda of `file` again, when its index entry still holds.

        For a whole-agenda file that went missing: the index needs no new write.
        """
        found = self._entry(file)
        if found is None or not found[1].get("whole"):
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write_whole(found[0], agenda)

    def _write_whole(self, key: str, agenda: Agenda) -> None:
        entry = self.entries[key]
        data = {"stamp": self.stamp, "path": key, "file": entry["file"], "agenda": agenda.to_dict()}
        text = json.dumps(data, ensure_ascii=False)
        _write_replacing(self.folder / str(entry["whole"]), text.encode("utf-8"))

    def _prune(self) -> None:
        """Remove whole-agenda files no index entry names any more."""
        named = {str(e.get("whole")) for e in self.entries.values() if isinstance(e, dict)}
        for path in self.folder.glob("*.json"):
            if path.name not in named:
                with contextlib.suppress(OSError):
                    path.unlink()
