"""A running meeting: its stored session, its clock and its capture, kept in step.

Screens call these methods and render the results; every rule about what happens when the
facilitator presses a key or types a line lives here, in the pure core.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.agenda.model import Block
from facilitator.capture import parse_capture
from facilitator.export import MinutesWriter
from facilitator.session import Entry
from facilitator.store import StoredSession, new_entry_id
from facilitator.timing import Clock, SessionClock


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

    def save_clock(self) -> None:
        """Store the clock's state; called after every operation."""
        self.session.save_clock(self.clock.to_dict())

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

    def finish(self) -> None:
        """End the meeting."""
        self.clock.finish()
        self.save_clock()

    def capture(self, line: str) -> Entry:
        """Save one typed line as an entry of the current block.

        The entry is on disk when this returns.

        Raises:
            CaptureError: the line cannot be saved as typed (the caller keeps the text).
        """
        captured = parse_capture(line)
        index = self.clock.current
        if index is None:
            # Before the start or after the end, entries belong to the nearest block.
            index = len(self.blocks) - 1 if self.clock.finished else 0
        entry = Entry(
            id=new_entry_id(),
            kind=captured.kind,
            text=captured.text,
            block_index=index,
            block_title=self.blocks[index].title,
            created_at=self._now(),
            meeting_s=self.clock.running_time(),
            action=captured.action,
        )
        self.session.add_entry(entry)
        self._entries.append(entry)
        return entry

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

    def export(self, folder: Path, include_confidential: bool = False) -> list[Path]:
        """Write the minutes and the draft action plan; return their paths."""
        return self.writer(include_confidential).write(folder)

    def close(self) -> None:
        """Release the session file."""
        self.session.close()
