"""The session clock: time derived from an injected clock, never from ticks."""

from __future__ import annotations

import pytest

from facilitator.agenda.model import Duration
from facilitator.i18n import set_language
from facilitator.meeting.clock import BlockStatus, ClockError, SessionClock, TimeState
from facilitator.meeting.readout import (
    describe_drift,
    describe_gap,
    describe_schedule,
    format_countdown,
)
from tests.helpers import FakeClock

SIX = Duration(360, 360)


def make(clock: FakeClock, *durations: Duration) -> SessionClock:
    return SessionClock(list(durations) or [SIX] * 5, clock)


def test_remaining_time_counts_down_from_the_planned_time(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    clock.advance(100)
    assert engine.remaining() == 260
    assert engine.state() is TimeState.ON_TIME
    clock.advance(205)
    assert engine.state() is TimeState.LAST_MINUTE
    clock.advance(100)
    assert engine.remaining() == -45
    assert engine.state() is TimeState.OVER


def test_ranged_blocks_report_before_and_inside_the_range(clock: FakeClock) -> None:
    engine = make(clock, Duration(600, 900))
    engine.start()
    clock.advance(599)
    assert engine.state() is TimeState.BEFORE_MIN
    clock.advance(1)
    assert engine.state() is TimeState.IN_RANGE
    clock.advance(301)
    assert engine.state() is TimeState.OVER


def test_pauses_never_count(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    clock.advance(60)
    engine.pause()
    clock.advance(3600)
    assert engine.elapsed(0) == 60
    engine.resume()
    clock.advance(30)
    assert engine.elapsed(0) == 90
    assert engine.running_time() == 90


def test_missed_ticks_change_nothing(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    clock.advance(7200)  # a laptop asleep for two hours: no redraw happened at all
    assert engine.elapsed(0) == 7200
    assert engine.remaining() == 360 - 7200


def test_next_records_actual_times_and_finishes_after_the_last(clock: FakeClock) -> None:
    engine = make(clock, SIX, SIX)
    engine.start()
    clock.advance(400)
    engine.next()
    assert engine.blocks[0].status is BlockStatus.DONE
    assert engine.current == 1
    clock.advance(200)
    engine.next()
    assert engine.finished
    assert [engine.elapsed(i) for i in range(2)] == [400, 200]
    with pytest.raises(ClockError):
        engine.next()


def test_drift_and_projected_end(clock: FakeClock) -> None:
    engine = make(clock, SIX, SIX, SIX)
    engine.start()
    start = clock.t
    assert engine.scheduled_end() == start + 1080
    clock.advance(480)  # two minutes over in block 1
    assert engine.drift() == pytest.approx(120)
    assert describe_drift(engine.drift()) == "2 min behind"
    engine.next()
    clock.advance(60)
    assert engine.projected_end() == pytest.approx(clock.t + 300 + 360)
    assert engine.drift() == pytest.approx(120)


def test_skip_keeps_the_block_in_the_record(clock: FakeClock) -> None:
    engine = make(clock, SIX, SIX, SIX)
    engine.start()
    engine.skip()
    assert engine.blocks[0].status is BlockStatus.SKIPPED
    assert engine.current == 1
    engine.previous()
    engine.next()
    assert engine.current == 1  # forward again lands on block 2, skipping nothing else


def test_state_survives_a_round_trip_through_storage(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    clock.advance(90)
    engine.next()
    clock.advance(30)
    engine.extend(60)
    restored = SessionClock.from_dict(engine.to_dict(), clock)
    clock.advance(10)
    assert restored.current == 1
    assert restored.elapsed(0) == 90
    assert restored.elapsed(1) == 40
    assert restored.remaining() == 360 + 60 - 40


def test_operations_that_do_not_apply_raise_clock_errors(clock: FakeClock) -> None:
    engine = make(clock)
    with pytest.raises(ClockError):
        engine.next()
    with pytest.raises(ClockError):
        engine.pause()
    engine.start()
    with pytest.raises(ClockError):
        engine.start()
    with pytest.raises(ClockError):
        engine.previous()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (360, "06:00"),
        (359.2, "06:00"),
        (0.4, "00:01"),
        (0, "00:00"),
        (-42.7, "+00:42"),
        (3725, "1:02:05"),
    ],
)
def test_countdown_text(seconds: float, shown: str) -> None:
    assert format_countdown(seconds) == shown


def test_going_back_does_not_make_the_meeting_look_ahead(clock: FakeClock) -> None:
    ten = Duration(600, 600)
    engine = make(clock, ten, ten, ten)
    engine.start()
    clock.advance(600)
    engine.next()
    clock.advance(60)
    engine.previous()  # block 2 still has 9 minutes to run: nothing is late yet
    assert engine.drift() == pytest.approx(0)
    clock.advance(60)  # a minute of overtime in block 1
    assert engine.drift() == pytest.approx(60)
    engine.next()
    assert engine.current == 1
    assert engine.drift() == pytest.approx(60)


def test_running_time_is_the_sum_of_block_times(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    for step in (30, 400, 5, 90):
        clock.advance(step)
        engine.next()
    engine.pause()
    clock.advance(1000)
    engine.resume()
    clock.advance(12)
    assert engine.running_time() == pytest.approx(30 + 400 + 5 + 90 + 12)
    assert sum(engine.elapsed(i) for i in range(5)) == engine.running_time()


def test_rebalance_shrinks_ranged_blocks_first_and_never_below_their_minimum(
    clock: FakeClock,
) -> None:
    engine = make(clock, SIX, Duration(600, 900), Duration(300, 300), Duration(1200, 1500))
    engine.start()
    clock.advance(360 + 420)  # seven minutes over in block 1
    proposal = engine.propose_rebalance()
    assert proposal.saved_s == 420 and proposal.short_s == 0
    assert not proposal.touches_fixed
    assert set(proposal.budgets) == {1, 3}
    assert proposal.budgets[1] >= 600 and proposal.budgets[3] >= 1200
    engine.apply_rebalance(proposal)
    assert engine.drift() == pytest.approx(0)


def test_fixed_blocks_shrink_only_when_accepted(clock: FakeClock) -> None:
    engine = make(clock, SIX, Duration(600, 660), SIX)
    engine.start()
    clock.advance(360 + 300)  # five minutes over
    ranged_only = engine.propose_rebalance()
    assert ranged_only.saved_s == 60 and ranged_only.short_s == 240
    with_fixed = engine.propose_rebalance(include_fixed=True)
    assert with_fixed.touches_fixed and with_fixed.short_s == 0 and with_fixed.saved_s == 300
    assert all(b >= 60 for b in with_fixed.budgets.values())
    engine.apply_rebalance(with_fixed)
    assert engine.drift() == pytest.approx(0)


def test_nothing_to_rebalance_when_on_time(clock: FakeClock) -> None:
    engine = make(clock)
    engine.start()
    clock.advance(100)
    proposal = engine.propose_rebalance()
    assert proposal.budgets == {} and proposal.saved_s == 0 and proposal.short_s == 0


@pytest.mark.parametrize(
    ("drift", "finished", "english", "latvian"),
    [
        (150, False, "3 min behind · ends 14:33", "atpaliek 3 min · beigas 14:33"),
        (-120, False, "2 min ahead · ends 14:33", "apsteidz 2 min · beigas 14:33"),
        (10, False, "on time · ends 14:33", "laikā · beigas 14:33"),
        (
            -170 * 60,
            True,
            "finished 170 min early, at 14:33",
            "beidzās 14:33, 170 min ātrāk",
        ),
        (5 * 60, True, "finished 5 min late, at 14:33", "beidzās 14:33, 5 min vēlāk"),
        (0, True, "finished on time, at 14:33", "beidzās laikā, 14:33"),
    ],
)
def test_the_schedule_line_reads_as_a_sentence_in_both_languages(
    drift: float, finished: bool, english: str, latvian: str
) -> None:
    assert describe_schedule(drift, "14:33", finished) == english
    set_language("lv")
    assert describe_schedule(drift, "14:33", finished) == latvian


def test_clock_errors_are_in_the_ui_language(clock: FakeClock) -> None:
    engine = make(clock)
    set_language("lv")
    with pytest.raises(ClockError, match="tikšanās vēl nav sākusies"):
        engine.finish()
    engine.start()
    with pytest.raises(ClockError, match=r"7\. daļas nav"):
        engine.go_to(6)
    assert describe_drift(-150) == "apsteidz 3 min"


@pytest.mark.parametrize(
    ("drift", "shown"),
    [
        (0, "on time"),
        (29, "on time"),
        (-29, "on time"),
        (30, "1 min behind"),
        (60, "1 min behind"),
        (-60, "1 min ahead"),
        (89, "1 min behind"),
        (90, "2 min behind"),
    ],
)
def test_drift_reads_in_whole_minutes_half_a_minute_up(drift: float, shown: str) -> None:
    assert describe_drift(drift) == shown


@pytest.mark.parametrize(
    ("drift", "finished", "shown"),
    [
        (60, False, "1 min behind · ends 14:33"),
        (-60, False, "1 min ahead · ends 14:33"),
        (60, True, "finished 1 min late, at 14:33"),
        (-60, True, "finished 1 min early, at 14:33"),
    ],
)
def test_one_minute_off_the_schedule_is_not_on_time(
    drift: float, finished: bool, shown: str
) -> None:
    assert describe_schedule(drift, "14:33", finished) == shown


def test_time_away_reads_as_a_person_says_it() -> None:
    set_language("en")
    assert describe_gap(10) == "1 min"  # at least a minute
    assert describe_gap(12 * 60 + 20) == "12 min"
    assert describe_gap(3 * 3600) == "3 h"
    assert describe_gap(2 * 3600 + 5 * 60) == "2 h 5 min"
    assert describe_gap(47 * 3600) == "47 h"
    assert describe_gap(5 * 24 * 3600 + 3600) == "5 days"  # not "7260 min"
    set_language("lv")
    assert describe_gap(5 * 24 * 3600) == "5 dienas"
    assert describe_gap(2 * 3600 + 5 * 60) == "2 st. 5 min"
    set_language("en")
