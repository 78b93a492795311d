"""What every benchmark's report shares: the machine it ran on, the provenance block, the
verdict against a goal, the command that reruns it, and its own section of BENCHMARKS.md
between `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers (what the measuring shares
is in `harness`)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from harness import REPO

if TYPE_CHECKING:
    import argparse
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


def rerun_command(script: str, *options: tuple[str, object, object], prefix: str = "") -> str:
    """The command that reruns `script` (`bench/X.py`) as it was run: each option
    `(flag, value, default)` is named when its value is not the default (a flag alone
    when the value is `True`, floats as `:g`, lists joined by commas)."""
    command = f"{prefix}.venv/bin/python {script}"
    for flag, value, default in options:
        if value == default:
            continue
        if value is True:
            command += f" {flag}"
        elif isinstance(value, float):
            command += f" {flag} {value:g}"
        elif isinstance(value, list | tuple):
            command += f" {flag} {','.join(map(str, value))}"
        else:
            command += f" {flag} {value}"
    return command


def write_option(parser: argparse.ArgumentParser, name: str) -> None:
    """The `--write/--no-write` option every benchmark has."""
    import argparse

    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"update the {name} section of {BENCHMARKS.name} (default: yes)",
    )


def section(
    name: str,
    title: str,
    description: Sequence[str],
    info: dict[str, str],
    how: str,
    body: Sequence[str],
    width: int | None = 88,
) -> str:
    """Section `name` of BENCHMARKS.md, markers included: `## title`, the description's
    paragraphs (filled to `width`, or as given when None), the provenance block, `body`."""
    import textwrap

    begin, end = markers(name)
    lines = [begin, f"## {title}", ""]
    for paragraph in description:
        lines += [textwrap.fill(paragraph, width=width) if width else paragraph, ""]
    return "\n".join([*lines, *provenance(info, how), "", *body, end])


def finish(name: str, text: str, write: bool, began: float, after: str | None = None) -> None:
    """The end of a run: how long it took, and, with `write`, section `name` replaced by
    `text` (a new one placed after section `after`)."""
    print(f"took {time.monotonic() - began:.0f} s", file=sys.stderr)
    if write:
        write_section(name, text, after=after)
        print(f"updated {BENCHMARKS.relative_to(REPO)}", file=sys.stderr)
