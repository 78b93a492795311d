"""Series files on disk: set aside and restored like session files, and locked while a
session is added, so two processes never take one session number."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.meeting.live import Meeting
from facilitator.programme.series import Series, SeriesKind
from facilitator.programme.series_store import (
    CorruptSeriesError,
    SeriesError,
    SeriesLocked,
    SeriesStore,
)
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_cli import run_cli
from tests.unit.test_series import VISIT, new_series

ROOT = Path(__file__).resolve().parents[2]


def stores(paths: DataPaths, clock: FakeClock, lock_wait: float = 0.0) -> SeriesStore:
    return SeriesStore(paths, SessionStore(paths, clock), clock, lock_wait=lock_wait)


def renamed(store: SeriesStore, series: Series, name: str) -> Series:
    """Save the series under a new name: the file before the write becomes `.prev`."""
    series.name = name
    store.save(series)
    return series


def damaged_files(paths: DataPaths) -> list[bytes]:
    folder = paths.quarantine / "series"
    return sorted(p.read_bytes() for p in folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize(
    "damage",
    [
        b'{"series": {"1": {"id": "x", "na',  # cut off in the middle
        b"[]",  # not an object
        b'{"series": {"1": {"name": "no id, no date"}}}',  # a series without its fields
        b'{"series": []}',  # a table of the wrong shape
        b"{}",  # no series at all
    ],
)
def test_a_damaged_series_file_gives_way_to_its_last_good_copy(
    paths: DataPaths, clock: FakeClock, damage: bytes
) -> None:
    store = stores(paths, clock)
    series = renamed(store, new_series(store), "Cēsis and Fuenlabrada")
    file = paths.series_file(series.id)
    file.write_bytes(damage)

    found = stores(paths, clock)
    restored = found.find(series.id)
    # The last good copy is the file before the rename.
    assert (restored.id, restored.name, restored.mentee_city) == (
        series.id,
        "IncluCities Cēsis",
        "Cēsis",
    )
    # The damaged file is kept as it was, in the damaged folder, and the user is told.
    assert damaged_files(paths) == [damage]
    [recovery] = found.recoveries
    assert recovery.moved_to is not None and recovery.moved_to.read_bytes() == damage
    message = recovery.describe()
    assert f"The series file {file.name} was damaged" in message
    assert "last good copy" in message and "may be missing" in message
    # The series goes on: the restored file is written again, and reads clean.
    renamed(found, restored, "Cēsis, again")
    again = stores(paths, clock)
    assert again.find(series.id).name == "Cēsis, again"
    assert again.recoveries == []
    assert damaged_files(paths) == [damage]


def test_when_the_series_copy_is_damaged_too_both_are_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = stores(paths, clock)
    series = new_series(store)
    paths.series_file(series.id).write_text("{", encoding="utf-8")
    paths.series_backup(series.id).write_text("[]", encoding="utf-8")
    with pytest.raises(CorruptSeriesError, match=r"the series file .* is damaged") as caught:
        stores(paths, clock).all()
    assert isinstance(caught.value, SeriesError)  # what the screens and the CLI catch
    assert caught.value.moved_to is not None
    assert str(caught.value.moved_to) in str(caught.value)
    # Nothing is deleted: the damaged file and the copy are both in the damaged folder,
    # and the `.prev` is left where it was.
    assert damaged_files(paths) == [b"[]", b"{"]
    assert not paths.series_file(series.id).exists()
    assert paths.series_backup(series.id).read_bytes() == b"[]"
    assert stores(paths, clock).all() == []


def test_saving_over_a_damaged_series_file_keeps_it(paths: DataPaths, clock: FakeClock) -> None:
    store = stores(paths, clock)
    series = new_series(store)
    paths.series_file(series.id).write_bytes(b"{garbage")
    paths.series_backup(series.id).unlink(missing_ok=True)
    series.name = "Renamed"
    with pytest.raises(CorruptSeriesError):
        store.save(series)
    assert damaged_files(paths) == [b"{garbage"]
    store.save(series)  # the damaged file is out of the way: the series is written anew
    assert stores(paths, clock).find(series.id).name == "Renamed"
    assert damaged_files(paths) == [b"{garbage"]


def test_a_series_from_a_newer_app_is_left_alone(paths: DataPaths, clock: FakeClock) -> None:
    store = stores(paths, clock)
    series = new_series(store)
    file = paths.series_file(series.id)
    data = json.loads(file.read_text(encoding="utf-8"))
    data["series"]["1"]["schema"] = 99
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SeriesError, match="newer version of facilitator"):
        stores(paths, clock).all()
    assert json.loads(file.read_text(encoding="utf-8")) == data
    assert damaged_files(paths) == []


def _holder(lock_file: Path) -> subprocess.Popen[str]:
    """Another process holding `lock_file` until its input ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from facilitator.storage.lock import FileLock; "
         "FileLock(Path(sys.argv[1])).acquire(); print('held', flush=True); input()",
         str(lock_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_series_in_use_by_another_process_says_so(paths: DataPaths, clock: FakeClock) -> None:
    store = stores(paths, clock)
    series = new_series(store)
    holder = _holder(store.lock_file(series.id))
    try:
        with pytest.raises(SeriesLocked, match=f"in use by process {holder.pid} on"):
            store.start_session(series, VISIT)
        with pytest.raises(SeriesLocked, match=f"in use by process {holder.pid} on"):
            store.save(series)
        assert list(paths.sessions.glob("*.json")) == []
    finally:
        holder.kill()  # like kill -9: the lock goes with the process
        holder.wait()
    session = store.start_session(series, VISIT)
    assert session.info.series_number == 1
    session.close()
    assert not store.lock_file(series.id).exists()  # released after use


CHILD = """
import sys
from pathlib import Path
from facilitator.agenda.parse import parse_agenda
from facilitator.storage.paths import DataPaths
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.sessions import SessionStore

paths = DataPaths(Path(sys.argv[1]))
agenda, _ = parse_agenda(sys.argv[3], "visit.md")
series_store = SeriesStore(paths, SessionStore(paths), lock_wait=30)
series = series_store.find(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
session = series_store.start_session(series, agenda)
print(session.info.series_number, session.id, flush=True)
session.close()
"""
VISIT_TEXT = "# Visit\n\n## Plan\nDuration: 30 min\n"


def test_processes_starting_sessions_at_once_take_different_numbers(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = stores(paths, clock)
    series = new_series(store)
    first = Meeting(store.start_session(series, VISIT), clock)
    first.capture("+ Map the migrant organisations")
    first.close()
    command = [sys.executable, "-c", CHILD, str(paths.root), series.id, VISIT_TEXT]
    children = [
        subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        for _ in range(4)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:  # all at once
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        number, session_id = out.split()
        results.append((int(number), session_id))
    assert sorted(n for n, _ in results) == [2, 3, 4, 5]
    assert len({i for _, i in results}) == 4
    history, problems = store.history(series)
    assert problems == []
    assert [info.series_number for info, _ in history] == [1, 2, 3, 4, 5]
    # Each new session carried the open action over, once.
    for info, entries in history[1:]:
        assert [e.text for e in entries] == ["Map the migrant organisations"], info.id


def test_one_lock_per_series(paths: DataPaths, clock: FakeClock) -> None:
    store = stores(paths, clock)
    cesis = new_series(store)
    pupil = store.create("Semester with Kārlis", SeriesKind.MENTORING, mentee="Kārlis")
    with store.locked(cesis):
        store.start_session(pupil, VISIT).close()  # another series is not held up
        with pytest.raises(SeriesLocked, match=f"process {os.getpid()} on"):
            store.start_session(cesis, VISIT)


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_command_line_tells_when_a_series_file_was_restored(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    store = stores(paths, clock)
    series = renamed(store, new_series(store), "Cēsis and Valmiera")
    (paths.series / f"{series.id}.json").write_bytes(b'{"series": {"1": {"id": "x", "na')
    done = run_cli("--lang", language, "series", "list", data=paths.root)
    assert done.returncode == 0
    assert "IncluCities Cēsis" in done.stdout  # the last good copy: before the rename
    said = {"en": "was damaged", "lv": "bija bojāts"}[language]
    assert said in done.stderr and f"{series.id}.json" in done.stderr
    assert "Traceback" not in done.stderr
