"""Sessions on disk: real TinyDB files, written atomically, damaged files set aside."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.lock import SessionLocked
from facilitator.meeting import Meeting, SaveFailed
from facilitator.paths import DataPaths
from facilitator.session import EntryKind, MeetingDetails, Participant
from facilitator.store import CorruptSessionError, SessionNotFound, SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Visit\n\n## Welcome\nDuration: 6 min\n\n## Plan\nDuration: 10-15 min\n", "visit.md"
)


def test_a_session_and_its_entries_are_on_disk(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(
        AGENDA, MeetingDetails("Visit 1", "Cēsis", "Ilze", [Participant("Anna", "mentor")])
    )
    meeting = Meeting(session, clock)
    meeting.start()
    meeting.capture("Anna values honesty")
    file = paths.session_file(session.id)
    raw = json.loads(file.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema"] == 1
    assert raw["meta"]["1"]["place"] == "Cēsis"
    assert [e["text"] for e in raw["entries"].values()] == ["Anna values honesty"]
    assert raw["clock"]["1"]["state"]["current"] == 0
    meeting.close()

    reopened = Meeting(store.open(session.id), clock)
    assert [e.text for e in reopened.entries()] == ["Anna values honesty"]
    assert reopened.clock.current == 0
    assert reopened.session.info.participants == [Participant("Anna", "mentor")]
    reopened.close()


def test_ids_resolve_by_unique_beginning(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    first = store.create(AGENDA)
    second = store.create(AGENDA)
    assert first.id == "20261123-1400-visit"
    assert second.id == "20261123-1400-visit-2"
    assert store.resolve("20261123-1400-visit-2") == second.id
    with pytest.raises(SessionNotFound, match="matches 2 sessions"):
        store.resolve("20261123")
    with pytest.raises(SessionNotFound, match="no session `nope`"):
        store.resolve("nope")


def test_a_damaged_file_is_set_aside_and_never_overwritten(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    session.close()
    file = paths.session_file(session.id)
    damaged = file.read_bytes()[:-20]
    file.write_bytes(damaged)
    with pytest.raises(CorruptSessionError) as caught:
        store.open(session.id)
    assert not file.exists()
    assert caught.value.moved_to is not None
    assert caught.value.moved_to.read_bytes() == damaged
    assert str(caught.value.moved_to) in str(caught.value)
    summaries, problems = store.summaries()
    assert summaries == [] and problems == []


def test_listing_reports_damaged_files_and_keeps_the_rest(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    good = store.create(AGENDA, MeetingDetails("Good one"))
    Meeting(good, clock).capture("kept")
    bad = store.create(AGENDA, MeetingDetails("Bad one"))
    paths.session_file(bad.id).write_text("{not json", encoding="utf-8")
    summaries, damaged = store.summaries()
    assert [(s.title, s.entry_count) for s in summaries] == [("Good one", 1)]
    assert len(damaged) == 1 and damaged[0].moved_to is not None


def test_a_write_leaves_no_temporary_files(paths: DataPaths, clock: FakeClock) -> None:
    session = SessionStore(paths, clock).create(AGENDA)
    meeting = Meeting(session, clock)
    for n in range(5):
        meeting.capture(f"note {n}")
    assert sorted(os.listdir(paths.sessions)) == [f"{session.id}.json", f"{session.id}.lock"]
    meeting.close()
    assert sorted(os.listdir(paths.sessions)) == [f"{session.id}.json"]


def test_a_refused_write_keeps_the_entry_and_its_block_until_it_is_saved(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore(paths, clock).create(AGENDA)
    meeting = Meeting(session, clock)
    meeting.start()
    meeting.capture("before")
    before = paths.session_file(session.id).read_bytes()
    real_fsync = os.fsync

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed, match="No space left on device"):
        meeting.capture("typed while the disk was full")
    clock.advance(10)
    with pytest.raises(SaveFailed):
        meeting.next()  # the clock moves on in memory, and waits to be saved
    with pytest.raises(SaveFailed):
        meeting.capture("! and a decision in block 2")
    assert paths.session_file(session.id).read_bytes() == before
    assert [e.text for e in meeting.unsaved] == [
        "typed while the disk was full",
        "and a decision in block 2",
    ]
    assert not meeting.retry_unsaved()

    monkeypatch.setattr(os, "fsync", real_fsync)
    assert meeting.retry_unsaved()
    assert meeting.unsaved == [] and not meeting.clock_unsaved
    meeting.close()
    reopened = Meeting(SessionStore(paths, clock).open(session.id), clock)
    assert [(e.text, e.block_index) for e in reopened.entries()] == [
        ("before", 0),
        ("typed while the disk was full", 0),
        ("and a decision in block 2", 1),
    ]
    assert reopened.clock.current == 1


def test_one_writer_per_session(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    first = store.create(AGENDA)
    with pytest.raises(SessionLocked, match=f"process {os.getpid()} on"):
        store.open(first.id, write=True)
    reader = store.open(first.id)  # reading (export, lists) needs no lock
    assert reader.info.id == first.id
    reader.close()
    first.close()
    second = store.open(first.id, write=True)
    assert second.writable
    second.close()


def test_the_lock_dies_with_its_process(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    session.close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from facilitator.lock import SessionLock; "
         "SessionLock(Path(sys.argv[1])).acquire(); print('held', flush=True); input()",
         str(paths.session_lock(session.id))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    with pytest.raises(SessionLocked, match=f"process {holder.pid} on"):
        store.open(session.id, write=True)
    holder.kill()  # like kill -9: no clean-up runs, the lock file stays behind
    holder.wait()
    assert paths.session_lock(session.id).exists()
    reopened = store.open(session.id, write=True)
    assert reopened.writable
    reopened.close()


def test_a_damaged_entry_sets_the_file_aside_at_open(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    Meeting(session, clock).capture("fine")
    session.close()
    file = paths.session_file(session.id)
    raw = json.loads(file.read_text(encoding="utf-8"))
    raw["entries"]["1"]["kind"] = "todo"
    file.write_text(json.dumps(raw), encoding="utf-8")
    summaries, damaged = store.summaries()
    assert summaries == []
    assert "'todo' is not a valid EntryKind" in str(damaged[0])
    assert damaged[0].moved_to is not None and damaged[0].moved_to.exists()


def test_a_copied_file_keeps_its_own_id(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    session.close()
    copy = paths.sessions / f"{session.id}-backup.json"
    shutil.copy(paths.session_file(session.id), copy)
    summaries, _ = store.summaries()
    assert sorted(s.id for s in summaries) == [session.id, f"{session.id}-backup"]
    opened = store.open(f"{session.id}-backup")
    assert opened.info.id == f"{session.id}-backup"
    opened.close()


def test_entries_remember_their_block_and_time(paths: DataPaths, clock: FakeClock) -> None:
    meeting = Meeting(SessionStore(paths, clock).create(AGENDA), clock)
    meeting.start()
    clock.advance(200)
    meeting.next()
    clock.advance(30)
    entry = meeting.capture("! Agreed")
    assert entry.kind is EntryKind.DECISION
    assert (entry.block_index, entry.block_title) == (1, "Plan")
    assert entry.meeting_s == 230
    assert entry.created_at == clock.t


def test_downtime_is_measured_from_the_last_sign_of_life(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = Meeting(SessionStore(paths, clock).create(AGENDA), clock)
    meeting.start()
    clock.advance(100)
    meeting.beat()
    clock.advance(50)
    assert meeting.downtime() == 50
    meeting.discount_downtime(50)
    assert meeting.clock.elapsed(0) == 100
    meeting.toggle_pause()
    clock.advance(500)
    assert meeting.downtime() == 0  # a paused meeting loses no time while away
