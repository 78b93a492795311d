"""A private tmux server that runs one program in a real terminal, for end-to-end tests.

Each `Tmux` owns its own server (`tmux -L <unique name>`), so tests never touch the user's
tmux sessions or each other's. Synchronisation is always by polling what the terminal shows
(`capture-pane`), never by sleeping a fixed time.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

POLL_S = 0.05
"""How often the screen is read while waiting."""

DEFAULT_TIMEOUT_S = 15.0
"""How long a wait lasts before the test fails with the last screen in the message."""

SESSION = "e2e"

EXIT_MARKER = "[e2e: the program exited with status "
"""What the wrapper shell prints after the program, followed by the status and `]`."""

_EXIT_LINE = re.compile(re.escape(EXIT_MARKER) + r"(\d+)\]")

# Runs the program, then prints its status. The status comes from the shell rather than
# from tmux's `pane_dead_status`, which tmux 3.3 sometimes never fills in: the program can
# stay an unreaped zombie after its terminal closed.
_WRAPPER = f'"$@"; printf "\\n%s%d]\\n" "{EXIT_MARKER}" "$?"'


class TmuxTimeout(AssertionError):
    """Something expected never showed in the terminal; the message holds the last screen."""


def _utf8_env(env: Mapping[str, str]) -> dict[str, str]:
    """`env` with a UTF-8 locale, so tmux passes and shows non-ASCII letters as they are."""
    out = dict(env)
    out.pop("TMUX", None)  # running the tests inside tmux must not confuse the private server
    out.pop("TMUX_PANE", None)
    # The program must measure tmux's terminal, and `COLUMNS`/`LINES` come first when it
    # asks (shutil.get_terminal_size): pytest-xdist's workers have them set to 80x24.
    out.pop("COLUMNS", None)
    out.pop("LINES", None)
    locale = out.get("LC_ALL") or out.get("LC_CTYPE") or out.get("LANG") or ""
    if "utf-8" not in locale.lower() and "utf8" not in locale.lower():
        out.pop("LC_ALL", None)
        out["LC_CTYPE"] = "C.UTF-8"
        out["LANG"] = "C.UTF-8"
    return out


class Tmux:
    """One private tmux server running one command in a `width` x `height` window.

    A small shell runs the command and then prints its exit status, and the pane stays
    after that (`remain-on-exit`), so the program's last output and status can be read.
    Use as a context manager, or call `kill` in a `finally`.
    """

    def __init__(self, width: int = 80, height: int = 24, socket_name: str | None = None) -> None:
        self.width = width
        self.height = height
        self.socket_name = socket_name or f"facilitator-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self._env: dict[str, str] = _utf8_env(os.environ)
        self.started = False

    # -- the server ------------------------------------------------------------------------

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-u", "-L", self.socket_name, "-f", os.devnull, *args],
            env=self._env,
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
        )

    def start(
        self,
        command: Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        """Start the server with `command` in its only pane.

        `command` is an argv: the wrapper shell receives it as arguments and never parses it,
        so nothing in it needs quoting.
        """
        if self.started:
            raise RuntimeError("this tmux server is already running")
        self._env = _utf8_env({**os.environ, **(env or {})})
        args = ["new-session", "-d", "-s", SESSION, "-x", str(self.width), "-y", str(self.height)]
        if cwd is not None:
            args += ["-c", str(cwd)]
        for name, value in (env or {}).items():
            args += ["-e", f"{name}={value}"]
        # The options follow in the same server command, before the program can exit.
        args += [
            "sh", "-c", _WRAPPER, "sh", *command,
            ";", "set-option", "-g", "escape-time", "10",
            ";", "set-option", "-g", "remain-on-exit", "on",
        ]  # fmt: skip
        self.started = True
        self._tmux(*args)

    def kill(self) -> None:
        """Stop the server and everything running in it; safe to call more than once."""
        if self.started:
            self._tmux("kill-server", check=False)
            self.started = False

    def __enter__(self) -> Tmux:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()

    # -- input -----------------------------------------------------------------------------

    def send_keys(self, *keys: str) -> None:
        """Press keys by tmux name: `Enter`, `Down`, `Escape`, `C-n`, `y`."""
        self._tmux("send-keys", "-t", SESSION, *keys)

    def send_text(self, text: str) -> None:
        """Type `text` literally, without waiting for it to show."""
        self._tmux("send-keys", "-t", SESSION, "-l", text)

    def type(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Type `text` and wait until it shows on the screen; return that screen.

        Waiting matters: Textual may drop an Enter that arrives in the same burst as the
        text before it, so callers press Enter only once the text is visible.
        """
        self.send_text(text)
        return self.wait_for(text, timeout=timeout)

    # -- output ----------------------------------------------------------------------------

    def screen(self, join_wrapped: bool = False) -> str:
        """The visible text of the pane, one line per row (wrapped lines joined if asked)."""
        args = ["capture-pane", "-p", "-t", SESSION]
        if join_wrapped:
            args.append("-J")
        return self._tmux(*args).stdout

    def transcript(self) -> str:
        """All the pane's text outside full-screen mode, scrolled-off lines and all.

        Wrapped lines are joined: this is where to read what a command printed after its
        full-screen UI closed.
        """
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", SESSION).stdout

    def display(self, fmt: str) -> str:
        """A tmux format expanded for the pane, e.g. `#{cursor_y}`."""
        return self._tmux("display-message", "-p", "-t", SESSION, fmt).stdout.strip()

    def cursor_line(self) -> str:
        """The screen row the terminal cursor is on: where the focused text field is."""
        row = int(self.display("#{cursor_y}"))
        lines = self.screen().splitlines()
        return lines[row] if row < len(lines) else ""

    def exit_status(self) -> int | None:
        """The program's exit status once it has ended, else None."""
        match = _EXIT_LINE.search(self.transcript())
        return int(match.group(1)) if match else None

    # -- waiting ---------------------------------------------------------------------------

    def wait_until(
        self,
        check: Callable[[str], bool],
        description: str,
        timeout: float = DEFAULT_TIMEOUT_S,
        join_wrapped: bool = False,
    ) -> str:
        """Poll the screen until `check(screen)` holds; return that screen.

        Raises:
            TmuxTimeout: it did not hold within `timeout` seconds; the message shows the
                last screen.
        """
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(join_wrapped=join_wrapped)
            if check(screen):
                return screen
            if time.monotonic() >= deadline:
                status = self.exit_status()
                ended = "" if status is None else f" (the program ended with status {status})"
                raise TmuxTimeout(
                    f"timed out after {timeout:.0f} s waiting for {description}{ended}; "
                    f"the screen was:\n{self._framed(screen)}"
                )
            time.sleep(POLL_S)

    def wait_for(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Wait until `text` shows on the screen; return that screen."""
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def shows(self, text: str, timeout: float) -> bool:
        """True once `text` shows on the screen within `timeout` seconds, else False."""
        try:
            self.wait_for(text, timeout=timeout)
        except TmuxTimeout:
            return False
        return True

    def wait_gone(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Wait until `text` no longer shows on the screen; return that screen."""
        return self.wait_until(lambda screen: text not in screen, f"{text!r} to disappear", timeout)

    def wait_for_cursor_on(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Wait until the cursor's row shows `text`, e.g. the label of the focused field."""
        return self.wait_until(
            lambda _screen: text in self.cursor_line(),
            f"the cursor on the row of {text!r}",
            timeout,
        )

    def wait_for_exit(self, timeout: float = DEFAULT_TIMEOUT_S) -> int:
        """Wait until the program has ended; return its exit status."""
        self.wait_until(
            lambda _screen: self.exit_status() is not None, "the program to exit", timeout
        )
        status = self.exit_status()
        assert status is not None
        return status

    def _framed(self, screen: str) -> str:
        rule = "+" + "-" * self.width + "+"
        rows = [f"|{line}" for line in screen.splitlines()]
        return "\n".join([rule, *rows, rule])
