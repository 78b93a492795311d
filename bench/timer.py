"""Timer benchmark: what the run screen's ticking timer costs, and how right it shows the time.

Two measurements, both on the shipped agenda `getting-to-know-en` (first block 6 min):

* CPU: facilitator's run screen with its first block running, against a bare Textual app
  (one `Static`, idle), each in its own fresh interpreter in a real terminal: a private
  tmux server (`tmux -L bench-<pid>`), 100x30, so the real driver, the rendering and the
  writes to a pseudo-terminal are all paid. facilitator is started as a user would start it
  (`python -m facilitator run getting-to-know-en` on a fresh data folder in
  `FACILITATOR_DATA_DIR`, then Ctrl+N); once the block runs and both apps have settled,
  the CPU time (user + system, all threads, from `/proc/<pid>/stat`) each uses over the
  same `--seconds` of wall time (default 60) is read. Both run at once, so that noise on
  the machine hits both alike. The bytes each writes meanwhile (`/proc/<pid>/io`) show
  what its redraws send to the terminal.
* Real-time error: a meeting runs for `--real-seconds` of wall time (default 300) from the
  moment its block started, and over the last few seconds of that, what the screen shows
  is read again and again and compared with the true remaining time, computed from
  `time.time()` and the block's start. Two readers run side by side:
  - in process: the app runs headless in a child (`app.run(headless=True, auto_pilot=...)`)
    on the real clock; the auto-pilot presses Ctrl+N, then reads the text the `#timer`
    widget's `#digits` draw (`Digits.value`, or the `text` of facilitator's own clock
    face) and the timer's `remaining` reactive every 20 ms;
  - on screen: facilitator runs in the tmux server, and the pane is captured
    (`tmux capture-pane -p`) every 0.1 s. Textual's 3x3 `Digits` glyphs are decoded
    outright; facilitator's own big font (`facilitator.widgets.bigclock.glyph_lines`, when
    there is one) is read by drawing every countdown within a minute of the truth, at
    every scale, and finding the one on the screen. A screen drawn any other way is not
    read, and only the in-process figure is given.
  The display shows whole seconds (`format_countdown`: remaining time rounds up), so a read
  claims that the true remaining time lies in one one-second interval; its error is how far
  the truth lies outside that interval: positive when the display lags (shows more time
  left than there is), negative when it runs ahead. The block's start is the clock's own
  record (`segment_start`, in process from the meeting's clock, on screen from the saved
  session) when it can be found, else the moment Ctrl+N was sent.

With `--write` (the default) the `timer` section of BENCHMARKS.md is replaced by the fresh
figures.

    .venv/bin/python bench/timer.py                    # about 6 minutes
    .venv/bin/python bench/timer.py --seconds 20 --real-seconds 60 --no-write

The child side is this same file run as `timer.py --child bare` (the bare app, in the
terminal) or `timer.py --child realtime DATA_DIR SECONDS` (the headless reader). Needs
Linux (`/proc`) and tmux.

Its parts live beside it: `timer_scenario.py` (the agenda, goals and timings, and the
child side), `timer_display.py` (what a countdown claims; reading the screen's digits),
`timer_terminal.py` (tmux and /proc), `timer_measure.py` (the CPU window and the
real-time runs) and `timer_report.py` (the tables and the section).
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from report import finish, write_option
from timer_measure import measure_cpu, measure_realtime
from timer_report import accuracy_lines, cpu_lines, machine, timer_section
from timer_scenario import (
    DEFAULT_REAL_SECONDS,
    DEFAULT_SECONDS,
    WINDOW_S,
    child_bare,
    child_realtime,
    planned_first_block,
)
from timer_terminal import Tmux


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(
        description="CPU use of the run screen's timer against a bare Textual app, and how "
        "far its display is from the true time after a real run."
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=DEFAULT_SECONDS,
        help=f"CPU window, seconds of wall time (default {DEFAULT_SECONDS})",
    )
    parser.add_argument(
        "--real-seconds",
        type=float,
        default=DEFAULT_REAL_SECONDS,
        help=f"length of the real-time run (default {DEFAULT_REAL_SECONDS})",
    )
    write_option(parser, "timer")
    args = parser.parse_args(argv)
    if args.seconds < 5:
        parser.error("--seconds must be at least 5")
    if args.real_seconds < 2 * WINDOW_S:
        parser.error(f"--real-seconds must be at least {2 * WINDOW_S:g}")
    if shutil.which("tmux") is None:
        parser.error("tmux is needed (apt-get install tmux)")
    if not Path("/proc/self/stat").exists():
        parser.error("this benchmark reads /proc and runs on Linux only")

    began = time.monotonic()
    tmux = Tmux()
    try:
        with tempfile.TemporaryDirectory(prefix="facilitator-bench-timer-") as root:
            budget = planned_first_block(Path(root) / "agendas-data")
            cpu = measure_cpu(tmux, Path(root), args.seconds, budget)
            print("\n".join(cpu_lines(cpu)))
            realtime = measure_realtime(tmux, Path(root), args.real_seconds, budget)
            print()
            print("\n".join(accuracy_lines(realtime)))
            info = machine(tmux)
    finally:
        tmux.kill()
    finish("timer", timer_section(cpu, realtime, info, args.seconds), args.write, began)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        if sys.argv[2:3] == ["bare"]:
            sys.exit(child_bare())
        if sys.argv[2:3] == ["realtime"] and len(sys.argv) == 5:
            sys.exit(child_realtime(sys.argv[3], float(sys.argv[4])))
        sys.exit("usage: timer.py --child bare | --child realtime DATA_DIR SECONDS")
    sys.exit(main())
