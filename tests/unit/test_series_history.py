"""Finding a series' sessions through the history index: only the series' own files are
opened, and a file the index does not know yet is still found."""

from __future__ import annotations

import os

from facilitator.meeting.live import Meeting
from facilitator.programme.history import SessionHistory
from facilitator.programme.series import Series, SeriesKind
from facilitator.programme.series_store import SeriesStore
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import CorruptSessionError, SessionStore
from tests.helpers import FakeClock, session_tables, write_session_tables
from tests.unit.test_series import VISIT, new_series

DAY = 24 * 3600


def two_series(paths: DataPaths, clock: FakeClock) -> tuple[SeriesStore, Series, Series]:
    """Two series with two sessions each, and a session in no series."""
    store = SeriesStore(paths, SessionStore(paths, clock), clock)
    cesis = new_series(store)
    pupil = store.create("Semester with Kārlis", SeriesKind.MENTORING, mentee="Kārlis")
    for series in (cesis, pupil, cesis, pupil):
        meeting = Meeting(store.start_session(series, VISIT), clock)
        meeting.capture(f"+ Next step for {series.name}")
        meeting.close()
        clock.advance(DAY)
    store.sessions.create(VISIT).close()
    return store, cesis, pupil


def test_only_the_series_own_files_are_opened(paths: DataPaths, clock: FakeClock) -> None:
    store, cesis, pupil = two_series(paths, clock)
    SessionHistory(paths, store.sessions).refresh()  # the index knows every file
    # A file of the other series goes bad in place, its stamp (size, time, inode) kept:
    # reading it would set it aside and report it.
    other = store.history(pupil)[0][0][0].id
    file = paths.session_file(other)
    stat = file.stat()
    with file.open("r+b") as handle:
        handle.write(b"#" * stat.st_size)
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    paths.session_backup(other).unlink()

    sessions, problems = store.history(cesis)
    assert [info.series_number for info, _ in sessions] == [1, 2]
    assert problems == []
    assert file.exists() and not paths.quarantine.exists()  # never opened

    # Reading every file (as before the index) would have opened it.
    everything, problems = store.sessions.in_series(cesis.id)
    assert [info.id for info, _ in everything] == [info.id for info, _ in sessions]
    assert len(problems) == 1 and isinstance(problems[0], CorruptSessionError)


def test_a_session_the_index_does_not_know_is_found(paths: DataPaths, clock: FakeClock) -> None:
    store, cesis, _ = two_series(paths, clock)
    assert len(store.history(cesis)[0]) == 2  # the index is made
    # Another process (or a copy by hand) adds a session file the index never saw.
    first = paths.session_file(store.history(cesis)[0][0][0].id)
    data = session_tables(first)
    data["meta"]["1"]["series_number"] = 3
    write_session_tables(paths.session_file("20270101-0900-copied"), data)
    sessions, problems = store.history(cesis)
    assert [(info.series_number, info.id) for info, _ in sessions][-1] == (
        3,
        "20270101-0900-copied",
    )
    assert problems == []
    # And the next session of the series comes after it.
    fourth = store.start_session(cesis, VISIT)
    assert fourth.info.series_number == 4
    fourth.close()
    assert [info.series_number for info, _ in store.history(cesis)[0]] == [1, 2, 3, 4]


def test_a_changed_file_is_read_as_it_is_now(paths: DataPaths, clock: FakeClock) -> None:
    store, cesis, _ = two_series(paths, clock)
    sessions, _ = store.history(cesis)
    session = store.sessions.open(sessions[-1][0].id, write=True)
    meeting = Meeting(session, clock)
    meeting.capture("+ Added after the index was made")
    meeting.close()
    sessions, _ = store.history(cesis)
    assert [e.text for e in sessions[-1][1]][-1] == "Added after the index was made"


def test_a_missing_or_damaged_index_changes_nothing(paths: DataPaths, clock: FakeClock) -> None:
    store, cesis, pupil = two_series(paths, clock)
    expected = store.sessions.in_series(cesis.id)
    cache = SessionHistory(paths, store.sessions).cache_file
    assert cache.exists()
    cache.write_text("{not json", encoding="utf-8")
    assert store.history(cesis) == expected
    cache.unlink()
    assert store.history(cesis) == expected
    # A session file removed since the index was made is simply gone.
    gone = store.history(pupil)[0][0][0].id
    paths.session_file(gone).unlink()
    sessions, problems = store.history(pupil)
    assert [info.id for info, _ in sessions] != [] and gone not in [i.id for i, _ in sessions]
    assert problems == []


def test_unreadable_files_of_any_series_are_reported(paths: DataPaths, clock: FakeClock) -> None:
    store, cesis, _ = two_series(paths, clock)
    paths.session_file("20270101-0900-broken").write_text("{", encoding="utf-8")
    _, problems = store.history(cesis)
    # It may have been a session of this series: the caller must say something is missing.
    assert len(problems) == 1 and "20270101-0900-broken" in str(problems[0])
