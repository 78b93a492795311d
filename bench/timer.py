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
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from report import BENCHMARKS, REPO, markers, provenance, verdict, write_section
from report import machine as report_machine
from report import rerun as rerun_line

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widget import Widget

BEGIN, END = markers("timer")

GOAL_CPU_PERCENT = 3.0
"""The run screen may use at most this share of one core while its block runs."""
GOAL_ERROR_S = 0.5
"""The displayed time may be at most this many seconds away from the truth."""

AGENDA = "getting-to-know-en"
SIZE = (100, 30)
"""The terminal's columns and rows: the run screen's wide layout."""
DEFAULT_SECONDS = 60
DEFAULT_REAL_SECONDS = 300
SETTLE_S = 3.0
"""Seconds the apps are left alone after the block started, before the CPU window opens."""
WINDOW_S = 5.0
"""The real-time reads happen over the last this many seconds of the run."""
IN_PROCESS_EVERY_S = 0.02
SCREEN_EVERY_S = 0.1
READY_TIMEOUT = 30.0
"""Seconds to wait for an app to show its screen, or for the block to start."""
MARK = "TIMER-BENCH"
"""Prefix of the one line the headless child prints with its reads."""

COUNTDOWN = re.compile(r"(\+?)(?:(\d+):)?(\d{2}):(\d{2})")
"""What `format_countdown` writes: `05:42`, `+00:42`, `1:05:00`."""


# --------------------------------------------------------------------------------------
# What a display claims, and how far that is from the truth.
# --------------------------------------------------------------------------------------


def claimed_interval(text: str) -> tuple[float, float] | None:
    """The remaining seconds `(low, high]` a countdown text claims, or None if it is none.

    Remaining time rounds up, so `05:42` claims (341, 342]; overtime counts whole seconds
    past the end, so `+00:42` claims (-43, -42].
    """
    match = COUNTDOWN.fullmatch(text.strip())
    if match is None:
        return None
    over, hours, minutes, seconds = match.groups()
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if over:
        return (-value - 1.0, -float(value))
    return (value - 1.0, float(value))


def display_error(truth: float, interval: tuple[float, float]) -> float:
    """How far `truth` lies outside `interval`: positive when the display lags behind."""
    low, high = interval
    if truth <= low:
        return low - truth
    if truth > high:
        return high - truth
    return 0.0


# --------------------------------------------------------------------------------------
# Child side: runs in the spawned interpreter.
# --------------------------------------------------------------------------------------


def child_bare() -> int:
    """The reference: a Textual app with one `Static`, in whatever terminal it was given."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("bare", id="bare")

    BareApp().run()
    return 0


def first_match(widget: Screen[Any] | Widget, selector: str) -> Widget | None:
    """The first widget under `widget` matching `selector`, or None."""
    found = widget.query(selector)
    return found.first() if found else None


def find_digits(screen: Screen[Any], timer: Widget) -> Widget | None:
    """The timer's big digits: `#digits` inside `#timer`, else a `Digits` there."""
    for root, selector in ((timer, "#digits"), (timer, "Digits"), (screen, "#digits")):
        found = first_match(root, selector)
        if found is not None:
            return found
    return None


TEXT_ATTRIBUTES = ("value", "text")
"""Where a digits widget keeps the text it draws: `Digits.value`, or a `text` reactive."""


def text_attribute(digits: Widget | None) -> str | None:
    """The name of the attribute that holds the digits' text."""
    for name in TEXT_ATTRIBUTES:
        if isinstance(getattr(digits, name, None), str):
            return name
    return None


def shown_text(digits: Widget | None, attribute: str | None) -> str | None:
    """The text the digits draw."""
    value = getattr(digits, attribute, None) if attribute else None
    return value if isinstance(value, str) else None


def shown_remaining(timer: Widget) -> float | None:
    """The timer's `remaining` reactive, if it has one."""
    value = getattr(timer, "remaining", None)
    return float(value) if isinstance(value, int | float) else None


async def drive(
    app: App[None], pilot: Pilot[object], budget: float, seconds: float
) -> dict[str, Any]:
    """Start the block, let it run `seconds`, and read the timer over the last few seconds."""
    import asyncio

    from facilitator.screens.run import RunScreen

    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        screen = app.screen
        timer = first_match(screen, "#timer") if isinstance(screen, RunScreen) else None
        if timer is not None and timer.is_mounted:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("no RunScreen with a mounted #timer widget")
        await pilot.pause(0.01)
    digits = find_digits(screen, timer)
    attribute = text_attribute(digits)
    await pilot.pause()
    before = shown_text(digits, attribute)
    sent = time.time()
    await pilot.press("ctrl+n")
    pressed = time.time()

    start, source = sent, "the moment Ctrl+N was sent"
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        clock = getattr(getattr(screen, "meeting", None), "clock", None)
        recorded = getattr(clock, "segment_start", None)
        if isinstance(recorded, int | float) and sent - 1 <= recorded <= pressed + 1:
            start, source = float(recorded), "the clock's record"
            break
        if attribute is not None and shown_text(digits, attribute) != before:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the block did not start after Ctrl+N")
        await pilot.pause(0.01)

    end = start + seconds
    await asyncio.sleep(max(0.0, end - WINDOW_S - time.time()))
    reads: list[tuple[float, str | None, float | None]] = []
    while True:
        now = time.time()
        reads.append((now, shown_text(digits, attribute), shown_remaining(timer)))
        if now >= end:
            break
        await asyncio.sleep(min(IN_PROCESS_EVERY_S, max(0.0, end - now)))
    return {
        "budget": budget,
        "start": start,
        "source": source,
        "digits": f"{type(digits).__name__}.{attribute}" if attribute else None,
        "still_run_screen": isinstance(app.screen, RunScreen),
        "reads": reads,
    }


def child_realtime(data_dir: str, seconds: float) -> int:
    """Run a meeting headless on the real clock; print the timer reads as one JSON line."""
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.app import StartRequest, make_app
    from facilitator.storage.paths import DataPaths

    paths = DataPaths(Path(data_dir))
    paths.ensure_writable()
    library = AgendaLibrary.discover(paths)
    agenda = library.find(AGENDA)
    if agenda is None:
        print(f"no agenda {AGENDA}", file=sys.stderr)
        return 1
    budget = float(agenda.blocks[0].duration.planned_s)
    app = make_app(paths, library=library, start=StartRequest(agenda))
    result: dict[str, Any] = {}

    async def auto_pilot(pilot: Pilot[object]) -> None:
        try:
            result.update(await drive(app, pilot, budget, seconds))
        except Exception as exc:  # reported by the parent, with the app's own exit
            result["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    # Printed only now: while the app runs, Textual captures stdout.
    print(f"{MARK} {json.dumps(result)}", flush=True)
    return 1 if "error" in result else 0


# --------------------------------------------------------------------------------------
# Parent side: a private tmux server, the screen's digits, /proc.
# --------------------------------------------------------------------------------------


def utf8_env(env: Mapping[str, str]) -> dict[str, str]:
    """`env` with a UTF-8 locale (tmux shows the digit glyphs) and without the user's tmux."""
    out = dict(env)
    out.pop("TMUX", None)
    out.pop("TMUX_PANE", None)
    locale = out.get("LC_ALL") or out.get("LC_CTYPE") or out.get("LANG") or ""
    if "utf-8" not in locale.lower() and "utf8" not in locale.lower():
        out.pop("LC_ALL", None)
        out["LC_CTYPE"] = "C.UTF-8"
        out["LANG"] = "C.UTF-8"
    return out


class Tmux:
    """A private tmux server (`tmux -L bench-<pid>`), one session per program."""

    def __init__(self) -> None:
        self.socket = f"bench-{os.getpid()}"
        self.env = utf8_env(os.environ)
        self.started = False
        self.socket_path: Path | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", os.devnull, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
        )

    def open(self, name: str, command: Sequence[str], env: Mapping[str, str]) -> int:
        """Run `command` (an argv, run directly) in a new session; return its process id."""
        args = ["new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1])]
        args += ["-c", str(REPO)]
        for key, value in env.items():
            args += ["-e", f"{key}={value}"]
        # A pane whose program died stays, so its last screen can be shown.
        args += [*command, ";", "set-option", "-g", "remain-on-exit", "on"]
        self.started = True
        self.tmux(*args)
        pid, socket = self.tmux(
            "display-message", "-p", "-t", name, "#{pane_pid} #{socket_path}"
        ).stdout.split(" ", 1)
        self.socket_path = Path(socket.strip())
        return int(pid)

    def keys(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name, check=False).stdout

    def dead(self, name: str) -> bool:
        done = self.tmux("display-message", "-p", "-t", name, "#{pane_dead}", check=False)
        return done.returncode != 0 or done.stdout.strip() == "1"

    def close(self, name: str) -> None:
        self.tmux("kill-session", "-t", name, check=False)

    def kill(self) -> None:
        """Stop the server and remove its socket file, which tmux may leave behind."""
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)

    def version(self) -> str:
        done = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False)
        return done.stdout.strip() or "tmux"


def glyphs() -> dict[tuple[str, str, str], str]:
    """Textual's 3x3 digit glyphs (plain and bold), each mapped to its character."""
    try:
        from textual.renderables.digits import DIGITS, DIGITS3X3, DIGITS3X3_BOLD
    except ImportError:  # Textual moved them: `Digits` cannot be read from the screen
        return {}
    table: dict[tuple[str, str, str], str] = {}
    for font in (DIGITS3X3, DIGITS3X3_BOLD):
        for index, character in enumerate(DIGITS):
            if character not in "0123456789+:":
                continue
            rows = font[index * 3 : index * 3 + 3]
            table[(rows[0].ljust(3), rows[1].ljust(3), rows[2].ljust(3))] = character
    return table


GLYPHS = glyphs()


def decode_3x3(lines: list[str]) -> str | None:
    """A countdown drawn by Textual's `Digits`, or None if there is not exactly one."""
    if not GLYPHS:
        return None
    width = max((len(line) for line in lines), default=0) + 3
    rows = [line.ljust(width) for line in lines]
    found: set[str] = set()
    for top in range(len(rows) - 2):
        band = rows[top : top + 3]
        if not any(ch in band[0] for ch in "┏╺╻╭╶╷"):
            continue
        for left in range(width - 2):
            text = ""
            column = left
            while column + 3 <= width:
                cell = tuple(row[column : column + 3] for row in band)
                character = GLYPHS.get((cell[0], cell[1], cell[2]))
                if character is None:
                    break
                text += character
                column += 3
            if COUNTDOWN.fullmatch(text):
                found.add(text)
    return found.pop() if len(found) == 1 else None


Render = Callable[[str, int], Sequence[str]]


def big_font() -> Render | None:
    """facilitator's own big-digit font, if it has one: `glyph_lines(text, scale)`."""
    import importlib

    try:
        module = importlib.import_module("facilitator.widgets.bigclock")
    except ImportError:
        return None
    render = getattr(module, "glyph_lines", None)
    if not callable(render):
        return None

    def checked(text: str, scale: int) -> Sequence[str]:
        rows = render(text, scale)
        if not isinstance(rows, tuple | list) or not all(isinstance(r, str) for r in rows):
            raise TypeError("glyph_lines returned no rows of text")
        return rows

    return checked


MAX_SCALE = 20
NEAR_S = 60
"""A screen in facilitator's big font is read by drawing every countdown within this many
seconds of the truth and looking for it; a display further off counts as unreadable."""
FIRST_NEAR_S = 3
"""Until the font's scale is known, only countdowns this close are tried, at every scale."""


class ScreenReader:
    """Reads the countdown's big digits from a captured screen.

    Textual's `Digits` (3x3 glyphs) are decoded outright. facilitator's own big font is
    read by drawing candidate countdowns with it (`glyph_lines`), at every scale, and
    looking for them on the screen; the scale found is tried first next time.
    """

    def __init__(self) -> None:
        self.render = big_font()
        self.scale: int | None = None
        self._cache: dict[tuple[str, int], Sequence[str]] = {}
        self.used: str | None = None
        """How the last successful read was made."""

    def read(self, screen: str, near: float) -> str | None:
        """The countdown on `screen`; `near` is about what it should show, in seconds."""
        lines = screen.split("\n")
        text = decode_3x3(lines)
        if text is not None:
            self.used = "Textual's 3x3 `Digits` glyphs, decoded"
            return text
        if self.render is None:
            return None
        try:
            return self._read_big(lines, near)
        except (TypeError, ValueError):
            self.render = None  # the font changed under us: stop trying it
            return None

    def _read_big(self, lines: list[str], near: float) -> str | None:
        from facilitator.meeting.clock import format_countdown

        assert self.render is not None
        width = max((len(line) for line in lines), default=0)
        padded = [line.ljust(width) for line in lines]
        # The scale found before, with every candidate; else every scale, with the closest.
        tries: list[tuple[list[int], int]] = []
        if self.scale is not None:
            tries.append(([self.scale], NEAR_S))
        tries.append((list(range(1, MAX_SCALE + 1)), FIRST_NEAR_S))
        for scales, spread in tries:
            for scale in scales:
                for offset in sorted(range(-spread, spread + 1), key=abs):
                    text = format_countdown(near + offset)
                    if found_on(padded, self._drawn(text, scale)):
                        self.scale = scale
                        self.used = f"facilitator's big font (`glyph_lines`, scale {scale}) matched"
                        return text
        return None

    def _drawn(self, text: str, scale: int) -> Sequence[str]:
        key = (text, scale)
        if key not in self._cache:
            assert self.render is not None
            self._cache[key] = self.render(text, scale)
        return self._cache[key]


def found_on(lines: list[str], block: Sequence[str]) -> bool:
    """Whether `block` (rows of equal width) shows on `lines`, its rows one under another."""
    if not block or not block[0] or len(block) > len(lines):
        return False
    anchor = max(range(len(block)), key=lambda row: len(block[row].strip()))
    if not block[anchor].strip():
        return False
    size = len(block[0])
    for top in range(len(lines) - len(block) + 1):
        line = lines[top + anchor]
        column = line.find(block[anchor])
        while column != -1:
            if all(
                lines[top + row][column : column + size] == block[row] for row in range(len(block))
            ):
                return True
            column = line.find(block[anchor], column + 1)
    return False


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid`, all its threads."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()  # fields[0] is the state, field 3
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14, 15


def io_counts(pid: int) -> tuple[int, int] | None:
    """Bytes written and write calls of process `pid`, if the kernel tells."""
    try:
        text = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return None
    values = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    try:
        return int(values["wchar"]), int(values["syscw"])
    except (KeyError, ValueError):
        return None


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def wait_until(
    check: Callable[[], bool], what: str, tmux: Tmux, name: str, timeout: float = READY_TIMEOUT
) -> None:
    """Poll `check` until it holds; on timeout, fail with the pane's last screen."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline or tmux.dead(name):
            why = "the program ended" if tmux.dead(name) else "timed out"
            raise RuntimeError(
                f"{name}: {why} waiting for {what}; the screen was:\n{tmux.screen(name)}"
            )
        time.sleep(0.05)


def recorded_start(data_dir: Path) -> float | None:
    """The block's `segment_start` as saved in the session file, if the file says."""

    def walk(node: object) -> Iterator[float]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "segment_start" and isinstance(value, int | float):
                    yield float(value)
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for path in (data_dir / "sessions").glob("*.json"):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        for value in walk(data):
            return value
    return None


def facilitator_env(data_dir: Path) -> dict[str, str]:
    return {"FACILITATOR_DATA_DIR": str(data_dir), "COLORTERM": "truecolor"}


def facilitator_command() -> list[str]:
    return [sys.executable, "-m", "facilitator", "run", AGENDA]


@dataclass
class Started:
    """A block that started in a terminal."""

    at: float
    """Wall-clock time the block started."""
    source: str
    """Where `at` comes from."""
    readable: bool
    """Whether the big digits could be read from the screen."""


def start_meeting(
    tmux: Tmux, reader: ScreenReader, name: str, data_dir: Path, budget: float
) -> Started:
    """Wait for the run screen, press Ctrl+N, and return when the block started.

    The run screen counts as shown when its digits can be read (showing about `budget`),
    or, when they cannot, once the screen has shown the same thing for a second.
    """
    opened = time.monotonic()
    previous = ""
    shown: str | None = None
    while True:
        screen = tmux.screen(name)
        shown = reader.read(screen, budget)
        if shown is not None:
            break
        if screen.strip() and screen == previous and time.monotonic() - opened > 3.0:
            break
        if time.monotonic() - opened > READY_TIMEOUT or tmux.dead(name):
            raise RuntimeError(f"{name}: the run screen never showed; the screen was:\n{screen}")
        previous = screen
        time.sleep(1.0 if shown is None and reader.render is not None else 0.1)
    time.sleep(0.5)  # the screen's first redraws
    before = tmux.screen(name)
    sent = time.time()
    tmux.keys(name, "C-n")
    while True:
        recorded = recorded_start(data_dir)
        if recorded is not None and sent - 1 <= recorded <= time.time():
            return Started(recorded, "the saved session's record", shown is not None)
        screen = tmux.screen(name)
        if shown is not None and reader.read(screen, budget) not in (None, shown):
            return Started(sent, "the moment Ctrl+N was sent", True)
        if shown is None and screen != before:
            return Started(sent, "the moment Ctrl+N was sent", False)
        if time.time() - sent > READY_TIMEOUT or tmux.dead(name):
            raise RuntimeError(f"{name}: the block did not start; the screen was:\n{screen}")
        time.sleep(0.05)


# --------------------------------------------------------------------------------------
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
    progress(f"cpu: starting facilitator and the bare app in tmux {SIZE[0]}x{SIZE[1]}")
    ours_pid = tmux.open("cpu-facilitator", facilitator_command(), facilitator_env(data_dir))
    bare_pid = tmux.open(
        "cpu-bare",
        [sys.executable, str(Path(__file__).resolve()), "--child", "bare"],
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
    progress(f"cpu: measuring both over {seconds:g} s")
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
                progress(f"  {label}: {done:.0f}/{total:g} s")
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


def run_headless(root: Path, seconds: float) -> subprocess.Popen[str]:
    """Start the headless reader in a child; it runs on its own."""
    data_dir = root / "headless-data"
    data_dir.mkdir()
    command = [sys.executable, str(Path(__file__).resolve()), "--child", "realtime"]
    return subprocess.Popen(
        [*command, str(data_dir), repr(seconds)],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def headless_result(process: subprocess.Popen[str], seconds: float) -> dict[str, Any]:
    try:
        output, _ = process.communicate(timeout=seconds + 2 * READY_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise RuntimeError(f"the headless reader did not finish:\n{output}") from None
    for line in output.splitlines():
        if line.startswith(MARK + " "):
            result: dict[str, Any] = json.loads(line[len(MARK) + 1 :])
            if "error" in result:
                raise RuntimeError(f"the headless reader failed: {result['error']}\n{output}")
            return result
    raise RuntimeError(f"the headless reader printed no result ({process.returncode}):\n{output}")


def planned_first_block(data_dir: Path) -> float:
    from facilitator.agenda.library import AgendaLibrary
    from facilitator.storage.paths import DataPaths

    agenda = AgendaLibrary.discover(DataPaths(data_dir)).find(AGENDA)
    if agenda is None:
        raise RuntimeError(f"no agenda {AGENDA}")
    return float(agenda.blocks[0].duration.planned_s)


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
    progress(f"real time: two meetings of {seconds:g} s, headless in process and in tmux")
    headless = run_headless(root, seconds)
    began = time.monotonic()
    try:
        data_dir = root / "screen-data"
        data_dir.mkdir()
        screen, problem = read_screen(tmux, data_dir, seconds, budget)
        tmux.close("screen")
        if screen is None:
            progress(f"real time: the screen is not read: {problem}")
            sleep_with_progress("real time", began, seconds, seconds)
        result = headless_result(headless, seconds)
    finally:
        if headless.poll() is None:
            headless.kill()
            headless.wait()
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


def section(cpu: CpuResult, rt: RealtimeResult, info: dict[str, str], seconds: float) -> str:
    """The timer section of BENCHMARKS.md, markers included."""
    import textwrap

    rerun = ".venv/bin/python bench/timer.py"
    if seconds != DEFAULT_SECONDS:
        rerun += f" --seconds {seconds:g}"
    if rt.seconds != DEFAULT_REAL_SECONDS:
        rerun += f" --real-seconds {rt.seconds:g}"
    how = rerun_line(rerun, "bench/timer.py")
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
    lines = [
        BEGIN,
        "## Run screen timer",
        "",
        textwrap.fill(cpu_text, width=88),
        "",
        textwrap.fill(rt_text, width=88),
        "",
        *provenance(info, how),
        "",
        f"**CPU** over {cpu.ours.wall_s:.1f} s:",
        "",
        *cpu_lines(cpu),
        "",
        f"**Real-time error** after {rt.seconds:g} s, reads over its last {WINDOW_S:g} s:",
        "",
        *accuracy_lines(rt),
        END,
    ]
    return "\n".join(lines)


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
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"update the timer section of {BENCHMARKS.name} (default: yes)",
    )
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
    print(f"took {time.monotonic() - began:.0f} s", file=sys.stderr)
    if args.write:
        write_section("timer", section(cpu, realtime, info, args.seconds))
        print(f"updated {BENCHMARKS.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        if sys.argv[2:3] == ["bare"]:
            sys.exit(child_bare())
        if sys.argv[2:3] == ["realtime"] and len(sys.argv) == 5:
            sys.exit(child_realtime(sys.argv[3], float(sys.argv[4])))
        sys.exit("usage: timer.py --child bare | --child realtime DATA_DIR SECONDS")
    sys.exit(main())
