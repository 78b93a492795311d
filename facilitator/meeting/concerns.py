"""Concerns to report: the one exception to a mentor's confidentiality.

Seed 001 (school mentoring) says a mentor keeps what a pupil confides, except when a
child's health or safety is threatened or signs of radical behaviour are seen: then the
mentor must inform the responsible services and the school's representatives. A
confidential entry marked as such a concern

- stays confidential for as long as it is one (it never reaches a projected screen or a
  shared document, and cannot be made public by a slip of a key);
- raises an action for the facilitator, confidential too: inform the services, by the
  day of the meeting;
- comes first in the confidential copy of the minutes (`documents.minutes`).

Marking and unmarking are one step on the meeting's undo stack each: Ctrl+Z takes the
mark and the action it raised back together.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from facilitator.i18n import N_, _, translations
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.participants import canonical_role, role_name
from facilitator.meeting.session import ActionFields, Entry, EntryKind
from facilitator.meeting.undo import Change, Undoable

if TYPE_CHECKING:
    from facilitator.meeting.clock import Clock
    from facilitator.storage.session_file import StoredSession

__all__ = ["ConcernMarking", "raised_action"]

UNDONE_CONCERN = N_("Undone: marked a concern to report ({text})")
UNDONE_NOT_CONCERN = N_("Undone: no longer a concern to report ({text})")
RAISED_TEXT = N_("Inform the responsible services and the school of the concern (block {number})")
"""The action a concern raises, in the session's language; the concern's own words stay in
the concern (the action's text is what a lead reads in a plan)."""
RAISED_RESULT = N_("The responsible services and the school's representatives know of it")


def raised_action(entries: list[Entry], concern: Entry) -> Entry | None:
    """The live action that `concern` raised, if there is one."""
    for entry in entries:
        if entry.raised_for == concern.id and not entry.deleted:
            return entry
    return None


class ConcernMarking:
    """Marking entries as concerns to report: the part of `Meeting` (`meeting.live`) that
    `EntryEditing` does not cover, because one mark changes two entries."""

    session: StoredSession
    _entries: list[Entry]
    _undo: list[Undoable]
    _now: Clock

    def change(self, entry_id: str, values: dict[str, Any], what: str = "") -> Entry:
        """Change some fields of an entry (`EntryEditing.change`)."""
        raise NotImplementedError

    def entry(self, entry_id: str) -> Entry:
        """The entry with that id (`EntryEditing.entry`)."""
        raise NotImplementedError

    def _put(self, entry: Entry) -> None:
        """Store a new or changed entry (`Meeting._put`)."""
        raise NotImplementedError

    def toggle_concern(self, entry_id: str) -> tuple[Entry, Entry | None]:
        """Mark an entry as a concern to report (confidential, with the action for the
        facilitator to inform the services), or not any more; return the entry and the
        action it raised (None when unmarked: that action stays in the plan, to be done
        or dropped, as any action).

        Raises:
            CaptureError: a rating cannot be a concern.
            SaveFailed: the change is kept in memory and written later.
        """
        entry = self.entry(entry_id)
        if entry.kind is EntryKind.RATING:
            raise CaptureError(_("a rating cannot be a concern to report"))
        if entry.concern:
            return self.change(entry_id, {"concern": False}, UNDONE_NOT_CONCERN), None
        marked = self.change(entry_id, {"concern": True, "confidential": True}, UNDONE_CONCERN)
        action = raised_action(self._entries, marked)
        if action is None:
            action = self._raise_action(marked)
            # Undone with the mark, in one Ctrl+Z: the action is deleted again.
            self._undo.append(Change(action.id, {"deleted": True}, UNDONE_CONCERN, together=True))
        return marked, action

    def _who_reports(self) -> str:
        """Who leads the action: the facilitator by name; else the mentor present; else
        the role's word (the seed puts the duty on the mentor)."""
        info = self.session.info
        if info.facilitator.strip():
            return info.facilitator.strip()
        for person in info.participants:
            roles = [canonical_role(part) for part in person.role.split(",")]
            if person.attended and "mentor" in roles:
                return person.name
        return role_name("mentor", info.language)

    def _raise_action(self, concern: Entry) -> Entry:
        """A new confidential action in the concern's block: the facilitator informs the
        responsible services and the school, by the meeting's day."""
        from facilitator.storage.session_file import new_entry_id

        info = self.session.info
        words = translations(info.language)
        now = self._now()
        day = info.date or time.strftime("%Y-%m-%d", time.localtime(now))
        action = Entry(
            id=new_entry_id(),
            kind=EntryKind.ACTION,
            text=words.gettext(RAISED_TEXT).format(number=concern.block_index + 1),
            block_index=concern.block_index,
            block_title=concern.block_title,
            created_at=now,
            meeting_s=concern.meeting_s,
            confidential=True,
            action=ActionFields(
                result=words.gettext(RAISED_RESULT),
                deadline=day,
                lead=self._who_reports(),
            ),
            raised_for=concern.id,
        )
        self._entries.append(action)
        self._put(action)
        return action
