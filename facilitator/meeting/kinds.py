"""Every kind of entry in one place: how it is typed on the capture line and what it is
called wherever it shows (the capture line's label, the entries' list, the entry form, the
message line, the undo message, the documents).

A new kind of entry is a value of `session.EntryKind` and its line in `KINDS`; the
screens, the capture and the documents read its words from here. Words are marked for
the catalogue (`N_`) and translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import N_
from facilitator.meeting.ratings import RATING_PREFIX
from facilitator.meeting.session import EntryKind

__all__ = ["GOAL_PREFIX", "KINDS", "Kind", "cycle", "prefixes"]

GOAL_PREFIX = "*"
"""Starts a goal on the capture line (`* Run a team meeting by June 30.06.2027`)."""


@dataclass(frozen=True)
class Kind:
    """The words and the typing of one kind of entry."""

    prefix: str
    """What starts a capture line of this kind (`!`); empty for a note, the default."""
    label: str
    """The capture line's label: what Enter would save the line as."""
    marker: str
    """Before an entry's text in the entries' list (`✔ Decision:`)."""
    style: str
    """The marker's style in the list (`bold`, `italic` or none)."""
    form: str
    """Its name in the entry form's kind list; empty: not offered there (a rating)."""
    document: str
    """Its label before an entry's text in the minutes; empty: the text alone (a note)."""
    saved: str
    saved_confidential: str
    now: str
    """The message line after a capture, a confidential capture, and a change of kind."""
    undone: str
    """The undo message of a change to this kind; empty: no entry changes to it."""


KINDS: dict[EntryKind, Kind] = {
    EntryKind.NOTE: Kind(
        prefix="",
        label=N_("Note"),
        marker="•",
        style="",
        form=N_("Note"),
        document="",
        saved=N_("Saved note in block {number}."),
        saved_confidential=N_("Saved confidential note in block {number}."),
        now=N_("Now a note. Ctrl+Z takes it back."),
        undone=N_("Undone: made a note ({text})"),
    ),
    EntryKind.DECISION: Kind(
        prefix="!",
        label=N_("Decision"),
        marker=N_("✔ Decision:"),
        style="bold",
        form=N_("Decision"),
        document=N_("Decision"),
        saved=N_("Saved decision in block {number}."),
        saved_confidential=N_("Saved confidential decision in block {number}."),
        now=N_("Now a decision. Ctrl+Z takes it back."),
        undone=N_("Undone: made a decision ({text})"),
    ),
    EntryKind.ACTION: Kind(
        prefix="+",
        label=N_("Action"),
        marker=N_("→ Action:"),
        style="bold",
        form=N_("Action item"),
        document=N_("Action"),
        saved=N_("Saved action in block {number}."),
        saved_confidential=N_("Saved confidential action in block {number}."),
        now=N_("Now an action. Ctrl+Z takes it back."),
        undone=N_("Undone: made an action ({text})"),
    ),
    EntryKind.QUESTION: Kind(
        prefix="?",
        label=N_("Question"),
        marker=N_("? Question:"),
        style="italic",
        form=N_("Open question"),
        document=N_("Open question"),
        saved=N_("Saved question in block {number}."),
        saved_confidential=N_("Saved confidential question in block {number}."),
        now=N_("Now a question. Ctrl+Z takes it back."),
        undone=N_("Undone: made a question ({text})"),
    ),
    EntryKind.GOAL: Kind(
        prefix=GOAL_PREFIX,
        label=N_("Goal"),
        marker=N_("◎ Goal:"),
        style="bold",
        form=N_("Goal"),
        document=N_("Goal"),
        saved=N_("Saved goal in block {number}."),
        saved_confidential=N_("Saved confidential goal in block {number}."),
        now=N_("Now a goal. Ctrl+Z takes it back."),
        undone=N_("Undone: made a goal ({text})"),
    ),
    EntryKind.RATING: Kind(
        prefix=RATING_PREFIX,
        label=N_("Rating"),
        marker=N_("★ Rating {number}:"),
        style="bold",
        form="",
        document=N_("Rating"),
        saved=N_("Saved rating in block {number}."),
        saved_confidential=N_("Saved confidential rating in block {number}."),
        now=N_("Now a rating. Ctrl+Z takes it back."),
        undone="",
    ),
}
"""Every kind of entry, in the order the entry form and the re-kind key offer them."""


def prefixes() -> dict[str, EntryKind]:
    """The capture line's prefixes and the kind each starts."""
    return {kind.prefix: entry_kind for entry_kind, kind in KINDS.items() if kind.prefix}


def cycle() -> tuple[EntryKind, ...]:
    """The kinds an entry can be changed to, in the order the re-kind key steps through
    them (a rating stays a rating; a goal is made in the entry form, where its form's
    lines are, so the key's four steps stay four)."""
    return tuple(
        entry_kind
        for entry_kind, kind in KINDS.items()
        if kind.form and entry_kind is not EntryKind.GOAL
    )
