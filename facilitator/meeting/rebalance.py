"""Rebalancing: what the coming blocks would give up so that a meeting behind schedule
ends on time (`SessionClock.propose_rebalance` asks, `apply_rebalance` sets it)."""

from __future__ import annotations

from dataclasses import dataclass


def shrink(budgets: dict[int, int], floors: dict[int, int], needed: int) -> int:
    """Take up to `needed` seconds from `budgets`, in proportion to each one's room above
    its floor (each share rounded up, the last one trimmed); return the seconds taken."""
    room = {i: max(0, budgets[i] - floors[i]) for i in budgets}
    total_room = sum(room.values())
    if needed <= 0 or total_room == 0:
        return 0
    take = min(needed, total_room)
    taken = 0
    for i in budgets:
        share = min(room[i], -(-take * room[i] // total_room))  # ceil of the share
        share = min(share, take - taken)
        budgets[i] -= share
        taken += share
    return taken


@dataclass(frozen=True)
class Rebalance:
    """A proposal to end on time: new budgets for the blocks still to come."""

    budgets: dict[int, int]
    """Block index -> proposed budget in seconds, for every block that changes."""
    saved_s: int
    """How much earlier the meeting would end."""
    short_s: int
    """What is still over after the proposal (0 when it ends on time)."""
    touches_fixed: bool
    """True when fixed-length blocks are shortened too."""
