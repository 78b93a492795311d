"""The capture line's draft (issue 15, item 4): written a moment after the last key, on
the injected clock (no sleeping), in a file of its own, gone when the line is sent or
emptied; a meeting closed with a line half typed keeps it for the next resume."""

from __future__ import annotations

import errno
import json
import os

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.draft import DELAY_S, Draft, DraftKeeper
from facilitator.meeting.live import Meeting
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda("# Session\n\n## Talk\nDuration: 5 min\n", "session.md")


@pytest.fixture
def keeper(paths: DataPaths, clock: FakeClock) -> DraftKeeper:
    return DraftKeeper(paths.session_draft("s1"), clock)


def test_the_draft_is_written_a_moment_after_the_last_key(
    keeper: DraftKeeper, paths: DataPaths, clock: FakeClock
) -> None:
    path = paths.session_draft("s1")
    keeper.changed("Anna")
    assert keeper.due_in() == pytest.approx(DELAY_S)
    clock.advance(DELAY_S / 2)
    keeper.changed("Anna v")  # another key: the moment moves on
    clock.advance(DELAY_S / 2)
    assert not keeper.write_if_due() and not path.exists()
    assert keeper.due_in() == pytest.approx(DELAY_S / 2)
    clock.advance(DELAY_S / 2)
    assert keeper.write_if_due()
    assert json.loads(path.read_text("ascii"))["text"] == "Anna v"
    assert keeper.due_in() is None and not keeper.write_if_due()
    keeper.changed("Anna v")  # the same line again: nothing to write
    assert keeper.due_in() is None


def test_the_draft_goes_when_the_line_is_sent_or_emptied(
    keeper: DraftKeeper, paths: DataPaths, clock: FakeClock
) -> None:
    path = paths.session_draft("s1")
    keeper.changed("! a decision")
    clock.advance(DELAY_S)
    keeper.write_if_due()
    keeper.sent()
    assert not path.exists()
    keeper.changed("typed again")
    clock.advance(DELAY_S)
    keeper.write_if_due()
    keeper.changed("")  # emptied: at once, no waiting
    assert not path.exists() and keeper.due_in() is None


def test_a_draft_is_read_back_whatever_it_holds(
    keeper: DraftKeeper, paths: DataPaths, clock: FakeClock
) -> None:
    keeper.changed("~ Līga \ud800 slepeni", confidential=True)
    clock.advance(DELAY_S)
    assert keeper.write_if_due()
    again = DraftKeeper(paths.session_draft("s1"), clock)
    assert again.load() == Draft("~ Līga \ud800 slepeni", True)
    paths.session_draft("s1").write_text("{half a fi")
    assert again.load() is None


def test_a_refused_draft_stays_in_memory_and_is_written_later(
    keeper: DraftKeeper, paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    keeper.changed("kept anyway")
    clock.advance(DELAY_S)
    assert not keeper.write_if_due() and keeper.failed
    assert keeper.due_in() == 0
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert keeper.write_if_due() and not keeper.failed
    assert keeper.load() == Draft("kept anyway")


def test_a_meeting_closed_with_a_line_half_typed_keeps_it(
    paths: DataPaths, clock: FakeClock
) -> None:
    store = SessionStore(paths, clock)
    meeting = Meeting(store.create(AGENDA), clock, paths)
    session_id = meeting.session.id
    meeting.draft.changed("half typed")
    meeting.close()  # before the moment came: written on the way out
    assert json.loads(paths.session_draft(session_id).read_text("ascii"))["text"] == "half typed"
    # Not in the session file, which knows nothing of drafts.
    assert "half typed" not in paths.session_file(session_id).read_text("utf-8")
    again = Meeting(store.open(session_id, write=True), clock, paths)
    assert again.draft.load() == Draft("half typed")
    again.session.close()


def test_a_draft_saved_as_an_entry_before_a_crash_is_not_put_back(
    paths: DataPaths, clock: FakeClock
) -> None:
    """A kill between the entry's write and the draft's removal leaves both: the entry
    wins, and the line is not offered again."""
    store = SessionStore(paths, clock)
    meeting = Meeting(store.create(AGENDA), clock, paths)
    session_id = meeting.session.id
    meeting.draft.changed("! sent just before the crash")
    clock.advance(DELAY_S)
    meeting.draft.write_if_due()
    meeting.capture("! sent just before the crash")  # the draft file is still there
    meeting.session.close()
    again = Meeting(store.open(session_id, write=True), clock, paths)
    assert again.draft_to_restore() is None
    assert not paths.session_draft(session_id).exists()
    again.draft.changed("a different line")
    clock.advance(DELAY_S)
    again.draft.write_if_due()
    assert again.draft_to_restore() == Draft("a different line", at=clock())
    again.session.close()


def test_a_kill_in_the_middle_of_a_draft_write_leaves_nothing_behind(
    keeper: DraftKeeper, paths: DataPaths
) -> None:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    leftover = paths.sessions / ".s1.draft.abc123.tmp"
    leftover.write_text('{"text": "half')
    assert keeper.load() is None
    assert not leftover.exists()
