"""Room-view benchmark: from a save to the room view showing it, and its CPU while idle.

A meeting on the shipped `getting-to-know-en` agenda runs in this process (it holds the
session's lock and saves as the facilitator's window does: one journal record, fsynced).
`facilitator room SESSION` runs in a real terminal (a private tmux server, 100x30), and
beside it a reference: a bare Textual app that follows the same files the cheapest way a
poller can (an `os.stat` of the snapshot and the journal every 0.2 s, the room view's own
interval) and shows the journal's size in one `Static`, with a clock ticking every second.

* delay: a line is captured (its save returned), then the terminal is read (`capture-pane`,
  every few milliseconds) until the room view shows it; for the reference, until it shows
  the journal's new size. Each save comes at a random moment (0.3-0.6 s after the last),
  so it falls anywhere in the poll interval. The two are measured turn about.
* idle: with the block running and nothing saved, the CPU time (user + system, from
  `/proc/<pid>/stat`) each program uses over the same `--seconds` (20 by default).

Goals (issue 21): a save shows within 0.5 s; idle CPU under 2 % of a core. Linux and
tmux only.

    .venv/bin/python bench/room.py              # updates BENCHMARKS.md
    .venv/bin/python bench/room.py --saves 10 --seconds 10 --no-write
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from harness import REPO, Summary, say
from report import finish, machine, rerun, rerun_command, section, verdict, write_option
from timer_measure import sleep_with_progress
from timer_terminal import Tmux, cpu_seconds, wait_until

if TYPE_CHECKING:
    from facilitator.meeting.live import Meeting

AGENDA = "getting-to-know-en"
POLL_S = 0.2
"""The reference's interval: the room view's (`screens.room.POLL_S`)."""
DELAY_GOAL_S = 0.5
CPU_GOAL_PERCENT = 2.0
READ_EVERY_S = 0.005
SETTLE_S = 3.0


def bare_follower(path: Path) -> None:
    """The reference, run in the terminal: poll the files' status, show the journal's size."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    journal = path.with_name(path.name + ".journal")

    class Follower(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("", id="size")
            yield Static("", id="clock")

        def on_mount(self) -> None:
            self._seen: tuple[int, int] | None = None
            self.poll()
            self.set_interval(POLL_S, self.poll)
            self.set_interval(1.0, self.tick)

        def poll(self) -> None:
            try:
                status = os.stat(path), os.stat(journal)
            except OSError:
                return
            seen = (status[0].st_mtime_ns, status[1].st_size)
            if seen != self._seen:
                self._seen = seen
                self.query_one("#size", Static).update(f"bare journal {status[1].st_size}")

        def tick(self) -> None:
            self.query_one("#clock", Static).update(time.strftime("%H:%M:%S"))

    Follower().run()


def start_meeting(root: Path) -> Meeting:
    """A running meeting, saved as the facilitator's window saves it."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.meeting.live import Meeting
    from facilitator.storage.paths import DataPaths
    from facilitator.storage.sessions import SessionStore

    paths = DataPaths(root)
    paths.ensure_writable()
    agenda = AgendaLibrary.discover(paths).find(AGENDA)
    assert agenda is not None
    meeting = Meeting(SessionStore(paths).create(agenda), time.time, paths)
    meeting.start()
    return meeting


def shows(tmux: Tmux, name: str, text: str, timeout: float = 10.0) -> float:
    """Read the terminal until `text` shows; the moment it first did."""
    deadline = time.perf_counter() + timeout
    while True:
        if text in tmux.screen(name):
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{name} never showed {text!r}:\n{tmux.screen(name)}")
        time.sleep(READ_EVERY_S)


def measure_delays(tmux: Tmux, meeting: Meeting, saves: int) -> dict[str, list[float]]:
    """Seconds from each save until each program shows it, turn about."""
    journal = meeting.session.id
    path = Path(os.environ["FACILITATOR_DATA_DIR"]) / "sessions" / f"{journal}.json.journal"
    delays: dict[str, list[float]] = {"facilitator room": [], "bare follower": []}
    rng = random.Random(21)
    for n in range(saves * 2):
        kind = "facilitator room" if n % 2 == 0 else "bare follower"
        time.sleep(rng.uniform(0.3, 0.6))
        line = f"note {n} from the bench"
        meeting.capture(line)
        saved = time.perf_counter()
        if kind == "facilitator room":
            seen = shows(tmux, "room", line)
        else:
            seen = shows(tmux, "bare", f"bare journal {path.stat().st_size}")
        delays[kind].append(seen - saved)
        if n % 10 == 9:
            say(f"  delay: {n + 1}/{saves * 2}")
    return delays


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--saves", type=int, default=20, help="saves timed for each (20)")
    parser.add_argument("--seconds", type=float, default=20.0, help="idle window (20 s)")
    parser.add_argument("--child", metavar="FILE", help=argparse.SUPPRESS)
    write_option(parser, "room")
    args = parser.parse_args(argv)
    if args.child:
        bare_follower(Path(args.child))
        return 0
    if not Path("/proc/self/stat").exists():
        parser.error("this benchmark reads /proc and runs on Linux only")
    began = time.monotonic()
    tmux = Tmux()
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-room-") as scratch:
        root = Path(scratch) / "data"
        os.environ["FACILITATOR_DATA_DIR"] = str(root)
        meeting = start_meeting(root)
        try:
            env = {"FACILITATOR_DATA_DIR": str(root), "COLORTERM": "truecolor"}
            file = root / "sessions" / f"{meeting.session.id}.json"
            room_pid = tmux.open(
                "room", [sys.executable, "-m", "facilitator", "room", meeting.session.id], env
            )
            bare_pid = tmux.open(
                "bare", [sys.executable, str(Path(__file__)), "--child", str(file)], env
            )
            wait_until(lambda: "1/5" in tmux.screen("room"), "the room view", tmux, "room")
            wait_until(lambda: "bare" in tmux.screen("bare"), "the reference", tmux, "bare")
            time.sleep(SETTLE_S)
            say(f"delay: {args.saves} saves for each")
            delays = measure_delays(tmux, meeting, args.saves)
            time.sleep(SETTLE_S)
            say(f"idle: both over {args.seconds:g} s")
            cpu0 = {pid: cpu_seconds(pid) for pid in (room_pid, bare_pid)}
            start = time.monotonic()
            sleep_with_progress("idle", start, args.seconds, args.seconds)
            wall = time.monotonic() - start
            cpu = {pid: cpu_seconds(pid) - cpu0[pid] for pid in (room_pid, bare_pid)}
            for name in ("room", "bare"):
                if tmux.dead(name):
                    raise RuntimeError(f"{name} died:\n{tmux.screen(name)}")
        finally:
            meeting.close()
            tmux.kill()
    percent = {
        "facilitator room": 100 * cpu[room_pid] / wall,
        "bare follower": 100 * cpu[bare_pid] / wall,
    }
    summary = {kind: Summary.of(values) for kind, values in delays.items()}
    rows = [
        "| program | save to screen: median | p90 | max | idle CPU (% of a core) |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {kind} | {s.median * 1000:.0f} ms | {s.p90 * 1000:.0f} ms | "
            f"{s.maximum * 1000:.0f} ms | {percent[kind]:.2f} % |"
            for kind, s in summary.items()
        ),
    ]
    ours, bare = summary["facilitator room"], summary["bare follower"]
    lines = [
        f"- A save shows in the room view after **{ours.median * 1000:.0f} ms** (median; "
        f"p90 {ours.p90 * 1000:.0f} ms; the reference {bare.median * 1000:.0f} ms); goal "
        f"within {DELAY_GOAL_S * 1000:.0f} ms: {verdict(ours.p90 < DELAY_GOAL_S)} (p90)",
        f"- Idle CPU of the room view: **{percent['facilitator room']:.2f} %** of a core "
        f"(the reference {percent['bare follower']:.2f} %); goal under "
        f"{CPU_GOAL_PERCENT:g} %: {verdict(percent['facilitator room'] < CPU_GOAL_PERCENT)}",
    ]
    print("\n".join([*rows, "", *lines]))
    how = rerun(
        rerun_command(
            "bench/room.py", ("--saves", args.saves, 20), ("--seconds", args.seconds, 20.0)
        ),
        "bench/room.py",
    )
    text = section(
        "room",
        "Room view",
        [
            "`facilitator room` follows a meeting that this process runs and saves (a "
            "captured line: one journal record, fsynced), in a real terminal (tmux, "
            "100x30). Delay: from the save's return until the terminal shows the line "
            "(read with `capture-pane` every 5 ms, so the figures include up to a few ms "
            "of reading), each save at a random moment 0.3-0.6 s after the last. Idle: the "
            "CPU time each program uses over the same window with the block running and "
            "nothing saved. The reference is a bare Textual app polling `os.stat` of the "
            f"same two files every {POLL_S:g} s (the room view's interval), showing the "
            f"journal's size in one `Static` and a clock ticking every second; "
            f"{args.saves} saves for each, turn about."
        ],
        machine(tmux.version()),
        how,
        [*rows, "", *lines],
    )
    finish("room", text, args.write, began, after="run-screen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
