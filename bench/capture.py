"""Capture benchmark: what it costs to put one typed entry durably on disk, as a session grows.

facilitator stores an entry with `StoredSession.add_entry` on a session made by
`SessionStore.create`: TinyDB reads and parses the whole file, adds the entry, and
`AtomicJSONStorage` writes the whole file again to a temp file, fsyncs it, renames it over
the old one and fsyncs the folder. Measured against, in the same run and the same folder:

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
after the other, the order rotating, so that noise on the machine hits all alike. Three
stretches are timed: the 1st to the 100th entry of a new session, and `--timed` entries
after a bulk fill to 1,000 and to 5,000 entries (`--sizes`). `--runs` repeats everything
on fresh files and pools the samples. The garbage collector stays on, as in the app; a
collection runs before each stretch.

It also measures opening a stored session of each size: `SessionStore.open` (read-only),
and what resuming a meeting reads (`open(write=True)` and `Meeting(...)`), against sqlite3
reading the same rows back into entries, and TinyDB's default storage doing the same.

    .venv/bin/python bench/capture.py              # about a minute, updates BENCHMARKS.md
    .venv/bin/python bench/capture.py --runs 5 --sizes 1000,5000,10000 --no-write

The figures are for the checkout this script lives in (its `facilitator/` comes first on
the import path), on the file system of the temporary folder (`--dir` picks another).
"""

from __future__ import annotations

import gc
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import percentile
from report import BENCHMARKS, REPO, machine, markers, provenance, write_section
from report import rerun as rerun_line

# The checkout's own code, not whichever copy the virtual environment installed.
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from facilitator.agenda.model import Agenda
    from facilitator.meeting.session import Entry
    from facilitator.storage.sessions import StoredSession

BEGIN, END = markers("capture")

AGENDA = "getting-to-know-en"
FIRST = 100
"""The first stretch: entries 1 to this, each timed, on a new session."""
DEFAULT_SIZES = (1000, 5000)
DEFAULT_TIMED = 50
DEFAULT_RUNS = 3
DEFAULT_OPEN_RUNS = 10
BREAKDOWN_EVERY = 10
"""Every this many timed entries, the parts of a facilitator save are timed once."""
KEYSTROKE_BUDGET_MS = 100.0
"""A save that takes longer than this is felt: the capture line waits for it."""

SAMPLE_TEXT = (
    "Anna vērtē godīgumu un atklātību sadarbībā ar jauniešiem skolā pašvaldībā Cēsīs "
    "Līgatnē ūdens projekts pieredze ģimene kopiena mērķis rīcības plāns budžets aptauja "
    "mentors mentorējamais nākamā tikšanās otrdienā jāsagatavo ziņojums par rezultātiem "
    "the mentor shares how the city involved residents in planning the new park and the "
    "survey showed that young people want more evening activities near the station"
)
WORDS = SAMPLE_TEXT.split()
LEADS = ("Anna", "Jānis_Bērziņš", "Līga", "Pēteris", "Ieva_Ozoliņa")


# --------------------------------------------------------------------------------------
# The entries.
# --------------------------------------------------------------------------------------


def make_entries(count: int, agenda: Agenda, seed: int = 5) -> list[Entry]:
    """`count` entries as a meeting produces them: mostly short notes, some long ones."""
    from facilitator.meeting.session import ActionFields, Entry, EntryKind

    rng = random.Random(seed)
    kinds = [EntryKind.NOTE] * 12 + [EntryKind.DECISION] * 3 + [EntryKind.ACTION] * 3
    kinds += [EntryKind.QUESTION] * 2
    start = 1_795_000_000.0
    entries = []
    for n in range(count):
        length = rng.choice([rng.randint(20, 80)] * 6 + [rng.randint(80, 200)] * 3)
        if rng.random() < 0.1:
            length = rng.randint(200, 500)
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < length:
            words.append(rng.choice(WORDS))
        kind = rng.choice(kinds)
        action = None
        if kind is EntryKind.ACTION:
            day = rng.randint(1, 28)
            action = ActionFields(deadline=f"2026-12-{day:02d}", lead=rng.choice(LEADS))
        block = rng.randrange(len(agenda.blocks))
        entries.append(
            Entry(
                id=f"{n:012x}",
                kind=kind,
                text=" ".join(words).capitalize(),
                block_index=block,
                block_title=agenda.blocks[block].title,
                created_at=start + 7.5 * n,
                meeting_s=7.5 * n,
                action=action,
            )
        )
    return entries


def encode(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------
# The four ways to store an entry.
# --------------------------------------------------------------------------------------


class Way:
    """One way to store entries durably (or not): `add` is timed, `fill` is not."""

    label = ""

    def fill(self, entries: list[Entry]) -> None:
        raise NotImplementedError

    def add(self, entry: Entry) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @property
    def path(self) -> Path:
        raise NotImplementedError


class Facilitator(Way):
    label = "facilitator: `add_entry` (TinyDB, atomic: temp file, fsync, rename, fsync folder)"

    def __init__(self, root: Path, agenda: Agenda) -> None:
        from facilitator.storage.paths import DataPaths
        from facilitator.storage.sessions import SessionStore

        self.store = SessionStore(DataPaths(root))
        self.session: StoredSession = self.store.create(agenda)
        self.id = self.session.id

    def fill(self, entries: list[Entry]) -> None:
        # One write for the lot; only the timed entries go one by one through `add_entry`.
        self.session._db.table("entries").insert_multiple([e.to_dict() for e in entries])

    def add(self, entry: Entry) -> None:
        self.session.add_entry(entry)

    def close(self) -> None:
        self.session.close()

    @property
    def path(self) -> Path:
        return self.store.paths.session_file(self.id)


class SQLite(Way):
    label = "sqlite3, WAL, `synchronous=FULL`: one INSERT and commit"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        self._path = root / "session.sqlite"
        self.db = sqlite3.connect(self._path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE meta (doc TEXT NOT NULL)")
        self.db.execute("CREATE TABLE entries (n INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
        self.db.execute("INSERT INTO meta (doc) VALUES (?)", (encode(meta),))
        self.db.commit()

    def fill(self, entries: list[Entry]) -> None:
        rows = [(encode(e.to_dict()),) for e in entries]
        self.db.executemany("INSERT INTO entries (doc) VALUES (?)", rows)
        self.db.commit()

    def add(self, entry: Entry) -> None:
        self.db.execute("INSERT INTO entries (doc) VALUES (?)", (encode(entry.to_dict()),))
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    @property
    def path(self) -> Path:
        return self._path


class PlainTinyDB(Way):
    label = "TinyDB default `JSONStorage` (in place; not crash-safe)"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        from tinydb import TinyDB

        self._path = root / "tinydb-default.json"
        self.db = TinyDB(self._path)
        self.db.table("meta").insert(meta)

    def fill(self, entries: list[Entry]) -> None:
        self.db.table("entries").insert_multiple([e.to_dict() for e in entries])

    def add(self, entry: Entry) -> None:
        self.db.table("entries").insert(entry.to_dict())

    def close(self) -> None:
        self.db.close()

    @property
    def path(self) -> Path:
        return self._path


class Append(Way):
    label = "append one JSON line, flush, fsync (the floor)"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        self._path = root / "journal.jsonl"
        self.file = self._path.open("ab")
        self._write([encode(meta)])

    def _write(self, lines: list[str]) -> None:
        self.file.write("".join(line + "\n" for line in lines).encode("utf-8"))
        self.file.flush()
        os.fsync(self.file.fileno())

    def fill(self, entries: list[Entry]) -> None:
        self._write([encode(e.to_dict()) for e in entries])

    def add(self, entry: Entry) -> None:
        self._write([encode(entry.to_dict())])

    def close(self) -> None:
        self.file.close()

    @property
    def path(self) -> Path:
        return self._path


WAYS = ("facilitator", "sqlite", "tinydb", "append")


def open_ways(root: Path, agenda: Agenda) -> dict[str, Way]:
    """A fresh session in each way, each in its own folder under `root`."""
    ours = Facilitator(root / "facilitator", agenda)
    meta = ours.session.info.to_dict()
    others: list[tuple[str, Callable[[Path, dict[str, Any]], Way]]] = [
        ("sqlite", SQLite),
        ("tinydb", PlainTinyDB),
        ("append", Append),
    ]
    ways: dict[str, Way] = {"facilitator": ours}
    for name, make in others:
        (root / name).mkdir(parents=True)
        ways[name] = make(root / name, meta)
    return ways


# --------------------------------------------------------------------------------------
# Measuring.
# --------------------------------------------------------------------------------------


@dataclass
class Stretch:
    """The timed entries of one stretch: their numbers and each way's times (seconds)."""

    first: int
    last: int
    times: dict[str, list[float]] = field(default_factory=lambda: {w: [] for w in WAYS})
    file_bytes: dict[str, int] = field(default_factory=dict)
    parse_s: list[float] = field(default_factory=list)
    """facilitator's file: read and `json.loads`, the part of each save that reads."""
    dump_s: list[float] = field(default_factory=list)
    """...`json.dumps` of what was read: the part that encodes."""
    atomic_s: list[float] = field(default_factory=list)
    """...`write_atomic` of those bytes to a file beside it: the part that writes."""

    @property
    def label(self) -> str:
        return f"{self.first:,}-{self.last:,}"


def breakdown(stretch: Stretch, path: Path) -> None:
    """Time the three parts of one facilitator save on the file as it is now."""
    from facilitator.storage.atomic import write_atomic

    beside = path.with_name("breakdown.json")
    began = time.perf_counter()
    data = json.loads(path.read_bytes().decode("utf-8"))
    parsed = time.perf_counter()
    encoded = encode(data).encode("utf-8")
    dumped = time.perf_counter()
    write_atomic(beside, encoded)
    written = time.perf_counter()
    beside.unlink()
    stretch.parse_s.append(parsed - began)
    stretch.dump_s.append(dumped - parsed)
    stretch.atomic_s.append(written - dumped)


def measure_writes(
    root: Path, agenda: Agenda, entries: list[Entry], sizes: list[int], timed: int, run: int
) -> list[Stretch]:
    """One run: a fresh session in each way, the three stretches timed."""
    ways = open_ways(root / f"run-{run}", agenda)
    stretches = [Stretch(1, FIRST)] + [Stretch(size + 1, size + timed) for size in sizes]
    count = 0
    try:
        for stretch in stretches:
            if count < stretch.first - 1:
                for way in ways.values():
                    way.fill(entries[count : stretch.first - 1])
                count = stretch.first - 1
            gc.collect()
            for n in range(stretch.first - 1, stretch.last):
                entry = entries[n]
                shift = n % len(WAYS)
                for name in WAYS[shift:] + WAYS[:shift]:
                    began = time.perf_counter()
                    ways[name].add(entry)
                    stretch.times[name].append(time.perf_counter() - began)
                if n % BREAKDOWN_EVERY == 0:
                    breakdown(stretch, ways["facilitator"].path)
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
            total.parse_s += stretch.parse_s
            total.dump_s += stretch.dump_s
            total.atomic_s += stretch.atomic_s
        pooled.append(total)
    return pooled


OPENERS = ("store-open", "resume", "sqlite", "tinydb")
OPEN_LABELS = {
    "store-open": "facilitator: `SessionStore.open` (read-only, checks every entry)",
    "resume": "facilitator: `open(write=True)` and `Meeting(...)`, as a resume does",
    "sqlite": "sqlite3: connect, SELECT every row, `Entry.from_dict` each",
    "tinydb": "TinyDB default `JSONStorage`: `TinyDB(path)`, every entry, `Entry.from_dict`",
}


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
            shift = n % len(OPENERS)
            for name in OPENERS[shift:] + OPENERS[:shift]:
                began = time.perf_counter()
                openers[name]()
                times[name].append(time.perf_counter() - began)
        results[size] = times
    return results


# --------------------------------------------------------------------------------------
# Reporting.
# --------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "-"


def file_system(path: Path) -> str:
    """The type of the file system `path` lies on, from /proc/mounts (Linux), else `?`."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "?"
    best, kind = "", "?"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) > 2 and resolved.startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


@dataclass
class Results:
    stretches: list[Stretch]
    opens: dict[int, dict[str, list[float]]]
    runs: int
    open_runs: int
    entry_bytes: float
    """Median size of one entry's JSON, in bytes."""
    fs: str


def tables(r: Results) -> list[str]:
    rows = [
        "**Storing one entry durably** (each entry timed alone; "
        f"{r.runs} run{'s' if r.runs > 1 else ''} pooled):",
        "",
        "| entries | way | median | p90 | max | facilitator / this (medians) | file |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for s in r.stretches:
        ours = statistics.median(s.times["facilitator"])
        for name, label in zip(WAYS, (Facilitator.label, SQLite.label, PlainTinyDB.label,
                                      Append.label), strict=True):  # fmt: skip
            t = s.times[name]
            median = statistics.median(t)
            rate = "-" if name == "facilitator" else ratio(ours, median)
            size = s.file_bytes.get(name, 0)
            rows.append(
                f"| {s.label} | {label} | {ms(median)} | {ms(percentile(t, 0.9))} "
                f"| {ms(max(t))} | {rate} | {size / 1000:,.0f} KB |"
            )
    rows += [
        "",
        "**Where a facilitator save goes**: the three parts of a save timed apart, on the "
        f"session's file as it stands, once every {BREAKDOWN_EVERY} timed entries: reading "
        "and parsing the whole file, encoding it, and writing it atomically (temp file, "
        "fsync, rename, fsync folder). Timed apart, they need not add up to a save exactly; "
        "what a save spends beyond them is TinyDB's own work.",
        "",
        "| entries | `add_entry` (median) | read + `json.loads` | `json.dumps` "
        "| `write_atomic` | append + fsync (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in r.stretches:
        rows.append(
            f"| {s.label} | {ms(statistics.median(s.times['facilitator']))} "
            f"| {ms(statistics.median(s.parse_s))} | {ms(statistics.median(s.dump_s))} "
            f"| {ms(statistics.median(s.atomic_s))} "
            f"| {ms(statistics.median(s.times['append']))} |"
        )
    rows += [
        "",
        f"**Opening a stored session** ({r.open_runs} runs of each, interleaved, after one "
        "warm-up each; the file is in the page cache, as on any start but the first after a "
        "reboot):",
        "",
        "| entries | way | median | p90 | this / sqlite3 (medians) |",
        "|---|---|---:|---:|---:|",
    ]
    for size, times in r.opens.items():
        reference = statistics.median(times["sqlite"])
        for name in OPENERS:
            t = times[name]
            median = statistics.median(t)
            rate = "-" if name == "sqlite" else ratio(median, reference)
            rows.append(
                f"| {size:,} | {OPEN_LABELS[name]} | {ms(median)} | {ms(percentile(t, 0.9))} "
                f"| {rate} |"
            )
    return rows


def read_encode(s: Stretch) -> list[float]:
    """Each breakdown sample's reading and encoding of the whole file, together."""
    return [p + d for p, d in zip(s.parse_s, s.dump_s, strict=True)]


def findings(r: Results) -> list[str]:
    """What the figures say, in words, from this run's own numbers."""

    def med(values: list[float]) -> float:
        return statistics.median(values)

    lines = []
    for s in r.stretches:
        ours = med(s.times["facilitator"])
        plain = med(s.times["tinydb"])
        reading, atomic = med(read_encode(s)), med(s.atomic_s)
        lines.append(
            f"- Entries {s.label} (file {s.file_bytes.get('facilitator', 0) / 1000:,.0f} KB): "
            f"facilitator {ms(ours)} per entry, {ratio(ours, med(s.times['sqlite']))} sqlite3 "
            f"({ms(med(s.times['sqlite']))}) and {ratio(ours, med(s.times['append']))} the "
            f"append floor ({ms(med(s.times['append']))}). Encoding the whole file takes "
            f"{ms(med(s.dump_s))} (reading and parsing it, which a save does not do as the "
            f"storage keeps what it wrote, would add {ms(reading - med(s.dump_s))}), the "
            f"atomic write {ms(atomic)}. Plain TinyDB, which rereads the file each time, "
            f"takes {ms(plain)}: the crash-safe write costs {ms(ours - plain)} more."
        )
    first, last = r.stretches[0], r.stretches[-1]
    worst = percentile(last.times["facilitator"], 0.9) * 1000

    def share(s: Stretch, part: list[float]) -> str:
        return f"{med(part) / med(s.times['facilitator']):.0%}"

    lines.append(
        "- What this means: sqlite3 and the append floor cost about one fsync whatever the "
        "session's size. facilitator's save re-encodes and rewrites the whole file (it is "
        "parsed once, when the session opens), "
        f"so it grows with the session (about {r.entry_bytes:.0f} bytes of JSON an entry). "
        f"For entries {first.label} the atomic write (two fsyncs and a rename) is "
        f"{share(first, first.atomic_s)} of a save and encoding "
        f"{share(first, first.dump_s)}; for entries {last.label} the atomic "
        f"write is {share(last, last.atomic_s)} and encoding the whole file "
        f"{share(last, last.dump_s)}. "
        "The crash-safe write costs little next to TinyDB's own in-place rewrite; the "
        "whole-file rewrite is what grows."
    )
    if worst >= KEYSTROKE_BUDGET_MS:
        lines.append(
            f"- **At {last.label} entries a save takes {ms(med(last.times['facilitator']))} "
            f"(p90 {worst:.0f} ms): over the {KEYSTROKE_BUDGET_MS:g} ms a facilitator "
            "notices, as the capture line waits for the save.**"
        )
    else:
        lines.append(
            f"- At {last.label} entries the p90 of a save is {worst:.0f} ms: under the "
            f"{KEYSTROKE_BUDGET_MS:g} ms a facilitator would notice."
        )
    if r.opens:
        size = max(r.opens)
        times = r.opens[size]
        lines.append(
            f"- Opening a {size:,}-entry session: `SessionStore.open` "
            f"{ms(med(times['store-open']))}, a resume (open and `Meeting`) "
            f"{ms(med(times['resume']))}, sqlite3 reading the same rows "
            f"{ms(med(times['sqlite']))}. The file is parsed, and its entries read, once "
            "per open; a resume also takes the lock, tidies after a crash and builds the "
            "meeting."
        )
    lines.append(
        f"- File system of the measured folder: {r.fs}. On tmpfs an fsync costs nothing and "
        "these figures would mean little."
    )
    return lines


def section(r: Results, info: dict[str, str], how: str) -> str:
    """The capture section of BENCHMARKS.md, markers included."""
    import textwrap

    description = (
        "The time to store one entry so it survives a crash, as a session grows: "
        "facilitator's `StoredSession.add_entry` (TinyDB with `AtomicJSONStorage`: temp "
        "file, fsync, rename, fsync folder) against sqlite3 in WAL mode with "
        "`synchronous=FULL` (one INSERT of the same JSON and one commit per entry), TinyDB's "
        "default `JSONStorage` (rewrites the file in place, fsyncs, then truncates: not "
        "crash-safe) and a plain append of the JSON line with fsync, the floor for any "
        "durable write. The same generated entries (median "
        f"{r.entry_bytes:.0f} bytes of JSON; Latvian and English text; notes, decisions, "
        "actions with lead and deadline, questions) go to all four, in one temporary folder, "
        "each entry by all four in a rotating order. Timed: entries 1-100 of a new session, "
        "then a stretch after a bulk fill to each size. Then opening a stored session of "
        "each size."
    )
    return "\n".join(
        [
            BEGIN,
            "## Capture: storing an entry",
            "",
            textwrap.fill(description, width=88),
            "",
            *provenance(info, how),
            "",
            *tables(r),
            "",
            *findings(r),
            END,
        ]
    )


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
        help="session sizes to time entries after and to open (default 1000,5000)",
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
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"update the capture section of {BENCHMARKS.name} (default: yes)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers separated by commas")
    if not sizes or sizes[0] <= FIRST:
        parser.error(f"--sizes must be above {FIRST}")
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
        entries = make_entries(sizes[-1] + args.timed, agenda)
        runs = []
        for run in range(args.runs):
            print(f"capture: run {run + 1} of {args.runs}", file=sys.stderr)
            runs.append(measure_writes(root, agenda, entries, sizes, args.timed, run))
        print("capture: opening stored sessions", file=sys.stderr)
        opens = measure_opens(root, agenda, entries, sizes, args.open_runs)
        results = Results(
            stretches=pool(runs),
            opens=opens,
            runs=args.runs,
            open_runs=args.open_runs,
            entry_bytes=statistics.median(len(encode(e.to_dict()).encode()) for e in entries),
            fs=file_system(root),
        )
    info = machine(f"TinyDB {version('tinydb')}", f"SQLite {sqlite3.sqlite_version}")
    print("\n".join(tables(results)))
    print("\n".join(findings(results)))
    print(f"took {time.monotonic() - began:.0f} s", file=sys.stderr)
    if args.write:
        command = ".venv/bin/python bench/capture.py"
        if args.runs != DEFAULT_RUNS:
            command += f" --runs {args.runs}"
        if sizes != list(DEFAULT_SIZES):
            command += f" --sizes {','.join(map(str, sizes))}"
        if args.timed != DEFAULT_TIMED:
            command += f" --timed {args.timed}"
        if args.open_runs != DEFAULT_OPEN_RUNS:
            command += f" --open-runs {args.open_runs}"
        write_section("capture", section(results, info, rerun_line(command, "bench/capture.py")),
                      after="timer")  # fmt: skip
        print(f"updated {BENCHMARKS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
