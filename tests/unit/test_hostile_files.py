"""One bad session file must not take down the rest (issue 15, item 7).

A file nested 200,000 levels deep, a `created_at` of NaN, 1e300 or Infinity, a folder
under a session's name, a file the system will not let us read: each is set aside (moved to
`damaged/`, its last good copy used when it has one) or skipped, with a line naming it, and
every other session still lists (the command line, the store, the history index), opens and
exports. Resuming on a read-only or a full disk is a refusal in words, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.history import SessionHistory
from facilitator.programme.launch import NoticeKind, open_to_run
from facilitator.storage import guarded, lock
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.workspace import Workspace
from tests.helpers import FakeClock, session_tables, write_session_tables


def good_session(paths: DataPaths, clock: FakeClock, title: str) -> str:
    """A finished session with one entry; its id."""
    agenda = AgendaLibrary.discover(paths).find("demo-en")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails(title)), clock)
    meeting.start()
    meeting.capture(f"{title}: Anna values honesty")
    meeting.finish()
    session_id = meeting.session.id
    meeting.close()
    clock.advance(3600)  # the next one gets an id of its own
    return session_id


def with_created_at(paths: DataPaths, session_id: str, value: str) -> None:
    """Rewrite the stored `created_at` as the raw JSON text `value` (NaN, 1e300...)."""
    path = paths.session_file(session_id)
    data = session_tables(path)
    meta = next(iter(data["meta"].values()))
    meta["created_at"] = "@@"
    write_session_tables(path, json.dumps(data).replace('"@@"', value))
    paths.session_backup(session_id).unlink(missing_ok=True)  # no good copy to fall back on


@pytest.mark.parametrize("value", ["NaN", "1e300", "Infinity", "-5", "1e400"])
def test_an_impossible_creation_time_sets_that_file_aside_and_the_rest_lists(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    bad = good_session(paths, clock, "Odd meeting")
    with_created_at(paths, bad, value)
    assert main(["sessions"]) == 0
    out, err = capsys.readouterr()
    assert keep in out and "Kept meeting" in out
    assert bad not in out
    assert f"{bad}.json" in err and "damaged" in err
    assert list(paths.quarantine.glob(f"{bad}.*.json"))
    assert main(["export", keep, "--out", str(paths.root / "out")]) == 0
    assert "Kept meeting: Anna values honesty" in (
        next((paths.root / "out").glob("*minutes.md")).read_text(encoding="utf-8")
    )


def test_a_file_nested_200000_deep_is_set_aside_and_its_last_good_copy_used(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    deep = good_session(paths, clock, "Deep meeting")
    prev = paths.session_backup(deep)
    good_copy = paths.session_file(deep).read_bytes()
    prev.unlink(missing_ok=True)
    prev.write_bytes(good_copy)
    paths.session_file(deep).write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert main(["sessions"]) == 0
    out, err = capsys.readouterr()
    assert keep in out and deep in out  # the copy is used
    assert "nested too deep" in err and f"{deep}.json" in err
    assert list(paths.quarantine.glob(f"{deep}.*.json"))
    # The app's start-up reads the same list; the history index as well.
    summaries, problems = SessionStore(paths, clock).summaries()
    assert {s.id for s in summaries} == {keep, deep}
    assert problems == []
    rows = SessionHistory(paths, SessionStore(paths, clock)).refresh()
    assert {r.id for r in rows} == {keep, deep}


def test_a_deep_file_without_a_copy_is_named_and_skipped_everywhere(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    deep = paths.session_file("20261101-0900-deep")
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    history = SessionHistory(paths, SessionStore(paths, clock))
    assert [r.id for r in history.refresh()] == [keep]
    assert [p.path.name for p in history.problems] == [deep.name]
    assert main(["sessions"]) == 0
    assert keep in capsys.readouterr().out


def test_a_folder_under_a_sessions_name_is_named_and_left_alone(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    folder = paths.session_file("20261101-0900-folder")
    folder.mkdir()
    (folder / "inside.txt").write_text("mine", encoding="utf-8")
    for _ in range(2):
        assert main(["sessions"]) == 0
        out, err = capsys.readouterr()
        assert keep in out
        assert f"cannot read the session file {folder}" in err
    assert (folder / "inside.txt").read_text(encoding="utf-8") == "mine"
    assert not paths.quarantine.exists() or not list(paths.quarantine.iterdir())
    rows = SessionHistory(paths, SessionStore(paths, clock)).refresh()
    assert [r.id for r in rows] == [keep]
    assert main(["export", keep, "--out", str(paths.root / "out")]) == 0


def test_a_fifo_under_a_sessions_name_never_makes_the_listing_wait(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    fifo = paths.session_file("20261101-0900-fifo")
    os.mkfifo(fifo)
    assert main(["sessions"]) == 0
    out, err = capsys.readouterr()
    assert keep in out
    assert f"cannot read the session file {fifo} (not a regular file)" in err


def refuse_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Reading `path` fails as a file without read permission does (tests run as root)."""
    real: Callable[[Path], Any] = guarded._read_regular

    def refused(file: Path) -> Any:
        if Path(file) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real(file)

    monkeypatch.setattr(guarded, "_read_regular", refused)


def test_an_unreadable_file_is_named_and_the_others_list_open_and_export(
    paths: DataPaths,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keep = good_session(paths, clock, "Kept meeting")
    hidden = good_session(paths, clock, "Hidden meeting")
    refuse_reading(monkeypatch, paths.session_file(hidden))
    assert main(["sessions"]) == 0
    out, err = capsys.readouterr()
    assert keep in out and hidden not in out
    assert f"cannot read the session file {paths.session_file(hidden)} (Permission denied)" in err
    assert paths.session_file(hidden).exists()  # never moved: it may be fine
    launch = open_to_run(Workspace(paths, clock), hidden)
    assert launch.session is None and "Permission denied" in launch.notices[0].text
    opened = open_to_run(Workspace(paths, clock), keep)
    assert opened.session is not None
    opened.session.close()
    assert main(["export", keep, "--out", str(paths.root / "out")]) == 0


def test_resume_on_a_read_only_disk_is_a_refusal_in_words(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = good_session(paths, clock, "Kept meeting")
    real = os.open

    def read_only(path: Any, flags: int, *args: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(lock.os, "open", read_only)
    launch = open_to_run(Workspace(paths, clock), session_id)
    assert launch.session is None
    assert launch.notices[0].kind is NoticeKind.NOT_OPENED
    assert "Read-only file system" in launch.notices[0].text


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_resume_on_a_full_disk_is_a_refusal_and_leaks_no_file(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = good_session(paths, clock, "Kept meeting")

    def full(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = open_fds()
    monkeypatch.setattr(lock.os, "write", full)
    for _ in range(20):
        launch = open_to_run(Workspace(paths, clock), session_id)
        assert launch.session is None
        assert "No space left on device" in launch.notices[0].text
    assert open_fds() == before
    assert not paths.session_lock(session_id).exists()
    monkeypatch.undo()
    launch = open_to_run(Workspace(paths, clock), session_id)  # the disk has room again
    assert launch.session is not None
    launch.session.close()


async def test_the_app_starts_and_lists_the_good_session_beside_every_bad_file(
    paths: DataPaths, clock: FakeClock
) -> None:
    from facilitator.app import make_app
    from tests.helpers import wait_for_text

    good_session(paths, clock, "Kept meeting")
    odd = good_session(paths, clock, "Odd meeting")
    with_created_at(paths, odd, "1e300")
    paths.session_file("20261101-0900-deep").write_text("[" * 200_000 + "]" * 200_000)
    paths.session_file("20261101-0900-folder").mkdir()
    app = make_app(paths, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await wait_for_text(pilot, "Kept meeting")
        assert "Odd meeting" not in shown
