"""The run screen's timing policy, driven by a fake clock: what each redraw finds due (saving
again, the heartbeat, the cues) and when the next redraw comes. No sleeping, no screen."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.pacing import (
    BEAT_S,
    CUE_S,
    DOWNTIME_ASK_S,
    MAX_TICK_S,
    RETRY_S,
    Cue,
    Pacing,
    TickResult,
)
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from facilitator.storage.settings import Settings
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Session\n\n## Talk\nDuration: 5 min\n\n## Plan\nDuration: 10 min\n", "session.md"
)


@pytest.fixture
def meeting(paths: DataPaths, clock: FakeClock) -> Iterator[Meeting]:
    meeting = Meeting(SessionStore(paths, clock).create(AGENDA), clock)
    yield meeting
    meeting.close()


def pacing(meeting: Meeting, clock: FakeClock, **settings: object) -> Pacing:
    return Pacing(meeting, Settings(**settings), clock)  # type: ignore[arg-type]


def test_nothing_is_due_before_the_start_but_the_first_heartbeat(
    meeting: Meeting, clock: FakeClock
) -> None:
    pace = pacing(meeting, clock)
    assert pace.tick() == TickResult(beat=True)
    assert pace.tick() == TickResult()


def test_the_heartbeat_is_written_every_few_seconds_while_running(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    pace = pacing(meeting, clock)
    assert pace.tick().beat
    assert meeting.session.last_beat() == clock()
    clock.advance(BEAT_S - 1)
    assert not pace.tick().beat
    clock.advance(1)
    assert pace.tick().beat
    assert meeting.session.last_beat() == clock()


def test_the_warning_and_the_end_are_cued_once_each_per_block(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    pace = pacing(meeting, clock, warning_s=60)
    assert pace.tick().cue is None
    clock.advance(4 * 60 - 1)
    assert pace.tick().cue is None
    clock.advance(1)
    assert pace.tick().cue == Cue("warning", 0, ring=True, lasts_s=CUE_S)
    clock.advance(1)
    assert pace.tick().cue is None  # once
    clock.advance(59)
    assert pace.tick().cue == Cue("over", 0, ring=True)
    clock.advance(30)
    assert pace.tick().cue is None
    meeting.next()
    clock.advance(10 * 60)
    # The next block went past its warning between two redraws: only the end is cued.
    assert pace.tick().cue == Cue("over", 1, ring=True)


def test_going_back_to_a_block_cued_over_does_not_cue_again(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    pace = pacing(meeting, clock, warning_s=60)
    clock.advance(5 * 60)
    assert pace.tick().cue == Cue("over", 0, ring=True)
    meeting.extend(300)  # back before the warning point, then past it again
    assert pace.tick().cue is None
    clock.advance(4 * 60)
    assert pace.tick().cue is None


def test_the_bell_follows_the_setting_and_a_paused_timer_gets_no_cue(
    meeting: Meeting, clock: FakeClock
) -> None:
    meeting.start()
    pace = pacing(meeting, clock, warning_s=60, bell=False)
    clock.advance(4 * 60)
    assert pace.tick().cue == Cue("warning", 0, ring=False)
    clock.advance(60)
    meeting.toggle_pause()
    assert pace.tick().cue is None
    meeting.toggle_pause()
    assert pace.tick().cue is None  # the cue skipped while paused is not given later


def test_refused_writes_are_tried_again_every_few_seconds_until_saved(
    meeting: Meeting, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting.start()
    pace = pacing(meeting, clock)
    pace.tick()
    real_fsync = os.fsync

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed):
        meeting.capture("typed while the disk was full")
    clock.advance(RETRY_S)
    assert not pace.tick().saved_again  # tried, and refused again
    monkeypatch.setattr(os, "fsync", real_fsync)
    clock.advance(RETRY_S - 1)
    assert not pace.tick().saved_again  # too soon to try again
    assert meeting.unsaved
    clock.advance(1)
    assert pace.tick().saved_again
    assert not meeting.unsaved
    clock.advance(RETRY_S)
    assert not pace.tick().saved_again  # said once


def test_the_next_redraw_comes_just_after_the_shown_second_changes(
    meeting: Meeting, clock: FakeClock
) -> None:
    pace = pacing(meeting, clock)
    clock.advance(0.25)  # before the start: the wall clock's second
    assert pace.next_redraw() == pytest.approx(0.755)
    meeting.start()
    clock.advance(0.5)  # running: the countdown's second, 299.5 left
    assert pace.next_redraw() == pytest.approx(0.505)


def test_time_standing_still_means_a_redraw_a_second(meeting: Meeting, clock: FakeClock) -> None:
    meeting.start()
    pace = pacing(meeting, clock)
    # The fake clock does not move: the change looks due now, once; then it is not.
    assert pace.next_redraw() == pytest.approx(0.005)
    assert pace.next_redraw() == MAX_TICK_S
    meeting.toggle_pause()
    clock.advance(0.999)
    assert pace.next_redraw() == pytest.approx(0.006, abs=1e-6)


def test_a_gap_is_asked_about_only_when_long_and_running(
    meeting: Meeting, clock: FakeClock
) -> None:
    pace = pacing(meeting, clock)
    clock.advance(DOWNTIME_ASK_S)
    assert pace.downtime_to_ask() is None  # not started: no time was lost
    meeting.start()
    clock.advance(DOWNTIME_ASK_S - 1)  # since the last save, as after a crash
    assert pace.downtime_to_ask() is None
    clock.advance(1)
    assert pace.downtime_to_ask() == DOWNTIME_ASK_S
    meeting.toggle_pause()
    clock.advance(DOWNTIME_ASK_S)
    assert pace.downtime_to_ask() is None  # a paused meeting loses nothing while away
