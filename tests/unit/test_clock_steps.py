"""Clock operations as steps: each says what it did, goes on the one undo stack with the
entries' changes, and is logged in the session file with its undo; blocks passed over are
skipped, and the minutes say how a skipped block that ran ended."""

from __future__ import annotations

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.i18n import set_language
from facilitator.meeting.clock import BlockStatus, ClockError
from facilitator.meeting.live import Meeting
from facilitator.storage.journaled import reader_for
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Session\n\n## Welcome\nDuration: 10 min\n\n## Goals\nDuration: 20 min\n\n"
    "## Plan\nDuration: 20 min\n\n## Close\nDuration: 10 min\n",
    "session.md",
)


@pytest.fixture
def meeting(paths: DataPaths, clock: FakeClock) -> Meeting:
    return Meeting(SessionStore(paths, clock).create(AGENDA), clock)


def stored_state(meeting: Meeting, paths: DataPaths) -> dict[str, object]:
    """The clock state a fresh reader of the session file sees."""
    data = reader_for(paths.session_file(meeting.session.id))()  # snapshot and journal
    assert data is not None
    (doc,) = data["clock"].values()
    return dict(doc["state"])


def test_every_step_says_what_it_did(meeting: Meeting, clock: FakeClock) -> None:
    assert meeting.start() == 'Started with block 1 "Welcome". Ctrl+Z takes it back.'
    assert meeting.toggle_pause() == 'Paused in block 1 "Welcome": Ctrl+T resumes.'
    assert meeting.toggle_pause() == 'Block 1 "Welcome" runs again.'
    assert meeting.extend(300) == 'Added 5 min to block 1 "Welcome". Ctrl+Z takes it back.'
    assert meeting.extend(-60) == 'Took 1 min from block 1 "Welcome". Ctrl+Z takes it back.'
    assert meeting.next() == 'On to block 2 "Goals". Ctrl+Z takes it back.'
    assert meeting.previous() == 'Back to block 1 "Welcome". Ctrl+Z takes it back.'
    assert meeting.skip() == 'Skipped block 1 "Welcome". Ctrl+Z takes it back.'
    assert meeting.go_to(1) == 'The meeting is in block 2 "Goals" already.'
    assert meeting.go_to(3) == (
        'Went to block 4 "Close"; the block passed over is skipped. Ctrl+Z takes it back.'
    )
    assert meeting.finish() == (
        "The meeting has finished. Ctrl+O exports the minutes. Ctrl+Z takes it back."
    )


def test_steps_speak_latvian_too(meeting: Meeting) -> None:
    set_language("lv")
    assert meeting.start() == "Tikšanās sākta ar daļu 1 „Welcome”. Ctrl+Z to atsauc."
    assert meeting.skip() == "Daļa 1 „Welcome” izlaista. Ctrl+Z to atsauc."
    assert meeting.undo() == "Atsaukta izlaišana. Atkal daļā 1 „Welcome”."


def test_a_refused_step_is_neither_kept_nor_logged(meeting: Meeting) -> None:
    with pytest.raises(ClockError):
        meeting.skip()
    assert not meeting.can_undo and meeting.clock_log == []


def test_undo_takes_back_clock_steps_and_entry_changes_newest_first(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    note = meeting.capture("we agree on Tuesdays")
    clock.advance(120)
    meeting.skip()
    meeting.delete(note.id)
    meeting.extend(300)
    assert meeting.undo() == 'Undone: +5 min for block 2 "Goals".'
    assert meeting.clock.blocks[1].extra_s == 0
    assert meeting.undo() == "Undone: deleted (we agree on Tuesdays)"
    clock.advance(30)
    assert meeting.undo() == 'Undone: the skip. Back in block 1 "Welcome".'
    clock_ = meeting.clock
    assert clock_.current == 0 and clock_.blocks[1].status is BlockStatus.PENDING
    # The half minute since the skip belongs to the block that was never really left.
    assert clock_.elapsed(0) == 150 and clock_.elapsed(1) == 0
    assert meeting.undo() == "Undone: the start. The meeting has not started."
    assert not clock_.started and meeting.undo() is None


def test_undoing_a_finish_or_a_pause_lets_the_time_run_on(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    clock.advance(60)
    meeting.finish()
    clock.advance(60)
    assert meeting.undo() == 'Undone: finishing. Back in block 1 "Welcome".'
    assert not meeting.clock.finished and meeting.clock.running
    assert meeting.clock.elapsed(0) == 120
    meeting.toggle_pause()
    clock.advance(60)
    assert meeting.undo() == 'Undone: the pause. Block 1 "Welcome" runs on.'
    assert meeting.clock.elapsed(0) == 180


def test_the_file_logs_each_step_and_its_undo_and_a_resume_is_in_the_undone_state(
    meeting: Meeting, paths: DataPaths, clock: FakeClock
) -> None:
    meeting.start()
    clock.advance(60)
    meeting.skip()
    clock.advance(10)
    meeting.undo()
    state = stored_state(meeting, paths)
    log = state["log"]
    assert isinstance(log, list)
    assert [(e["do"], e["block"]) for e in log] == [("start", 0), ("skip", 0), ("undo", 0)]
    assert log[-1]["undid"] == "skip" and log[-1]["at"] == clock.t
    # The app dies here; the session opened again is where the undo left it.
    again = Meeting(SessionStore(paths, clock).open(meeting.session.id, write=False), clock)
    assert again.clock.current == 0
    assert again.clock.blocks[1].status is BlockStatus.PENDING
    assert again.clock_log == log
    assert "This block was skipped" not in again.writer().minutes()


def test_a_damaged_log_is_left_out_not_fatal(meeting: Meeting, paths: DataPaths) -> None:
    meeting.start()
    state = meeting.session.clock_state()
    assert state is not None
    state["log"] = ["not an event", {"do": "skip"}]
    meeting.session.save_clock(state)
    again = Meeting(meeting.session, meeting.now)
    assert again.clock_log == [{"do": "skip"}]
    state["log"] = "nonsense"
    meeting.session.save_clock(state)
    assert Meeting(meeting.session, meeting.now).clock_log == []


def test_go_to_skips_the_blocks_passed_over_and_the_minutes_say_so(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    clock.advance(600)
    meeting.go_to(3)
    statuses = [b.status for b in meeting.clock.blocks]
    assert statuses == [
        BlockStatus.DONE,
        BlockStatus.SKIPPED,
        BlockStatus.SKIPPED,
        BlockStatus.CURRENT,
    ]
    meeting.go_to(1)  # going back over a block does not touch it
    assert meeting.clock.blocks[2].status is BlockStatus.SKIPPED
    meeting.go_to(3)
    meeting.finish()
    minutes = meeting.writer().minutes()
    assert "not reached" not in minutes
    assert minutes.count("_This block was skipped._") == 1  # Plan; Goals was run after all


def test_starting_at_a_later_block_skips_those_before(
    meeting: Meeting, paths: DataPaths, clock: FakeClock
) -> None:
    said = meeting.start(2)
    assert said == (
        'Started with block 3 "Plan"; the 2 blocks before it are skipped. Ctrl+Z takes it back.'
    )
    assert [b.status for b in meeting.clock.blocks][:3] == [
        BlockStatus.SKIPPED,
        BlockStatus.SKIPPED,
        BlockStatus.CURRENT,
    ]
    other = Meeting(SessionStore(paths, clock).create(AGENDA), clock)
    with pytest.raises(ClockError, match="there is no block 9"):
        other.start(8)
    assert not other.clock.started and not other.can_undo


def test_the_minutes_say_a_skipped_block_that_ran_was_cut_short_and_list_its_entries(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    meeting.capture("! Meet every Tuesday")
    meeting.capture("+ Send the plan @Anna")
    clock.advance(4 * 60 + 10)
    meeting.skip()
    meeting.capture("a note in Goals")
    meeting.skip()  # at once: nothing ran, but it recorded something
    clock.advance(5)
    meeting.skip()  # five seconds, nothing recorded: just skipped
    meeting.finish()
    minutes = meeting.writer().minutes()
    welcome = minutes.split("## 1. Welcome")[1].split("## 2.")[0]
    assert "_This block was cut short after 4 min and then skipped._" in welcome
    assert "**Decision:** Meet every Tuesday" in welcome
    assert "Send the plan (Anna)" in welcome
    goals = minutes.split("## 2. Goals")[1].split("## 3.")[0]
    assert "cut short after less than a minute and then skipped" in goals
    assert "a note in Goals" in goals
    plan = minutes.split("## 3. Plan")[1].split("## 4.")[0]
    assert "_This block was skipped._" in plan
    set_language("lv")  # the documents follow the session's language, not the UI's
    assert "cut short after 4 min" in meeting.writer().minutes()
