"""A running meeting: its stored session, its clock and its capture, kept in step.

Screens call these methods and render the results; every rule about what happens when the
facilitator presses a key or types a line lives here, in the pure core. Changing entries
already captured (editing, deleting, undo) is `meeting.editing`'s part of `Meeting`; the
clock's operations, each undoable, are `meeting.clock_steps`'s part; marking a concern to
report (and the action it raises) is `meeting.concerns`'.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from facilitator.agenda.model import Block
from facilitator.documents.minutes import MinutesWriter
from facilitator.errors import os_reason
from facilitator.i18n import _
from facilitator.meeting.capture import (
    CaptureError,
    parse_capture,
)
from facilitator.meeting.clock import BlockStatus, Clock, ClockError, SessionClock
from facilitator.meeting.clock_steps import ClockSteps, read_log
from facilitator.meeting.concerns import ConcernMarking
from facilitator.meeting.draft import Draft, DraftKeeper
from facilitator.meeting.editing import EntryEditing
from facilitator.meeting.next_meeting import NextMeetingForm, propose_prepare
from facilitator.meeting.pending import NotStorable as NotStorable
from facilitator.meeting.pending import PendingWrites
from facilitator.meeting.pending import SaveFailed as SaveFailed
from facilitator.meeting.ratings import (
    QuestionRatings,
    summarize,
)
from facilitator.meeting.session import Entry, EntryKind, MeetingDetails, NextMeeting, SessionInfo
from facilitator.meeting.undo import Undoable
from facilitator.storage.paths import DataPaths
from facilitator.storage.rescue import RescueStore, encoding_problem, storable
from facilitator.storage.session_file import StoredSession, new_entry_id


class Meeting(PendingWrites, ClockSteps, EntryEditing, ConcernMarking):
    """One session being run (or reviewed) with its clock.

    Args:
        session: the open session file.
        now: the clock (wall-clock seconds); tests pass a fake one.
    """

    def __init__(self, session: StoredSession, now: Clock, paths: DataPaths | None = None) -> None:
        self.session = session
        self._now = now
        self.rescues = RescueStore(paths) if paths is not None else None
        """Where what cannot be written is kept when the meeting closes (None: a meeting
        only read, never written)."""
        self.draft = DraftKeeper(
            paths.session_draft(session.id) if paths is not None else None, now
        )
        """The capture line's text not yet sent, kept against a crash."""
        state = session.clock_state()
        if state is None:
            self.clock = SessionClock(
                [b.duration for b in self.blocks], now, days=[b.day for b in self.blocks]
            )
        else:
            self.clock = SessionClock.from_dict(state, now)
        self._entries = session.entries(include_deleted=True)
        self.unsaved: list[Entry] = []
        self.clock_unsaved = False
        self.details_unsaved = False
        self.refused: list[Entry] = []
        self._undo: list[Undoable] = []
        self.clock_log = read_log(state)
        self.correcting = self.clock.finished
        """Changes now correct a finished meeting (it was reopened finished, or the
        facilitator went to one of its blocks): each is dated in `corrected_at`."""
        self.viewed_block: int | None = None
        """The block of a finished meeting the facilitator went to, to correct it."""

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
        state = self._clock_state()
        if left_on_purpose:
            state["left_on_purpose"] = True
        try:
            self.session.save_clock(state)
        except (OSError, ValueError) as exc:
            self.clock_unsaved = True
            raise SaveFailed(os_reason(exc)) from exc
        self.clock_unsaved = False

    def _clock_state(self) -> dict[str, Any]:
        state = self.clock.to_dict()
        state["saved_at"] = self._now()
        state["log"] = list(self.clock_log)
        return state

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

    def draft_to_restore(self) -> Draft | None:
        """The line that was being typed when the app last stopped, to put back in the
        capture line; None when there is none, or when it was saved as an entry after all
        (a crash between writing the entry and removing the draft)."""
        draft = self.draft.load()
        if draft is None:
            return None
        try:
            text = parse_capture(draft.text).text
        except CaptureError:
            return draft
        if any(e.created_at >= draft.at and e.text == text for e in self.entries()):
            self.draft.sent()
            return None
        return draft

    def capture(self, line: str) -> Entry:
        """Save one typed line as an entry of the current block.

        The entry is on disk when this returns normally.

        Raises:
            CaptureError: the line cannot be saved as typed (the caller keeps the text).
            SaveFailed: the disk refused the entry; it is kept in `unsaved`, with the block
                it was typed in, and `retry_unsaved` writes it later.
        """
        index = self.shown_block
        block = self.blocks[index]
        captured = parse_capture(line, block.rating_questions, block.fields)
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
            goal=captured.goal,
            field=captured.field,
        )
        self._entries.append(entry)
        self._put(entry)
        return entry

    @property
    def shown_block(self) -> int:
        """The block new entries belong to: the current one; before the start the first,
        after the end the last, or the block gone to for a correction."""
        index = self.clock.current
        if index is None:
            if not self.clock.finished:
                return 0
            return self.viewed_block if self.viewed_block is not None else len(self.blocks) - 1
        return index

    def view_block(self, index: int) -> str:
        """In a finished meeting, go to block `index` to correct it: its entries are shown
        and new ones go there; the recorded times do not change. Say so.

        Raises:
            ClockError: the meeting has not finished, or has no such block.
        """
        if not self.clock.finished:
            raise ClockError(_("the meeting has not finished"))
        if not 0 <= index < len(self.blocks):
            raise ClockError(_("there is no block {number}").format(number=index + 1))
        self.viewed_block = index
        self.correcting = True
        block = self.clock.blocks[index]
        said = _(
            'Correcting block {number} "{title}": ↑ changes its entries; the recorded times stay.'
        )
        if block.status is BlockStatus.SKIPPED:
            said += " " + _("It was skipped: F8 takes the skip back.")
        return said.format(number=index + 1, title=self.blocks[index].title)

    def unskip(self, index: int) -> str:
        """Take back the skip of a finished meeting's block (`ClockSteps.unskip`), dated
        as a correction."""
        said = ClockSteps.unskip(self, index)
        self.correcting = True
        self._corrected()
        return said

    def _put(self, entry: Entry) -> None:
        """Store a new or changed entry (`PendingWrites._put`); in a finished meeting being
        corrected, date the correction."""
        try:
            super()._put(entry)
        finally:
            self._corrected()

    def _corrected(self) -> None:
        """Date a correction of the finished meeting in its details (`corrected_at`); a
        refused write of them is kept and written again later."""
        if not (self.correcting and self.clock.finished):
            return
        self.session.info.corrected_at = self._now()
        with contextlib.suppress(SaveFailed):
            self._save_details()

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

    def next_meeting_form(self, proposed_date: str = "") -> NextMeetingForm:
        """What the next-meeting form starts with: the next meeting agreed already, else
        `proposed_date` (ISO, the series' rhythm), this meeting's place and a reminder
        of what to prepare (`propose_prepare`)."""
        from facilitator.meeting.capture import typed_date

        agreed = self.session.info.next_meeting
        if agreed is not None:
            time_text = f"{agreed.start}-{agreed.end}" if agreed.end else agreed.start
            return NextMeetingForm(typed_date(agreed.date), time_text, agreed.place, agreed.prepare)
        prepare = propose_prepare(self._entries, len(self.blocks) - 1)
        return NextMeetingForm(typed_date(proposed_date), "", self.session.info.place, prepare)

    def set_next_meeting(self, meeting: NextMeeting | None) -> None:
        """Store the next meeting (None: none agreed any more).

        Raises:
            SaveFailed: it is kept in memory and written later.
        """
        self.session.info.next_meeting = meeting
        self._save_details()

    def _save_details(self) -> None:
        info = self.session.info
        if encoding_problem(info.to_dict()) is not None:
            # Never the forms' text (they clean it as the capture line does): a safety net.
            cleaned = SessionInfo.from_dict(storable(info.to_dict()))
            cleaned.id = info.id
            self.session.info = cleaned
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
        offer it as one that stopped unexpectedly; the next save drops that mark. What the
        disk still refuses is never dropped silently: it goes into the recovery file
        (`rescue`), which the next start offers to restore.
        """
        if self.session.writable:
            self.draft.write()  # the line being typed stays for the next resume
        if self.session.writable and self.has_unsaved:
            self.retry_unsaved()
        if self.session.writable and self.clock.running and not self.clock_unsaved:
            try:
                self.save_clock(left_on_purpose=True)
            except SaveFailed:
                # Only the mark is missing: the clock's state on disk is otherwise the
                # latest, and nothing needs keeping for it.
                self.clock_unsaved = False
        if self.session.writable and self.has_unsaved:
            with contextlib.suppress(OSError):
                self.rescue()
        self.session.close()
