"""The line being typed and not yet sent with Enter, kept on disk so a crash does not lose
it: written a moment after the last key (`DELAY_S`, so typing never waits for the disk),
in a small file of the session's own (never the session file), and gone once the line is
sent or emptied. A resume puts it back in the capture line.

Pure timing on an injected clock: the screen says when the line changed and asks when the
write is due; tests drive it with a fake clock.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.meeting.clock import Clock
from facilitator.storage.atomic import fsync_folder, write_atomic

DELAY_S = 0.3
"""A draft is written this long after the last change of the line."""


@dataclass(frozen=True)
class Draft:
    """A line typed but not sent: its text, and whether it was marked confidential with
    the key (a `~` prefix is in the text itself)."""

    text: str
    confidential: bool = False
    at: float = field(default=0.0, compare=False)
    """When it was written (0 before then); not part of what the draft is."""


class DraftKeeper:
    """The draft of one session's capture line.

    Args:
        path: the draft file (`DataPaths.session_draft`); None keeps nothing.
        now: the clock (seconds); tests pass a fake one.
    """

    def __init__(self, path: Path | None, now: Clock) -> None:
        self.path = path
        self._now = now
        self._pending: Draft | None = None
        self._due = 0.0
        self._written: Draft | None = None
        self.failed = False
        """The last write was refused (the disk): the draft lives on in memory only."""

    def changed(self, text: str, confidential: bool = False) -> None:
        """The line now reads `text`; an empty line removes the draft at once."""
        draft = Draft(text, confidential)
        if not text.strip():
            self._pending = None
            self._remove()
            return
        if draft == self._written:
            self._pending = None
            return
        self._pending = draft
        self._due = self._now() + DELAY_S

    def due_in(self) -> float | None:
        """Seconds until the waiting draft is to be written (0: now); None: nothing waits."""
        if self._pending is None:
            return None
        return max(0.0, self._due - self._now())

    def write_if_due(self) -> bool:
        """Write the waiting draft if its moment has come; True when it was written."""
        if self._pending is None or self._now() < self._due:
            return False
        return self.write()

    def write(self) -> bool:
        """Write the waiting draft now (leaving the screen); True when one was written."""
        draft = self._pending
        if draft is None or self.path is None:
            return False
        data = {"text": draft.text, "confidential": draft.confidential, "at": self._now()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=True).encode("ascii"))
        except OSError:
            self.failed = True
            return False
        self.failed = False
        self._pending = None
        self._written = draft
        return True

    def sent(self) -> None:
        """The line was sent with Enter (and is empty now): the draft goes."""
        self._pending = None
        self._remove()

    def load(self) -> Draft | None:
        """The draft a crash (or a close) left, if any; the temp files a kill in the
        middle of writing one left go (call it with the session's lock held: no write of
        its draft is under way)."""
        if self.path is None:
            return None
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        try:
            data = json.loads(self.path.read_text(encoding="ascii"))
            draft = Draft(
                str(data["text"]),
                bool(data.get("confidential", False)),
                float(data.get("at", 0.0)),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self._written = draft
        return draft if draft.text.strip() else None

    def _remove(self) -> None:
        self._written = None
        if self.path is None:
            return
        try:
            self.path.unlink()
        except FileNotFoundError:
            return
        except OSError:
            with contextlib.suppress(OSError):
                write_atomic(self.path, b'{"text": ""}')
            return
        fsync_folder(self.path.parent)
