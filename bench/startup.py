"""Startup benchmark: facilitator's home screen against a bare Textual app.

Each run spawns a fresh interpreter (the same one running this script) and measures, from
the moment just before the spawn, how long it takes until the app is ready:

* facilitator: `make_app` on a data folder with no, 500 or 5,000 past sessions (their
  history index built), run headless, until the `HomeScreen` is the active screen and
  its `#agendas` list has options (ready), and until its session list is filled (listed);
* bare: an `App` whose `compose` yields one `Static`, run headless, until that `Static`
  is mounted (the reference of the goal);
* widgets: a plain Textual app, no facilitator code, that pushes a screen of the home
  screen's widgets (a title, an option list of as many two-line options and headings as
  the shipped agendas give, a second list, a preview, a message line, a footer of three
  keys), until its list has options: what Textual itself needs to draw such a screen.

All kinds run the same number of times, interleaved round by round (the order inside a
round rotates), so that noise on the machine hits each equally. Each child's peak resident
memory (`ru_maxrss`) is read with `os.wait4`. The startup figure reported is the ratio of
the medians, compared against the goals below; with `--write` (the default) the
`startup` section of BENCHMARKS.md is replaced by the fresh figures.

    .venv/bin/python bench/startup.py            # 15 runs of each, updates BENCHMARKS.md
    .venv/bin/python bench/startup.py --runs 30 --no-write

The child side is this same file run as `startup.py --child facilitator DATA_DIR` (or
`widgets OPTIONS`, or `bare`). It imports only what it needs before taking its
timestamps, so that every kind carries the same, small overhead of the script itself.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from harness import Summary, bare_app, counter, median, rotated, spawn, tell, told
from report import finish, machine, rerun, rerun_command, section, verdict, write_option

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

GOAL_RATIO = 1.2
"""Facilitator's median startup may be at most this many times the bare app's (issue 16;
it was 1.5)."""
GOAL_RSS_MB = 80.0
"""Facilitator's peak memory must stay under this many MB (10^6 bytes)."""

PAST = (0, 500, 5_000)
"""Past sessions in the data folder of each facilitator kind."""
PAST_ENTRIES = {0: 0, 500: 100, 5_000: 20}
"""Entries in each of those past sessions (5,000 of 100 would be half a gigabyte)."""
KINDS = (*(f"facilitator-{n}" for n in PAST), "widgets", "bare")
REFERENCES = ("widgets", "bare")
"""The kinds facilitator is measured against, not measured themselves."""

READY_TIMEOUT = 30.0
"""Seconds a child waits for its screen before giving up."""
CHILD_TIMEOUT = 60.0
"""Seconds the parent lets a child live before killing it."""
OPTIONS_FILE = "options"
"""In the scratch data folder: how many options the home screen's agenda list has."""
MARK = "STARTUP-BENCH"
"""Prefix of the one line a child prints with its timestamps."""


# --------------------------------------------------------------------------------------
# Child side: runs in the spawned interpreter.
# --------------------------------------------------------------------------------------


def widgets_app(options: int) -> App[None]:
    """A plain Textual app that draws a screen of the home screen's widgets: `options`
    two-line entries in the first list, the first of every eight a heading."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, Vertical, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Footer, OptionList, Static
    from textual.widgets.option_list import Option

    class WidgetsScreen(Screen[None]):
        BINDINGS = [
            Binding("tab", "app.focus_next", "Agendas / sessions"),
            Binding("h", "app.bell", "History"),
            Binding("ctrl+q", "app.quit", "Quit"),
        ]

        def compose(self) -> ComposeResult:
            yield Static("widgets · pick an agenda and press Enter")
            with Horizontal():
                with Vertical():
                    yield Static("Agendas")
                    yield OptionList(
                        *(
                            Option(f"Programme {n // 8}", disabled=True)
                            if n % 8 == 0
                            else Option(f"Agenda number {n}\n  60 min · 5 blocks")
                            for n in range(options)
                        ),
                        id="agendas",
                    )
                    yield Static("Sessions")
                    yield OptionList()
                with VerticalScroll():
                    yield Static("\n".join(f"{n}. Block {n}  10 min" for n in range(1, 6)))
            yield Static("")
            yield Footer()

    class WidgetsApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(WidgetsScreen())

    return WidgetsApp()


def child(kind: str, data_dir: str | None) -> int:
    """Start one app headless, wait until it is ready, print the timestamps, and exit."""
    app: App[None]
    heap = contextlib.ExitStack()
    """What the child holds while its app runs (the facilitator's settled heap)."""
    filled_at: list[float] = []
    """When facilitator's session list was filled."""
    if kind == "facilitator":
        if data_dir is None:
            print("the facilitator child needs a data folder", file=sys.stderr)
            return 2
        from textual.widgets import OptionList

        from facilitator.app import make_app
        from facilitator.cli import settled_heap
        from facilitator.screens.home import HomeScreen
        from facilitator.storage.paths import DataPaths
        from facilitator.widgets.session_list import SessionList

        imported = time.time()
        paths = DataPaths(Path(data_dir))
        paths.ensure_writable()  # as `facilitator` itself does before building the app
        heap.enter_context(settled_heap())  # as `facilitator` does before building the app
        app = make_app(paths)

        def ready() -> bool:
            screen = app.screen
            if not isinstance(screen, HomeScreen):
                return False
            found = screen.query("#agendas")
            if not found:
                return False
            agendas = found.first()
            return isinstance(agendas, OptionList) and agendas.option_count > 0

        # The session list is filled by a worker whenever it is done, not on a frame the
        # pilot waits for: the list stamps the moment itself.
        fill = SessionList.fill

        def stamped_fill(self: SessionList, *args: Any, **kwargs: Any) -> Any:
            result = fill(self, *args, **kwargs)
            filled_at.append(time.time())
            return result

        SessionList.fill = stamped_fill  # type: ignore[method-assign]

        def listed() -> bool:
            return bool(filled_at)

    elif kind == "bare":
        import textual.app
        import textual.widgets  # imported before the timestamp, as facilitator's

        imported = time.time()
        app = bare_app()

        def ready() -> bool:
            found = app.screen.query("#bare")
            return bool(found) and found.first().is_mounted

        listed = ready

    elif kind == "widgets":
        if data_dir is None:
            print("the widgets child needs the number of options", file=sys.stderr)
            return 2
        import textual.app
        import textual.widgets  # noqa: F401  (before the timestamp, as facilitator's)

        imported = time.time()
        app = widgets_app(int(data_dir))

        def ready() -> bool:
            found = app.screen.query("#agendas")
            return bool(found) and found.first().option_count > 0

        listed = ready

    else:
        print(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}", file=sys.stderr)
        return 2

    stamps: dict[str, float] = {}

    async def auto_pilot(pilot: Pilot[object]) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not ready():
            if time.monotonic() > deadline:
                break
            await pilot.pause()
        else:
            stamps["ready"] = time.time()
            while not listed():
                if time.monotonic() > deadline:
                    break
                await pilot.pause()
            else:
                stamps["listed"] = filled_at[0] if filled_at else stamps["ready"]
        app.exit()

    with heap:
        app.run(headless=True, size=(120, 40), auto_pilot=auto_pilot)
    if "listed" not in stamps:
        print(f"{kind}: not ready after {READY_TIMEOUT:.0f} s", file=sys.stderr)
        return 1
    # Printed only now: while the app runs, Textual captures stdout.
    tell(MARK, f"imported={imported!r} ready={stamps['ready']!r} listed={stamps['listed']!r}")
    return 0


# --------------------------------------------------------------------------------------
# Parent side: spawns the children, collects the figures, writes BENCHMARKS.md.
# --------------------------------------------------------------------------------------


class Run(NamedTuple):
    """One child's figures."""

    kind: str
    startup: float
    """Seconds from just before the spawn until the app was ready."""
    imports: float
    """Seconds from just before the spawn until the child's imports were done."""
    listed: float
    """Seconds from just before the spawn until the session list was filled too."""
    rss_mb: float
    """Peak resident memory, MB (10^6 bytes)."""


class Kind(NamedTuple):
    """The figures of one kind over all its runs."""

    kind: str
    startup: Summary
    listed: Summary
    imports_median: float
    rss_median: float
    rss_max: float


def spawn_child(kind: str, env: dict[str, str]) -> Run:
    """Run one child and read its timestamps and peak memory.

    All runs of a facilitator kind share one data folder, as a facilitator's starts do:
    the warm-up run fills its parsed-agenda cache, so the measured runs are typical
    second starts.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child"]
    if kind.startswith("facilitator-"):
        past = kind.removeprefix("facilitator-")
        command += ["facilitator", str(Path(env["FACILITATOR_BENCH_DATA"]) / past)]
    elif kind == "widgets":
        options = (Path(env["FACILITATOR_BENCH_DATA"]) / OPTIONS_FILE).read_text().strip()
        command += ["widgets", options]
    else:
        command.append(kind)
    done = spawn(command, CHILD_TIMEOUT, env)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({done.returncode}):\n{done.output}")
    stamps = told(done.output, MARK)
    if stamps is None:
        raise RuntimeError(f"{kind} child printed no timestamps:\n{done.output}")
    fields = dict(part.split("=", 1) for part in stamps.split())
    imported, ready = float(fields["imported"]), float(fields["ready"])
    listed = float(fields["listed"])
    return Run(
        kind, ready - done.started, imported - done.started, listed - done.started, done.rss_mb
    )


def summarize(kind: str, runs: list[Run]) -> Kind:
    """Median and p90 of one kind's runs."""
    mine = [r for r in runs if r.kind == kind]
    return Kind(
        kind=kind,
        startup=Summary.of([r.startup for r in mine]),
        listed=Summary.of([r.listed for r in mine]),
        imports_median=median([r.imports for r in mine]),
        rss_median=median([r.rss_mb for r in mine]),
        rss_max=max(r.rss_mb for r in mine),
    )


def child_env(pycache: str | None) -> dict[str, str]:
    """The children's environment: ours, with bytecode cached in `pycache` if given.

    A `pip install` compiles the bytecode of facilitator and its dependencies once; a
    development shell often sets PYTHONDONTWRITEBYTECODE, which would make every child
    recompile facilitator's own modules (not the installed dependencies') from source.
    A private cache folder gives both apps compiled bytecode without writing into the
    repository.
    """
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def measure(runs: int, warmup: bool, progress: bool, env: dict[str, str]) -> list[Run]:
    """Interleave `runs` children of each kind; the order within a round rotates."""
    if warmup:  # fills the page cache and the bytecode cache; not counted
        for kind in KINDS:
            spawn_child(kind, env)
    results: list[Run] = []
    for index in range(runs):
        for kind in rotated(KINDS, index):
            results.append(spawn_child(kind, env))
        counter("run", index + 1, runs, progress)
    return results


def fill_data(root: Path) -> None:
    """A data folder for each facilitator kind, with its past sessions and their history
    index built (as any start but the very first after they were made finds it)."""
    from history import build

    from facilitator.agenda.library import AgendaLibrary
    from facilitator.programme.history import SessionHistory
    from facilitator.screens.home import agenda_options
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    for past in PAST:
        folder = root / str(past)
        paths = DataPaths(folder)
        paths.ensure_writable()
        if past:
            build(folder, past, PAST_ENTRIES[past])
            SessionHistory(paths, SessionStore(paths)).refresh()
        print(f"  {past} past sessions: ready", file=sys.stderr)
    # The widgets app lists as many options as the home screen: agendas and headings.
    options = agenda_options(AgendaLibrary.discover(DataPaths(root / "0")))
    (root / OPTIONS_FILE).write_text(f"{len(options)}\n")


def table(kinds: list[Kind]) -> list[str]:
    """The figures as a Markdown table."""
    rows = [
        "| app | past sessions | runs | median ready | p90 ready | sessions listed (median) "
        "| of which imports (median) | peak RSS (median) | peak RSS (max) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in kinds:
        name, _, past = s.kind.partition("-")
        rows.append(
            f"| {name} | {past or '–'} | {s.startup.runs} | {s.startup.median * 1000:.0f} ms "
            f"| {s.startup.p90 * 1000:.0f} ms | {s.listed.median * 1000:.0f} ms "
            f"| {s.imports_median * 1000:.0f} ms | {s.rss_median:.1f} MB | {s.rss_max:.1f} MB |"
        )
    return rows


def paired_ratio(results: list[Run], kind: str, reference: str = "bare") -> float:
    """The median, over the interleaved rounds, of `kind`'s time over `reference`'s."""
    ratios = []
    for index in range(0, len(results) - len(KINDS) + 1, len(KINDS)):
        times = {run.kind: run.startup for run in results[index : index + len(KINDS)]}
        ratios.append(times[kind] / times[reference])
    return median(ratios)


def ratio_lines(kinds: list[Kind], results: list[Run]) -> list[str]:
    """One line a facilitator kind: its ratio to the bare app, against the goal, and to
    the app of the same widgets; then that app's own ratio to the bare one."""
    bare = next(k for k in kinds if k.kind == "bare")
    widgets = next(k for k in kinds if k.kind == "widgets")
    lines = []
    for ours in kinds:
        if ours.kind in REFERENCES:
            continue
        ratio = ours.startup.median / bare.startup.median
        paired = paired_ratio(results, ours.kind)
        past = ours.kind.removeprefix("facilitator-")
        lines.append(
            f"- {past} past sessions: ready at **{ratio:.2f}x** the bare app "
            f"(p90 / p90: {ours.startup.p90 / bare.startup.p90:.2f}x; paired: {paired:.2f}x; "
            f"sessions listed at {ours.listed.median / bare.startup.median:.2f}x); "
            f"goal at most {GOAL_RATIO}x: {verdict(ratio <= GOAL_RATIO)}; "
            f"{ours.startup.median / widgets.startup.median:.2f}x the app of the same widgets "
            f"(paired: {paired_ratio(results, ours.kind, 'widgets'):.2f}x)"
        )
    lines.append(
        f"- The app of the same widgets, no facilitator code: ready at "
        f"**{widgets.startup.median / bare.startup.median:.2f}x** the bare app "
        f"(paired: {paired_ratio(results, 'widgets'):.2f}x)"
    )
    return lines


def startup_section(
    kinds: list[Kind], results: list[Run], info: dict[str, str], runs: int, cached: bool
) -> str:
    """The startup section of BENCHMARKS.md, markers included."""
    command = rerun_command(
        "bench/startup.py", ("--runs", runs, 15), ("--inherit-bytecode-env", not cached, False)
    )
    if cached:
        bytecode = "from a private bytecode cache filled by the warm-up, as after an install"
    else:
        bytecode = (
            "with the environment's bytecode settings (PYTHONDONTWRITEBYTECODE="
            f"{os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})"
        )
    how = rerun(command, "bench/startup.py")
    sizes = ", ".join(f"{n:,} of {PAST_ENTRIES[n]} entries" for n in PAST if n)
    description = (
        "Time from just before the process is spawned until the home screen is mounted "
        "and its agenda list is populated (ready), and until its session list is filled too "
        "(listed), against a bare Textual app whose `compose` yields one `Static`, until "
        "that `Static` is mounted (the goal's reference), and against a plain Textual app "
        "with no facilitator code that draws a screen of the home screen's widgets (a title, "
        "an option list of as many two-line options and headings, a second list, a preview, "
        "a message line, a footer of three keys), until its list has options (widgets): "
        "what Textual itself needs to draw such a screen. "
        "facilitator runs on three data folders: none, and "
        f"{sizes} past sessions (their history index built, as any start after the "
        "first finds it; the list comes from it, read off the UI thread). Each folder "
        "serves all runs of its kind, so its parsed-agenda cache is warm after the warm-up, "
        "as on any start but the first; only the shipped agendas. All run headless at "
        f"120x40 in a fresh interpreter each time, {runs} runs of each, interleaved; one "
        f"unrecorded warm-up run of each comes first. Modules load {bytecode}. The imports "
        "column is the time until the child's imports were done, interpreter start "
        "included. Peak memory is each process's `ru_maxrss`; MB are 10^6 bytes."
    )
    worst = max(k.rss_max for k in kinds if k.kind not in REFERENCES)
    body = [
        *table(kinds),
        "",
        *ratio_lines(kinds, results),
        f"- Peak memory of facilitator: **{worst:.1f} MB** at most; "
        f"goal under {GOAL_RSS_MB:.0f} MB: {verdict(worst < GOAL_RSS_MB)}",
    ]
    return section("startup", "Startup", [description], info, how, body)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(
        description="Startup time and peak memory of facilitator against a bare Textual app."
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="runs of each app (at least 10; default 15)"
    )
    write_option(parser, "startup")
    parser.add_argument(
        "--inherit-bytecode-env",
        action="store_true",
        help="run the children with this environment's bytecode settings instead of a "
        "private bytecode cache (slower if PYTHONDONTWRITEBYTECODE is set)",
    )
    parser.add_argument(
        "--no-warmup", dest="warmup", action="store_false", help="skip the unrecorded warm-up"
    )
    args = parser.parse_args(argv)
    if args.runs < 10:
        parser.error("--runs must be at least 10")

    began = time.monotonic()
    print(f"startup: {args.runs} runs of each of {', '.join(KINDS)}, interleaved", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as scratch:
        env = child_env(None if args.inherit_bytecode_env else str(Path(scratch) / "pycache"))
        env["FACILITATOR_BENCH_DATA"] = str(Path(scratch) / "data")
        # In a process of its own: Linux keeps a process's peak memory across the fork and
        # exec of each child, so building the sessions here would inflate every figure.
        subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--fill",
                env["FACILITATOR_BENCH_DATA"],
            ],
            check=True,
        )
        results = measure(args.runs, args.warmup, sys.stderr.isatty(), env)
    kinds = [summarize(kind, results) for kind in KINDS]
    text = startup_section(
        kinds, results, machine(), args.runs, cached=not args.inherit_bytecode_env
    )
    print("\n".join(table(kinds)))
    print("\n".join(ratio_lines(kinds, results)))
    finish("startup", text, args.write, began)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fill"] and len(sys.argv) == 3:
        fill_data(Path(sys.argv[2]))
        sys.exit(0)
    if sys.argv[1:2] == ["--child"]:
        if len(sys.argv) not in (3, 4):
            sys.exit("usage: startup.py --child facilitator DATA_DIR | widgets OPTIONS | bare")
        sys.exit(child(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None))
    sys.exit(main())
