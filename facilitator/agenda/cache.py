"""A cache of parsed agendas, so start-up reads JSON instead of parsing Markdown.

Two files, so that a start-up reads only what the agenda list shows:

* the index (`agendas.json`): for each agenda file its size and modification time, its
  `AgendaSummary` (or none, when the file cannot be used) and its problems, and where its
  whole agenda is in the other file;
* the whole agendas (`agendas-whole.jsonl`), one JSON record per line, each read on its
  own (a seek and one read) when an agenda is previewed or started.

An entry is reused only while its file keeps the same size and modification time, and the
whole cache is dropped when the parser itself changes. Each whole agenda names its file,
that file's stamp and the parser's, and is used only when all three still hold. A missing,
damaged or unwritable cache file only costs a re-parse: the agenda files stay the source
of truth.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from facilitator import __version__, terminal
from facilitator.agenda import blocks, duration, front_matter, markdown, parse, problems
from facilitator.agenda.model import Agenda, AgendaSummary
from facilitator.agenda.problems import Problem
from facilitator.storage.atomic import write_atomic

FORMAT = 8


_PARSER_MODULES = (parse, front_matter, blocks, duration, markdown, problems, terminal)
"""The modules whose code decides what a file parses to (the model has `FORMAT`)."""


def _parser_stamp() -> str:
    """Changes whenever the app or its parser changes, so stale results are never used."""
    sources = [Path(str(module.__file__)).stat() for module in _PARSER_MODULES]
    files = ":".join(f"{source.st_size}:{source.st_mtime_ns}" for source in sources)
    return f"{FORMAT}:{__version__}:{files}"


def _file_stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _write_replacing(path: Path, data: bytes) -> None:
    """Write `path` through a temp file and a rename, without waiting for the disk.

    A reader sees the old file or the new one; after a power cut the file may be empty or
    short, which reads as cache misses: every record is checked before it is used.
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
    """Parsed agendas by file: summaries in a JSON index, whole agendas in a second file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.whole_path = path.with_name(f"{path.stem}-whole.jsonl")
        """The whole agendas, one JSON record a line, found by the index's offsets."""
        self.stamp = _parser_stamp()
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        self._unsaved: dict[str, Agenda] = {}
        """Whole agendas put since the last save, by index key."""
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError, RecursionError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == self.stamp and isinstance(data.get("files"), dict):
                self.entries = data["files"]

    def _entry(self, file: Path) -> tuple[str, dict[str, Any]] | None:
        """The index key and entry of `file`, if the file has not changed since."""
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
            problems = tuple(Problem.from_dict(p) for p in entry["problems"])
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
        record = self._record(key, entry)
        if record is None:
            return None
        try:
            return Agenda.from_dict(record["agenda"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def _record(
        self, key: str, entry: dict[str, Any], whole: bytes | None = None
    ) -> dict[str, Any] | None:
        """The whole-agenda record of index entry `entry`, read from `whole` (the whole
        file's bytes) or from the file; None unless it is the one for this file as it is,
        from this parser."""
        with contextlib.suppress(
            OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError
        ):
            offset, length = (int(n) for n in entry["whole"])
            if whole is None:
                with self.whole_path.open("rb") as handle:
                    handle.seek(offset)
                    raw = handle.read(length)
            else:
                raw = whole[offset : offset + length]
            data = json.loads(raw)
            # A stale, torn or mixed-up record is a miss, never a wrong agenda.
            if (data["stamp"], data["path"], data["file"]) == (self.stamp, key, entry["file"]):
                return dict(data)
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
            # Problems are kept as message ids and values: worded when shown, in the UI
            # language of that moment.
            "problems": [p.to_dict() for p in problems],
            "whole": None,
        }
        if agenda is not None:
            self._unsaved[key] = agenda
        else:
            self._unsaved.pop(key, None)
        self.changed = True

    def put_agenda(self, file: Path, agenda: Agenda) -> None:
        """Store the whole agenda of `file` again (its record was lost), and save.

        Only while the file's index entry still holds, that is while the file is unchanged.
        """
        found = self._entry(file)
        if found is None or not found[1].get("summary"):
            return
        self._unsaved[found[0]] = agenda
        self.changed = True
        self.save()

    def save(self) -> None:
        """Write what changed; failing to write it is harmless."""
        if not self.changed:
            return
        with contextlib.suppress(OSError):
            # Files that are gone leave the cache too, with their whole agendas.
            self.entries = {k: e for k, e in self.entries.items() if os.path.exists(k)}
            whole = self._whole_file()
            records: list[bytes] = []
            offset = 0
            for key, entry in self.entries.items():
                if not isinstance(entry, dict):
                    continue
                record: dict[str, Any] | None = None
                if key in self._unsaved:
                    agenda = self._unsaved[key].to_dict()
                    record = {"stamp": self.stamp, "path": key, "file": entry["file"]}
                    record["agenda"] = agenda
                elif entry.get("summary") and whole is not None:
                    record = self._record(key, entry, whole)  # kept from the last save
                if record is None:
                    entry["whole"] = None
                    continue
                raw = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
                entry["whole"] = [offset, len(raw)]
                records.append(raw)
                offset += len(raw)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_replacing(self.whole_path, b"".join(records))
            index = json.dumps({"stamp": self.stamp, "files": self.entries}, ensure_ascii=False)
            write_atomic(self.path, index.encode("utf-8"))
            self._unsaved.clear()
            self.changed = False

    def _whole_file(self) -> bytes | None:
        try:
            return self.whole_path.read_bytes()
        except OSError:
            return None
