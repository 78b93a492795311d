"""End to end: two programs, the facilitator's window typing (some of it confidential)
and `facilitator room` following in a second terminal, each in its own tmux server.

Every step polls the room's screen until it shows what it should, within a bound; the
room's screen is read after each confidential line too, and must never show its text.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_meeting_tmux import FACILITATOR, start, wait_for_running_block
from tests.e2e.tmux import Tmux

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SHOWS_WITHIN_S = 5.0
"""The bound a typed entry must show in the room within (the room view polls every 0.2 s;
this leaves room for a loaded machine: the speed itself is measured in bench/room.py)."""
SECRETS = ("Anna may change jobs", "Budget cut is coming")


@pytest.fixture
def terminals() -> Iterator[tuple[Tmux, Tmux]]:
    """The facilitator's 100x30 window and the room's 100x30 one."""
    with Tmux(width=100, height=30) as operator, Tmux(width=100, height=30) as room:
        yield operator, room


def never_secret(room: Tmux) -> str:
    screen = room.screen()
    for secret in SECRETS:
        assert secret not in screen, f"the room showed {secret!r}:\n{screen}"
    return screen


def type_line(operator: Tmux, line: str, shown: str) -> None:
    operator.type(line)
    operator.send_keys("Enter")
    operator.wait_for(shown)


def test_the_room_follows_the_typing_and_never_shows_confidential_text(
    terminals: tuple[Tmux, Tmux], tmp_path: Path
) -> None:
    operator, room = terminals
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    start(operator, data_dir, "run", "getting-to-know-en", "--title", "Room visit")
    operator.wait_for("Ctrl+N starts")
    operator.send_keys("C-n")
    wait_for_running_block(operator, "1/5  Introductions and values")

    start(room, data_dir, "room")  # no argument: the meeting running now
    room.wait_for("1/5  Introductions and values")
    assert "Ctrl+N" not in room.screen()
    operator.wait_for("Room view following")

    type_line(operator, "Anna values honesty", "• Anna values honesty")
    room.wait_for("Anna values honesty", timeout=SHOWS_WITHIN_S)
    type_line(operator, "~" + SECRETS[0], SECRETS[0])  # in clear: a room view follows
    type_line(operator, "! Meet every second Tuesday", "✔ Decision: Meet every second Tuesday")
    room.wait_for("Meet every second Tuesday", timeout=SHOWS_WITHIN_S)
    screen = never_secret(room)
    assert "🔒" not in screen
    type_line(operator, "~+" + SECRETS[1], SECRETS[1])
    type_line(operator, "+Book the hall @Jānis", "Book the hall")
    room.wait_for("Book the hall", timeout=SHOWS_WITHIN_S)
    never_secret(room)

    operator.send_keys("C-t")  # pause: the room's timer says so
    room.wait_for("PAUSED", timeout=SHOWS_WITHIN_S)
    operator.send_keys("C-t")
    room.wait_gone("PAUSED", timeout=SHOWS_WITHIN_S)

    operator.send_keys("C-f")
    operator.wait_for("Finish the meeting?")
    operator.send_keys("y")
    operator.wait_for("The meeting has finished")
    screen = room.wait_for("Scan to take the action item with you.", timeout=SHOWS_WITHIN_S)
    assert "The meeting has finished" in screen
    assert "▀" in screen or "▄" in screen
    never_secret(room)

    operator.send_keys("C-q")
    assert operator.wait_for_exit() == 0
    for path in (data_dir / "sessions").glob("*.json*"):
        path.unlink()
    room.wait_for("The room view lost the session: its file was deleted")
    room.send_keys("q")
    assert room.wait_for_exit() == 0
    assert not list((data_dir / "rooms").glob("*.room"))  # the room view said goodbye


def test_the_room_of_a_named_session_in_latvian_at_60x20(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with Tmux(width=100, height=30) as operator, Tmux(width=60, height=20) as room:
        start(operator, data_dir, "--lang", "lv", "run", "getting-to-know-lv")
        operator.wait_for("Ctrl+N")
        operator.send_keys("C-n")
        wait_for_running_block(operator, "1/5  Iepazīšanās un vērtības")
        session = next((data_dir / "sessions").glob("*.json")).stem
        start(room, data_dir, "--lang", "lv", "room", session[:15])
        room.wait_for("Iepazīšanās un vērtības")
        type_line(operator, "Jānis mācās ātri", "Jānis mācās ātri")
        room.wait_for("Jānis mācās ātri", timeout=SHOWS_WITHIN_S)
        type_line(operator, "~Ģimenē ir grūtības", "Ģimenē ir grūtības")
        type_line(operator, "Nākamreiz runāsim par mērķiem", "Nākamreiz runāsim")
        room.wait_for("Nākamreiz runāsim", timeout=SHOWS_WITHIN_S)
        assert "Ģimenē" not in room.screen()
        room.send_keys("q")
        assert room.wait_for_exit() == 0
        operator.send_keys("C-q")
        assert operator.wait_for_exit() == 0


def test_room_without_a_running_meeting_says_so(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    assert FACILITATOR.exists()
    with Tmux(width=100, height=10) as terminal:
        start(terminal, data_dir, "room")
        assert terminal.wait_for_exit() == 2
        assert "no meeting is running now" in terminal.transcript()
