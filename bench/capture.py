"""Capture benchmark: what it costs to put one typed entry durably on disk, as a session grows.

facilitator stores an entry with `StoredSession.add_entry` on a session made by
`SessionStore.create`: TinyDB (with the session's `JournalTable`s) adds the entry to the
database the storage keeps in memory, and `JournalStorage` appends that one document to the
session's journal and fsyncs it; now and then the journal is compacted into a new snapshot.
Measured against, in the same run and the same folder:

* sqlite3 in WAL mode with `synchronous=FULL`: one `INSERT` of the entry's JSON and one
  commit per entry (durable when the commit returns);
* TinyDB's default `JSONStorage`: the same whole-file read and rewrite, but in place in the
  open file (one flush and fsync, then a truncate that is not synced): a kill during the
  write can leave the file unreadable, so this is what plain TinyDB costs, not a safe
  alternative;
* a plain append of the entry's JSON line to an open file, flush and fsync: the floor for
  any durable write of one entry.

The same generated entries (realistic lengths, Latvian and English text, the four kinds,
actions with a lead and a deadline) go to all four. Each entry is written by all four one
after the other, the order rotating, so that noise on the machine hits all alike. The
stretches: `--timed` entries after a bulk fill to each of `--sizes` entries (1, 100, 1,000,
5,000 and 20,000); after the fill facilitator's journal is compacted (untimed), so a
stretch times appends, and compactions are timed on their own: a compaction of a session
of 5,000 and of 20,000 entries, and the read-only open (the replay) of a 5,000-entry
session with a journal of 2,000 records against the same session compacted. `--runs`
repeats everything on fresh files and pools the samples. The garbage collector stays on,
as in the app; a collection runs before each stretch.

It also measures opening a stored session of each size from 1,000 up: `SessionStore.open`
(read-only), and what resuming a meeting reads (`open(write=True)` and `Meeting(...)`),
against sqlite3 reading the same rows back into entries, and TinyDB's default storage doing
the same.

    .venv/bin/python bench/capture.py              # a few minutes, updates BENCHMARKS.md
    .venv/bin/python bench/capture.py --runs 1 --sizes 1,1000 --no-write

The figures are for the checkout this script lives in (its `facilitator/` comes first on
the import path), on the file system of the temporary folder (`--dir` picks another).

The entries and the four ways to store them are in `capture_ways.py`, the report in
`capture_report.py`.
"""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from capture_report import (
    OPENERS,
    Compactions,
    Results,
    Stretch,
    capture_section,
    file_system,
    findings,
    tables,
)
from capture_ways import WAYS, Facilitator, encode, make_entries, open_ways
from harness import median, rotated
from report import finish, machine, rerun, rerun_command, write_option

if TYPE_CHECKING:
    from facilitator.agenda.model import Agenda
    from facilitator.meeting.session import Entry

AGENDA = "getting-to-know-en"
DEFAULT_SIZES = (1, 100, 1000, 5000, 20000)
OPEN_FROM = 1000
"""Opening is measured for the sizes from this one up."""
COMPACT_SIZES = (5000, 20000)
REPLAY_SIZE, REPLAY_RECORDS = 5000, 2000
"""The replay measured: a session of this many entries with a journal of that many records."""
DEFAULT_TIMED = 50
DEFAULT_RUNS = 3
DEFAULT_OPEN_RUNS = 10


def measure_writes(
    root: Path, agenda: Agenda, entries: list[Entry], sizes: list[int], timed: int, run: int
) -> list[Stretch]:
    """One run: a fresh session in each way, the three stretches timed."""
    ways = open_ways(root / f"run-{run}", agenda)
    stretches = [Stretch(size + 1, size + timed) for size in sizes]
    count = 0
    try:
        for stretch in stretches:
            if count < stretch.first - 1:
                for way in ways.values():
                    way.fill(entries[count : stretch.first - 1])
                count = stretch.first - 1
            ours = ways["facilitator"]
            assert isinstance(ours, Facilitator)
            ours.compact()  # the bulk fill is one huge record: fold it in, untimed
            gc.collect()
            for n in range(stretch.first - 1, stretch.last):
                entry = entries[n]
                for name in rotated(WAYS, n):
                    began = time.perf_counter()
                    ways[name].add(entry)
                    stretch.times[name].append(time.perf_counter() - began)
            count = stretch.last
            stretch.file_bytes = {name: way.path.stat().st_size for name, way in ways.items()}
    finally:
        for way in ways.values():
            way.close()
    return stretches


def pool(runs: list[list[Stretch]]) -> list[Stretch]:
    """The stretches of several runs, their samples together."""
    pooled = []
    for same in zip(*runs, strict=True):
        total = Stretch(same[0].first, same[0].last, file_bytes=same[-1].file_bytes)
        for stretch in same:
            for name in WAYS:
                total.times[name] += stretch.times[name]
        pooled.append(total)
    return pooled


def measure_opens(
    root: Path, agenda: Agenda, entries: list[Entry], sizes: list[int], runs: int
) -> dict[int, dict[str, list[float]]]:
    """Open a stored session of each size, `runs` times in each way, interleaved."""
    from facilitator.meeting.live import Meeting
    from facilitator.meeting.session import Entry

    results: dict[int, dict[str, list[float]]] = {}
    for size in sizes:
        ways = open_ways(root / f"open-{size}", agenda)
        for way in ways.values():
            way.fill(entries[:size])
            way.close()
        ours = ways["facilitator"]
        assert isinstance(ours, Facilitator)

        def store_open(ours: Facilitator = ours) -> None:
            session = ours.store.open(ours.id)
            session.close()

        def resume(ours: Facilitator = ours) -> None:
            meeting = Meeting(ours.store.open(ours.id, write=True), time.time)
            meeting.close()

        def sqlite_open(path: Path = ways["sqlite"].path) -> None:
            db = sqlite3.connect(path)
            db.execute("SELECT doc FROM meta").fetchall()
            rows = db.execute("SELECT doc FROM entries ORDER BY n").fetchall()
            [Entry.from_dict(json.loads(doc)) for (doc,) in rows]
            db.close()

        def tinydb_open(path: Path = ways["tinydb"].path) -> None:
            from tinydb import TinyDB

            db = TinyDB(path)
            db.table("meta").all()
            [Entry.from_dict(doc) for doc in db.table("entries").all()]
            db.close()

        openers: dict[str, Callable[[], None]] = {
            "store-open": store_open,
            "resume": resume,
            "sqlite": sqlite_open,
            "tinydb": tinydb_open,
        }
        times: dict[str, list[float]] = {name: [] for name in OPENERS}
        for name in OPENERS:  # a warm-up each, unrecorded
            openers[name]()
        for n in range(runs):
            gc.collect()
            for name in rotated(OPENERS, n):
                began = time.perf_counter()
                openers[name]()
                times[name].append(time.perf_counter() - began)
        results[size] = times
    return results


def measure_compactions(root: Path, agenda: Agenda, entries: list[Entry], runs: int) -> Compactions:
    """A compaction at each of `COMPACT_SIZES`, and the replay of a long journal."""
    from facilitator.storage.journal import journal_path

    result = Compactions()
    for size in COMPACT_SIZES:
        ours = Facilitator(root / f"compact-{size}", agenda)
        ours.fill(entries[:size])
        ours.compact()
        times = []
        for n in range(runs):
            ours.add(entries[size + n])  # something to fold in
            gc.collect()
            began = time.perf_counter()
            ours.compact()
            times.append(time.perf_counter() - began)
        result.compact[size] = times
        result.snapshot_bytes[size] = ours.path.stat().st_size
        ours.close()
    ours = Facilitator(root / "replay", agenda)
    ours.fill(entries[:REPLAY_SIZE])
    ours.compact()
    for entry in entries[REPLAY_SIZE : REPLAY_SIZE + REPLAY_RECORDS]:
        ours.add(entry)
    result.journal_bytes = journal_path(ours.path).stat().st_size
    ours.session._db.storage.close()  # as after a crash: the journal stays as it is

    def store_open() -> None:
        ours.store.open(ours.id).close()

    store_open()  # a warm-up, unrecorded
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        store_open()
        result.replay.append(time.perf_counter() - began)
    ours.session._lock.release()  # the lock of the "crashed" window
    session = ours.store.open(ours.id, write=True)
    session.close()  # compacts the journal
    for _ in range(runs):
        gc.collect()
        began = time.perf_counter()
        store_open()
        result.compacted_open.append(time.perf_counter() - began)
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Storing one entry durably as a session grows, against sqlite3 (WAL, "
        "synchronous=FULL), TinyDB's default storage and append+fsync; and opening a session."
    )
    parser.add_argument(
        "--runs", type=int, default=DEFAULT_RUNS, help=f"fresh runs (default {DEFAULT_RUNS})"
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="session sizes to time entries after (default 1,100,1000,5000,20000); opened "
        f"from {OPEN_FROM:,} up",
    )
    parser.add_argument(
        "--timed",
        type=int,
        default=DEFAULT_TIMED,
        help=f"entries timed after each size (default {DEFAULT_TIMED})",
    )
    parser.add_argument(
        "--open-runs",
        type=int,
        default=DEFAULT_OPEN_RUNS,
        help=f"opens of each size and way (default {DEFAULT_OPEN_RUNS})",
    )
    parser.add_argument("--dir", help="measure in a temporary folder under DIR (default: /tmp)")
    write_option(parser, "capture")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if not sizes or sizes[0] < 1:
        parser.error("--sizes must be 1 or more")
    if args.runs < 1 or args.timed < 10 or args.open_runs < 3:
        parser.error("at least 1 run, 10 timed entries and 3 open runs")

    import facilitator
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.storage.paths import DataPaths

    print(f"capture: measuring {Path(facilitator.__file__).parent}", file=sys.stderr)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-capture-", dir=args.dir) as tmp:
        root = Path(tmp)
        agenda = AgendaLibrary.discover(DataPaths(root / "agendas-data")).find(AGENDA)
        if agenda is None:
            raise SystemExit(f"no agenda {AGENDA}")
        count = max(sizes[-1] + args.timed, *(n + args.open_runs for n in COMPACT_SIZES))
        entries = make_entries(max(count, REPLAY_SIZE + REPLAY_RECORDS), agenda)
        runs = []
        for run in range(args.runs):
            print(f"capture: run {run + 1} of {args.runs}", file=sys.stderr)
            runs.append(measure_writes(root, agenda, entries, sizes, args.timed, run))
        print("capture: opening stored sessions", file=sys.stderr)
        opened = [size for size in sizes if size >= OPEN_FROM]
        opens = measure_opens(root, agenda, entries, opened, args.open_runs)
        print("capture: compactions and a replay", file=sys.stderr)
        compactions = measure_compactions(root, agenda, entries, args.open_runs)
        results = Results(
            stretches=pool(runs),
            opens=opens,
            compactions=compactions,
            runs=args.runs,
            open_runs=args.open_runs,
            entry_bytes=median(len(encode(e.to_dict()).encode()) for e in entries),
            fs=file_system(root),
        )
    info = machine(f"TinyDB {version('tinydb')}", f"SQLite {sqlite3.sqlite_version}")
    print("\n".join(tables(results)))
    print("\n".join(findings(results)))
    command = rerun_command(
        "bench/capture.py",
        ("--runs", args.runs, DEFAULT_RUNS),
        ("--sizes", sizes, list(DEFAULT_SIZES)),
        ("--timed", args.timed, DEFAULT_TIMED),
        ("--open-runs", args.open_runs, DEFAULT_OPEN_RUNS),
    )
    text = capture_section(results, info, rerun(command, "bench/capture.py"))
    finish("capture", text, args.write, began, after="timer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
