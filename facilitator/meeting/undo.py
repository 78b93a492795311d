"""What the meeting's one undo stack holds, newest last: changes to entries
(`meeting.editing`) and clock operations (`meeting.clock_steps`), taken back in turn."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Change:
    """One change to an entry, kept so that it can be undone."""

    entry_id: str
    before: dict[str, Any]
    """The changed fields' values before the change."""
    what: str
    """What was done: the undo message (`Undone: deleted ({text})`, marked for the
    catalogue), translated when it is shown."""
    together: bool = False
    """Undone with the step beneath it, in one Ctrl+Z (a concern's mark and the action it
    raised); the message is the lower step's."""


class ClockAction(StrEnum):
    """A clock operation, as the session's clock log names it."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    BACK = "back"
    GO_TO = "go-to"
    SKIP = "skip"
    EXTEND = "extend"
    REBALANCE = "rebalance"
    FINISH = "finish"
    UNSKIP = "unskip"
    """A finished meeting's correction: a block skipped by mistake counts as held."""


@dataclass(frozen=True)
class ClockStep:
    """One clock operation, kept so that it can be undone."""

    action: ClockAction
    before: dict[str, Any]
    """The clock's whole state before it (`SessionClock.to_dict`): undo puts it back."""
    block: int | None
    """The block it acted on: the current one before it (for a start, the first block)."""
    seconds: int = 0
    """For `EXTEND`: the seconds given (negative: taken away)."""


Undoable = Change | ClockStep
"""One step on the undo stack."""
