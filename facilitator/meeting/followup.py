"""What a session changed in the items it followed up: the actions, goals and questions
carried into it from earlier sessions of its series (or typed in it and changed since).

An entry's history holds, for each change, the fields as they were before it and the
session it was made in; undoing the changes of one session from the entry as it is now
gives the entry as that session received it. Comparing the two says what the session
changed: closed or dropped, a deadline moved (old -> new), a new lead, a progress note, a
goal's new status, a question answered. Pure functions of the entry; the documents word
them (`documents.followup`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.meeting.session import Entry, EntryKind, GoalStatus

__all__ = [
    "FieldChange",
    "StatusStep",
    "changes_in",
    "goal_status_text",
    "received",
    "status_steps",
]


def goal_status_text(status: GoalStatus | str, pgettext: Callable[[str, str], str]) -> str:
    """A goal's status in words, from `pgettext` (the UI's, or a document's catalogue's)."""
    return {
        GoalStatus.OPEN: pgettext("goal status", "set"),
        GoalStatus.ACHIEVED: pgettext("goal status", "achieved"),
        GoalStatus.PARTLY: pgettext("goal status", "partly achieved"),
        GoalStatus.CONTINUE: pgettext("goal status", "to continue"),
        GoalStatus.DROPPED: pgettext("goal status", "dropped"),
    }[GoalStatus(status)]


@dataclass(frozen=True)
class FieldChange:
    """One field of a followed-up item, as the session received it and as it left it."""

    name: str
    """`status`, `deadline`, `lead`, `note` (an action's or a goal's), `answered`,
    `answer` (a question's)."""
    old: Any
    new: Any


FOLLOWED = {
    EntryKind.ACTION: ("action", ("status", "deadline", "lead", "note")),
    EntryKind.GOAL: ("goal", ("status", "deadline", "note")),
    EntryKind.QUESTION: ("question", ("answered", "answer")),
}
"""For each kind that is followed up: where its fields are kept, and those whose change
the minutes tell, in the order they tell them."""


def received(entry: Entry, session_id: str) -> dict[str, Any]:
    """The entry's changeable fields (`Entry.fields`) as session `session_id` received
    them: the entry as it is, with that session's changes taken back, newest first."""
    state = entry.fields()
    for record in reversed(entry.history):
        if record.get("session") == session_id:
            state.update(record.get("before") or {})
    return state


def changes_in(entry: Entry, session_id: str) -> list[FieldChange]:
    """What session `session_id` changed in a followed-up item (an action, a goal, a
    question); nothing for other kinds, or when the session left it as it came."""
    followed = FOLLOWED.get(entry.kind)
    if followed is None:
        return []
    where, names = followed
    before = received(entry, session_id).get(where) or {}
    after = entry.fields().get(where) or {}
    found: list[FieldChange] = []
    for name in names:
        old, new = before.get(name), after.get(name)
        if old != new and (old or new):
            found.append(FieldChange(name, old, new))
    return found


@dataclass(frozen=True)
class StatusStep:
    """A followed-up item's status as one change left it, and when."""

    at: float
    session: str
    status: str


def status_steps(entry: Entry, where: str = "goal") -> list[StatusStep]:
    """Each change of status of a goal (or an action, with `where="action"`), oldest
    first: the status each session left it in, when it was set and in which session. The
    status it was set with is not a step, nor a change a session took back (undo)."""
    after = (entry.fields().get(where) or {}).get("status")
    changed: list[StatusStep] = []
    first = after
    for record in reversed(entry.history):
        before = (record.get("before") or {}).get(where)
        if not isinstance(before, dict) or "status" not in before:
            continue
        at, session = float(record.get("at", 0.0)), str(record.get("session", ""))
        changed.append(StatusStep(at, session, str(after)))
        after = first = before["status"]
    changed.reverse()
    last: dict[str, StatusStep] = {}
    for step in changed:  # a session's last change of status stands for it
        last.pop(step.session, None)
        last[step.session] = step
    steps: list[StatusStep] = []
    previous = first
    for step in last.values():
        if step.status != previous:
            steps.append(step)
            previous = step.status
    return steps
