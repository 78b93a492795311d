"""Startup benchmark: facilitator's home screen against a bare Textual app.

Each run spawns a fresh interpreter (the same one running this script) and measures, from
the moment just before the spawn, how long it takes until the app is ready:

* facilitator: `make_app` on a fresh, empty data folder, run headless, until the
  `HomeScreen` is the active screen and its `#agendas` list has options;
* bare: an `App` whose `compose` yields one `Static`, run headless, until that `Static`
  is mounted.

Both kinds run the same number of times, interleaved pair by pair (the order inside a pair
alternates), so that noise on the machine hits both equally. Each child's peak resident
memory (`ru_maxrss`) is read with `os.wait4`. The startup figure reported is the ratio of
the medians, compared against the goals below; with `--write` (the default) the
`startup` section of BENCHMARKS.md is replaced by the fresh figures.

    .venv/bin/python bench/startup.py            # 15 runs of each, updates BENCHMARKS.md
    .venv/bin/python bench/startup.py --runs 30 --no-write

The child side is this same file run as `startup.py --child facilitator|bare [DATA_DIR]`.
It imports only what it needs before taking its timestamps, so that both kinds carry the
same, small overhead of the script itself.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from harness import Summary, bare_app, counter, median, rotated, spawn, tell, told
from report import finish, machine, rerun, rerun_command, section, verdict, write_option

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

GOAL_RATIO = 1.5
"""Facilitator's median startup may be at most this many times the bare app's."""
GOAL_RSS_MB = 80.0
"""Facilitator's peak memory must stay under this many MB (10^6 bytes)."""

KINDS = ("facilitator", "bare")
READY_TIMEOUT = 30.0
"""Seconds a child waits for its screen before giving up."""
CHILD_TIMEOUT = 60.0
"""Seconds the parent lets a child live before killing it."""
MARK = "STARTUP-BENCH"
"""Prefix of the one line a child prints with its timestamps."""


# --------------------------------------------------------------------------------------
# Child side: runs in the spawned interpreter.
# --------------------------------------------------------------------------------------


def child(kind: str, data_dir: str | None) -> int:
    """Start one app headless, wait until it is ready, print the timestamps, and exit."""
    app: App[None]
    if kind == "facilitator":
        if data_dir is None:
            print("the facilitator child needs a data folder", file=sys.stderr)
            return 2
        from textual.widgets import OptionList

        from facilitator.app import make_app
        from facilitator.screens.home import HomeScreen
        from facilitator.storage.paths import DataPaths

        imported = time.time()
        paths = DataPaths(Path(data_dir))
        paths.ensure_writable()  # as `facilitator` itself does before building the app
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

    elif kind == "bare":
        import textual.app
        import textual.widgets  # noqa: F401  (imported before the timestamp, as facilitator's)

        imported = time.time()
        app = bare_app()

        def ready() -> bool:
            found = app.screen.query("#bare")
            return bool(found) and found.first().is_mounted

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
        app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=auto_pilot)
    if "ready" not in stamps:
        print(f"{kind}: not ready after {READY_TIMEOUT:.0f} s", file=sys.stderr)
        return 1
    # Printed only now: while the app runs, Textual captures stdout.
    tell(MARK, f"imported={imported!r} ready={stamps['ready']!r}")
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
    rss_mb: float
    """Peak resident memory, MB (10^6 bytes)."""


class Kind(NamedTuple):
    """The figures of one kind over all its runs."""

    kind: str
    startup: Summary
    imports_median: float
    rss_median: float
    rss_max: float


def spawn_child(kind: str, env: dict[str, str]) -> Run:
    """Run one child and read its timestamps and peak memory.

    All facilitator runs share one data folder, as a facilitator's starts do: the warm-up
    run fills its parsed-agenda cache, so the measured runs are typical second starts.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    if kind == "facilitator":
        command.append(env["FACILITATOR_BENCH_DATA"])
    done = spawn(command, CHILD_TIMEOUT, env)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed ({done.returncode}):\n{done.output}")
    stamps = told(done.output, MARK)
    if stamps is None:
        raise RuntimeError(f"{kind} child printed no timestamps:\n{done.output}")
    fields = dict(part.split("=", 1) for part in stamps.split())
    imported, ready = float(fields["imported"]), float(fields["ready"])
    return Run(kind, ready - done.started, imported - done.started, done.rss_mb)


def summarize(kind: str, runs: list[Run]) -> Kind:
    """Median and p90 of one kind's runs."""
    mine = [r for r in runs if r.kind == kind]
    return Kind(
        kind=kind,
        startup=Summary.of([r.startup for r in mine]),
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
    """Interleave `runs` children of each kind; the order within a pair alternates."""
    if warmup:  # fills the page cache and the bytecode cache; not counted
        for kind in KINDS:
            spawn_child(kind, env)
    results: list[Run] = []
    for index in range(runs):
        for kind in rotated(KINDS, index):  # with two kinds: the order alternates
            results.append(spawn_child(kind, env))
        counter("run", index + 1, runs, progress)
    return results


def table(ours: Kind, bare: Kind) -> list[str]:
    """The figures as a Markdown table."""
    rows = [
        "| app | runs | median startup | p90 startup | of which imports (median) "
        "| peak RSS (median) | peak RSS (max) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in (ours, bare):
        rows.append(
            f"| {s.kind} | {s.startup.runs} | {s.startup.median * 1000:.0f} ms "
            f"| {s.startup.p90 * 1000:.0f} ms "
            f"| {s.imports_median * 1000:.0f} ms | {s.rss_median:.1f} MB | {s.rss_max:.1f} MB |"
        )
    return rows


def paired_ratio(results: list[Run]) -> float:
    """The median, over the interleaved pairs, of facilitator's time over the bare app's."""
    ratios = []
    for index in range(0, len(results) - 1, 2):
        times = {run.kind: run.startup for run in results[index : index + 2]}
        ratios.append(times["facilitator"] / times["bare"])
    return median(ratios)


def startup_section(
    ours: Kind, bare: Kind, paired: float, info: dict[str, str], runs: int, cached: bool
) -> str:
    """The startup section of BENCHMARKS.md, markers included."""
    ratio = ours.startup.median / bare.startup.median
    ratio_p90 = ours.startup.p90 / bare.startup.p90
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
    description = (
        "Time from just before the process is spawned until the home screen is mounted "
        "and its agenda list is populated (one data folder for all runs, so its parsed-agenda "
        "cache is warm after the warm-up, as on any start but the first; only the shipped "
        "agendas), against a bare Textual app whose `compose` yields one `Static`, until "
        "that `Static` is mounted. Both run headless at 120x40 in a fresh interpreter each "
        f"time, {runs} runs of each, interleaved; one unrecorded warm-up run of each comes "
        f"first. Modules load {bytecode}. The imports column is the time until the child's "
        "imports were done, interpreter start included. Peak memory is each process's "
        "`ru_maxrss`; MB are 10^6 bytes."
    )
    body = [
        *table(ours, bare),
        "",
        f"- Startup ratio (median / median): **{ratio:.2f}x** "
        f"(p90 / p90: {ratio_p90:.2f}x; median of the paired runs' ratios: {paired:.2f}x); "
        f"goal at most {GOAL_RATIO}x: {verdict(ratio <= GOAL_RATIO)}",
        f"- Peak memory of facilitator: **{ours.rss_max:.1f} MB** at most "
        f"({ours.rss_median:.1f} MB median; bare app {bare.rss_median:.1f} MB); "
        f"goal under {GOAL_RSS_MB:.0f} MB: {verdict(ours.rss_max < GOAL_RSS_MB)}",
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
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-pycache-") as pycache:
        env = child_env(None if args.inherit_bytecode_env else pycache)
        env["FACILITATOR_BENCH_DATA"] = str(Path(pycache) / "data")
        results = measure(args.runs, args.warmup, sys.stderr.isatty(), env)
    ours, bare = summarize("facilitator", results), summarize("bare", results)
    info = machine()
    paired = paired_ratio(results)
    text = startup_section(
        ours, bare, paired, info, args.runs, cached=not args.inherit_bytecode_env
    )

    print("\n".join(table(ours, bare)))
    ratio = ours.startup.median / bare.startup.median
    print(
        f"\nratio {ratio:.2f}x (paired {paired:.2f}x; goal <= {GOAL_RATIO}): "
        f"{verdict(ratio <= GOAL_RATIO)}"
    )
    print(
        f"peak memory {ours.rss_max:.1f} MB (goal < {GOAL_RSS_MB:.0f}): "
        f"{verdict(ours.rss_max < GOAL_RSS_MB)}"
    )
    finish("startup", text, args.write, began)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        if len(sys.argv) not in (3, 4):
            sys.exit("usage: startup.py --child facilitator|bare [DATA_DIR]")
        sys.exit(child(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None))
    sys.exit(main())
