"""Sessions on disk: real TinyDB files, written atomically, damaged files set aside."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import EntryKind, MeetingDetails
from facilitator.storage.lock import SessionLock, SessionLocked
from facilitator.storage.migration import SCHEMA_VERSION, NewerSchemaError
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import CorruptSessionError, SessionNotFound, SessionStore
from tests.helpers import FakeClock, session_tables, write_session_tables

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
    raw = session_tables(file)
    assert raw["meta"]["1"]["schema"] == SCHEMA_VERSION == 5
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
    files = [f"{session.id}.json", f"{session.id}.json.journal"]
    assert sorted(os.listdir(paths.sessions)) == [*files, f"{session.id}.lock"]
    meeting.close()  # compacted: the snapshot before it is the last good copy, with its journal
    copy = [f"{session.id}.json.prev", f"{session.id}.json.prev.journal"]
    assert sorted(os.listdir(paths.sessions)) == sorted([*files, *copy])


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
         "import sys; from pathlib import Path; from facilitator.storage.lock import SessionLock; "
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
    raw = session_tables(file)
    raw["entries"]["1"]["kind"] = "todo"
    write_session_tables(file, raw)
    paths.session_backup(session.id).unlink()  # no last good copy to fall back on
    summaries, damaged = store.summaries()
    assert summaries == []
    assert "'todo' is not a valid EntryKind" in str(damaged[0])
    problem = damaged[0]
    assert isinstance(problem, CorruptSessionError)
    assert problem.moved_to is not None and problem.moved_to.exists()


def test_a_damaged_file_gives_way_to_its_last_good_copy(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    meeting = Meeting(session, clock)
    meeting.start()
    meeting.capture("first")
    meeting.capture("second")
    meeting.close()
    file = paths.session_file(session.id)
    damaged_bytes = file.read_bytes()[:-40]  # a truncated file
    file.write_bytes(damaged_bytes)

    reopened = store.open(session.id, write=True)
    recovery = reopened.recovery
    assert recovery is not None
    assert [e.text for e in reopened.entries()] == ["first", "second"]
    # The damaged file is kept as it was, and the user is told what may be missing.
    assert recovery.moved_to is not None and recovery.moved_to.read_bytes() == damaged_bytes
    assert "last good copy" in recovery.describe()
    assert "may be missing" in recovery.describe()
    # The session goes on: the next entry lands in the restored file.
    Meeting(reopened, clock).capture("third")
    reopened.close()
    again = store.open(session.id)
    assert [e.text for e in again.entries()] == ["first", "second", "third"]
    assert again.recovery is None


def test_the_session_list_says_a_file_was_restored(paths: DataPaths, clock: FakeClock) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    Meeting(session, clock).capture("kept")
    session.close()
    paths.session_file(session.id).write_text("{", encoding="utf-8")
    summaries, problems = store.summaries()
    assert [s.id for s in summaries] == [session.id]
    assert len(problems) == 1 and "last good copy" in str(problems[0])


def test_when_the_copy_is_damaged_too_both_are_kept_and_nothing_opens(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    Meeting(session, clock).capture("kept")
    session.close()
    paths.session_file(session.id).write_text("{", encoding="utf-8")
    paths.session_backup(session.id).write_text("[]", encoding="utf-8")
    with pytest.raises(CorruptSessionError):
        store.open(session.id)
    assert sorted(p.read_text() for p in paths.quarantine.glob("*.json")) == ["[]", "{"]
    assert [p.suffix for p in paths.quarantine.glob("*.journal")] == [".journal"]  # its own
    assert not paths.session_file(session.id).exists()


def test_writing_an_entry_twice_stores_it_once(paths: DataPaths, clock: FakeClock) -> None:
    session = SessionStore(paths, clock).create(AGENDA)
    entry = Meeting(session, clock).capture("once")
    session.put_entry(entry)
    assert [e.text for e in session.entries()] == ["once"]


V1_FILE = Path(__file__).parent.parent / "data" / "session-v1.json"
"""A session written by the first release (schema 1), kept as it was."""


def _install_v1(paths: DataPaths) -> str:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    session_id = "20261123-1400-getting-to-know-lv"
    shutil.copy(V1_FILE, paths.session_file(session_id))
    return session_id


def test_an_older_file_is_read_without_being_changed(paths: DataPaths, clock: FakeClock) -> None:
    session_id = _install_v1(paths)
    session = SessionStore(paths, clock).open(session_id)
    assert session.migrated_from == 1
    assert session.info.date == "2026-11-23"
    assert session.info.mentee_city == ""
    texts = [e.text for e in session.entries()]
    assert texts == [
        "Anna novērtē godīgumu",
        "Tiekamies katru otro pirmdienu",
        "Sagatavot SVID analīzi",
        "Kurš sazināsies ar skolu?",
    ]
    assert paths.session_file(session_id).read_bytes() == V1_FILE.read_bytes()


def test_an_older_file_opened_for_writing_is_migrated_and_its_original_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = _install_v1(paths)
    store = SessionStore(paths, clock)
    session = store.open(session_id, write=True)
    meeting = Meeting(session, clock)
    assert meeting.clock.started  # the clock state came through
    meeting.capture("after the upgrade")
    meeting.close()
    kept = paths.migrated / f"{session_id}.v1.json"
    assert kept.read_bytes() == V1_FILE.read_bytes()
    raw = session_tables(paths.session_file(session_id))
    assert raw["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert raw["meta"]["1"]["date"] == "2026-11-23"
    reopened = store.open(session_id)
    assert reopened.migrated_from is None
    action = next(e for e in reopened.entries() if e.kind is EntryKind.ACTION)
    assert action.action is not None and action.action.lead == "Jānis"
    assert reopened.entries()[-1].text == "after the upgrade"


def test_a_file_from_a_newer_app_is_left_alone(paths: DataPaths, clock: FakeClock) -> None:
    session_id = _install_v1(paths)
    file = paths.session_file(session_id)
    raw = json.loads(file.read_text(encoding="utf-8"))
    raw["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    file.write_text(json.dumps(raw), encoding="utf-8")
    before = file.read_bytes()
    store = SessionStore(paths, clock)
    with pytest.raises(NewerSchemaError, match="newer version"):
        store.open(session_id, write=True)
    summaries, problems = store.summaries()
    assert summaries == [] and isinstance(problems[0], NewerSchemaError)
    assert file.read_bytes() == before
    assert not paths.quarantine.exists()


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


def test_temporary_files_a_crash_left_are_removed_by_the_next_writer(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    session = store.create(AGENDA)
    Meeting(session, clock).capture("kept")
    session.close()
    name = paths.session_file(session.id).name
    leftovers = [paths.sessions / f".{name}.k3j2.tmp", paths.sessions / f".{name}.prev.77.tmp"]
    for leftover in leftovers:
        leftover.write_text('{"half": ', encoding="utf-8")  # never promoted to the copy
    good_copy = paths.session_backup(session.id).read_bytes()
    other = paths.sessions / ".someone-else.json.x.tmp"
    other.write_text("", encoding="utf-8")
    assert [s.id for s in store.summaries()[0]] == [session.id]  # never in the way
    reopened = store.open(session.id, write=True)
    assert not any(p.exists() for p in leftovers)
    assert paths.session_backup(session.id).read_bytes() == good_copy
    assert other.exists()  # another session's business
    assert [e.text for e in reopened.entries()] == ["kept"]
    reopened.close()


def test_a_new_session_never_lands_in_a_file_another_process_just_made(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    # Another window is creating a session on the same agenda in the same minute: it
    # holds the lock of the id and its file is not there yet.
    other = SessionLock(paths.session_lock("20261123-1400-visit"))
    other.acquire()
    mine = store.create(AGENDA)
    assert mine.id == "20261123-1400-visit-2"
    mine.close()
    other.release()

    # It made its file and let go between our look for a free id and our lock.
    theirs = store.create(AGENDA, MeetingDetails("Theirs"))
    theirs.close()
    before = paths.session_file(theirs.id).read_bytes()

    class LateToLook(SessionStore):
        looked = False

        def _new_id(self, agenda_id: str, created: float, passed: Collection[str] = ()) -> str:
            if not self.looked:
                self.looked = True
                return theirs.id  # what it found free a moment before
            return super()._new_id(agenda_id, created, passed)

    late = LateToLook(paths, clock).create(AGENDA, MeetingDetails("Mine"))
    assert late.id not in (theirs.id, mine.id)
    late.close()
    assert paths.session_file(theirs.id).read_bytes() == before
    assert store.open(theirs.id).info.title == "Theirs"
