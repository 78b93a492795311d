"""The timer benchmark's measuring (`timer.py`): the CPU window with both apps in the
terminal, and the two real-time meetings (headless in a child, and on screen in tmux)
read against the true time."""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import Child, say, told
from timer_display import ScreenReader, claimed_interval, display_error
from timer_scenario import (
    MARK,
    READY_TIMEOUT,
    SCREEN_EVERY_S,
    SCRIPT,
    SETTLE_S,
    SIZE,
    WINDOW_S,
    facilitator_command,
    facilitator_env,
)
from timer_terminal import Tmux, cpu_seconds, io_counts, start_meeting, wait_until

if TYPE_CHECKING:
    pass


# The measurements.
# --------------------------------------------------------------------------------------


@dataclass
class CpuFigures:
    """One app's use over the CPU window."""

    label: str
    cpu_s: float
    wall_s: float
    written_bytes: int | None
    write_calls: int | None

    @property
    def percent(self) -> float:
        return 100 * self.cpu_s / self.wall_s


@dataclass
class CpuResult:
    ours: CpuFigures
    bare: CpuFigures
    shown_before: str | None
    shown_after: str | None


def measure_cpu(tmux: Tmux, root: Path, seconds: float, budget: float) -> CpuResult:
    """Both apps in the terminal at once; CPU over the same `seconds` once the block runs."""
    data_dir = root / "cpu-data"
    data_dir.mkdir()
    say(f"cpu: starting facilitator and the bare app in tmux {SIZE[0]}x{SIZE[1]}")
    ours_pid = tmux.open("cpu-facilitator", facilitator_command(), facilitator_env(data_dir))
    bare_pid = tmux.open(
        "cpu-bare",
        [sys.executable, str(SCRIPT), "--child", "bare"],
        {"COLORTERM": "truecolor"},
    )
    reader = ScreenReader()
    started = start_meeting(tmux, reader, "cpu-facilitator", data_dir, budget)
    wait_until(lambda: "bare" in tmux.screen("cpu-bare"), "the bare app", tmux, "cpu-bare")
    time.sleep(SETTLE_S)

    def shown() -> str | None:
        if not started.readable:
            return None
        return reader.read(tmux.screen("cpu-facilitator"), budget - (time.time() - started.at))

    shown_before = shown()
    say(f"cpu: measuring both over {seconds:g} s")
    began = time.monotonic()
    cpu0 = {pid: cpu_seconds(pid) for pid in (ours_pid, bare_pid)}
    io0 = {pid: io_counts(pid) for pid in (ours_pid, bare_pid)}
    sleep_with_progress("cpu", began, seconds, seconds)
    wall = time.monotonic() - began
    cpu1 = {pid: cpu_seconds(pid) for pid in (ours_pid, bare_pid)}
    io1 = {pid: io_counts(pid) for pid in (ours_pid, bare_pid)}
    shown_after = shown()
    for name in ("cpu-facilitator", "cpu-bare"):
        if tmux.dead(name):
            raise RuntimeError(f"{name} died during the window:\n{tmux.screen(name)}")
        tmux.close(name)

    def figures(label: str, pid: int) -> CpuFigures:
        before, after = io0[pid], io1[pid]
        written = calls = None
        if before is not None and after is not None:
            written, calls = after[0] - before[0], after[1] - before[1]
        return CpuFigures(label, cpu1[pid] - cpu0[pid], wall, written, calls)

    return CpuResult(
        figures("facilitator run screen, block running", ours_pid),
        figures("bare app (one `Static`), idle", bare_pid),
        shown_before,
        shown_after,
    )


def sleep_with_progress(label: str, began: float, until: float, total: float) -> None:
    """Sleep until `until` seconds after `began` (monotonic), saying now and then how far
    it is of `total` seconds."""
    tty = sys.stderr.isatty()
    step = 1.0 if tty else 30.0
    mark = step
    while True:
        left = began + until - time.monotonic()
        if left <= 0:
            break
        time.sleep(min(left, 0.5))
        done = time.monotonic() - began
        if done >= mark and done < until:
            if tty:
                print(f"\r  {label}: {done:.0f}/{total:g} s", end="", file=sys.stderr, flush=True)
            else:
                say(f"  {label}: {done:.0f}/{total:g} s")
            mark = (done // step + 1) * step
    if tty:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)


@dataclass
class Read:
    """One read of the display."""

    at: float
    """Wall-clock time of the read (the middle of a screen capture)."""
    text: str | None
    """The countdown shown, or None when it could not be read."""
    remaining: float | None = None
    """The timer's `remaining` reactive (in process only)."""


@dataclass
class Accuracy:
    """How one reader saw the display over the last seconds of the run."""

    label: str
    start_source: str
    budget: float
    start: float
    reads: list[Read]
    capture_s: float | None = None
    """Median duration of one screen capture, the screen reads' time resolution."""

    def truth(self, read: Read) -> float:
        return self.budget - (read.at - self.start)

    @property
    def errors(self) -> list[float]:
        out = []
        for read in self.reads:
            interval = claimed_interval(read.text) if read.text is not None else None
            if interval is not None:
                out.append(display_error(self.truth(read), interval))
        return out

    @property
    def readable(self) -> int:
        return len(self.errors)

    @property
    def right(self) -> int:
        return sum(1 for error in self.errors if error == 0)

    @property
    def worst(self) -> float:
        return max((abs(e) for e in self.errors), default=float("nan"))

    @property
    def worst_late(self) -> float:
        return max((e for e in self.errors if e > 0), default=0.0)

    @property
    def worst_early(self) -> float:
        return max((-e for e in self.errors if e < 0), default=0.0)

    @property
    def last(self) -> Read | None:
        return self.reads[-1] if self.reads else None

    @property
    def staleness(self) -> list[float]:
        """The `remaining` reactive minus the truth: how old the last tick's figure is."""
        return [r.remaining - self.truth(r) for r in self.reads if r.remaining is not None]


@dataclass
class RealtimeResult:
    seconds: float
    in_process: Accuracy
    screen: Accuracy | None
    screen_problem: str | None


def run_headless(root: Path, seconds: float) -> Child:
    """Start the headless reader in a child; it runs on its own."""
    data_dir = root / "headless-data"
    data_dir.mkdir()
    return Child([sys.executable, str(SCRIPT), "--child", "realtime", str(data_dir), repr(seconds)])


def headless_result(child: Child, seconds: float) -> dict[str, Any]:
    done = child.finish(timeout=seconds + 2 * READY_TIMEOUT)
    if done.timed_out:
        raise RuntimeError(f"the headless reader did not finish:\n{done.output}")
    told_line = told(done.output, MARK)
    if told_line is not None:
        result: dict[str, Any] = json.loads(told_line)
        if "error" in result:
            raise RuntimeError(f"the headless reader failed: {result['error']}\n{done.output}")
        return result
    raise RuntimeError(f"the headless reader printed no result ({done.returncode}):\n{done.output}")


def read_screen(
    tmux: Tmux, data_dir: Path, seconds: float, budget: float
) -> tuple[Accuracy | None, str | None]:
    """Run facilitator in tmux for `seconds` from the block's start; read its digits at the end.

    Returns the reads, or None and why the screen could not be read.
    """
    tmux.open("screen", facilitator_command(), facilitator_env(data_dir))
    reader = ScreenReader()
    started = start_meeting(tmux, reader, "screen", data_dir, budget)
    if not started.readable:
        how = (
            "neither as Textual's 3x3 glyphs nor in facilitator's big font"
            if reader.render is not None
            else "not as Textual's 3x3 glyphs, and facilitator has no big font to draw with"
        )
        return None, f"the big digits could not be read as text ({how})"
    end = started.at + seconds
    began = time.monotonic() - (time.time() - started.at)
    sleep_with_progress("real time", began, seconds - WINDOW_S, seconds)
    captures: list[tuple[float, float, str]] = []
    while True:
        before = time.time()
        screen = tmux.screen("screen")
        after = time.time()
        captures.append((before, after, screen))
        if after >= end:
            break
        time.sleep(min(SCREEN_EVERY_S, max(0.0, end - after)))
    problem = "facilitator ended during the run" if tmux.dead("screen") else None
    # Decoded only now, so that decoding never delays a capture.
    reads = []
    for before, after, screen in captures:
        at = (before + after) / 2
        reads.append(Read(at, reader.read(screen, budget - (at - started.at))))
    accuracy = Accuracy(
        f"screen: tmux capture, {reader.used or 'big digits decoded'}",
        started.source,
        budget,
        started.at,
        reads,
        statistics.median(after - before for before, after, _ in captures),
    )
    return accuracy, problem


def measure_realtime(tmux: Tmux, root: Path, seconds: float, budget: float) -> RealtimeResult:
    """A meeting in process (headless) and one on screen (tmux), both `seconds` long."""
    say(f"real time: two meetings of {seconds:g} s, headless in process and in tmux")
    headless = run_headless(root, seconds)
    began = time.monotonic()
    try:
        data_dir = root / "screen-data"
        data_dir.mkdir()
        screen, problem = read_screen(tmux, data_dir, seconds, budget)
        tmux.close("screen")
        if screen is None:
            say(f"real time: the screen is not read: {problem}")
            sleep_with_progress("real time", began, seconds, seconds)
        result = headless_result(headless, seconds)
    finally:
        headless.kill()
    if not result.get("digits"):
        raise RuntimeError("the headless reader found no digits widget with a text in #timer")
    if not result.get("still_run_screen"):
        raise RuntimeError("the headless app left the run screen")
    in_process = Accuracy(
        f"in process: headless, `{result['digits']}`",
        result["source"],
        float(result["budget"]),
        float(result["start"]),
        [Read(float(at), text, remaining) for at, text, remaining in result["reads"]],
    )
    return RealtimeResult(seconds, in_process, screen, problem)


# --------------------------------------------------------------------------------------
