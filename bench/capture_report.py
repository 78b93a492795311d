"""The capture benchmark's figures (`capture.py`) and its report: the tables, what they
say in words, and its section of BENCHMARKS.md."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from capture_ways import WAYS, Append, Facilitator, PlainTinyDB, SQLite
from harness import percentile
from report import section

BREAKDOWN_EVERY = 10
"""Every this many timed entries, the parts of a facilitator save are timed once."""
KEYSTROKE_BUDGET_MS = 100.0
"""A save that takes longer than this is felt: the capture line waits for it."""


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


def capture_section(r: Results, info: dict[str, str], how: str) -> str:
    """The capture section of BENCHMARKS.md, markers included."""
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
    body = [*tables(r), "", *findings(r)]
    return section("capture", "Capture: storing an entry", [description], info, how, body)
