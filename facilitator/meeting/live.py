"""A running meeting: its stored session, its clock and its capture, kept in step.

Screens call these methods and render the results; every rule about what happens when the
facilitator presses a key or types a line lives here, in the pure core.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator.agenda.model import Block
from facilitator.documents.minutes import MinutesWriter
from facilitator.errors import os_reason
from facilitator.i18n import N_, _
from facilitator.meeting.capture import (
    CaptureError,
    clean_entry_text,
    parse_capture,
    parse_deadline,
)
from facilitator.meeting.clock import Clock, Rebalance, SessionClock
from facilitator.meeting.ratings import (
    QuestionRatings,
    RatingError,
    format_scores,
    parse_scores,
    summarize,
)
from facilitator.meeting.session import ActionFields, ActionStatus, Entry, EntryKind, MeetingDetails
from facilitator.storage.session_file import StoredSession, new_entry_id

KIND_CYCLE = (EntryKind.NOTE, EntryKind.DECISION, EntryKind.ACTION, EntryKind.QUESTION)
"""The kinds an entry can be changed to, in the order the re-kind key steps through them."""

UNDONE_KIND = {
    EntryKind.NOTE: N_("Undone: made a note ({text})"),
    EntryKind.DECISION: N_("Undone: made a decision ({text})"),
    EntryKind.ACTION: N_("Undone: made an action ({text})"),
    EntryKind.QUESTION: N_("Undone: made a question ({text})"),
}
UNDONE_STATUS = {
    ActionStatus.OPEN: N_("Undone: marked open ({text})"),
    ActionStatus.DONE: N_("Undone: marked done ({text})"),
    ActionStatus.DROPPED: N_("Undone: marked dropped ({text})"),
}
UNDONE_EDIT = N_("Undone: edited ({text})")
UNDONE_DELETE = N_("Undone: deleted ({text})")
UNDONE_CONFIDENTIAL = N_("Undone: marked confidential ({text})")
UNDONE_PUBLIC = N_("Undone: marked not confidential ({text})")


@dataclass(frozen=True)
class Change:
    """One change to an entry, kept so that it can be undone."""

    entry_id: str
    before: dict[str, Any]
    """The changed fields' values before the change."""
    what: str
    """What was done: the undo message (`Undone: deleted ({text})`, marked for the
    catalogue), translated when it is shown."""


class SaveFailed(Exception):
    """A change could not be written; it is kept in memory and saved again later."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            _("not saved yet ({reason}); it is kept and saved again automatically").format(
                reason=reason
            )
        )
        self.reason = reason
        """Why the disk refused, as the system said it (a screen builds its own sentence)."""


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


class Meeting:
    """One session being run (or reviewed) with its clock.

    Args:
        session: the open session file.
        now: the clock (wall-clock seconds); tests pass a fake one.
    """

    def __init__(self, session: StoredSession, now: Clock) -> None:
        self.session = session
        self._now = now
        state = session.clock_state()
        if state is None:
            self.clock = SessionClock([b.duration for b in self.blocks], now)
        else:
            self.clock = SessionClock.from_dict(state, now)
        self._entries = session.entries(include_deleted=True)
        self.unsaved: list[Entry] = []
        """Entries typed or changed while the disk refused them, in the order they were."""
        self.clock_unsaved = False
        """True while the clock's latest state is not on disk."""
        self.details_unsaved = False
        """True while changed meeting details are not on disk."""
        self._undo: list[Change] = []

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The session's own copy of the agenda's blocks."""
        return self.session.info.agenda.blocks

    @property
    def current_block(self) -> Block | None:
        """The block being run, if the meeting is under way."""
        index = self.clock.current
        return None if index is None else self.blocks[index]

    @property
    def next_block(self) -> Block | None:
        """The block that "next" would start."""
        index = self.clock.current
        if index is None:
            return None if self.clock.started else (self.blocks[0] if self.blocks else None)
        following = index + 1
        return self.blocks[following] if following < len(self.blocks) else None

    def now(self) -> float:
        """The current wall-clock time, from the meeting's clock source."""
        return self._now()

    def save_clock(self, left_on_purpose: bool = False) -> None:
        """Store the clock's state; called after every operation.

        Raises:
            SaveFailed: the state stays in memory and `retry_unsaved` writes it later.
        """
        state = self.clock.to_dict()
        state["saved_at"] = self._now()
        if left_on_purpose:
            state["left_on_purpose"] = True
        try:
            self.session.save_clock(state)
        except (OSError, ValueError) as exc:
            self.clock_unsaved = True
            raise SaveFailed(os_reason(exc)) from exc
        self.clock_unsaved = False

    def beat(self) -> None:
        """Record that the meeting is still running (every few seconds while it runs)."""
        if self.clock.running:
            self.session.beat(self._now())

    def downtime(self) -> float:
        """Seconds the running meeting went unseen: the app was closed, killed or asleep.

        Measured from the last saved state or heartbeat to now; 0 when not running.
        """
        if not self.clock.running:
            return 0.0
        state = self.session.clock_state() or {}
        seen = [t for t in (state.get("saved_at"), self.session.last_beat()) if t is not None]
        if not seen:
            return 0.0
        return max(0.0, self._now() - max(float(t) for t in seen))

    def discount_downtime(self, seconds: float) -> None:
        """Do not count the last `seconds` as meeting time (the facilitator said so)."""
        self.clock.discount(seconds)
        self.save_clock()

    def retry_unsaved(self) -> bool:
        """Try again to write what the disk refused; True when nothing is left unsaved."""
        while self.unsaved:
            try:
                self.session.put_entry(self.unsaved[0])
            except (OSError, ValueError):
                return False
            self.unsaved.pop(0)
        if self.clock_unsaved:
            try:
                self.save_clock()
            except SaveFailed:
                return False
        if self.details_unsaved:
            try:
                self._save_details()
            except SaveFailed:
                return False
        return True

    def start(self) -> None:
        """Begin the meeting (its first block)."""
        self.clock.start()
        self.save_clock()

    def next(self) -> None:
        """Move to the next block, finishing after the last one."""
        self.clock.next()
        self.save_clock()

    def previous(self) -> None:
        """Go back one block."""
        self.clock.previous()
        self.save_clock()

    def toggle_pause(self) -> None:
        """Pause a running timer or resume a paused one."""
        if self.clock.running:
            self.clock.pause()
        else:
            self.clock.resume()
        self.save_clock()

    def extend(self, seconds: int) -> None:
        """Give the current block more (or, when negative, less) time."""
        self.clock.extend(seconds)
        self.save_clock()

    def skip(self) -> None:
        """Skip the current block; it stays in the record as skipped."""
        self.clock.skip()
        self.save_clock()

    def go_to(self, index: int) -> None:
        """Make block `index` the current one."""
        self.clock.go_to(index)
        self.save_clock()

    def apply_rebalance(self, proposal: Rebalance) -> None:
        """Use the proposed budgets for the coming blocks."""
        self.clock.apply_rebalance(proposal)
        self.save_clock()

    def finish(self) -> None:
        """End the meeting."""
        self.clock.finish()
        self.save_clock()

    def capture(self, line: str) -> Entry:
        """Save one typed line as an entry of the current block.

        The entry is on disk when this returns normally.

        Raises:
            CaptureError: the line cannot be saved as typed (the caller keeps the text).
            SaveFailed: the disk refused the entry; it is kept in `unsaved`, with the block
                it was typed in, and `retry_unsaved` writes it later.
        """
        index = self.shown_block
        captured = parse_capture(line, self.blocks[index].rating_questions)
        entry = Entry(
            id=new_entry_id(),
            kind=captured.kind,
            text=captured.text,
            block_index=index,
            block_title=self.blocks[index].title,
            created_at=self._now(),
            meeting_s=self.clock.running_time(),
            confidential=captured.confidential,
            action=captured.action,
            rating=captured.rating,
        )
        self._entries.append(entry)
        self._put(entry)
        return entry

    @property
    def shown_block(self) -> int:
        """The block new entries belong to: the current one; before the start the first,
        after the end the last."""
        index = self.clock.current
        if index is None:
            return len(self.blocks) - 1 if self.clock.finished else 0
        return index

    def _put(self, entry: Entry) -> None:
        """Write a new or changed entry, keeping the order of writes when the disk refuses.

        Raises:
            SaveFailed: the entry is kept in `unsaved` and written by `retry_unsaved`.
        """
        waiting = next((i for i, e in enumerate(self.unsaved) if e.id == entry.id), None)
        if waiting is not None:
            self.unsaved[waiting] = entry  # the newer version takes the older one's turn
        elif self.unsaved:
            # Keep the typing order on disk: this one waits behind the earlier ones.
            self.unsaved.append(entry)
        if self.unsaved:
            if not self.retry_unsaved():
                raise SaveFailed(_("the disk still refuses to write"))
            return
        try:
            self.session.put_entry(entry)
        except (OSError, ValueError) as exc:
            self.unsaved.append(entry)
            raise SaveFailed(os_reason(exc)) from exc

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
        return self.change(entry_id, values, UNDONE_KIND[kind])

    def next_kind(self, entry_id: str) -> Entry:
        """Change an entry to the next kind of `KIND_CYCLE`."""
        kind = self.entry(entry_id).kind
        following = KIND_CYCLE[(KIND_CYCLE.index(kind) + 1) % len(KIND_CYCLE)]
        return self.set_kind(entry_id, following)

    def toggle_confidential(self, entry_id: str) -> Entry:
        """Mark an entry confidential, or not any more."""
        entry = self.entry(entry_id)
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
        return self.change(entry_id, values)

    def undo(self, hidden: Callable[[Entry], bool] = lambda entry: False) -> str | None:
        """Take back the last change to an entry; say what was undone (in the UI
        language), or None. An entry `hidden` says the screen does not show (a confidential
        one, or any while notes are hidden) is named by a lock, not its text."""
        if not self._undo:
            return None
        change = self._undo.pop()
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

    def ratings(self, block_index: int) -> list[QuestionRatings]:
        """The rating questions of a block with their scores so far."""
        return summarize(self.entries(block_index), self.blocks[block_index].rating_questions)

    def actions(self) -> list[Entry]:
        """Every live action item of the session, in the order they were captured."""
        return [e for e in self.entries() if e.kind is EntryKind.ACTION]

    def update_details(self, details: MeetingDetails) -> None:
        """Store changed meeting details (title, date, place, people, cities).

        Raises:
            SaveFailed: they are kept in memory and written later.
        """
        self.session.info.apply(details)
        self._save_details()

    def _save_details(self) -> None:
        try:
            self.session.save_details(self.session.info)
        except (OSError, ValueError) as exc:
            self.details_unsaved = True
            raise SaveFailed(os_reason(exc)) from exc
        self.details_unsaved = False

    def entries(self, block_index: int | None = None) -> list[Entry]:
        """The live entries, all of them or those of one block."""
        return [
            e
            for e in self._entries
            if not e.deleted and (block_index is None or e.block_index == block_index)
        ]

    def writer(self, include_confidential: bool = False) -> MinutesWriter:
        """The minutes writer for this session as it stands."""
        return MinutesWriter(
            self.session.info, list(self._entries), self.clock, include_confidential
        )

    def export(
        self, folder: Path, include_confidential: bool = False, formats: Sequence[str] = ("md",)
    ) -> list[Path]:
        """Write the minutes and the draft action plan in each of `formats` (`md`, `html`,
        `docx`); return their paths."""
        return self.writer(include_confidential).write(folder, formats)

    def close(self) -> None:
        """Save the clock (so a later resume knows when the app left) and release the file.

        The saved state says the meeting was left on purpose, so the home screen does not
        offer it as one that stopped unexpectedly; the next save drops that mark.
        """
        if self.session.writable and self.clock.running:
            with contextlib.suppress(SaveFailed):
                self.save_clock(left_on_purpose=True)
        self.session.close()
