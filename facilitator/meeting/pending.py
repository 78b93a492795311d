"""What the disk has not taken yet, the part of `Meeting` (`meeting.live`) that keeps it:
entries waiting in typing order (`unsaved`), the clock and the details, saved again by
`retry_unsaved`; text the session file cannot encode is cleaned before an entry waits,
and an entry that still cannot be written is set apart (`refused`) so it blocks no other.
Closing with anything left puts it in the session's recovery file (`rescue`,
`storage.rescue`), unless the facilitator discards it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.errors import os_reason
from facilitator.i18n import _
from facilitator.meeting.session import Entry
from facilitator.storage.rescue import Rescue, RescueStore, encoding_problem, storable

if TYPE_CHECKING:
    from facilitator.meeting.clock import Clock
    from facilitator.storage.session_file import StoredSession


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


class NotStorable(SaveFailed):
    """One entry that can never be written as it is (no retry would help); it is kept
    apart (`Meeting.refused`), and the entries after it are saved as usual."""

    def __init__(self, reason: str) -> None:
        Exception.__init__(
            self,
            _(
                "this entry cannot be stored ({reason}); it stays on the screen, and the "
                "other entries are saved as usual"
            ).format(reason=reason),
        )
        self.reason = reason


class PendingWrites:
    """What waits to be written; `Meeting` supplies the session, the entries, the clock
    and the writing of the clock and the details."""

    session: StoredSession
    _entries: list[Entry]
    _now: Clock
    rescues: RescueStore | None
    unsaved: list[Entry]
    """Entries typed or changed while the disk refused them, in the order they were."""
    refused: list[Entry]
    """Entries that can never be written as they are (`NotStorable`): out of the queue, so
    they block nothing, and kept in the recovery file on closing."""
    clock_unsaved: bool
    """True while the clock's latest state is not on disk."""
    details_unsaved: bool
    """True while changed meeting details are not on disk."""

    def save_clock(self, left_on_purpose: bool = False) -> None:
        """Store the clock's state (`Meeting.save_clock`)."""
        raise NotImplementedError

    def _clock_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def _save_details(self) -> None:
        raise NotImplementedError

    @property
    def has_unsaved(self) -> bool:
        """True while anything typed or changed is not on disk: entries, the clock, the
        details."""
        return bool(self.unsaved or self.refused or self.clock_unsaved or self.details_unsaved)

    @property
    def unsaved_count(self) -> int:
        """How many changes are not on disk: each entry, the clock, the details."""
        return (
            len(self.unsaved)
            + len(self.refused)
            + int(self.clock_unsaved)
            + int(self.details_unsaved)
        )

    def unsaved_ids(self) -> set[str]:
        """The entries not on disk (waiting, or refused for good), to mark them."""
        return {e.id for e in self.unsaved} | {e.id for e in self.refused}

    def retry_unsaved(self) -> bool:
        """Try again to write what the disk refused (entries, the clock, the details, each
        tried whatever the others do); True when nothing is left waiting. Entries refused
        for good (`refused`) are not retried: they wait for the recovery file."""
        entries_saved = self._retry_entries()
        clock_saved = True
        if self.clock_unsaved:
            try:
                self.save_clock()
            except SaveFailed:
                clock_saved = False
        details_saved = True
        if self.details_unsaved:
            try:
                self._save_details()
            except SaveFailed:
                details_saved = False
        # An entry refused for good is not saved either: it waits for the recovery file.
        return entries_saved and clock_saved and details_saved and not self.refused

    def _retry_entries(self) -> bool:
        """Write the waiting entries in the order they were typed; an entry that can
        never be written is set apart so the ones after it still are."""
        while self.unsaved:
            entry = self.unsaved[0]
            # Checked before writing: a write that fails to encode would leave the entry
            # in the storage's copy of the file, and every later write would fail on it.
            if encoding_problem(entry.to_dict()) is not None:
                self.refused.append(self.unsaved.pop(0))
                continue
            try:
                self.session.put_entry(entry)
            except (OSError, ValueError):
                return False
            self.unsaved.pop(0)
        return True

    def rescue(self) -> Path:
        """Keep everything not on disk in the session's recovery file (the next start
        offers to put it back); nothing waits in memory after that.

        Raises:
            OSError: the recovery file could not be written either; nothing changes.
        """
        if self.rescues is None:
            raise OSError(_("this meeting was opened for reading only"))
        info = self.session.info
        rescue = Rescue(
            session_id=self.session.id,
            title=info.title,
            saved_at=self._now(),
            entries=[*self.refused, *self.unsaved],
            clock=self._clock_state() if self.clock_unsaved else None,
            details=info.to_dict() if self.details_unsaved else None,
        )
        path = self.rescues.keep(rescue)
        self.discard_unsaved()
        return path

    def discard_unsaved(self) -> None:
        """Give up what the disk refused (the facilitator said so); the entries stay in
        memory for this screen, and nothing waits to be written."""
        self.unsaved.clear()
        self.refused.clear()
        self.clock_unsaved = False
        self.details_unsaved = False

    def _put(self, entry: Entry) -> None:
        """Write a new or changed entry, keeping the order of writes when the disk refuses.

        Text the session file cannot encode (a lone surrogate from a paste or argv) is
        cleaned first; an entry that still cannot be written is kept apart, never queued.

        Raises:
            SaveFailed: the entry is kept in `unsaved` and written by `retry_unsaved`.
            NotStorable: the entry can never be written as it is; it is in `refused`.
        """
        if encoding_problem(entry.to_dict()) is not None:
            entry = self._cleaned(entry)
            problem = encoding_problem(entry.to_dict())
            if problem is not None:
                self.unsaved = [e for e in self.unsaved if e.id != entry.id]
                self.refused = [*(e for e in self.refused if e.id != entry.id), entry]
                raise NotStorable(problem)
        self.refused = [e for e in self.refused if e.id != entry.id]
        waiting = next((i for i, e in enumerate(self.unsaved) if e.id == entry.id), None)
        if waiting is not None:
            self.unsaved[waiting] = entry  # the newer version takes the older one's turn
        elif self.unsaved:
            # Keep the typing order on disk: this one waits behind the earlier ones.
            self.unsaved.append(entry)
        if self.unsaved:
            if not self._retry_entries():
                raise SaveFailed(_("the disk still refuses to write"))
            return
        try:
            self.session.put_entry(entry)
        except (OSError, ValueError) as exc:
            self.unsaved.append(entry)
            raise SaveFailed(os_reason(exc)) from exc

    def _cleaned(self, entry: Entry) -> Entry:
        """`entry` with its text cleaned of what cannot be stored, in its place."""
        cleaned = Entry.from_dict(storable(entry.to_dict()))
        for i, existing in enumerate(self._entries):
            if existing.id == entry.id:
                self._entries[i] = cleaned
        return cleaned
