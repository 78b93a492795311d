"""A cache of parsed agendas, so start-up reads JSON instead of parsing Markdown.

An entry is reused only while its file keeps the same size and modification time, and the
whole cache is dropped when the parser itself changes. A missing, damaged or unwritable
cache file only costs a re-parse: the agenda files stay the source of truth.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from facilitator import __version__
from facilitator.agenda import parse
from facilitator.agenda.model import Agenda
from facilitator.agenda.parse import Problem
from facilitator.atomic import write_atomic

FORMAT = 1


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


class ParsedAgendaCache:
    """Parsed agendas by file, stored as one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stamp = _parser_stamp()
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("stamp") == self.stamp and isinstance(data.get("files"), dict):
                self.entries = data["files"]

    def get(self, file: Path) -> tuple[Agenda | None, tuple[Problem, ...]] | None:
        """The stored result for `file`, if the file has not changed since."""
        entry = self.entries.get(os.path.abspath(file))
        if not isinstance(entry, dict) or entry.get("file") != _file_stamp(file):
            return None
        try:
            agenda = Agenda.from_dict(entry["agenda"]) if entry["agenda"] else None
            problems = tuple(Problem(**p) for p in entry["problems"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        return agenda, problems

    def put(self, file: Path, agenda: Agenda | None, problems: tuple[Problem, ...]) -> None:
        """Remember the result of reading `file`."""
        stamp = _file_stamp(file)
        if stamp is None:
            return
        self.entries[os.path.abspath(file)] = {
            "file": stamp,
            "agenda": agenda.to_dict() if agenda else None,
            "problems": [
                {"path": p.path, "line": p.line, "message": p.message, "warning": p.warning}
                for p in problems
            ],
        }
        self.changed = True

    def save(self) -> None:
        """Write the cache if anything changed; failing to write it is harmless."""
        if not self.changed:
            return
        data = json.dumps({"stamp": self.stamp, "files": self.entries}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data.encode("utf-8"))
            self.changed = False
