"""The session clock against a model: random meetings, checked after every step.

A `RuleBasedStateMachine` plays up to 100 operations on a fake clock: a meeting of up to
three hours with pauses, going back and forth, skips, extensions, downtime left out,
rebalancing, and restarts from storage (and, once it has finished, another meeting). After
every step it compares the engine with a model the test keeps by itself; the model never
asks the engine what to expect. Operations that do not apply in the model's state must raise
`ClockError` and leave the engine exactly as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from facilitator.agenda.model import Duration
from facilitator.meeting.clock import (
    ON_TIME_S,
    BlockStatus,
    ClockError,
    Rebalance,
    SessionClock,
    TimeState,
)
from tests.helpers import FakeClock

MAX_BLOCKS = 12
AGENDA_LIMIT_S = 3 * 3600
"""Blocks are drawn while the agenda's planned total stays within three hours."""
WALL_LIMIT_S = 3.5 * 3600
"""The clock never moves further than this from a meeting's creation."""
STEP_LIMIT_S = 1200
TOLERANCE_S = 1e-3
"""Fractional steps on an epoch-sized clock round to ~2e-7 s each; whole seconds are exact."""
LAST_MINUTE_S = 60
SHORTEST_S = 60
"""Rebalancing with fixed blocks never makes a block shorter than a minute."""


def close(expected: float) -> object:
    """Equal to `expected` up to the clock's rounding."""
    return pytest.approx(expected, abs=TOLERANCE_S)


LENGTHS = st.one_of(st.integers(60, 180), st.integers(60, 900), st.integers(60, 3600))
"""Block lengths in seconds; short ones are drawn often, so that many blocks fit in three
hours and a few `extend(-60)` can empty a budget."""


def fixed_block() -> st.SearchStrategy[Duration]:
    return LENGTHS.map(lambda s: Duration(s, s))


def ranged_block() -> st.SearchStrategy[Duration]:
    ends = st.tuples(LENGTHS, LENGTHS).filter(lambda e: e[0] != e[1])
    return ends.map(lambda e: Duration(min(e), max(e)))


def within_three_hours(durations: list[Duration]) -> list[Duration]:
    """The longest prefix of the blocks whose planned total fits the meeting."""
    kept: list[Duration] = []
    total = 0
    for duration in durations:
        if total + duration.max_s > AGENDA_LIMIT_S:
            break
        kept.append(duration)
        total += duration.max_s
    return kept


BLOCKS = st.one_of(fixed_block(), ranged_block())
AGENDAS = (
    st.integers(1, MAX_BLOCKS)
    .flatmap(lambda n: st.lists(BLOCKS, min_size=n, max_size=n))
    .map(within_three_hours)
)
"""1-12 blocks (as many as fit in three hours), the count drawn evenly: Hypothesis's lists
are mostly short, and a one-block meeting ends at the first `next`."""
STEPS = st.one_of(
    st.integers(0, 120),
    st.integers(0, STEP_LIMIT_S),
    st.floats(0, STEP_LIMIT_S, allow_nan=False, allow_infinity=False),
)
"""Time between operations: often a minute or two, sometimes a long stretch or a fraction."""


class Phase(Enum):
    """Where the model thinks the meeting is."""

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass
class ModelBlock:
    """The model's record of one block."""

    min_s: int
    planned_s: int
    budget_s: int
    status: BlockStatus = BlockStatus.PENDING
    spent_s: float = 0.0


class MeetingModel:
    """What a meeting should look like, kept from the operations alone."""

    def __init__(self, durations: list[Duration]) -> None:
        self.blocks = [ModelBlock(d.min_s, d.max_s, d.max_s) for d in durations]
        self.phase = Phase.NOT_STARTED
        self.current: int | None = None
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.running_s = 0.0
        self.segment_s = 0.0
        """Running time since the last start, move or resume: what `discount` can take."""
        self.skipped: set[int] = set()
        """Blocks skipped and not entered since: they must read SKIPPED."""

    @property
    def in_block(self) -> bool:
        """True while some block is current: started and not finished."""
        return self.phase in (Phase.RUNNING, Phase.PAUSED)

    def advance(self, seconds: float) -> float:
        """Let time pass; returns the running time it adds."""
        if self.phase is not Phase.RUNNING:
            return 0.0
        assert self.current is not None
        self.blocks[self.current].spent_s += seconds
        self.running_s += seconds
        self.segment_s += seconds
        return seconds

    def discount(self, seconds: float) -> float:
        """Leave out the last `seconds` of the running segment; returns the time taken."""
        if self.phase is not Phase.RUNNING or seconds <= 0:
            return 0.0
        assert self.current is not None
        taken = min(seconds, self.segment_s)
        self.blocks[self.current].spent_s -= taken
        self.running_s -= taken
        self.segment_s -= taken
        return taken

    def enter(self, index: int) -> None:
        self.current = index
        self.segment_s = 0.0
        self.blocks[index].status = BlockStatus.CURRENT
        self.skipped.discard(index)

    def leave(self, status: BlockStatus) -> None:
        assert self.current is not None
        self.blocks[self.current].status = status
        if status is BlockStatus.SKIPPED:
            self.skipped.add(self.current)

    def following(self) -> int | None:
        """The first block after the current one that was not skipped."""
        assert self.current is not None
        for index in range(self.current + 1, len(self.blocks)):
            if self.blocks[index].status is not BlockStatus.SKIPPED:
                return index
        return None

    def finish(self, now: float, status: BlockStatus = BlockStatus.DONE) -> None:
        self.leave(status)
        self.current = None
        self.phase = Phase.FINISHED
        self.finished_at = now

    def to_run_s(self) -> float:
        """Planned time still ahead: the current block, every block after it that was not
        skipped (even if left early by going back), and blocks before it never reached."""
        assert self.current is not None
        left = 0.0
        for index, block in enumerate(self.blocks):
            if block.status is BlockStatus.SKIPPED:
                continue
            if index >= self.current or block.status is BlockStatus.PENDING:
                left += max(0.0, block.budget_s - block.spent_s)
        return left

    def drift(self, now: float) -> float:
        """Seconds behind schedule: projected minus scheduled end."""
        if self.started_at is None:
            return 0.0
        scheduled = self.started_at + sum(b.planned_s for b in self.blocks)
        if self.finished_at is not None:
            return self.finished_at - scheduled
        return now + self.to_run_s() - scheduled

    def coming(self) -> list[int]:
        """The blocks not reached yet: what a rebalance may shorten."""
        return [i for i, b in enumerate(self.blocks) if b.status is BlockStatus.PENDING]


class SessionClockMachine(RuleBasedStateMachine):
    """Random operations on a `SessionClock` and a `MeetingModel` side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.first_t = self.clock.t
        self.engine = SessionClock([], self.clock)
        self.model = MeetingModel([])
        self.seen_remaining: tuple[int, float] | None = None
        """The current block and its remaining time at the last check."""
        self.remaining_change = 0.0
        """What the user did to the current block's remaining time since the last check."""
        self.fractional = False
        """True once a step was not whole seconds: sums may then differ in the last bits."""
        self.kept: Rebalance | None = None
        """A rebalance proposed earlier and not applied yet (the dialog left open)."""

    @initialize(durations=AGENDAS, start_at_once=st.sampled_from([True, True, True, False]))
    def plan(self, durations: list[Duration], start_at_once: bool) -> None:
        """Draw the agenda; mostly start at once, as the `start` rule may be switched off
        in an example (Hypothesis varies which rules run) and then nothing would happen."""
        self.new_meeting(durations, start_at_once)

    @precondition(lambda self: self.model.phase is Phase.FINISHED)
    @rule(durations=AGENDAS)
    def another_meeting(self, durations: list[Duration]) -> None:
        """After the end, run another meeting on the same clock (a fresh engine and model),
        rather than spend the remaining steps on refusals."""
        self.new_meeting(durations, start_at_once=True)

    # Helpers

    def new_meeting(self, durations: list[Duration], start_at_once: bool) -> None:
        self.first_t = self.clock.t
        self.engine = SessionClock(durations, self.clock)
        self.model = MeetingModel(durations)
        self.kept = None
        self.moved()
        if start_at_once:
            self.start()

    def must_refuse(self, operation: str, *args: object) -> None:
        """The operation does not apply: it raises and changes nothing."""
        before = self.engine.to_dict()
        with pytest.raises(ClockError):
            getattr(self.engine, operation)(*args)
        assert self.engine.to_dict() == before

    def check_proposal(self, proposal: Rebalance, include_fixed: bool) -> None:
        """The proposal takes what is over from the coming blocks, as far as they have room
        above their floor (their minimum; with fixed blocks, a minute), and no more."""
        model = self.model
        coming = model.coming()
        assert set(proposal.budgets) <= set(coming)
        floors = {i: SHORTEST_S if include_fixed else model.blocks[i].min_s for i in coming}
        for index, budget in proposal.budgets.items():
            assert floors[index] <= budget < model.blocks[index].budget_s
        cuts = sum(model.blocks[i].budget_s - b for i, b in proposal.budgets.items())
        assert proposal.saved_s == cuts
        ranged_room = sum(max(0, model.blocks[i].budget_s - model.blocks[i].min_s) for i in coming)
        room = sum(max(0, model.blocks[i].budget_s - floors[i]) for i in coming)
        over = max(0, round(model.drift(self.clock.t)))
        rounding = 1 if self.fractional else 0  # a drift of x.5 may round either way
        if abs(over - ON_TIME_S) <= rounding:
            return  # on the edge of "on time": either answer is right
        if over < ON_TIME_S:
            over = 0  # under half a minute behind counts as on time
        assert abs(proposal.saved_s - min(over, room)) <= rounding
        assert abs(proposal.saved_s + proposal.short_s - over) <= rounding
        assert proposal.short_s >= 0
        assert proposal.touches_fixed is (proposal.saved_s > ranged_room)

    def apply(self, proposal: Rebalance) -> None:
        """Apply a proposal whose blocks are all still to come."""
        self.engine.apply_rebalance(proposal)
        for index, budget in proposal.budgets.items():
            self.model.blocks[index].budget_s = budget

    def moved(self) -> None:
        """The current block changed: its remaining time starts a new story."""
        self.seen_remaining = None

    def move(self, target: int, leaving: BlockStatus) -> None:
        self.model.leave(leaving)
        self.model.enter(target)
        self.moved()

    # Rules

    @rule(seconds=STEPS)
    def advance(self, seconds: float) -> None:
        seconds = min(seconds, self.first_t + WALL_LIMIT_S - self.clock.t)
        self.clock.advance(seconds)
        self.fractional = self.fractional or not float(seconds).is_integer()
        self.remaining_change -= self.model.advance(seconds)

    @rule(seconds=STEPS)
    def discount(self, seconds: float) -> None:
        """The facilitator says the last `seconds` were downtime: they leave the running
        segment (never more than it holds); a no-op unless the clock is running."""
        self.engine.discount(seconds)
        self.fractional = self.fractional or not float(seconds).is_integer()
        self.remaining_change += self.model.discount(seconds)

    @rule()
    def start(self) -> None:
        if self.model.phase is not Phase.NOT_STARTED:
            self.must_refuse("start")
            return
        self.engine.start()
        self.model.phase = Phase.RUNNING
        self.model.started_at = self.clock.t
        self.model.enter(0)
        self.moved()

    @rule()
    def pause(self) -> None:
        if self.model.phase is not Phase.RUNNING:
            self.must_refuse("pause")
            return
        self.engine.pause()
        self.model.phase = Phase.PAUSED

    @rule()
    def resume(self) -> None:
        if self.model.phase is not Phase.PAUSED:
            self.must_refuse("resume")
            return
        self.engine.resume()
        self.model.phase = Phase.RUNNING
        self.model.segment_s = 0.0

    @rule()
    def next(self) -> None:
        if not self.model.in_block:
            self.must_refuse("next")
            return
        self.engine.next()
        following = self.model.following()
        if following is None:
            self.model.finish(self.clock.t)
            self.moved()
        else:
            self.move(following, BlockStatus.DONE)

    @rule()
    def previous(self) -> None:
        if not self.model.in_block or self.model.current == 0:
            self.must_refuse("previous")
            return
        assert self.model.current is not None
        self.engine.previous()
        self.move(self.model.current - 1, BlockStatus.DONE)

    @rule(index=st.integers(-1, MAX_BLOCKS))
    def go_to(self, index: int) -> None:
        if not self.model.in_block or not 0 <= index < len(self.model.blocks):
            self.must_refuse("go_to", index)
            return
        self.engine.go_to(index)
        assert self.model.current is not None
        # Blocks passed over on the way forward, not reached yet, are skipped.
        for passed in range(self.model.current + 1, index):
            if self.model.blocks[passed].status is BlockStatus.PENDING:
                self.model.blocks[passed].status = BlockStatus.SKIPPED
                self.model.skipped.add(passed)
        if index != self.model.current:
            self.move(index, BlockStatus.DONE)

    @rule()
    def skip(self) -> None:
        if not self.model.in_block:
            self.must_refuse("skip")
            return
        self.engine.skip()
        following = self.model.following()
        if following is None:
            self.model.finish(self.clock.t, BlockStatus.SKIPPED)
            self.moved()
        else:
            self.move(following, BlockStatus.SKIPPED)

    @rule(seconds=st.sampled_from([-60, -60, 60, 300]))
    def extend(self, seconds: int) -> None:
        """+1, +5 or -1 minute; taking away is drawn twice as often, so that short budgets
        reach zero and the floor gets tested."""
        if not self.model.in_block:
            self.must_refuse("extend", seconds)
            return
        self.engine.extend(seconds)
        assert self.model.current is not None
        block = self.model.blocks[self.model.current]
        budget = max(0, block.budget_s + seconds)  # a budget never goes below zero
        self.remaining_change += budget - block.budget_s
        block.budget_s = budget

    @rule(hesitate=st.integers(0, 9))
    def finish(self, hesitate: int) -> None:
        """End the meeting; mid-meeting only one time in ten (`hesitate == 0`), so that
        meetings run long enough for the other rules to matter."""
        if hesitate and self.model.in_block:
            return
        if not self.model.in_block:
            self.must_refuse("finish")
            return
        self.engine.finish()
        self.model.finish(self.clock.t)
        self.moved()

    @rule(include_fixed=st.booleans(), keep=st.booleans())
    def rebalance(self, include_fixed: bool, keep: bool) -> None:
        """Propose budgets so the meeting ends on time; apply at once, or keep the proposal
        for later (`apply_kept`), as a dialog left open would."""
        if not self.model.in_block:
            # Only a meeting under way can be rebalanced: before the start and after the
            # end the engine refuses, and changes nothing.
            self.must_refuse("propose_rebalance", include_fixed)
            if self.kept is not None:
                self.must_refuse("apply_rebalance", self.kept)
            return
        before = self.engine.to_dict()
        proposal = self.engine.propose_rebalance(include_fixed)
        assert self.engine.to_dict() == before  # proposing changes nothing
        self.check_proposal(proposal, include_fixed)
        if keep:
            self.kept = proposal
            return
        self.apply(proposal)
        if proposal.budgets and proposal.short_s == 0:
            assert abs(self.engine.drift()) <= 0.5 + TOLERANCE_S  # on time, up to rounding

    @precondition(lambda self: self.kept is not None and self.model.in_block)
    @rule()
    def apply_kept(self) -> None:
        """Apply a proposal made earlier: taken whole while all its blocks are still to
        come; refused, changing nothing, once one of them was reached (gone stale)."""
        assert self.kept is not None
        if all(self.model.blocks[i].status is BlockStatus.PENDING for i in self.kept.budgets):
            self.apply(self.kept)
        else:
            self.must_refuse("apply_rebalance", self.kept)
        self.kept = None

    @rule()
    def round_trip(self) -> None:
        """The app restarts: the clock comes back from what the store holds (as JSON)."""
        stored = json.loads(json.dumps(self.engine.to_dict()))
        self.engine = SessionClock.from_dict(stored, self.clock)
        assert self.engine.to_dict() == stored

    # Invariants

    @invariant()
    def phase_matches(self) -> None:
        engine, phase = self.engine, self.model.phase
        assert engine.started is (phase is not Phase.NOT_STARTED)
        assert engine.finished is (phase is Phase.FINISHED)
        assert engine.running is (phase is Phase.RUNNING)
        assert engine.paused is (phase is Phase.PAUSED)
        assert engine.current == self.model.current

    @invariant()
    def running_time_counts_only_unpaused_time(self) -> None:
        assert self.engine.running_time() == close(self.model.running_s)

    @invariant()
    def block_times_add_up(self) -> None:
        elapsed = [self.engine.elapsed(i) for i in range(len(self.model.blocks))]
        assert sum(elapsed) == close(self.engine.running_time())
        assert elapsed == pytest.approx([b.spent_s for b in self.model.blocks], abs=TOLERANCE_S)

    @invariant()
    def remaining_moves_only_with_time_and_extensions(self) -> None:
        current = self.model.current
        if current is None:
            before = self.engine.to_dict()
            with pytest.raises(ClockError):
                self.engine.remaining()
            assert self.engine.to_dict() == before
            self.seen_remaining, self.remaining_change = None, 0.0
            return
        remaining = self.engine.remaining()
        block = self.model.blocks[current]
        assert remaining == close(block.budget_s - block.spent_s)
        if self.seen_remaining is not None and self.seen_remaining[0] == current:
            expected = self.seen_remaining[1] + self.remaining_change
            if self.model.phase is Phase.PAUSED and self.remaining_change == 0:
                assert remaining == self.seen_remaining[1]  # exactly: paused time is free
            else:
                assert remaining == close(expected)
        self.seen_remaining, self.remaining_change = (current, remaining), 0.0

    @invariant()
    def statuses_match(self) -> None:
        statuses = [b.status for b in self.engine.blocks]
        assert statuses == [b.status for b in self.model.blocks]
        currents = [i for i, status in enumerate(statuses) if status is BlockStatus.CURRENT]
        if self.model.in_block:
            assert currents == [self.model.current]
        else:
            assert currents == []
        if self.model.phase is Phase.NOT_STARTED:
            assert set(statuses) <= {BlockStatus.PENDING}
        for index in self.model.skipped:
            assert statuses[index] is BlockStatus.SKIPPED

    @invariant()
    def schedule_and_drift(self) -> None:
        engine, model = self.engine, self.model
        scheduled, projected = engine.scheduled_end(), engine.projected_end()
        if model.started_at is None:
            assert (scheduled, projected, engine.drift()) == (None, None, 0.0)
            return
        assert scheduled == close(model.started_at + sum(b.planned_s for b in model.blocks))
        assert projected is not None and scheduled is not None
        assert engine.drift() == close(projected - scheduled)
        if model.finished_at is not None:
            assert projected == model.finished_at
        else:
            assert projected == close(self.clock.t + model.to_run_s())

    @invariant()
    def time_state_follows_the_budget(self) -> None:
        current = self.model.current
        if current is None:
            return
        block = self.model.blocks[current]
        spent, budget = block.spent_s, block.budget_s
        thresholds = [budget, block.min_s, budget - LAST_MINUTE_S]
        if self.fractional and any(abs(spent - t) < TOLERANCE_S for t in thresholds):
            return  # too close to a boundary for fractional steps to decide
        if spent > budget:
            expected = TimeState.OVER
        elif block.min_s < block.planned_s:
            expected = TimeState.IN_RANGE if spent >= block.min_s else TimeState.BEFORE_MIN
        elif budget - spent <= LAST_MINUTE_S:
            expected = TimeState.LAST_MINUTE
        else:
            expected = TimeState.ON_TIME
        assert self.engine.state() is expected


SessionClockMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=100, deadline=None
)
TestSessionClockModel = SessionClockMachine.TestCase


def test_a_stale_rebalance_changes_nothing(clock: FakeClock) -> None:
    engine = SessionClock([Duration(600, 600), Duration(300, 600), Duration(300, 600)], clock)
    engine.start()
    clock.advance(900)  # five minutes over in the first block
    proposal = engine.propose_rebalance()
    assert set(proposal.budgets) == {1, 2}
    engine.go_to(2)  # the third block is reached: the proposal is out of date
    before = engine.to_dict()
    with pytest.raises(ClockError):
        engine.apply_rebalance(proposal)
    assert engine.to_dict() == before
