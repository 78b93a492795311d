"""Session files written directly, as the store writes them, for benchmarks that need many
or big sessions: adding thousands of entries one by one through the store would take as
long as the benchmark itself.

A session file is a snapshot (`facilitator.storage.journal`) and the journal beside it.
A benchmark reads a session the app made (`read`), changes its tables, and writes them
back as a sealed snapshot with no journal (`write`), which is what a session the app
closed looks like."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def read(file: Path) -> dict[str, Any]:
    """The tables of the session file `file` (its snapshot with its journal replayed)."""
    from facilitator.storage.journaled import reader_for

    tables = reader_for(file)()
    if tables is None:
        raise RuntimeError(f"{file} holds no session")
    return dict(tables)


def write(file: Path, tables: dict[str, Any]) -> None:
    """Write `tables` as the session file `file`: a sealed snapshot, and no journal."""
    from facilitator.storage.journal import encode_snapshot, journal_path

    file.write_bytes(encode_snapshot(tables, 1))
    journal_path(file).unlink(missing_ok=True)
