"""Terminal and file-system hygiene (issue 15, items 9, 10 and 11).

9: a title, an agenda or a file name holding ESC, OSC, BEL or NUL reaches the terminal from
no command as it is stored; `agendas check` names each at its `path:line`. 10: a byte of a
command-line argument that is not UTF-8 text is kept as U+FFFD and said, never a crash.
11: a lock file is never opened through a symbolic link nor a FIFO, its descriptor never
leaks, a lock no process holds is tidied; crash logs are new files of their own; the
folders holding sessions are the user's alone.
"""

from __future__ import annotations

import ast
import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main, write_crash_log
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.launch import open_to_run
from facilitator.storage import lock
from facilitator.storage.lock import FileLock, SessionLocked, tidy_stale_locks
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.terminal import control_characters, terminal_text, typed_text
from facilitator.workspace import Workspace
from tests.helpers import FakeClock

CLI = Path(__file__).resolve().parents[2] / "facilitator" / "cli"
HOSTILE = "Evil\x1b]0;pwned\x07 \x1b]52;c;aGVsbG8=\x07\x1b[2J\x00\x9b31m\r end"
"""A window title (OSC 0), the clipboard (OSC 52), a cleared screen, NUL, a C1 CSI."""


def assert_clean(text: str) -> None:
    assert not [c for c in text if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0)]
    assert not [c for c in text if 0xD800 <= ord(c) < 0xE000]


def test_terminal_text_keeps_lines_tabs_and_letters_and_replaces_the_rest() -> None:
    assert terminal_text("Cēsis\tRīga\nline\r\n") == "Cēsis\tRīga\nline\n"
    cleaned = terminal_text(HOSTILE)
    assert_clean(cleaned)
    assert cleaned.startswith("Evil\ufffd]0;pwned\ufffd ") and cleaned.endswith("\ufffd end")
    assert terminal_text("bad \udcff") == "bad \ufffd"
    assert typed_text("bad \udcff") == ("bad \ufffd", True)
    assert typed_text("Jānis") == ("Jānis", False)
    assert list(control_characters("a\n\x1b\nb\x00c\r\n")) == [(2, "\x1b"), (3, "\x00")]


def test_every_cli_printer_goes_through_the_one_that_cleans() -> None:
    """No `print(` in the command line but the one in `CliContext.say`."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_print = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print"
            if is_print:
                found.append(f"{path.name}:{node.lineno}")
    assert len(found) == 1 and found[0].startswith("context.py:"), found


def hostile_agenda(paths: DataPaths) -> Path:
    path = paths.agendas / "evil.md"
    path.write_text(
        "---\nid: evil\nlanguage: en\ntitle: " + HOSTILE.replace("\r", "") + "\n---\n\n"
        "## Block \x07 one\nDuration: 5 min\n\n- a question \x1b[2J\n\n> note \x00\n",
        encoding="utf-8",
    )
    return path


def test_agendas_list_show_and_check_never_pass_a_control_character(
    paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_agenda(paths)
    for argv in (["agendas"], ["agendas", "show", "evil"], ["agendas", "check", str(path)]):
        main(argv)
        out, err = capsys.readouterr()
        assert "evil" in out
        assert_clean(out + err)
    main(["agendas", "check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    warnings = [line for line in lines if "control character" in line]
    # The same character on two lines is one warning naming both lines.
    assert warnings == [
        f"{path}:4: warning: a control character, U+001B (ESCAPE): it is shown as � (delete it)"
        " (in all: 2, at lines 4, 10)",
        f"{path}:7: warning: a control character, U+0007 (BELL): it is shown as � (delete it)",
        f"{path}:12: warning: a control character, U+0000 (NULL): it is shown as � (delete it)",
    ]


def test_sessions_and_series_listings_clean_stored_titles(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    store = SessionStore(paths, clock)
    store.create(agenda, MeetingDetails(HOSTILE, place="Cēsis\x1b[5m")).close()
    assert main(["series", "new", HOSTILE, "--mentee-city", "Rīga\x07"]) == 0
    for argv in (["sessions"], ["series", "list"], ["series", "show", HOSTILE]):
        assert main(argv) == 0
        out, err = capsys.readouterr()
        assert "Evil\ufffd]0;pwned" in out
        assert_clean(out + err)


def test_argparse_errors_quoting_what_was_typed_are_clean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["agendas", "\x1b]0;pwned\x07"])
    err = capsys.readouterr().err
    assert "invalid choice" in err
    assert_clean(err)


def run_cli(*args: str | bytes, data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(data), "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_byte_that_is_not_utf8_in_an_argument_is_kept_as_a_replacement(
    tmp_path: Path,
) -> None:
    made = run_cli("series", "new", b"bad \xff", "--mentee", b"Jos\xe9", data=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Traceback" not in made.stderr.decode()
    assert "Created the series `bad \ufffd`" in made.stdout.decode("utf-8")
    assert "held bytes that are not UTF-8 text" in made.stderr.decode("utf-8")
    listed = run_cli("series", "show", "bad \ufffd", data=tmp_path)
    assert listed.returncode == 0
    assert "Mentee: Jos\ufffd" in listed.stdout.decode("utf-8")


class NoApp:
    """A double for the app: `run --series` makes its session before the app opens."""

    exported: list[Path] = []
    return_code = 0

    def run(self) -> None:
        pass


def test_run_with_a_latin1_title_keeps_it_with_the_byte_replaced(
    paths: DataPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["series", "new", "Visits"]) == 0
    capsys.readouterr()
    monkeypatch.setattr("facilitator.app.make_app", lambda *_a, **_k: NoApp())
    code = main(["run", "demo-en", "--series", "Visits", "--title", "Caf\udce9 talk"])
    assert code == 0
    summaries, _ = SessionStore(paths).summaries()
    assert [s.title for s in summaries] == ["Caf\ufffd talk"]
    assert "held bytes that are not UTF-8 text" in capsys.readouterr().err


# Item 11: locks, crash logs, folders


def test_a_symbolic_link_at_the_lock_never_truncates_its_target(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    session = SessionStore(paths, clock).create(agenda)
    session_id = session.id
    session.close()
    precious = tmp_path / "precious.txt"
    precious.write_text("years of notes", encoding="utf-8")
    paths.session_lock(session_id).symlink_to(precious)
    launch = open_to_run(Workspace(paths, clock), session_id)
    assert launch.session is None
    assert "Too many levels of symbolic links" in launch.notices[0].text
    assert precious.read_text(encoding="utf-8") == "years of notes"
    assert paths.session_lock(session_id).is_symlink()
    tidy_stale_locks(paths.sessions)
    assert paths.session_lock(session_id).is_symlink()  # not ours to remove
    assert precious.read_text(encoding="utf-8") == "years of notes"


def test_a_fifo_at_the_lock_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.lock"
    os.mkfifo(fifo)
    done: list[BaseException] = []

    def take() -> None:
        try:
            FileLock(fifo).acquire()
        except BaseException as exc:
            done.append(exc)

    worker = threading.Thread(target=take, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "acquire hung on a FIFO"
    assert isinstance(done[0], OSError) and "not a regular file" in str(done[0])


def test_the_lock_file_descriptor_is_closed_when_the_holder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.lock"

    def full(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(lock.os, "write", full)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(50):
        with pytest.raises(OSError, match="No space left"):
            FileLock(path).acquire()
    assert len(os.listdir("/proc/self/fd")) == before
    assert not path.exists()


def test_stale_locks_are_tidied_at_the_listing_and_held_ones_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    stale = paths.session_lock("20261101-0900-dead")
    stale.write_text('{"pid": 999999, "host": "gone"}', encoding="utf-8")
    held = FileLock(paths.session_lock("20261101-1000-alive"))
    held.acquire()
    SessionStore(paths, clock).summaries()
    assert not stale.exists()
    assert held.path.exists()
    with pytest.raises(SessionLocked):
        FileLock(held.path).acquire()
    held.release()
    assert not held.path.exists()


def test_a_killed_holder_leaves_a_lock_that_the_listing_tidies(
    paths: DataPaths, clock: FakeClock
) -> None:
    path = paths.session_lock("20261101-0900-killed")
    code = (
        "import os, sys; from pathlib import Path; from facilitator.storage.lock import FileLock;"
        f"FileLock(Path({str(path)!r})).acquire(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert path.exists()
    SessionStore(paths, clock).summaries()
    assert not path.exists()


def test_release_never_removes_another_holders_lock_file(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    first = FileLock(path)
    first.acquire()
    path.unlink()  # removed by hand while held
    second = FileLock(path)
    second.acquire()
    first.release()
    assert path.exists()
    with pytest.raises(SessionLocked):
        FileLock(path).acquire()
    second.release()


def test_crash_logs_within_one_second_are_each_kept_and_private(
    paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("time.strftime", lambda *_a: "20261207-120000")
    logs = []
    for n in range(3):
        try:
            raise RuntimeError(f"crash {n}")
        except RuntimeError:
            logs.append(write_crash_log(paths))
    assert len(set(logs)) == 3
    for n, log in enumerate(logs):
        assert log.parent == paths.root and log.name.startswith("crash-20261207-120000-")
        assert f"crash {n}" in log.read_text(encoding="utf-8")
        assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_folders_holding_sessions_are_the_users_alone(tmp_path: Path, clock: FakeClock) -> None:
    root = tmp_path / "data"
    (root / "sessions").mkdir(parents=True)
    os.chmod(root / "sessions", 0o755)  # made by an older version
    paths = DataPaths(root)
    paths.ensure_writable()
    assert stat.S_IMODE(paths.sessions.stat().st_mode) == 0o700
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    session = SessionStore(paths, clock).create(agenda)
    session_id = session.id
    session.close()
    paths.session_file(session_id).write_text("garbage", encoding="utf-8")
    paths.session_backup(session_id).unlink(missing_ok=True)
    SessionStore(paths, clock).summaries()
    assert stat.S_IMODE(paths.quarantine.stat().st_mode) == 0o700
