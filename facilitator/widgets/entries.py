"""How captured entries are drawn: one entry, the entries of a block, the rating means;
and the message asking to change an entry (the list itself is `widgets.entry_list`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.text import Text
from textual.message import Message

from facilitator.i18n import (
    N_,
    _,
    current_language,
    format_iso_date,
    format_number,
    ngettext,
    pgettext,
)
from facilitator.meeting.followup import goal_status_text, status_steps
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.ratings import QuestionRatings
from facilitator.meeting.session import Entry, EntryKind

MARKERS: dict[EntryKind, tuple[str, str]] = {
    kind: (words.marker, words.style) for kind, words in KINDS.items()
}
"""Each kind's marker before an entry's text (marked for the catalogue, translated when
shown) and its style."""
LOCK = "🔒"
HIDDEN_TEXT = N_("confidential entry")
"""What the projected screen shows instead of a confidential entry's text (translated when
shown)."""
NOT_SAVED = N_("⚠ not saved yet")
CONCERN = N_("⚠ Concern to report:")
"""Before a concern's text where confidential text is shown (`meeting.concerns`)."""

EntryAction = Literal["edit", "kind", "confidential", "concern", "delete", "status"]
"""What the facilitator can ask for on a highlighted entry (or action-plan row)."""


@dataclass
class EntryAct(Message):
    """The facilitator asked for `action` on the entry `entry_id` (from the entry list or
    the action plan; `field` is where the entry form opens: `text`, or an action column)."""

    action: EntryAction
    entry_id: str
    field: str = "text"


def format_deadline(deadline: str) -> str:
    """A stored (ISO) deadline as the UI language writes a date; as stored if unreadable."""
    return format_iso_date(deadline) or deadline


def render_entry(entry: Entry, unsaved: bool = False, reveal: bool = False) -> Text:
    """One entry as text: user text is never read as markup; a confidential one shows
    only that it exists unless `reveal`."""
    text = Text()
    if entry.confidential:
        text.append(f"{LOCK} ", style="bold")
        if not reveal:
            # Masked alike, a concern or not: the room learns nothing from the mark.
            text.append(_(HIDDEN_TEXT), style="italic")
            if unsaved:
                text.append("  " + _(NOT_SAVED), style="bold reverse")
            return text
        if entry.concern:
            text.append(_(CONCERN), style="bold reverse")
            text.append(" ")
            if entry.kind is EntryKind.NOTE:  # the concern's label says what it is
                text.append(entry.text)
                return text
    marker, style = MARKERS[entry.kind]
    marker = _(marker) if marker != "•" else marker
    if entry.field and entry.kind is EntryKind.NOTE:
        marker, style = f"▸ {entry.field}:", "bold"
    if entry.kind is EntryKind.RATING:
        number = entry.rating.question + 1 if entry.rating is not None else ""
        marker = marker.format(number=number)
    text.append(f"{marker} ", style=style)
    text.append(entry.text)
    if entry.action is not None and entry.kind is EntryKind.ACTION:
        deadline = format_deadline(entry.action.deadline) if entry.action.deadline else ""
        details = [d for d in (entry.action.lead, deadline) if d]
        if details:
            text.append(f"  ({', '.join(details)})", style="dim")
    if entry.goal is not None and entry.kind is EntryKind.GOAL:
        text.append(f"  ({goal_details(entry)})", style="dim")
        if entry.goal.note.strip():
            text.append("  " + _("note: {note}").format(note=entry.goal.note.strip()), style="dim")
    if entry.kind is EntryKind.QUESTION and entry.question is not None and entry.question.answered:
        answer = entry.question.answer.strip()
        said = _("answered: {answer}").format(answer=answer) if answer else _("answered")
        text.append(f"  ✔ {said}", style="dim")
    if unsaved:
        text.append("  " + _(NOT_SAVED), style="bold reverse")
    return text


def goal_details(entry: Entry) -> str:
    """A goal's status with the way it came there (`set → partly achieved → achieved`)
    and its deadline, in the UI language."""
    goal = entry.goal
    if goal is None:
        return ""
    steps = [step.status for step in status_steps(entry)]
    trail = [goal_status_text(status, pgettext) for status in steps] or [
        goal_status_text(goal.status, pgettext)
    ]
    shown = " → ".join(trail)
    return f"{shown}, {format_deadline(goal.deadline)}" if goal.deadline else shown


def entry_look(entry: Entry, unsaved: bool, reveal: bool, language: str) -> tuple[object, ...]:
    """All that `render_entry` draws an entry from: two entries with the same look are
    drawn alike, so a list redraws only the entries whose look changed."""
    action = entry.action
    return (
        entry.kind,
        entry.text,
        entry.confidential,
        entry.concern,
        entry.field,
        (action.lead, action.deadline) if action is not None else None,
        entry.rating.question if entry.rating is not None else None,
        (entry.goal.status, entry.goal.deadline, entry.goal.note, len(entry.history))
        if entry.goal is not None
        else None,
        (entry.question.answered, entry.question.answer) if entry.question is not None else None,
        unsaved,
        reveal,
        language,
    )


def render_entries(
    entries: list[Entry],
    unsaved: set[str] | frozenset[str] = frozenset(),
    hidden: bool = False,
    reveal: bool = False,
) -> Text:
    """Entries as one text, newest last (for places that only show them)."""
    if hidden:
        return Text(_("Notes are hidden from the screen."), style="italic")
    if not entries:
        return Text(_("Nothing captured in this block yet."), style="dim italic")
    return Text("\n").join(render_entry(e, e.id in unsaved, reveal) for e in entries)


def render_ratings(ratings: list[QuestionRatings], language: str | None = None) -> Text:
    """Each rating question with its mean and count, in the UI language:
    `1. How valuable?  mean 8.5 of 4 ratings` (`vidēji 8,5 no 4 vērtējumiem`).

    `language` picks the decimal mark (the UI language's by default)."""
    language = language or current_language()
    text = Text()
    for rated in ratings:
        if text:
            text.append("\n")
        text.append(f"{rated.index + 1}. ", style="bold")
        text.append(rated.question)
        if rated.mean is None:
            text.append(
                "  " + _("no ratings yet: ={number} 8 7 …").format(number=rated.index + 1),
                style="dim",
            )
            continue
        template = ngettext(
            "mean {mean} of {count} rating", "mean {mean} of {count} ratings", rated.count
        )
        before, _mean, after = template.partition("{mean}")
        text.append("  " + before.format(count=rated.count))
        text.append(format_number(rated.mean, language), style="bold")
        text.append(after.format(count=rated.count), style="dim")
    return text
