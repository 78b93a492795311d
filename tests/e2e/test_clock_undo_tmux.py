"""End to end (issue 23): the real program at a small projector's size skips a block that
holds an entry only when told, takes the skip back on Ctrl+Z, and after a kill -9 the
session resumes where the undo left it, its file saying what was undone."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from facilitator.storage.journaled import reader_for
from tests.e2e.test_meeting_tmux import program_pid, start, wait_for_running_block
from tests.e2e.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_an_undone_skip_survives_a_crash(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with Tmux(width=60, height=20) as terminal:
        start(terminal, data_dir, "run", "getting-to-know-en", "--title", "Undo test")
        terminal.wait_for("Ctrl+N starts")
        terminal.send_keys("C-n")
        wait_for_running_block(terminal, "1/5")
        terminal.type("!We meet on Tuesdays")
        terminal.send_keys("Enter")
        terminal.wait_for("Saved decision")
        terminal.send_keys("F8")
        terminal.wait_for("Skip it (y)")
        terminal.send_keys("y")
        wait_for_running_block(terminal, "2/5")
        terminal.wait_for("Skipped block 1")
        terminal.send_keys("C-z")
        terminal.wait_for("Undone: the skip.")
        wait_for_running_block(terminal, "1/5")
        os.kill(program_pid(terminal), signal.SIGKILL)
        assert terminal.wait_for_exit() == 128 + signal.SIGKILL

    (session_file,) = (data_dir / "sessions").glob("*.json")
    stored = reader_for(session_file)()  # the snapshot and its journal, as a reader sees them
    assert stored is not None
    (clock,) = stored["clock"].values()
    events = [(e["do"], e.get("undid")) for e in clock["state"]["log"]]
    assert events == [("start", None), ("skip", None), ("undo", "skip")]

    with Tmux(width=100, height=30) as terminal:
        start(terminal, data_dir)
        terminal.wait_for("Undo test")
        terminal.wait_for("press Enter to resume it")
        terminal.send_keys("Enter")
        screen = wait_for_running_block(terminal, "1/5")
        assert "╳" not in screen  # no block skipped on the timeline
        assert "We meet on Tuesdays" in screen
