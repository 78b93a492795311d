"""History benchmark: the history screen and its text search with 1,000 sessions.

A data folder is filled with 1,000 session files holding 100 entries each (100,000 in all),
in 50 series. One session is made by the app itself (the store and the meeting, on a fake
clock); the others are copies of its file with their own ids, titles, dates, series and
entry texts drawn from a fixed vocabulary (seeded, so every run has the same data), so
they are real session files in the current schema.

Measured in this one process, imports done and a warm-up run first:

* the index: `SessionHistory.refresh` cold (no cache: every file read whole; the first
  start after an upgrade) and warm (the cache is there and every file's stamp matches);
* the screen ready: a headless app on the home screen at 120x40; from just before the
  `HistoryScreen` is pushed until it is the active screen with its list filled (the warm
  index read, the rows listed);
* search: `SessionHistory.search` for a rare word, a common word, two words, and a series
  with a date range and a word; and the screen's `show` (search plus listing the rows);
* the sessions of one series (20 of the 1,000) with all their entries, as starting a
  session in it, the series' plan and `series show` read them: `SeriesStore.history`
  with the index warm and with no index yet, and, for comparison, every session file
  read (`SessionStore.in_series` without the index, as before it was used).

Goals (issue 7): screen ready under 300 ms, search under 100 ms.

    PYTHONPATH=. .venv/bin/python bench/history.py            # updates BENCHMARKS.md
    PYTHONPATH=. .venv/bin/python bench/history.py --runs 5 --no-write
"""

from __future__ import annotations

import asyncio
import gc
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import session_files
from harness import median, percentile
from harness import timed as timed_once
from report import finish, machine, rerun, rerun_command, section, verdict, write_option

SESSIONS = 1000
ENTRIES = 100
SERIES = 50
DEFAULT_RUNS = 15
SCREEN_GOAL_MS = 300.0
SEARCH_GOAL_MS = 100.0
VOCABULARY = (
    "mentors mentee city visit plan action deadline youth centre school library budget "
    "volunteers survey workshop stakeholders feedback goal progress municipality staff "
    "integration language café migrants housing jobs training meeting support group "
    "partners measure result lead resources pilots families teachers pupils reflection "
    "dome pašvaldība skola jaunieši mērķis termiņš darbība rezultāts atbalsts grupa"
)
WORDS = VOCABULARY.split()
RARE = "ziemeļblāzma"
"""A word in about one entry of a thousand."""


def build(root: Path, sessions: int = SESSIONS, entries: int = ENTRIES) -> tuple[int, int]:
    """Fill `root` with `sessions` sessions of `entries` entries each, in `SERIES` series;
    return (sessions, entries) written."""
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.meeting.live import Meeting
    from facilitator.meeting.session import SeriesKind
    from facilitator.programme.series_store import SeriesStore
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    rng = random.Random(7)
    paths = DataPaths(root)
    paths.ensure_writable()
    t = [1795435200.0]

    def now() -> float:
        return t[0]

    store = SessionStore(paths, now)
    series_store = SeriesStore(paths, store, now)
    series = [
        series_store.create(f"Series {n:02d}", SeriesKind.VISITS, mentee_city=f"City {n}")
        for n in range(SERIES)
    ]
    agenda = AgendaLibrary.discover(paths).find("first-session-en")
    assert agenda is not None
    meeting = Meeting(store.create(agenda), now)
    meeting.start()
    for n in range(entries):
        meeting.capture(f"{'+ ' if n % 10 == 0 else ''}entry {n}")
    template_id = meeting.session.id
    meeting.close()
    template = session_files.read(paths.session_file(template_id))
    for leftover in paths.sessions.glob(f"{template_id}*"):  # its journal and copies too
        leftover.unlink()
    total = 0
    for index in range(sessions):
        data = json.loads(json.dumps(template))
        created = 1795435200.0 - index * 86400 * 0.7
        session_id = f"s{index:04d}-{rng.randrange(16**6):06x}"
        meta = data["meta"]["1"]
        group = series[index % SERIES]
        meta.update(
            id=session_id,
            title=f"Meeting {index} with {rng.choice(WORDS)}",
            created_at=created,
            date=time.strftime("%Y-%m-%d", time.localtime(created)),
            place=f"City {index % SERIES}",
            series_id=group.id,
            series_number=index // SERIES + 1,
        )
        for doc in data["entries"].values():
            words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
            if rng.random() < 0.001:
                words.insert(rng.randrange(len(words)), RARE)
            doc["text"] = " ".join(words)
            doc["id"] = f"{rng.randrange(16**12):012x}"
            doc["created_at"] = created
            total += 1
        session_files.write(paths.session_file(session_id), data)
    return sessions, total


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of `runs` calls, each after a garbage collection."""
    return [timed_once(fn) * 1000 for _ in range(runs)]


async def screen_runs(root: Path, runs: int) -> tuple[list[float], dict[str, list[float]]]:
    """The screen-ready times, and the screen's `show` times for each query."""
    from textual.widgets import OptionList

    from facilitator.app import make_app
    from facilitator.programme.history import parse_filter
    from facilitator.screens.history import HistoryScreen
    from facilitator.storage.paths import DataPaths

    app = make_app(DataPaths(root))
    ready: list[float] = []
    shows: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for run in range(runs + 1):  # the first is a warm-up
            gc.collect()
            start = time.perf_counter()
            app.push_screen(HistoryScreen(app.workspace))
            while True:
                screen = app.screen
                if (
                    isinstance(screen, HistoryScreen)
                    and screen.is_mounted
                    and screen.query_one("#history-list", OptionList).option_count > 0
                ):
                    break
                await asyncio.sleep(0.001)
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                ready.append(elapsed)
            if run == runs:
                names = screen.series_names
                for label, query in queries(names).items():
                    wanted = parse_filter(query, names.items())
                    shows[label] = timed(lambda w=wanted, s=screen: s.show(w), runs)  # type: ignore[misc]
            screen.dismiss()
            await pilot.pause()
    return ready, shows


def queries(names: dict[str, str]) -> dict[str, str]:
    """The searches timed, by what they show."""
    some = sorted(names.values())[3].replace(" ", "_")
    return {
        "a rare word": RARE,
        "a common word": "budget",
        "two words": "youth feedback",
        "series, dates and a word": f"series:{some} from:2025-01-01 to:2026-06-30 school",
    }


def ms(values: list[float]) -> str:
    return f"{median(values):.1f} ms"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs of each timing")
    write_option(parser, "history")
    args = parser.parse_args(argv)
    began = time.monotonic()

    from facilitator.programme.history import SessionHistory, parse_filter
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    with tempfile.TemporaryDirectory(prefix="facilitator-history-") as tmp:
        root = Path(tmp) / "data"
        start = time.perf_counter()
        sessions, entries = build(root)
        built_s = time.perf_counter() - start
        paths = DataPaths(root)
        store = SessionStore(paths)
        history = SessionHistory(paths, store)
        cache = paths.root / "cache" / "history.json"

        def cold() -> None:
            cache.unlink(missing_ok=True)
            SessionHistory(paths, store).refresh()

        cold_ms = timed(cold, max(1, min(3, args.runs)))
        warm_ms = timed(lambda: SessionHistory(paths, store).refresh(), args.runs)
        history.refresh()
        cache_mb = cache.stat().st_size / 1e6
        ready, shows = asyncio.run(screen_runs(root, args.runs))
        from facilitator.programme.series_store import SeriesStore

        series_store = SeriesStore(paths, store)
        every_series = series_store.all()
        names = {s.id: s.name for s in every_series}
        one = every_series[len(every_series) // 2]
        own = len(series_store.history(one)[0])
        one_ms = timed(lambda: series_store.history(one), args.runs)

        def one_cold() -> None:
            cache.unlink(missing_ok=True)
            series_store.history(one)

        one_cold_ms = timed(one_cold, max(1, min(3, args.runs)))
        every_ms = timed(lambda: store.in_series(one.id), max(1, min(5, args.runs)))
        history.refresh()
        core: dict[str, list[float]] = {}
        found: dict[str, int] = {}
        for label, query in queries(names).items():
            wanted = parse_filter(query, names.items())
            found[label] = len(history.search(wanted))
            core[label] = timed(lambda w=wanted: history.search(w), args.runs)  # type: ignore[misc]

    worst_search = max(percentile(v, 0.9) for v in [*core.values(), *shows.values()])
    ready_p90 = percentile(ready, 0.9)
    info = machine()
    description = (
        f"{sessions:,} session files with {entries:,} entries in all ({SERIES} series), "
        f"made by `bench/history.py` (built in {built_s:.1f} s). The history index is a "
        f"cache of {cache_mb:.1f} MB beside the sessions, stamped per file; the session "
        "files stay the source of truth. Medians and 90th percentiles of "
        f"{args.runs} runs, each after a garbage collection."
    )
    command = rerun_command(
        "bench/history.py", ("--runs", args.runs, DEFAULT_RUNS), prefix="PYTHONPATH=. "
    )
    lines = [
        "| what | median | p90 |",
        "|---|---:|---:|",
        f"| index, cold (every file read whole) | {ms(cold_ms)} | "
        f"{percentile(cold_ms, 0.9):.1f} ms |",
        f"| index, warm (cache, every stamp checked) | {ms(warm_ms)} | "
        f"{percentile(warm_ms, 0.9):.1f} ms |",
        f"| history screen ready (pushed → list filled) | {ms(ready)} | {ready_p90:.1f} ms |",
    ]
    lines += [
        f"| sessions of one series ({own}, all their entries), index warm | "
        f"{ms(one_ms)} | {percentile(one_ms, 0.9):.1f} ms |",
        f"| sessions of one series, no index yet (first use) | {ms(one_cold_ms)} | "
        f"{percentile(one_cold_ms, 0.9):.1f} ms |",
        f"| sessions of one series, every file read (without the index) | {ms(every_ms)} | "
        f"{percentile(every_ms, 0.9):.1f} ms |",
    ]
    for label in core:
        lines.append(
            f"| search: {label} ({found[label]} sessions) | {ms(core[label])} | "
            f"{percentile(core[label], 0.9):.1f} ms |"
        )
    for label in shows:
        lines.append(
            f"| screen `show`: {label} (search and list) | {ms(shows[label])} | "
            f"{percentile(shows[label], 0.9):.1f} ms |"
        )
    lines += [
        "",
        f"- Screen ready (p90): **{ready_p90:.0f} ms**; goal under "
        f"{SCREEN_GOAL_MS:.0f} ms: {verdict(ready_p90 < SCREEN_GOAL_MS)}",
        f"- Slowest search (p90, core or screen): **{worst_search:.1f} ms**; goal under "
        f"{SEARCH_GOAL_MS:.0f} ms: {verdict(worst_search < SEARCH_GOAL_MS)}",
        "- Ready means the list holds its rows; the first frame is drawn right after. The "
        "first opening in a data folder (no cache yet) reads every file, off the UI thread "
        "(the screen says so meanwhile): the cold figure; later ones read again only the "
        "files whose size, time or inode changed.",
        "- A series' sessions (starting the next session, its plan, `series show`): the "
        "index says which files are the series' (a file it does not know is read first), "
        "and only those are read whole.",
    ]
    how = rerun(command, "bench/history.py")
    text = section("history", "History screen and search", [description], info, how, lines, None)
    print(text)
    finish("history", text, args.write, began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
