"""The timer benchmark's terminal (`timer.py`): a private tmux server, what /proc says of
a process's CPU and writes, and starting a meeting in a pane."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness import REPO
from timer_display import ScreenReader
from timer_scenario import READY_TIMEOUT, SIZE

if TYPE_CHECKING:
    pass


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
