"""Sessions on disk: real TinyDB files, written atomically, damaged files set aside."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting import Meeting
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
    assert sorted(os.listdir(paths.sessions)) == [f"{session.id}.json"]


def test_a_failed_write_raises_and_keeps_the_old_file(
    paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore(paths, clock).create(AGENDA)
    meeting = Meeting(session, clock)
    meeting.capture("before")
    before = paths.session_file(session.id).read_bytes()

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        meeting.capture("after")
    assert paths.session_file(session.id).read_bytes() == before
    assert [p.name for p in Path(paths.sessions).iterdir()] == [f"{session.id}.json"]


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
