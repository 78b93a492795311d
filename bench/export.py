"""Export benchmark: writing the minutes and the draft action plan of big sessions.

For sessions of 100, 1,000 and 5,000 entries (on the shipped `first-session-en` agenda,
eight blocks, run to the end), measured in this one process after a warm-up:

* load: reading the session file from disk as the export command does
  (`SessionStore.open`, its entries and its clock state), the reference;
* render: `MinutesWriter.minutes()` and `.action_plan()` on the loaded session;
* export: render and write both files (`MinutesWriter.write`: temp file, fsync, link,
  folder fsync), each run into a fresh folder;
* take-away: the QR texts of the action items and the matrix of the first code;
* html, docx: both documents in each of the other formats, written to memory.

Entries are a realistic mix (half notes, then actions with every field, decisions,
questions and ratings; one in ten confidential, one in fifty deleted), 20-200 characters of
English and Latvian text with some Markdown punctuation. The session files are written
directly as the store writes them (one TinyDB JSON file), because adding 5,000 entries one
by one through the store would rewrite the file 5,000 times. Runs of each kind are
interleaved (the order rotates), each after a garbage collection. With `--write` (the
default) the `export` section of BENCHMARKS.md is replaced by the fresh figures.

    .venv/bin/python bench/export.py               # 20 runs of each
    .venv/bin/python bench/export.py --runs 5 --no-write
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import session_files
from harness import Summary, rotations, timed
from report import finish, machine, rerun, rerun_command, section, verdict, write_option

SIZES = (100, 1_000, 5_000)
GOAL_MS = 100.0
"""Exporting a session of 1,000 entries must take under this many ms."""
GOAL_SIZE = 1_000
FORMAT_GOAL_MS = 200.0
"""Writing both documents of 1,000 entries in any one format must take under this."""
AGENDA = "first-session-en"
SEED = 20261124

WORDS = [
    *[
        "mentor",
        "mentee",
        "city",
        "school",
        "pupil",
        "plan",
        "action",
        "goal",
        "result",
        "deadline",
        "budget",
    ],
    *[
        "support",
        "group",
        "visit",
        "workshop",
        "feedback",
        "training",
        "survey",
        "report",
        "meeting",
    ],
    *[
        "mentors",
        "mentorējamais",
        "pilsēta",
        "skola",
        "skolēns",
        "rīcības",
        "plāns",
        "mērķis",
        "termiņš",
    ],
    *[
        "budžets",
        "atbalsta",
        "grupa",
        "vizīte",
        "darbnīca",
        "saite",
        "apmācība",
        "aptauja",
        "sanāksme",
    ],
]
PUNCTUATION = ("", "", "", ",", ";", ":", " |", " *", " #", " (", ")", " -", "?", "!")


def sentence(rng: random.Random) -> str:
    """20-200 characters of text, some of it Markdown punctuation."""
    target = rng.randint(20, 200)
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < target:
        words.append(rng.choice(WORDS) + rng.choice(PUNCTUATION))
    return " ".join(words)[:target].strip() or "note"


def entry_data(rng: random.Random, number: int, blocks: list[str], start: float) -> dict:
    """One stored entry, as `Entry.to_dict` writes it."""
    kind = rng.choices(
        ("note", "action", "decision", "question", "rating"), weights=(50, 20, 15, 10, 5)
    )[0]
    index = rng.randrange(len(blocks))
    action = None
    rating = None
    if kind == "action":
        action = {
            "result": sentence(rng) if rng.random() < 0.7 else "",
            "deadline": f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if rng.random() < 0.7
            else "",
            "lead": rng.choice(("Anna", "Jānis", "Ilze", "Pēteris", "")),
            "resources": sentence(rng) if rng.random() < 0.5 else "",
            "measure": sentence(rng) if rng.random() < 0.6 else "",
            "status": rng.choice(("open", "open", "open", "done", "dropped")),
        }
    if kind == "rating":
        rating = {
            "question": rng.randrange(3),
            "question_text": "How valuable was this session?",
            "scores": [
                {"value": rng.randint(1, 10), "who": rng.choice(("", "Anna", "Jānis"))}
                for _ in range(rng.randint(1, 5))
            ],
        }
    return {
        "id": f"e{number:05d}",
        "kind": kind,
        "text": sentence(rng),
        "block_index": index,
        "block_title": blocks[index],
        "created_at": start + number,
        "meeting_s": float(number),
        "confidential": rng.random() < 0.1,
        "deleted": rng.random() < 0.02,
        "action": action,
        "rating": rating,
        "updated_at": None,
        "history": [],
    }


def make_session(paths: object, entries: int) -> str:
    """A finished session on the agenda with `entries` entries; returns its id."""
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.meeting.live import Meeting
    from facilitator.meeting.participants import Participant
    from facilitator.meeting.session import MeetingDetails
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    assert isinstance(paths, DataPaths)
    agenda = AgendaLibrary.discover(paths).find(AGENDA)
    assert agenda is not None
    now = [1795435200.0]
    store = SessionStore(paths, lambda: now[0])
    details = MeetingDetails(
        f"Benchmark {entries}",
        "Cēsis",
        "Ilze",
        [Participant("Anna", "mentor"), Participant("Jānis", "mentee")],
    )
    session = store.create(agenda, details)
    meeting = Meeting(session, lambda: now[0])
    meeting.start()
    for _ in agenda.blocks:
        now[0] += 600
        meeting.next()
    meeting.close()
    file = paths.session_file(session.id)
    data = session_files.read(file)
    rng = random.Random(SEED + entries)
    blocks = [b.title for b in agenda.blocks]
    data["entries"] = {str(n + 1): entry_data(rng, n, blocks, 1795435200.0) for n in range(entries)}
    session_files.write(file, data)
    return session.id


@dataclass
class SizeResult:
    """The figures for one session size."""

    entries: int
    file_bytes: int
    minutes_bytes: int
    plan_bytes: int
    codes: int
    load: Summary
    render: Summary
    export: Summary
    take_away: Summary
    html: Summary
    """Both documents built and written as HTML (in memory)."""
    docx: Summary
    """Both documents built and written as DOCX (in memory)."""


def measure(runs: int, root: Path) -> list[SizeResult]:
    """Make the sessions under `root` and time every kind for each size."""
    from facilitator.documents import html, word
    from facilitator.documents.minutes import MinutesWriter
    from facilitator.documents.qr import qr_matrix, take_away
    from facilitator.meeting.clock import SessionClock
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    paths = DataPaths(root / "data")
    paths.ensure_writable()
    results = []
    for size in SIZES:
        session_id = make_session(paths, size)
        store = SessionStore(paths)
        folders = iter(range(10**6))

        def load(session_id: str = session_id, store: SessionStore = store) -> MinutesWriter:
            session = store.open(session_id)
            try:
                entries = session.entries(include_deleted=True)
                state = session.clock_state()
            finally:
                session.close()
            clock = None
            if state is not None:
                clock = SessionClock.from_dict(state, time.time)
            return MinutesWriter(session.info, entries, clock)

        writer = load()
        folder = root / "out" / str(size)

        def render(writer: MinutesWriter = writer) -> None:
            writer.minutes()
            writer.action_plan()

        def export(
            writer: MinutesWriter = writer, folder: Path = folder, folders: Iterator[int] = folders
        ) -> None:
            writer.write(folder / str(next(folders)))

        def take(writer: MinutesWriter = writer) -> None:
            codes = take_away(writer)
            if codes.texts:
                qr_matrix(codes.texts[0])

        def as_html(writer: MinutesWriter = writer) -> None:
            for document in writer.documents():
                html.write(document)

        def as_docx(writer: MinutesWriter = writer) -> None:
            for document in writer.documents():
                word.write(document)

        kinds: dict[str, Callable[[], object]] = {
            "load": load,
            "render": render,
            "export": export,
            "take_away": take,
            "html": as_html,
            "docx": as_docx,
        }
        for work in kinds.values():  # warm-up
            work()
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for kind in rotations(list(kinds), runs):
            times[kind].append(timed(kinds[kind]))
        print(f"  {size} entries: done", file=sys.stderr)
        results.append(
            SizeResult(
                entries=size,
                file_bytes=paths.session_file(session_id).stat().st_size,
                minutes_bytes=len(writer.minutes().encode()),
                plan_bytes=len(writer.action_plan().encode()),
                codes=len(take_away(writer).texts),
                load=Summary.of(times["load"]),
                render=Summary.of(times["render"]),
                export=Summary.of(times["export"]),
                take_away=Summary.of(times["take_away"]),
                html=Summary.of(times["html"]),
                docx=Summary.of(times["docx"]),
            )
        )
    return results


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def tables(results: list[SizeResult], runs: int) -> list[str]:
    """The figures as Markdown."""
    lines = [
        "| entries | session file | load (reference) | render both | export: render + write "
        "| export / load | take-away QR | minutes + plan |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.entries:,} | {r.file_bytes / 1000:,.0f} KB | {ms(r.load.median)} "
            f"| {ms(r.render.median)} | **{ms(r.export.median)}** (p90 {ms(r.export.p90)}) "
            f"| {r.export.median / r.load.median:.2f}x | {ms(r.take_away.median)} "
            f"({r.codes} codes) | {(r.minutes_bytes + r.plan_bytes) / 1000:,.0f} KB |"
        )
    goal = next(r for r in results if r.entries == GOAL_SIZE)
    lines += [
        "",
        f"Medians of {runs} runs; the export's p90 in brackets. Export / load compares the "
        "medians: how long writing both documents takes against reading the session file.",
        "",
        f"- Export of {GOAL_SIZE:,} entries: **{ms(goal.export.median)}** median, p90 "
        f"{ms(goal.export.p90)}; goal under {GOAL_MS:.0f} ms: "
        f"{verdict(goal.export.p90 * 1000 < GOAL_MS)} (judged on the p90). Rendering alone "
        f"takes {ms(goal.render.median)}; the rest is the two durable writes.",
        "",
        "Each format, both documents built from the loaded session and written to memory "
        "(Markdown is `render` above; the file writes are the same for every format):",
        "",
        "| entries | Markdown | HTML | DOCX (python-docx, Word charts) | HTML / Markdown "
        "| DOCX / Markdown |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.entries:,} | {ms(r.render.median)} | {ms(r.html.median)} "
            f"| {ms(r.docx.median)} | {r.html.median / r.render.median:.2f}x "
            f"| {r.docx.median / r.render.median:.2f}x |"
        )
    worst = max((goal.render, "Markdown"), (goal.html, "HTML"), (goal.docx, "DOCX"),
                key=lambda pair: pair[0].p90)  # fmt: skip
    lines += [
        "",
        f"- Each format at {GOAL_SIZE:,} entries, goal under {FORMAT_GOAL_MS:.0f} ms (p90): "
        f"{verdict(worst[0].p90 * 1000 < FORMAT_GOAL_MS)}; the slowest is {worst[1]} at "
        f"{ms(worst[0].median)} median, p90 {ms(worst[0].p90)}. python-docx is imported on "
        "the first Word export only (not measured here: the warm-up pays it).",
    ]
    return lines


def export_section(results: list[SizeResult], info: dict[str, str], runs: int) -> str:
    """The export section of BENCHMARKS.md, markers included."""
    command = rerun_command("bench/export.py", ("--runs", runs, 20))
    description = (
        f"Sessions of {', '.join(f'{s:,}' for s in SIZES)} entries on the shipped "
        f"`{AGENDA}` agenda (eight blocks, run to the end; half notes, then actions with "
        "every field, decisions, questions and ratings; one in ten confidential, one in fifty "
        "deleted; 20-200 characters each). Measured in one process after a warm-up, each "
        "run after a garbage collection, the kinds interleaved. Load is the reference: "
        "reading the session file as the export command does (`SessionStore.open`, its "
        "entries and clock). Render is `minutes()` and `action_plan()`; export renders and "
        "writes both files as `MinutesWriter.write` does (temp file, fsync, link, folder "
        "fsync) into a fresh folder; take-away is the QR texts of the action items and the "
        "first code's matrix."
    )
    how = rerun(command, "bench/export.py")
    return section("export", "Export", [description], info, how, tables(results, runs))


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Minutes and action plan export timings.")
    parser.add_argument("--runs", type=int, default=20, help="runs of each kind (default 20)")
    write_option(parser, "export")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    began = time.monotonic()
    print(f"export: {args.runs} runs of each kind, interleaved", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-export-") as root:
        results = measure(args.runs, Path(root))
    info = machine()
    print("\n".join(tables(results, args.runs)))
    finish("export", export_section(results, info, args.runs), args.write, began, after="timer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
