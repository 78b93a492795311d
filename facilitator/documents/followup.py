"""The words the documents use for what is followed up across a series: where a carried
item came from ("from visit 1"), what a session changed in it (`meeting.followup`), and
the goals table with each change of status and when.

The minutes (`documents.minutes`) and the series' plan (`documents.series_plan`) both
build their sections from here, so a goal or a deadline moved reads the same in each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from facilitator.documents.model import (
    Block,
    Column,
    Heading,
    ItemList,
    Paragraph,
    Table,
    Text,
    emphasis,
    plain,
    strong,
)
from facilitator.documents.text import clean_text, is_blank
from facilitator.i18n import format_date
from facilitator.meeting.followup import FieldChange, changes_in, goal_status_text, status_steps
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.session import (
    ActionStatus,
    Entry,
    EntryKind,
    GoalFields,
    GoalStatus,
    SeriesKind,
)

if TYPE_CHECKING:
    from facilitator.documents.session import SessionDocument

__all__ = ["came_from", "followed_up", "goal_status", "goals_table"]


def _one_line(text: str) -> str:
    """Typed words on one line (control characters first dropped: `split` would take
    \x1f for a space)."""
    return " ".join(clean_text(text).split())


def goal_status(doc: SessionDocument, status: GoalStatus | str) -> str:
    """A goal's status in the documents' language."""
    return goal_status_text(status, doc.catalogue.pgettext)


def came_from(doc: SessionDocument, entry: Entry, kind: str = "") -> str:
    """Where a carried item was first written down: `from visit 1`, `from session 2`;
    empty for an item of this very session. `kind`: the series' kind, when the session
    does not know it."""
    origin = entry.origin
    if origin is None or origin.session_id == doc.info.id:
        return ""
    t = doc.catalogue
    if (kind or doc.info.series_kind) == SeriesKind.VISITS.value:
        return t.gettext("from visit {n}").format(n=origin.session_number)
    return t.gettext("from session {n}").format(n=origin.session_number)


def _action_status(doc: SessionDocument, value: str) -> str:
    t = doc.catalogue
    return {
        ActionStatus.OPEN.value: t.gettext("open again"),
        ActionStatus.DONE.value: t.gettext("closed as done"),
        ActionStatus.DROPPED.value: t.gettext("dropped"),
    }[value]


def _change_text(doc: SessionDocument, entry: Entry, change: FieldChange) -> str:
    """One change as a phrase: `deadline moved 31 Jan 2027 → 28 Feb 2027`."""
    t = doc.catalogue
    old, new = str(change.old or ""), str(change.new or "")
    match change.name:
        case "status" if entry.kind is EntryKind.GOAL:
            return goal_status(doc, new)
        case "status":
            return _action_status(doc, new)
        case "deadline" if not old:
            return t.gettext("deadline set: {new}").format(new=doc.format_deadline(new))
        case "deadline" if not new:
            return t.gettext("deadline removed (was {old})").format(old=doc.format_deadline(old))
        case "deadline":
            return t.gettext("deadline moved {old} → {new}").format(
                old=doc.format_deadline(old), new=doc.format_deadline(new)
            )
        case "lead" if not old:
            return t.gettext("lead: {new}").format(new=new)
        case "lead":
            return t.gettext("lead changed {old} → {new}").format(old=old, new=new or "–")
        case "note" if new:
            return t.gettext("progress note: {note}").format(note=_one_line(new))
        case "note":
            return t.gettext("progress note removed")
        case "answered" if change.new:
            answer = _one_line(entry.question.answer) if entry.question else ""
            if answer:
                return t.gettext("answered: {answer}").format(answer=answer)
            return t.gettext("answered")
        case "answered":
            return t.gettext("open again")
        case _:  # "answer"
            return t.gettext("answer: {answer}").format(answer=_one_line(new))


def followed_up(doc: SessionDocument, entries: list[Entry]) -> list[Block]:
    """The minutes' section on the items carried into this session: for each, where it
    came from and what this session changed in it (or that it stays as it was); nothing
    when no item was carried in."""
    t = doc.catalogue
    lines: list[Text] = []
    for entry in entries:
        where = came_from(doc, entry)
        if not where or entry.kind not in (EntryKind.ACTION, EntryKind.GOAL, EntryKind.QUESTION):
            continue
        changes = changes_in(entry, doc.info.id)
        if any(c.name == "answered" and c.new for c in changes):
            changes = [c for c in changes if c.name != "answer"]  # said with `answered`
        phrases = [_change_text(doc, entry, c) for c in changes]
        told = "; ".join(phrases) if phrases else t.gettext("no change")
        label = t.gettext(KINDS[entry.kind].document)
        text = _one_line(entry.text)
        lines.append(strong(label + ":") + plain(f" {text} ({where}): {told}"))
    if not lines:
        return []
    return [
        Heading(2, plain(t.gettext("Followed up from earlier sessions"))),
        ItemList(tuple(lines)),
    ]


def goals_table(
    doc: SessionDocument,
    goals: list[Entry],
    origin: Callable[[Entry], str] | None = None,
    session_name: Callable[[str], str] | None = None,
) -> Block:
    """The goals in the goal form's lines, each with its status, every change of status
    (what it became, and when) and its latest progress note; `None.` without goals.

    `origin`: a column saying where each goal was set; `session_name`: words for the
    session a change was made in, by its id (empty: the date alone)."""
    t = doc.catalogue
    if not goals:
        return Paragraph(plain(t.gettext("None.")))
    tba = emphasis(t.gettext("to be agreed"))

    def cell(value: str) -> Text:
        return plain(value) if not is_blank(value) else tba

    headings = [
        "#",
        t.gettext("Goal"),
        t.gettext("Real situation"),
        t.gettext("Options"),
        t.gettext("Planned actions"),
        t.gettext("Expected result"),
        t.gettext("Measuring success"),
        t.gettext("Deadline"),
        t.gettext("Status"),
        t.gettext("Changes"),
    ]
    if origin is not None:
        headings.append(t.pgettext("action plan column", "From"))
    rows: list[tuple[Text, ...]] = []
    for n, entry in enumerate(goals, 1):
        fields = entry.goal or GoalFields()
        changes: list[str] = []
        for step in status_steps(entry):
            day = format_date(datetime.fromtimestamp(step.at).date(), doc.language)
            name = session_name(step.session) if session_name is not None else ""
            when = f"{name}, {day}" if name else day
            changes.append(f"{goal_status(doc, step.status)} ({when})")
        if not is_blank(fields.note):
            changes.append(t.gettext("progress note: {note}").format(note=fields.note.strip()))
        row = [
            plain(str(n)),
            cell(entry.text),
            cell(fields.situation),
            cell(fields.options),
            cell(fields.planned),
            cell(fields.result),
            cell(fields.measure),
            cell(doc.format_deadline(fields.deadline)),
            plain(goal_status(doc, fields.status)),
            plain("\n".join(changes)) if changes else plain("–"),
        ]
        if origin is not None:
            row.append(plain(origin(entry)))
        rows.append(tuple(row))
    return Table(tuple(Column(h) for h in headings), tuple(rows))
