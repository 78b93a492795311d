"""Changing what was captured: editing, re-kinding, marking confidential, deleting,
reviewing actions, and undoing any of it, newest first (clock operations share the undo
stack: `meeting.clock_steps`).

`EntryEditing` is the part of `Meeting` (`meeting.live`) that changes entries already
captured; every change keeps the old values in the entry's history and on the undo stack,
and is stored at once (`Meeting._put`, which keeps what the disk refuses for later).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator.i18n import N_, _
from facilitator.meeting.capture import CaptureError, clean_entry_text, parse_deadline
from facilitator.meeting.kinds import KINDS, cycle
from facilitator.meeting.ratings import RatingError, format_scores, parse_scores
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    GoalFields,
    GoalStatus,
    QuestionFields,
)
from facilitator.meeting.undo import Change, ClockStep, Undoable

if TYPE_CHECKING:
    from facilitator.meeting.clock import Clock
    from facilitator.storage.session_file import StoredSession

KIND_CYCLE = cycle()
"""The kinds an entry can be changed to, in the order the re-kind key steps through them."""

UNDONE_STATUS = {
    ActionStatus.OPEN: N_("Undone: marked open ({text})"),
    ActionStatus.DONE: N_("Undone: marked done ({text})"),
    ActionStatus.DROPPED: N_("Undone: marked dropped ({text})"),
}
UNDONE_GOAL = N_("Undone: the goal's status ({text})")
UNDONE_ANSWER = N_("Undone: the question's answer ({text})")
UNDONE_EDIT = N_("Undone: edited ({text})")
UNDONE_DELETE = N_("Undone: deleted ({text})")
UNDONE_CONFIDENTIAL = N_("Undone: marked confidential ({text})")
UNDONE_PUBLIC = N_("Undone: marked not confidential ({text})")
STAYS_CONFIDENTIAL = N_(
    "a concern to report stays confidential; unmark it as a concern first (R in the list)"
)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _action_dict(action: ActionFields) -> dict[str, Any]:
    return {
        "result": action.result,
        "deadline": action.deadline,
        "lead": action.lead,
        "resources": action.resources,
        "measure": action.measure,
        "status": action.status.value,
        "note": action.note,
    }


def _goal_dict(goal: GoalFields) -> dict[str, Any]:
    return {
        "situation": goal.situation,
        "options": goal.options,
        "planned": goal.planned,
        "result": goal.result,
        "measure": goal.measure,
        "deadline": goal.deadline,
        "status": goal.status.value,
        "note": goal.note,
    }


def _question_dict(question: QuestionFields) -> dict[str, Any]:
    return {"answered": question.answered, "answer": question.answer}


class EntryEditing:
    """Changes to the entries of a session being run; `Meeting` supplies the session, the
    entries, the clock and the writing."""

    session: StoredSession
    _entries: list[Entry]
    _undo: list[Undoable]
    _now: Clock

    def _put(self, entry: Entry) -> None:
        """Store a new or changed entry (`Meeting._put`)."""
        raise NotImplementedError

    def _undo_clock(self, step: ClockStep) -> str:
        """Take back a clock operation (`ClockSteps._undo_clock`)."""
        raise NotImplementedError

    def entry(self, entry_id: str) -> Entry:
        """The entry with that id (deleted ones too).

        Raises:
            KeyError: no such entry in this session.
        """
        for entry in self._entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def change(self, entry_id: str, values: dict[str, Any], what: str = UNDONE_EDIT) -> Entry:
        """Change some fields of an entry (plain data, as `Entry.to_dict` has them), keep
        the old values in its history and for undo, and store it.

        Raises:
            KeyError: no such entry, or a field that cannot change.
            SaveFailed: the change is kept in memory and written later.
        """
        old = self.entry(entry_id)
        before_all = old.fields()
        changed = {k: v for k, v in values.items() if before_all.get(k) != v}
        if not changed:
            return old
        new = old.with_fields(changed)
        before = {k: before_all[k] for k in changed}
        new.updated_at = self._now()
        new.history = [
            *old.history,
            {"at": new.updated_at, "session": self.session.id, "before": before},
        ]
        self._replace(new)
        self._undo.append(Change(entry_id, before, what))
        self._put(new)
        return new

    def _replace(self, entry: Entry) -> None:
        for i, existing in enumerate(self._entries):
            if existing.id == entry.id:
                self._entries[i] = entry
                return
        raise KeyError(entry.id)

    def edit_text(self, entry_id: str, text: str) -> Entry:
        """Replace an entry's text (cleaned as a capture line is; never empty).

        Raises:
            CaptureError: the text is empty or too long.
        """
        return self.change(entry_id, {"text": clean_entry_text(text)})

    def set_kind(self, entry_id: str, kind: EntryKind) -> Entry:
        """Make an entry a note, decision, action or question; an action gets the
        action fields (empty, or those it had before)."""
        entry = self.entry(entry_id)
        if kind is EntryKind.RATING or entry.kind is EntryKind.RATING:
            raise CaptureError(_("ratings stay ratings; delete one and type it again instead"))
        values: dict[str, Any] = {"kind": kind.value}
        if kind is EntryKind.ACTION and entry.action is None:
            values["action"] = _action_dict(ActionFields())
        if kind is EntryKind.GOAL and entry.goal is None:
            values["goal"] = _goal_dict(GoalFields())
        return self.change(entry_id, values, KINDS[kind].undone)

    def next_kind(self, entry_id: str) -> Entry:
        """Change an entry to the next kind of `KIND_CYCLE`."""
        kind = self.entry(entry_id).kind
        # A goal is not in the cycle (made in the form): the key makes it a note.
        index = KIND_CYCLE.index(kind) if kind in KIND_CYCLE else -1
        following = KIND_CYCLE[(index + 1) % len(KIND_CYCLE)]
        return self.set_kind(entry_id, following)

    def toggle_confidential(self, entry_id: str) -> Entry:
        """Mark an entry confidential, or not any more (a concern to report stays
        confidential: `meeting.concerns`).

        Raises:
            CaptureError: the entry is a concern to report.
        """
        entry = self.entry(entry_id)
        if entry.concern:
            raise CaptureError(_(STAYS_CONFIDENTIAL))
        what = UNDONE_PUBLIC if entry.confidential else UNDONE_CONFIDENTIAL
        return self.change(entry_id, {"confidential": not entry.confidential}, what)

    def delete(self, entry_id: str) -> Entry:
        """Delete an entry softly: it stays in the file, marked, and `undo` brings it back."""
        return self.change(entry_id, {"deleted": True}, UNDONE_DELETE)

    def set_action(self, entry_id: str, text: str, fields: ActionFields) -> Entry:
        """Make an entry an action with these columns and status (the action form).

        The deadline may be typed as `15.12.2026` or ISO; it is stored as ISO.

        Raises:
            CaptureError: the text is empty or the deadline is not a real date.
        """
        entry = self.entry(entry_id)
        return self.edit(
            entry_id,
            text=text,
            kind=EntryKind.ACTION,
            confidential=entry.confidential,
            action=fields,
        )

    def set_status(self, entry_id: str, status: ActionStatus) -> Entry:
        """Mark an action open, done or dropped."""
        entry = self.entry(entry_id)
        if entry.action is None:
            raise CaptureError(_("only an action has a status"))
        action = _action_dict(entry.action)
        action["status"] = status.value
        return self.change(entry_id, {"action": action}, UNDONE_STATUS[status])

    def set_goal_status(
        self, entry_id: str, status: GoalStatus, *, note: str | None = None
    ) -> Entry:
        """Review a goal: achieved, partly achieved, to continue or dropped (or back to
        set), with a progress note when given; one change, one undo step.

        Raises:
            CaptureError: the entry is not a goal.
        """
        entry = self.entry(entry_id)
        if entry.kind is not EntryKind.GOAL:
            raise CaptureError(_("only a goal has a goal's status"))
        goal = _goal_dict(entry.goal or GoalFields())
        goal["status"] = status.value
        if note is not None:
            goal["note"] = clean_entry_text(note, allow_empty=True)
        return self.change(entry_id, {"goal": goal}, UNDONE_GOAL)

    def answer(self, entry_id: str, answered: bool, answer: str | None = None) -> Entry:
        """Mark an open question answered (the answer kept as its note), or open again.

        Raises:
            CaptureError: the entry is not a question.
        """
        entry = self.entry(entry_id)
        if entry.kind is not EntryKind.QUESTION:
            raise CaptureError(_("only a question can be answered"))
        question = _question_dict(entry.question or QuestionFields())
        question["answered"] = answered
        if answer is not None:
            question["answer"] = clean_entry_text(answer, allow_empty=True)
        return self.change(entry_id, {"question": question}, UNDONE_ANSWER)

    def review(
        self,
        entry_id: str,
        status: ActionStatus,
        *,
        deadline: str | None = None,
        note: str | None = None,
    ) -> Entry:
        """Review a carried-over action: mark it done, still open or dropped, with a new
        deadline (typed as `15.12.2026` or ISO) and a progress note when given; one change
        in its history, one undo step.

        Raises:
            CaptureError: not an action, or the deadline is not a real date.
        """
        entry = self.entry(entry_id)
        if entry.action is None:
            raise CaptureError(_("only an action has a status"))
        action = _action_dict(entry.action)
        action["status"] = status.value
        if deadline is not None and deadline.strip():
            action["deadline"] = parse_deadline(deadline)
        if note is not None:
            action["note"] = clean_entry_text(note, allow_empty=True)
        return self.change(entry_id, {"action": action}, UNDONE_STATUS[status])

    def edit(
        self,
        entry_id: str,
        *,
        text: str,
        kind: EntryKind,
        confidential: bool,
        action: ActionFields | None = None,
        goal: GoalFields | None = None,
        question: QuestionFields | None = None,
    ) -> Entry:
        """Store everything the entry form changed as one change (one undo step).

        For a rating, `text` holds its scores (`8, Anna 9`); for an action, `action` its
        columns, with the deadline as typed.

        Raises:
            CaptureError: empty text, a wrong deadline or unreadable scores; nothing changes.
        """
        entry = self.entry(entry_id)
        if (kind is EntryKind.RATING) != (entry.kind is EntryKind.RATING):
            raise CaptureError(_("ratings stay ratings; delete one and type it again instead"))
        if entry.concern and not confidential:
            raise CaptureError(_(STAYS_CONFIDENTIAL))
        values: dict[str, Any] = {"kind": kind.value, "confidential": confidential}
        if kind is EntryKind.RATING and entry.rating is not None:
            try:
                scores = parse_scores(text)
            except RatingError as exc:
                raise CaptureError(str(exc)) from exc
            values["text"] = format_scores(scores)
            values["rating"] = {
                "question": entry.rating.question,
                "question_text": entry.rating.question_text,
                "scores": [{"value": s.value, "who": s.who} for s in scores],
            }
        else:
            values["text"] = clean_entry_text(text)
        if action is not None or kind is EntryKind.ACTION:
            fields = action or entry.action or ActionFields()
            values["action"] = _action_dict(
                ActionFields(
                    result=clean_entry_text(fields.result, allow_empty=True),
                    deadline=parse_deadline(fields.deadline),
                    lead=clean_entry_text(fields.lead, allow_empty=True),
                    resources=clean_entry_text(fields.resources, allow_empty=True),
                    measure=clean_entry_text(fields.measure, allow_empty=True),
                    status=fields.status,
                    note=clean_entry_text(fields.note, allow_empty=True),
                )
            )
        if goal is not None or kind is EntryKind.GOAL:
            aim = goal or entry.goal or GoalFields()
            values["goal"] = _goal_dict(
                GoalFields(
                    situation=clean_entry_text(aim.situation, allow_empty=True),
                    options=clean_entry_text(aim.options, allow_empty=True),
                    planned=clean_entry_text(aim.planned, allow_empty=True),
                    result=clean_entry_text(aim.result, allow_empty=True),
                    measure=clean_entry_text(aim.measure, allow_empty=True),
                    deadline=parse_deadline(aim.deadline),
                    status=aim.status,
                    note=clean_entry_text(aim.note, allow_empty=True),
                )
            )
        if question is not None:
            values["question"] = _question_dict(
                QuestionFields(
                    question.answered, clean_entry_text(question.answer, allow_empty=True)
                )
            )
        return self.change(entry_id, values)

    def undo(self, hidden: Callable[[Entry], bool] = lambda entry: False) -> str | None:
        """Take back the last change to an entry or the last clock operation, whichever
        came last; say what was undone (in the UI language), or None. An entry `hidden`
        says the screen does not show (a confidential one, or any while notes are hidden)
        is named by a lock, not its text."""
        if not self._undo:
            return None
        change = self._undo.pop()
        if isinstance(change, ClockStep):
            return self._undo_clock(change)
        while change.together and self._undo and isinstance(self._undo[-1], Change):
            self._restore(change)
            change = self._undo.pop()
            assert isinstance(change, Change)
        return self._restore(change, hidden)

    def _restore(
        self, change: Change, hidden: Callable[[Entry], bool] = lambda entry: False
    ) -> str:
        """Put back the fields `change` changed, keeping the undone values in the entry's
        history; say what was undone."""
        entry = self.entry(change.entry_id)
        restored = entry.with_fields(change.before)
        restored.updated_at = self._now()
        undone = {k: entry.fields()[k] for k in change.before}
        restored.history = [
            *entry.history,
            {"at": restored.updated_at, "session": self.session.id, "before": undone},
        ]
        self._replace(restored)
        self._put(restored)
        masked = hidden(entry) or hidden(restored)
        return _(change.what).format(text="🔒" if masked else _short(entry.text))

    @property
    def can_undo(self) -> bool:
        """True when there is a change to take back."""
        return bool(self._undo)
