"""End to end: the installed `facilitator` command in a real terminal, driven through tmux.

Every step waits for the screen to show what it should before pressing the next key; the
only timing is the timeout after which a test fails with the last screen in its message.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

FACILITATOR = Path(sys.executable).parent / "facilitator"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for this test alone."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def wide_terminal() -> Iterator[Tmux]:
    """A 100x30 terminal: the run screen's wide layout, with questions and entries side by side."""
    with Tmux(width=100, height=30) as terminal:
        yield terminal


@pytest.fixture
def small_terminal() -> Iterator[Tmux]:
    """An 80x24 terminal, the size most terminals open at."""
    with Tmux(width=80, height=24) as terminal:
        yield terminal


def start(terminal: Tmux, data_dir: Path, *args: str) -> None:
    """Run the installed console script in the terminal, on `data_dir`."""
    assert FACILITATOR.exists(), f"the console script is not installed at {FACILITATOR}"
    terminal.start(
        [str(FACILITATOR), *args],
        env={"FACILITATOR_DATA_DIR": str(data_dir)},
        cwd=data_dir.parent,
    )


def section(markdown: str, heading: str) -> str:
    """The body under a `## ` heading, up to the next `## ` heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no heading `## {heading}` in:\n{markdown}"
    return match.group(1)


def settled(terminal: Tmux, timeout: float = 15.0) -> str:
    """The screen once two reads 0.1 s apart agree: the list and its preview both redrawn."""
    deadline = time.monotonic() + timeout
    previous = terminal.screen()
    while time.monotonic() < deadline:
        time.sleep(0.1)  # the interval between two reads, not a wait for the app
        current = terminal.screen()
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"the screen never settled:\n{previous}")


def wait_for_running_block(terminal: Tmux, heading: str) -> str:
    """Wait until a running block's title starts a line: `1/5  Introductions and values`.

    Before the meeting starts the same words follow `Ready:`; that line does not count.
    """
    return terminal.wait_until(
        lambda screen: any(line.strip().startswith(heading) for line in screen.splitlines()),
        f"the running block {heading!r}",
    )


def test_run_capture_finish_export(wide_terminal: Tmux, data_dir: Path) -> None:
    """`facilitator run`: two blocks, a note and a decision, finish, export, quit."""
    terminal = wide_terminal
    start(terminal, data_dir, "run", "getting-to-know-en", "--title", "E2E visit",
          "--place", "Cēsis")  # fmt: skip

    terminal.wait_for("Ctrl+N starts")
    terminal.send_keys("C-n")
    wait_for_running_block(terminal, "1/5  Introductions and values")

    terminal.type("Anna values honesty")
    terminal.send_keys("Enter")
    terminal.wait_for("• Anna values honesty")
    terminal.wait_for("Saved note in block 1.")

    terminal.send_keys("C-n")
    screen = wait_for_running_block(terminal, "2/5  Attitude and expectations")
    assert "Anna values honesty" not in screen, "block 2 should start with an empty entry list"

    terminal.type("! Meet every second Tuesday")
    terminal.send_keys("Enter")
    terminal.wait_for("✔ Decision: Meet every second Tuesday")
    terminal.wait_for("Saved decision in block 2.")

    terminal.send_keys("C-f")
    terminal.wait_for("Finish the meeting?")
    terminal.send_keys("y")
    terminal.wait_for("The meeting has finished")

    terminal.send_keys("C-o")
    terminal.wait_for("Written:")

    terminal.send_keys("C-q")
    assert terminal.wait_for_exit() == 0
    after_exit = terminal.transcript()

    minutes_files = sorted((data_dir / "exports").glob("*-minutes.md"))
    plans = sorted((data_dir / "exports").glob("*-action-plan.md"))
    assert len(minutes_files) == 1, f"expected one minutes file, found {minutes_files}"
    assert len(plans) == 1, f"expected one action plan, found {plans}"
    # The command prints what it wrote once the app has closed.
    printed = after_exit.splitlines()
    assert str(minutes_files[0]) in printed, after_exit
    assert str(plans[0]) in printed, after_exit

    minutes = minutes_files[0].read_text(encoding="utf-8")
    first = section(minutes, "1. Introductions and values")
    second = section(minutes, "2. Attitude and expectations")
    assert "- Anna values honesty" in first.splitlines()
    assert "Anna values honesty" not in second
    assert "- **Decision:** Meet every second Tuesday" in second.splitlines()
    assert "Meet every second Tuesday" not in first
    assert re.search(r"^\| 1 \| Introductions and values \| 6:00 \|", minutes, re.M), minutes
    assert "- **Place:** Cēsis" in minutes.splitlines()


def test_ctrl_q_quits_from_the_export_preview(wide_terminal: Tmux, data_dir: Path) -> None:
    """Ctrl+Q right after an export closes the app and prints the written files."""
    terminal = wide_terminal
    start(terminal, data_dir, "demo")
    terminal.wait_for("Demo: a two-minute tour")
    terminal.wait_for("Ctrl+N starts")
    terminal.send_keys("C-n")
    wait_for_running_block(terminal, "1/3")
    terminal.send_keys("C-f")
    terminal.wait_for("Finish the meeting?")
    terminal.send_keys("y")
    terminal.wait_for("The meeting has finished")
    terminal.send_keys("C-o")
    terminal.wait_for("Written:")

    terminal.send_keys("C-q")
    assert terminal.wait_for_exit(timeout=5) == 0
    minutes = sorted((data_dir / "exports").glob("*-minutes.md"))
    assert len(minutes) == 1
    assert str(minutes[0]) in terminal.transcript().splitlines()


def test_home_screen_start_dialog_then_quit(small_terminal: Tmux, data_dir: Path) -> None:
    """`facilitator`: pick an agenda on the home screen, fill in the details, start, quit."""
    terminal = small_terminal
    start(terminal, data_dir)

    home = terminal.wait_for("Digital Academy")  # the first programme's heading

    # Walk down the list, as a user would, until the preview shows the agenda we want;
    # the screen, not a count of shipped files, tells where it is.
    wanted = "mentoring conversation · 5 blocks"  # the preview's line for getting-to-know-en
    screen = home
    for _ in range(60):
        if wanted in screen:
            break
        terminal.send_keys("Down")
        terminal.wait_until(lambda now, before=screen: now != before, "the list to move")
        screen = settled(terminal)
    else:
        pytest.fail(f"the preview never showed {wanted!r}:\n{screen}")
    terminal.send_keys("Enter")
    dialog = terminal.wait_for("Participants")
    assert "Getting-to-know conversation · 30 min · 5 blocks" in dialog

    # The title field holds the agenda's title; Enter moves on to the next field.
    terminal.wait_for_cursor_on("Title")
    terminal.send_keys("Enter")
    terminal.wait_for_cursor_on("Date")
    terminal.send_keys("Enter")
    terminal.wait_for_cursor_on("Place")
    terminal.type("Līgatne")
    assert "Līgatne" in terminal.cursor_line(), "the place went into the wrong field"
    terminal.send_keys("Enter")
    terminal.wait_for_cursor_on("Facilitator")
    for field in ("Programme", "Mentee city", "Mentor city", "Participants"):
        terminal.send_keys("Enter")
        terminal.wait_for_cursor_on(field)
    terminal.send_keys("Enter")  # Enter in the last field opens the meeting

    screen = terminal.wait_for("Ctrl+N starts")
    assert "Getting-to-know conversation" in screen

    terminal.send_keys("C-q")
    assert terminal.wait_for_exit() == 0

    listed = subprocess.run(
        [str(FACILITATOR), "sessions"],
        env={**os.environ, "FACILITATOR_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, listed.stdout
    assert re.search(r"\bopen\s+0 entries\s+Getting-to-know conversation, Līgatne$", lines[0]), (
        listed.stdout
    )


def program_pid(terminal: Tmux) -> int:
    """The pid of the facilitator process: the child of the pane's wrapper shell."""
    shell = terminal.display("#{pane_pid}")
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", shell], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(children) == 1, children
    return int(children[0])


def test_a_killed_app_lost_nothing_and_resumes(data_dir: Path) -> None:
    """kill -9 right after entries show as saved; the next start resumes with every entry."""
    notes = [f"Note {n} kept through the crash" for n in range(1, 4)]
    with Tmux(width=100, height=30) as terminal:
        start(terminal, data_dir, "run", "getting-to-know-en", "--title", "Crash test")
        terminal.wait_for("Ctrl+N starts")
        terminal.send_keys("C-n")
        wait_for_running_block(terminal, "1/5")
        terminal.send_keys("C-n")
        wait_for_running_block(terminal, "2/5")
        for note in notes:
            terminal.type(note)
            terminal.send_keys("Enter")
            terminal.wait_until(
                lambda screen, note=note: "Saved note" in screen and f"• {note}" in screen,
                f"{note!r} shown as saved",
            )
        os.kill(program_pid(terminal), signal.SIGKILL)
        assert terminal.wait_for_exit() == 128 + signal.SIGKILL

    with Tmux(width=100, height=30) as terminal:
        start(terminal, data_dir)
        terminal.wait_for("Crash test")
        terminal.wait_for("3 entries · resume")
        terminal.wait_for("press Enter to resume it")
        terminal.send_keys("Enter")
        screen = wait_for_running_block(terminal, "2/5")
        for note in notes:
            assert f"• {note}" in screen
