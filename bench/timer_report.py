"""The timer benchmark's report (`timer.py`): the CPU and real-time tables, their verdicts,
and its section of BENCHMARKS.md."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from report import machine as report_machine
from report import rerun, rerun_command, section, verdict
from timer_display import claimed_interval, display_error
from timer_measure import Accuracy, CpuResult, RealtimeResult
from timer_scenario import (
    AGENDA,
    DEFAULT_REAL_SECONDS,
    DEFAULT_SECONDS,
    GOAL_CPU_PERCENT,
    GOAL_ERROR_S,
    IN_PROCESS_EVERY_S,
    SCREEN_EVERY_S,
    SETTLE_S,
    SIZE,
    WINDOW_S,
)
from timer_terminal import Tmux

if TYPE_CHECKING:
    pass


# Reporting.
# --------------------------------------------------------------------------------------


def machine(tmux: Tmux) -> dict[str, str]:
    """What the figures were measured on, tmux included."""
    return report_machine(tmux.version())


def rate(count: int | None, seconds: float, unit: str = "") -> str:
    if count is None:
        return "-"
    per_second = count / seconds
    if unit == "B":
        return f"{per_second / 1000:.1f} kB/s"
    return f"{per_second:.1f}/s"


def signed(seconds: float) -> str:
    return f"{seconds:+.2f} s"


def cpu_lines(cpu: CpuResult) -> list[str]:
    ours, bare = cpu.ours, cpu.bare
    ratio = (
        f"{ours.cpu_s / bare.cpu_s:.1f}x the bare app's CPU"
        if bare.cpu_s > 0
        else "the bare app used no measurable CPU"
    )
    rows = [
        "| app | wall time | CPU time (user + sys) | CPU, % of one core "
        "| written to the terminal | write calls |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in (ours, bare):
        rows.append(
            f"| {f.label} | {f.wall_s:.1f} s | {f.cpu_s:.2f} s | {f.percent:.2f}% "
            f"| {rate(f.written_bytes, f.wall_s, 'B')} | {rate(f.write_calls, f.wall_s)} |"
        )
    shown = (
        f"the timer showed {cpu.shown_before} as the window opened and {cpu.shown_after} "
        "as it closed"
        if cpu.shown_before and cpu.shown_after
        else "the timer's digits could not be read from the screen"
    )
    return [
        *rows,
        "",
        f"- Run screen: **{ours.percent:.2f}% of one core** ({ratio}, "
        f"{ours.percent - bare.percent:+.2f} points); goal under {GOAL_CPU_PERCENT:g}%: "
        f"{verdict(ours.percent < GOAL_CPU_PERCENT)}. In the window {shown}.",
    ]


def accuracy_row(a: Accuracy) -> str:
    last = a.last
    if last is None or last.text is None:
        at_end = "unreadable"
    else:
        interval = claimed_interval(last.text)
        error = display_error(a.truth(last), interval) if interval else float("nan")
        at_end = f"{last.text} for {a.truth(last):.2f} s: {signed(error)}"
    return (
        f"| {a.label} | {len(a.reads)} | {a.readable} | {a.right} "
        f"| {a.worst_late:.2f} s | {a.worst_early:.2f} s | {at_end} |"
    )


def worst_text(a: Accuracy) -> str:
    if not a.readable:
        return "no read could be decoded: **not met**"
    return (
        f"worst error **{a.worst:.2f} s**; goal within {GOAL_ERROR_S:g} s: "
        f"{verdict(a.worst <= GOAL_ERROR_S)}"
    )


def accuracy_lines(r: RealtimeResult) -> list[str]:
    rows = [
        "| reader | reads | readable | right second | worst lag | worst lead "
        "| last read: shown, truth, error |",
        "|---|---:|---:|---:|---:|---:|---|",
        accuracy_row(r.in_process),
    ]
    if r.screen is not None:
        rows.append(accuracy_row(r.screen))
    notes = [
        f"- In process: {worst_text(r.in_process)}. Block start from {r.in_process.start_source}.",
    ]
    stale = r.in_process.staleness
    if stale:
        notes.append(
            f"- The timer's `remaining` reactive (the figure of the last tick) was "
            f"{statistics.median(stale):.2f} s old at the median read and {max(stale):.2f} s "
            f"at worst ({min(stale):+.2f} s at best; below zero would be ahead of the clock). "
            "How late a second's change shows depends on where the ticks fall against the "
            "block's start, so one run's worst lag lies anywhere from 0 to about that age."
        )
    if r.screen is not None:
        s = r.screen
        capture = f"{s.capture_s * 1000:.0f} ms" if s.capture_s is not None else "-"
        notes.append(
            f"- On screen: {worst_text(s)}. Block start from {s.start_source}; one capture "
            f"takes {capture} (median), the resolution of these reads."
        )
    else:
        notes.append(f"- On screen: not measured: {r.screen_problem}.")
    if r.screen is not None and r.screen_problem:
        notes.append(f"- On screen: {r.screen_problem}.")
    return [*rows, "", *notes]


def timer_section(cpu: CpuResult, rt: RealtimeResult, info: dict[str, str], seconds: float) -> str:
    """The timer section of BENCHMARKS.md, markers included."""
    command = rerun_command(
        "bench/timer.py",
        ("--seconds", float(seconds), float(DEFAULT_SECONDS)),
        ("--real-seconds", float(rt.seconds), float(DEFAULT_REAL_SECONDS)),
    )
    how = rerun(command, "bench/timer.py")
    cpu_text = (
        f"**CPU.** facilitator (`python -m facilitator run {AGENDA}` on a fresh data folder, "
        "then Ctrl+N) and a bare Textual app whose `compose` yields one `Static` run side by "
        f"side, each in a fresh interpreter in its own {SIZE[0]}x{SIZE[1]} window of a "
        "private tmux server, so the real terminal driver, rendering and output are paid "
        "(COLORTERM=truecolor, TERM as tmux sets it). Once the first block runs and both "
        f"have been left alone for {SETTLE_S:g} s, each process's CPU time (user + system, "
        f"all threads, `/proc/<pid>/stat`) is read over the same {seconds:g} s of wall time, "
        "with the bytes and write calls it made (`/proc/<pid>/io`)."
    )
    rt_text = (
        f"**Real-time error.** Two meetings run for {rt.seconds:g} s of wall time from the "
        "start of their first block: one headless in a child process, whose auto-pilot "
        f"reads the `#timer` widget's digits every {IN_PROCESS_EVERY_S * 1000:.0f} ms, and "
        f"one in tmux, whose screen is captured every {SCREEN_EVERY_S:g} s and its big "
        f"digits decoded. Reads cover the last {WINDOW_S:g} s. Each shown whole second "
        "claims an interval of remaining time (remaining time rounds up); a read's error is "
        "how far the true remaining time (`time.time()` since the block's start) lies "
        "outside it: a lag when the display shows more time left than there is, a lead "
        "when less."
    )
    body = [
        f"**CPU** over {cpu.ours.wall_s:.1f} s:",
        "",
        *cpu_lines(cpu),
        "",
        f"**Real-time error** after {rt.seconds:g} s, reads over its last {WINDOW_S:g} s:",
        "",
        *accuracy_lines(rt),
    ]
    return section("timer", "Run screen timer", [cpu_text, rt_text], info, how, body)
