"""What every benchmark's measuring shares: the checkout's code first on the import path,
the kinds interleaved run by run, in-process work and spawned processes timed, summaries
(median, p90, min, max), the bare Textual app they compare against, and progress on stderr.

It imports only what `report` does, at the top, so that a benchmark's child processes
(`startup.py --child`) pay no more for it than they did before it existed.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from textual.app import App

REPO = Path(__file__).resolve().parent.parent

# Measure the code of this checkout: an editable install may point at another one (a git
# worktree shares the virtual environment of the main checkout).
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# --------------------------------------------------------------------------------------
# Interleaving and timing.
# --------------------------------------------------------------------------------------


def rotated(kinds: Sequence[str], index: int) -> list[str]:
    """The order of `kinds` in run `index`: the starting kind rotates run by run."""
    shift = index % len(kinds)
    return [*kinds[shift:], *kinds[:shift]]


def rotations(kinds: Sequence[str], runs: int) -> Iterator[str]:
    """Each kind `runs` times, interleaved, the starting kind rotating run by run."""
    for index in range(runs):
        yield from rotated(kinds, index)


def timed(work: Callable[[], object]) -> float:
    """Seconds `work` takes, after a garbage collection so it does not land inside."""
    gc.collect()
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


# --------------------------------------------------------------------------------------
# Summaries.
# --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile, interpolated between the closest ranks."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Iterator[float] | Sequence[float]) -> float:
    """The median (`statistics` is imported only when a summary is made)."""
    import statistics

    return statistics.median(values)


class Summary(NamedTuple):
    """Figures over the runs of one kind, in the unit of the values (mostly seconds)."""

    runs: int
    median: float
    p90: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls(len(values), median(values), percentile(values, 0.9), min(values), max(values))


# --------------------------------------------------------------------------------------
# Spawned processes.
# --------------------------------------------------------------------------------------


class Finished(NamedTuple):
    """What a spawned process left: its output, exit code, and figures."""

    output: str
    """Its stdout and stderr together."""
    returncode: int
    started: float
    """`time.time()` just before it was spawned."""
    rss_mb: float
    """Peak resident memory, MB (10^6 bytes)."""
    timed_out: bool
    """Whether it was killed for outliving its timeout."""


class Child:
    """A process spawned in the checkout, its output read once it ends.

    Started when made, so that it can run while the parent does other things (`timer.py`);
    `finish` waits for it, killing it after `timeout` seconds, and reads its peak memory
    with `os.wait4`.
    """

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.started = time.time()
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self, timeout: float) -> Finished:
        import threading

        process = self.process
        killed: list[bool] = []

        def kill() -> None:
            killed.append(True)
            process.kill()

        watchdog = threading.Timer(timeout, kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            output = process.stdout.read()
            process.stdout.close()
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        # ru_maxrss is in KiB on Linux (bytes on macOS).
        scale = 1 if sys.platform == "darwin" else 1024
        rss = usage.ru_maxrss * scale / 1e6
        return Finished(output, process.returncode, self.started, rss, bool(killed))

    def kill(self) -> None:
        """Stop it if it still runs (after a failure elsewhere)."""
        if self.process.returncode is None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def spawn(command: Sequence[str], timeout: float, env: dict[str, str] | None = None) -> Finished:
    """Run `command` in the checkout until it ends (or `timeout` seconds, then kill it)."""
    return Child(command, env).finish(timeout)


def tell(mark: str, text: str) -> None:
    """A child's one line for its parent: `mark`, a space, `text`."""
    print(f"{mark} {text}", flush=True)


def told(output: str, mark: str) -> str | None:
    """The text of the first line of `output` a child wrote with `tell(mark, ...)`."""
    for line in output.splitlines():
        if line.startswith(mark + " "):
            return line[len(mark) + 1 :]
    return None


# --------------------------------------------------------------------------------------
# The reference app, and progress.
# --------------------------------------------------------------------------------------


def bare_app() -> App[None]:
    """The bare Textual app the apps are measured against: its `compose` yields one
    `Static("bare", id="bare")`. Textual is imported here, not with this module."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("bare", id="bare")

    return BareApp()


def say(message: str) -> None:
    """A line of progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def counter(label: str, done: int, total: int, enabled: bool | None = None) -> None:
    """`label done/total` on one line of stderr, rewritten in place (on a terminal only,
    unless `enabled` says); the line ends at the last."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if enabled:
        end = "\n" if done == total else ""
        print(f"\r  {label} {done}/{total}", end=end, file=sys.stderr, flush=True)
