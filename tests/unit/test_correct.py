"""Correcting a finished meeting: any block, its entries and a wrong skip; the recorded
times stay, and the minutes say when it was last corrected."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.meeting.clock import BlockStatus, ClockError
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import EntryKind, MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock


def finished(paths: DataPaths, clock: FakeClock, language: str = "en") -> str:
    agenda = AgendaLibrary.discover(paths).find(f"getting-to-know-{language}")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails()), clock)
    meeting.start()
    clock.advance(200)
    meeting.capture("Anna values honesty")
    meeting.next()
    meeting.skip()
    clock.advance(300)
    meeting.finish()
    meeting.capture("Closing words")  # after the finish, the same sitting: no correction
    assert "Corrected" not in meeting.writer().minutes()
    session_id = meeting.session.id
    meeting.close()
    return session_id


def test_a_reopened_meeting_is_corrected_in_any_block(paths: DataPaths, clock: FakeClock) -> None:
    session_id = finished(paths, clock)
    clock.advance(20 * 3600)  # the next morning, 24 Nov 2026 10:08
    store = SessionStore(paths, clock)
    meeting = Meeting(store.open(session_id, write=True), clock)
    times = meeting.clock.to_dict()
    assert meeting.shown_block == 4
    said = meeting.view_block(0)
    assert said.startswith('Correcting block 1 "Introductions and values"')
    assert meeting.shown_block == 0
    (note,) = meeting.entries(0)
    meeting.set_kind(note.id, EntryKind.DECISION)
    meeting.capture("Jānis prefers mornings")  # a line forgotten at the time, in block 1
    meeting.view_block(1)
    assert "F8 takes the skip back" in meeting.view_block(1)
    meeting.unskip(1)
    with pytest.raises(ClockError, match="was not skipped"):
        meeting.unskip(1)
    after = meeting.clock.to_dict()
    assert after["finished_at"] == times["finished_at"]
    assert [b["spent_s"] for b in after["blocks"]] == [b["spent_s"] for b in times["blocks"]]
    assert meeting.clock.blocks[1].status is BlockStatus.DONE
    minutes = meeting.writer().minutes()
    meeting.close()
    block1 = minutes.split("## 1. Introductions and values\n", 1)[1].split("\n## ", 1)[0]
    assert "**Decision:** Anna values honesty" in block1 and "Jānis prefers mornings" in block1
    assert "_Corrected on 24 Nov 2026 at 10:08._" in minutes
    assert "This block was skipped" not in minutes
    # Stored: the correction's time, and the block held.
    again = Meeting(SessionStore(paths, clock).open(session_id), clock)
    assert again.session.info.corrected_at == clock()
    assert again.clock.blocks[1].status is BlockStatus.DONE
    assert "_Corrected on 24 Nov 2026 at 10:08._" in again.writer().minutes()
    again.close()


def test_looking_is_not_correcting_and_undo_puts_the_skip_back(
    paths: DataPaths, clock: FakeClock
) -> None:
    session_id = finished(paths, clock, "lv")
    meeting = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    meeting.view_block(3)
    assert "Labots" not in meeting.writer().minutes()  # gone to, nothing changed
    meeting.view_block(1)
    meeting.unskip(1)
    assert meeting.undo() == 'Undone: block 2 "Attieksme un gaidas" is skipped again.'
    assert meeting.clock.blocks[1].status is BlockStatus.SKIPPED
    assert "Labots 23.11.2026. plkst. 14:08." in meeting.writer().minutes()
    meeting.close()
