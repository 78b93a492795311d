"""Agenda benchmark: discovering and parsing agendas, and the home screen's agenda list.

Measures, in this one process (imports done and warmed up first, so only the work itself
is timed):

* discovery: `AgendaLibrary.discover` over the shipped agendas plus 200 generated ones in
  the user's agenda folder, cold (no parsed-agenda cache: the first start, or after every
  agenda changed; the cache file is deleted before each run) and warm (cache present: every
  later start);
* the home screen's agenda list: a headless app from just before `make_app` until the
  active `HomeScreen`'s `#agendas` list (filled by a worker that reads the agendas) is
  mounted and holds every option, cold and warm, with the moment the screen itself showed,
  against a bare Textual app whose screen has one
  `OptionList` filled with as many plain text options, from just before it is built until
  that list is mounted, and against facilitator itself with only the shipped agendas (warm),
  which separates what the 200 agendas cost from what the rest of the home screen costs;
* the parser at the file limit: `parse_agenda` on a generated agenda just under the
  parser's file size limit (`MAX_AGENDA_BYTES`, 512 KB),
  against markdown-it-py's own `MarkdownIt("commonmark").parse` of the same text (and with
  the front-matter plugin the parser adds), to show how much of the time is markdown-it's.

Runs of each kind are interleaved (the order rotates) so that noise hits all kinds alike,
each after a garbage collection. The parses and discoveries run before any app has, while
the heap holds what a starting app's does; the garbage collector's full passes, which can
land inside a timed run, grow with the heap.
One more figure comes from fresh interpreters: the import of markdown-it, which a cold start
pays on top of the in-process cold figures (a warm start never imports it). With `--write`
(the default) the `agendas` section of BENCHMARKS.md is replaced by the fresh figures.

    .venv/bin/python bench/agendas.py            # 15 runs of each, updates BENCHMARKS.md
    .venv/bin/python bench/agendas.py --runs 30 --parse-runs 10 --no-write

The big parse takes about half a second a run, so it runs `--parse-runs` times (default 5),
which keeps the whole benchmark under two minutes on a two-core machine.

The generated agendas are made in `agendas_data.py`, the report in `agendas_report.py`.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from agendas_data import GENERATED, SIZE, big_agenda_text, generate_agendas
from agendas_report import Results, agendas_section, tables
from harness import Summary, counter, median, rotations, spawn, timed, told
from report import finish, machine, write_option

if TYPE_CHECKING:
    from textual.app import App

    from facilitator.storage.paths import DataPaths

READY_TIMEOUT = 30.0
"""Seconds a headless app may take to show its list before the benchmark gives up."""
POLL = 0.001
"""Seconds between checks for a ready list."""
IMPORT_RUNS = 5
"""Fresh interpreters timing the import of markdown-it."""
IMPORTED = "AGENDAS-BENCH"
"""Prefix of the one line a markdown-it import child prints."""


def drop_cache(paths: DataPaths) -> None:
    paths.agenda_cache.unlink(missing_ok=True)


def fill_cache(paths: DataPaths) -> None:
    from facilitator.agenda.library import AgendaLibrary

    if not paths.agenda_cache.exists():
        AgendaLibrary.discover(paths)


def discover(paths: DataPaths) -> None:
    from facilitator.agenda.library import AgendaLibrary

    AgendaLibrary.discover(paths)


async def until_ready(ready: Callable[[], bool]) -> None:
    """Poll every millisecond until `ready()`; fail after `READY_TIMEOUT`."""
    deadline = time.perf_counter() + READY_TIMEOUT
    while not ready():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"the list was not ready after {READY_TIMEOUT:.0f} s")
        await asyncio.sleep(POLL)


def list_ready(app: App[None], screen_type: type, expected: int) -> bool:
    """The active screen is a `screen_type` whose `#agendas` list is mounted and full."""
    from textual.widgets import OptionList

    screen = app.screen
    if not isinstance(screen, screen_type):
        return False
    found = screen.query("#agendas")
    if not found:
        return False
    agendas = found.first()
    return (
        isinstance(agendas, OptionList) and agendas.is_mounted and agendas.option_count == expected
    )


def facilitator_list(paths: DataPaths, expected: int) -> tuple[float, float]:
    """Seconds until the home screen's list is ready, and until the screen itself showed.

    The screen shows (and takes keys) before its worker has read the agendas.
    """
    from facilitator.app import make_app
    from facilitator.screens.home import HomeScreen

    async def go() -> tuple[float, float]:
        gc.collect()
        began = time.perf_counter()
        app = make_app(paths)
        async with app.run_test(size=SIZE):
            await until_ready(lambda: isinstance(app.screen, HomeScreen) and app.screen.is_mounted)
            shown = time.perf_counter()
            await until_ready(lambda: list_ready(app, HomeScreen, expected))
            ready = time.perf_counter()
        return ready - began, shown - began

    return asyncio.run(go())


def bare_list(expected: int) -> float:
    """Seconds until a bare app's one `OptionList` of `expected` plain options is ready."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import OptionList

    class BareScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(*(f"Agenda number {i}" for i in range(expected)), id="agendas")

    class BareApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(BareScreen())

    async def go() -> float:
        gc.collect()
        began = time.perf_counter()
        app = BareApp()
        async with app.run_test(size=SIZE):
            await until_ready(lambda: list_ready(app, BareScreen, expected))
            ready = time.perf_counter()
        return ready - began

    return asyncio.run(go())


def markdown_it_import(runs: int) -> list[float]:
    """Seconds to import markdown-it and its front-matter plugin in fresh interpreters.

    Each child first imports what a start-up imports anyway (the app), so the figure is
    what parsing adds to a cold start.
    """
    code = (
        "import time\n"
        "import facilitator.app, facilitator.cli\n"
        "t = time.perf_counter()\n"
        "import markdown_it, mdit_py_plugins.front_matter\n"
        f"print({IMPORTED!r}, time.perf_counter() - t)\n"
    )
    times = []
    for _ in range(runs + 1):  # the first fills the bytecode and page caches
        done = spawn([sys.executable, "-c", code], READY_TIMEOUT)
        seconds = told(done.output, IMPORTED)
        if done.returncode != 0 or seconds is None:
            raise RuntimeError(f"the markdown-it import child failed:\n{done.output}")
        times.append(float(seconds))
    return times[1:]


def measure(runs: int, parse_runs: int, root: Path, show: bool) -> Results:
    """Generate the agendas into a data folder under `root` and take every measurement."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    from facilitator.agenda.library import AgendaLibrary
    from facilitator.agenda.parse import parse_agenda
    from facilitator.screens.home import agenda_options
    from facilitator.storage.paths import DataPaths

    paths = DataPaths(root / "data")
    paths.ensure_writable()  # as `facilitator` does before building the app
    generate_agendas(paths.agendas)
    shipped_only = DataPaths(root / "shipped-only")  # no agendas of the user's own
    shipped_only.ensure_writable()

    # Check the agendas once; this also warms up the imports and the page cache.
    drop_cache(paths)
    library = AgendaLibrary.discover(paths)
    mine = [f for f in library.files if f.origin == "user"]
    broken = [f for f in library.files if not f.valid]
    if len(mine) != GENERATED or broken:
        problems = "\n".join(str(p) for f in broken for p in f.errors)
        raise RuntimeError(f"{len(mine)} generated agendas, {len(broken)} invalid:\n{problems}")
    options = len(agenda_options(library))
    user_bytes = sum(f.path.stat().st_size for f in mine)
    blocks_median = median(len(f.agenda.blocks) for f in mine if f.agenda)
    options_shipped = len(agenda_options(AgendaLibrary.discover(shipped_only)))  # fills cache

    big = big_agenda_text()
    big_agenda, _ = parse_agenda(big, "bench-big.en.md")  # raises if the agenda is invalid
    commonmark = MarkdownIt("commonmark")
    with_front_matter = MarkdownIt("commonmark").use(front_matter_plugin)

    times: dict[str, list[float]] = {}

    def record(kind: str, seconds: float) -> None:
        times.setdefault(kind, []).append(seconds)

    # The parses and the discoveries come before any app has run, while the heap holds
    # what a starting app's does (the imports); apps leave objects in Textual's caches,
    # which make the garbage collector's full passes longer.
    commonmark.parse(big)  # warm-up, not recorded
    kinds: tuple[str, ...] = ("parse-ours", "parse-commonmark", "parse-front-matter")
    for count, kind in enumerate(rotations(kinds, parse_runs), 1):
        if kind == "parse-ours":
            record(kind, timed(lambda: parse_agenda(big, "bench-big.en.md")))
        elif kind == "parse-commonmark":
            record(kind, timed(lambda: commonmark.parse(big)))
        else:
            record(kind, timed(lambda: with_front_matter.parse(big)))
        counter("big parse", count, parse_runs * len(kinds), show)

    kinds = ("discover-cold", "discover-warm")
    for count, kind in enumerate(rotations(kinds, runs), 1):
        if kind == "discover-cold":
            drop_cache(paths)
        else:
            fill_cache(paths)
        record(kind, timed(lambda: discover(paths)))
        counter("discovery", count, runs * len(kinds), show)

    fill_cache(paths)
    warm_library = AgendaLibrary.discover(paths)
    for _ in range(runs):
        record("options", timed(lambda: agenda_options(warm_library)))

    # Warm-up, not recorded: one app of each kind.
    facilitator_list(paths, options)
    facilitator_list(shipped_only, options_shipped)
    bare_list(options)
    kinds = ("list-cold", "list-warm", "list-bare", "list-shipped")
    for count, kind in enumerate(rotations(kinds, runs), 1):
        if kind == "list-bare":
            record(kind, bare_list(options))
        elif kind == "list-shipped":
            fill_cache(shipped_only)
            record(kind, facilitator_list(shipped_only, options_shipped)[0])
        else:
            if kind == "list-cold":
                drop_cache(paths)
            else:
                fill_cache(paths)
            ready, shown = facilitator_list(paths, options)
            record(kind, ready)
            record(f"shown-{kind.removeprefix('list-')}", shown)
        counter("home screen", count, runs * len(kinds), show)

    if show:
        print("  markdown-it import in fresh interpreters", file=sys.stderr)
    return Results(
        shipped=len(library.files) - len(mine),
        generated=len(mine),
        user_bytes=user_bytes,
        blocks_median=blocks_median,
        options=options,
        discover_cold=Summary.of(times["discover-cold"]),
        discover_warm=Summary.of(times["discover-warm"]),
        list_cold=Summary.of(times["list-cold"]),
        list_warm=Summary.of(times["list-warm"]),
        list_bare=Summary.of(times["list-bare"]),
        list_shipped=Summary.of(times["list-shipped"]),
        options_shipped=options_shipped,
        shown_cold=median(times["shown-cold"]),
        shown_warm=median(times["shown-warm"]),
        options_build=median(times["options"]),
        import_markdown_it=Summary.of(markdown_it_import(IMPORT_RUNS)),
        big_bytes=len(big.encode()),
        big_blocks=len(big_agenda.blocks),
        parse_ours=Summary.of(times["parse-ours"]),
        parse_commonmark=Summary.of(times["parse-commonmark"]),
        parse_front_matter=Summary.of(times["parse-front-matter"]),
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Agenda discovery, the home screen's agenda list, and the parser at its "
        "file size limit."
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="runs of each kind (at least 5; default 15)"
    )
    write_option(parser, "agendas")
    parser.add_argument(
        "--parse-runs",
        type=int,
        default=5,
        help="runs of each big parse, about half a second each (at least 3; default 5)",
    )
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if args.parse_runs < 3:
        parser.error("--parse-runs must be at least 3")

    began = time.monotonic()
    print(
        f"agendas: {args.runs} runs of each kind ({args.parse_runs} of the big parses), "
        "interleaved",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-agendas-") as root:
        results = measure(args.runs, args.parse_runs, Path(root), sys.stderr.isatty())
    info = machine(f"markdown-it-py {version('markdown-it-py')}")
    text = agendas_section(results, info, args.runs, args.parse_runs)
    print("\n".join(tables(results)))
    finish("agendas", text, args.write, began, after="startup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
