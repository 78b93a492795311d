"""The session's snapshot and journal as a user would check them: what was typed comes back
after a kill, damage is found and set aside (never silently cut), the last good copy brings
back what it can, a reader writes nothing, and a save costs one append."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.live import Meeting
from facilitator.storage import journaled
from facilitator.storage.journal import (
    decode_journal,
    decode_snapshot,
    encode_record,
    journal_header,
    journal_path,
)
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import CorruptSessionError, SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda("# Visit\n\n## Welcome\nDuration: 6 min\n", "visit.md")


def typed(paths: DataPaths, clock: FakeClock, *texts: str, close: bool = True) -> Meeting:
    meeting = Meeting(SessionStore(paths, clock).create(AGENDA), clock)
    meeting.start()
    for text in texts:
        meeting.capture(text)
    if close:
        meeting.close()
    return meeting


def texts(paths: DataPaths, clock: FakeClock, session_id: str) -> list[str]:
    session = SessionStore(paths, clock).open(session_id)
    try:
        return [e.text for e in session.entries()]
    finally:
        session.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_save_appends_one_record_and_leaves_the_snapshot_alone(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "first", close=False)
    snapshot = paths.session_file(meeting.session.id)
    before = snapshot.read_bytes()
    journal = journal_path(snapshot)
    records = len(decode_journal(journal.read_bytes()).changes)
    meeting.capture("Anna vērtē godīgumu")
    assert snapshot.read_bytes() == before
    after = decode_journal(journal.read_bytes())
    assert len(after.changes) == records + 1
    (doc,) = after.changes[-1]["entries"].values()
    assert doc is not None and doc["text"] == "Anna vērtē godīgumu"
    meeting.close()
    # Closing folds the journal into the snapshot.
    assert decode_journal(journal.read_bytes()).changes == []
    assert texts(paths, clock, meeting.session.id) == ["first", "Anna vērtē godīgumu"]


def test_a_journal_past_its_threshold_is_compacted(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journaled, "COMPACT_MIN_BYTES", 0)
    meeting = typed(paths, clock, close=False)
    snapshot = paths.session_file(meeting.session.id)
    generations = set()
    for n in range(40):
        meeting.capture(f"note {n} " + "x" * 200)
        generations.add(decode_snapshot(snapshot.read_bytes()).generation)
        # Never much more than a snapshot's worth of journal.
        assert journal_path(snapshot).stat().st_size <= 2 * snapshot.stat().st_size + 1000
    assert len(generations) > 3
    meeting.close()
    assert texts(paths, clock, meeting.session.id) == [f"note {n} " + "x" * 200 for n in range(40)]


def test_a_torn_last_record_is_dropped_and_everything_before_it_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "one", "two", close=False)
    session_id = meeting.session.id
    journal = journal_path(paths.session_file(session_id))
    # Killed while appending the next entry: half its record reached the file.
    entry = meeting.entries()[0]
    record = encode_record({"entries": {"99": {**entry.to_dict(), "text": "never saved"}}})
    with journal.open("ab") as handle:
        handle.write(record[: len(record) // 2])
    journaled_session = meeting.session
    journaled_session._db.storage.close()
    assert journaled_session._lock is not None
    journaled_session._lock.release()  # the process is gone
    assert texts(paths, clock, session_id) == ["one", "two"]
    summaries, problems = SessionStore(paths, clock).summaries()
    assert problems == [] and [s.entry_count for s in summaries] == [2]
    assert not paths.quarantine.exists()
    # The next window goes on writing: its first save compacts away the torn bytes.
    again = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    again.capture("three")
    again.close()
    assert texts(paths, clock, session_id) == ["one", "two", "three"]
    assert not decode_journal(journal.read_bytes()).torn


def test_a_damaged_record_inside_the_journal_is_set_aside_and_the_user_told(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "one", close=False)
    for text in ("two", "three", "four"):
        meeting.capture(text)
    session_id = meeting.session.id
    meeting.session._db.storage.close()
    assert meeting.session._lock is not None
    meeting.session._lock.release()
    journal = journal_path(paths.session_file(session_id))
    raw = journal.read_bytes()
    at = raw.index(b"three")
    damaged = raw[:at] + b"thrEe" + raw[at + 5 :]  # one byte changed, not at the end
    journal.write_bytes(damaged)

    session = SessionStore(paths, clock).open(session_id, write=True)
    recovery = session.recovery
    assert recovery is not None and "journal is damaged" in recovery.reason
    # The records before the damage are kept; the damaged journal is kept whole.
    assert [e.text for e in session.entries()] == ["one", "two"]
    assert recovery.moved_to is not None and recovery.moved_to.read_bytes() == damaged
    assert recovery.moved_to.parent == paths.quarantine
    assert "damaged" in recovery.describe()
    session.close()
    assert SessionStore(paths, clock).summaries()[1] == []  # told once, then sound


def test_a_byte_changed_in_an_entry_of_the_snapshot_is_found_and_the_copy_used(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "Anna values honesty", "Meet every Tuesday")
    session_id = meeting.session.id
    reopened = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    reopened.capture("after the break")
    session_id = reopened.session.id
    reopened.session._db.storage.close()  # killed: the journal holds the last entry
    assert reopened.session._lock is not None
    reopened.session._lock.release()
    snapshot = paths.session_file(session_id)
    raw = snapshot.read_bytes()
    at = raw.index(b"honesty")
    snapshot.write_bytes(raw[:at] + b"h0nesty" + raw[at + 7 :])  # valid JSON still

    session = SessionStore(paths, clock).open(session_id, write=True)
    recovery = session.recovery
    assert recovery is not None and "checksum" in recovery.reason
    assert recovery.moved_to is not None and b"h0nesty" in recovery.moved_to.read_bytes()
    # The last good copy and its journal, then the damaged snapshot's journal: all of it.
    assert [e.text for e in session.entries()] == [
        "Anna values honesty",
        "Meet every Tuesday",
        "after the break",
    ]
    Meeting(session, clock).close()
    assert texts(paths, clock, session_id)[-1] == "after the break"


def test_a_session_with_no_good_copy_left_is_set_aside_whole(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "only", close=False)  # never compacted: no copy yet
    session_id = meeting.session.id
    meeting.session._db.storage.close()
    assert meeting.session._lock is not None
    meeting.session._lock.release()
    snapshot = paths.session_file(session_id)
    snapshot.write_bytes(snapshot.read_bytes()[:-3])
    with pytest.raises(CorruptSessionError, match="header says"):
        SessionStore(paths, clock).open(session_id)
    kept = sorted(p.suffix for p in paths.quarantine.iterdir())
    assert kept == [".journal", ".json"]  # the snapshot and its journal, both kept
    assert not snapshot.exists() and not journal_path(snapshot).exists()


def test_a_journal_older_than_its_snapshot_is_never_replayed(
    paths: DataPaths, clock: FakeClock
) -> None:
    """A compaction killed after its new snapshot and before its new journal: the old
    journal's changes are in the snapshot; replayed again they would bring back a
    deleted entry."""
    meeting = typed(paths, clock, "kept", "deleted later", close=False)
    session_id = meeting.session.id
    journal = journal_path(paths.session_file(session_id))
    meeting.delete(meeting.entries()[1].id)
    stale = journal.read_bytes()  # holds the entry's insert and its deletion
    meeting.close()  # compacts: a new snapshot and a new journal
    journal.write_bytes(stale)  # as if killed before the new journal replaced it
    assert (
        decode_journal(stale).generation
        < decode_snapshot(paths.session_file(session_id).read_bytes()).generation
    )
    session = SessionStore(paths, clock).open(session_id, write=True)
    assert session.recovery is None
    assert [e.text for e in session.entries()] == ["kept"]
    Meeting(session, clock).capture("next")  # its first save starts a fresh journal
    session.close()
    assert texts(paths, clock, session_id) == ["kept", "next"]


def test_a_reader_writes_nothing_even_with_a_torn_or_stale_journal(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = typed(paths, clock, "one", "two", close=False)
    session_id = meeting.session.id
    journal = journal_path(paths.session_file(session_id))
    with journal.open("ab") as handle:
        handle.write(b"123 0000")  # a torn record
    before = files(paths.sessions)
    read = journaled.reader_for(paths.session_file(session_id))()
    assert read is not None and len(read["entries"]) == 2
    session = SessionStore(paths, clock).open(session_id)  # read-only, as a follower
    assert [e.text for e in session.entries()] == ["one", "two"]
    session.close()
    assert files(paths.sessions) == before


def test_a_new_journal_header_of_another_generation_is_not_mixed_in(
    paths: DataPaths, clock: FakeClock
) -> None:
    """A journal of a newer generation than its snapshot (an older snapshot put back by
    hand) belongs to another copy: set aside, never replayed onto this one."""
    meeting = typed(paths, clock, "one")
    session_id = meeting.session.id
    snapshot = paths.session_file(session_id)
    generation = decode_snapshot(snapshot.read_bytes()).generation
    entry = meeting.entries()[0]
    journal = journal_path(snapshot)
    journal.write_bytes(
        journal_header(generation + 1)
        + encode_record({"entries": {"7": {**entry.to_dict(), "text": "foreign"}}})
    )
    session = SessionStore(paths, clock).open(session_id)
    assert session.recovery is not None and "another copy" in session.recovery.reason
    assert [e.text for e in session.entries()] == ["one"]
    session.close()
    assert not journal.exists()
    assert list(paths.quarantine.glob("*.journal"))


def test_the_fsync_of_a_save_is_one_and_only_one(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = typed(paths, clock, "first", close=False)
    calls: list[int] = []
    real = os.fsync

    def counted(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counted)
    meeting.session.put_entry(meeting.entries()[0])
    assert len(calls) == 1
    meeting.close()


def test_a_reader_racing_a_compaction_reads_a_sound_pair_and_sets_nothing_aside(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window lists the sessions while this one writes: a compaction between the
    reader's read of the snapshot and of the journal must not look like damage."""
    from facilitator.storage import guarded

    writer = typed(paths, clock, "one", "two", close=False)
    snapshot = paths.session_file(writer.session.id)
    real = guarded._read_regular
    compacted: list[bool] = []

    def racing(path: Path) -> Any:
        found = real(path)
        if Path(path) == snapshot and not compacted:
            compacted.append(True)
            storage = writer.session._db.storage
            assert isinstance(storage, journaled.JournalStorage)
            storage.compact()  # the other window compacts right now
        return found

    monkeypatch.setattr(guarded, "_read_regular", racing)
    reader = SessionStore(paths, clock).open(writer.session.id)
    assert compacted and reader.recovery is None
    assert [e.text for e in reader.entries()] == ["one", "two"]
    reader.close()
    monkeypatch.setattr(guarded, "_read_regular", real)
    assert not paths.quarantine.exists()
    writer.capture("three")  # the writer's journal is untouched: it goes on
    writer.close()
    assert texts(paths, clock, writer.session.id) == ["one", "two", "three"]
