"""What every benchmark shares: the machine it ran on, quantiles, and its own section of
BENCHMARKS.md between `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "BENCHMARKS.md"

INTRO = (
    "# Benchmarks\n"
    "\n"
    "Each benchmark compares facilitator against a reference measured in the same run on\n"
    "the same machine, so the figures that matter are the ratios, not the absolute times.\n"
    "Each section is written by its script in `bench/` between its own markers; edit only\n"
    "outside the markers.\n"
    "\n"
    "Rerun them all with `make bench`; each section also names its own command.\n"
)


def markers(name: str) -> tuple[str, str]:
    """The begin and end markers of section `name`."""
    return f"<!-- {name}:begin -->", f"<!-- {name}:end -->"


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` quantile, interpolated between the closest ranks."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def verdict(met: bool) -> str:
    """How a goal reads in the report."""
    return "met" if met else "**not met**"


def git_commit() -> str:
    """The checked-out commit, and whether the working tree differs from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} (with uncommitted changes)" if dirty else commit


def machine(*more: str) -> dict[str, str]:
    """What the figures were measured on; `more` names further tools (`tmux 3.3a`)."""
    cpus = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    return {
        "nproc": str(usable) if usable == cpus else f"{usable} usable of {cpus}",
        "platform": platform.platform(),
        "python": platform.python_version(),
        "textual": version("textual"),
        "more": "".join(f", {tool}" for tool in more),
        "commit": git_commit(),
    }


def provenance(info: dict[str, str], how: str) -> list[str]:
    """The lines every section opens its figures with: when, where, which code, how again."""
    return [
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Machine: nproc {info['nproc']}, {info['platform']}, Python {info['python']}, "
        f"Textual {info['textual']}{info['more']}",
        f"- Code: commit {info['commit']}",
        f"- Rerun: {how}",
    ]


def in_make_bench(script: str) -> bool:
    """Whether the Makefile's `bench` target runs `script` (e.g. `bench/timer.py`)."""
    makefile = REPO / "Makefile"
    return makefile.is_file() and script in makefile.read_text(encoding="utf-8")


def write_section(name: str, text: str, after: str | None = None, path: Path = BENCHMARKS) -> None:
    """Replace section `name` of `path` with `text` (markers included).

    A new section goes right after section `after` when there is one, else at the end; a
    missing file starts with the common introduction.
    """
    if not path.exists():
        path.write_text(f"{INTRO}\n{text}\n", encoding="utf-8")
        return
    current = path.read_text(encoding="utf-8")
    begin, end = markers(name)
    start, stop = current.find(begin), current.find(end)
    anchor = current.find(markers(after)[1]) if after else -1
    if start != -1 and stop > start:
        updated = current[:start] + text + current[stop + len(end) :]
    elif anchor != -1:
        cut = anchor + len(markers(after or "")[1])
        rest = current[cut:].lstrip("\n")
        updated = current[:cut] + "\n\n" + text + "\n" + ("\n" + rest if rest else "")
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(updated, encoding="utf-8")


def rerun(command: str, script: str) -> str:
    """The report's rerun line: the command, and `make bench` when it runs `script` too."""
    also = " (or `make bench` for every benchmark)" if in_make_bench(script) else ""
    return f"`{command}`{also}"
