"""The capture benchmark's figures (`capture.py`) and its report: the tables, what they
say in words, and its section of BENCHMARKS.md."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from capture_ways import WAYS, Append, Facilitator, PlainTinyDB, SQLite
from harness import percentile
from report import section

KEYSTROKE_BUDGET_MS = 100.0
"""A save that takes longer than this is felt: the capture line waits for it."""


@dataclass
class Stretch:
    """The timed entries of one stretch: their numbers and each way's times (seconds)."""

    first: int
    last: int
    times: dict[str, list[float]] = field(default_factory=lambda: {w: [] for w in WAYS})
    file_bytes: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.first - 1:,}"


@dataclass
class Compactions:
    """Compactions timed at each size (seconds), and a replay against a compacted open."""

    compact: dict[int, list[float]] = field(default_factory=dict)
    snapshot_bytes: dict[int, int] = field(default_factory=dict)
    replay: list[float] = field(default_factory=list)
    """Read-only opens of a session whose journal holds many records."""
    compacted_open: list[float] = field(default_factory=list)
    """The same session's opens once compacted."""
    journal_bytes: int = 0


OPENERS = ("store-open", "resume", "sqlite", "tinydb")
OPEN_LABELS = {
    "store-open": "facilitator: `SessionStore.open` (read-only, checks every entry)",
    "resume": "facilitator: `open(write=True)` and `Meeting(...)`, as a resume does",
    "sqlite": "sqlite3: connect, SELECT every row, `Entry.from_dict` each",
    "tinydb": "TinyDB default `JSONStorage`: `TinyDB(path)`, every entry, `Entry.from_dict`",
}


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
    compactions: Compactions
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
    c = r.compactions
    rows += [
        "",
        "**Compacting the journal** into a new snapshot (`JournalStorage.compact`: encode the "
        "whole database, checksum, `write_atomic`, then a new empty journal; "
        f"{len(next(iter(c.compact.values()), []))} runs each). It runs when the journal "
        "outgrows its snapshot (and 256 KB), so its cost spreads over about as many saves "
        "as the session has entries; and when the session closes.",
        "",
        "| entries | snapshot | compaction (median) | p90 | per save, spread over one "
        "snapshot's size of saves |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, times in c.compact.items():
        spread = statistics.median(times) / max(size, 1)
        rows.append(
            f"| {size:,} | {c.snapshot_bytes[size] / 1000:,.0f} KB | "
            f"{ms(statistics.median(times))} | {ms(percentile(times, 0.9))} | "
            f"{spread * 1e6:.1f} µs |"
        )
    if c.replay:
        rows += [
            "",
            f"**Replaying a journal**: `SessionStore.open` (read-only, checks every entry) of "
            f"a 5,000-entry session with a journal of 2,000 records "
            f"({c.journal_bytes / 1000:,.0f} KB, as after a crash), and of the same session "
            "compacted.",
            "",
            "| open | median | p90 |",
            "|---|---:|---:|",
            f"| snapshot + journal of 2,000 records | {ms(statistics.median(c.replay))} "
            f"| {ms(percentile(c.replay, 0.9))} |",
            f"| compacted | {ms(statistics.median(c.compacted_open))} "
            f"| {ms(percentile(c.compacted_open, 0.9))} |",
        ]
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


def findings(r: Results) -> list[str]:
    """What the figures say, in words, from this run's own numbers, and the goals met."""

    def med(values: list[float]) -> float:
        return statistics.median(values)

    lines = []
    goals = True
    for s in r.stretches:
        ours, sqlite, append = (med(s.times[w]) for w in ("facilitator", "sqlite", "append"))
        met = ours <= 2 * sqlite and ours <= 3 * append
        goals = goals and met
        lines.append(
            f"- At {s.label} entries (snapshot {s.file_bytes.get('facilitator', 0) / 1000:,.0f} "
            f"KB): facilitator {ms(ours)} per entry, {ratio(ours, sqlite)} sqlite3 "
            f"({ms(sqlite)}) and {ratio(ours, append)} the append floor ({ms(append)}); "
            f"plain TinyDB {ms(med(s.times['tinydb']))}. Goal (at most 2x sqlite3 and 3x "
            f"the append): {'met' if met else '**not met**'}."
        )
    first, last = r.stretches[0], r.stretches[-1]
    by_size = {s.first - 1: s for s in r.stretches}
    if 1 in by_size and 5000 in by_size:
        growth = med(by_size[5000].times["facilitator"]) / med(by_size[1].times["facilitator"])
        goals = goals and growth <= 1.5
        lines.append(
            f"- A save at 5,000 entries takes {growth:.2f}x one at 1 entry (goal: at most "
            f"1.5x): {'met' if growth <= 1.5 else '**not met**'}. A save appends the "
            "changed document and fsyncs once, whatever the session's size."
        )
    worst = percentile(last.times["facilitator"], 0.9) * 1000
    lines.append(
        f"- At {last.label} entries the p90 of a save is {worst:.1f} ms "
        f"({'over' if worst >= KEYSTROKE_BUDGET_MS else 'under'} the "
        f"{KEYSTROKE_BUDGET_MS:g} ms a facilitator would notice); at {first.label} "
        f"{percentile(first.times['facilitator'], 0.9) * 1000:.1f} ms."
    )
    c = r.compactions
    if c.compact:
        size = max(c.compact)
        lines.append(
            f"- A compaction at {size:,} entries takes {ms(med(c.compact[size]))}: the one "
            "save that triggers it waits that long, about once every "
            f"{c.snapshot_bytes[size] / r.entry_bytes:,.0f} saves; closing the session "
            "compacts too."
        )
    if c.replay:
        lines.append(
            f"- Opening with a journal of 2,000 records to replay takes "
            f"{ms(med(c.replay))}, against {ms(med(c.compacted_open))} compacted."
        )
    if r.opens:
        size = max(r.opens)
        times = r.opens[size]
        lines.append(
            f"- Opening a {size:,}-entry session: `SessionStore.open` "
            f"{ms(med(times['store-open']))}, a resume (open and `Meeting`) "
            f"{ms(med(times['resume']))}, sqlite3 reading the same rows "
            f"{ms(med(times['sqlite']))}."
        )
    lines.append(f"- All goals met: {'yes' if goals else '**no**'}.")
    lines.append(
        f"- File system of the measured folder: {r.fs}. On tmpfs an fsync costs nothing and "
        "these figures would mean little."
    )
    return lines


def capture_section(r: Results, info: dict[str, str], how: str) -> str:
    """The capture section of BENCHMARKS.md, markers included."""
    description = (
        "The time to store one entry so it survives a crash, as a session grows: "
        "facilitator's `StoredSession.add_entry` (TinyDB with `JournalStorage`: one "
        "journal record appended and fsynced) against sqlite3 in WAL mode with "
        "`synchronous=FULL` (one INSERT of the same JSON and one commit per entry), TinyDB's "
        "default `JSONStorage` (rewrites the file in place, fsyncs, then truncates: not "
        "crash-safe) and a plain append of the JSON line with fsync, the floor for any "
        "durable write. The same generated entries (median "
        f"{r.entry_bytes:.0f} bytes of JSON; Latvian and English text; notes, decisions, "
        "actions with lead and deadline, questions) go to all four, in one temporary folder, "
        "each entry by all four in a rotating order. Timed: a stretch of entries after a "
        "bulk fill to each size (1, 100, 1,000, 5,000, 20,000 entries). Then compactions, "
        "a replay, and opening a stored session of each size."
    )
    body = [*tables(r), "", *findings(r)]
    return section("capture", "Capture: storing an entry", [description], info, how, body)
