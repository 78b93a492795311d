"""The store against a model: entries typed, changed, deleted and undone on a real session
file (a snapshot and its journal), with the process killed in the middle of a write and
the snapshot damaged between steps.

A `RuleBasedStateMachine` drives a real `Meeting` on a real `SessionStore` in a data folder
of its own, its journal compacted every few writes (a small threshold), so that deaths hit
appends and compactions alike. The model is the list of entries (id, text, kind,
confidential, deleted) that the app acknowledged: an operation that returned normally is on
disk. Besides, the model knows every state the session had: the last good copy
(`<id>.json.prev` with its journal) must hold one of them.

Death. Any write operation may be drawn with a `Crash`: the process dies at one point of a
journal append (half the record written; all of it, not fsynced) or of `write_atomic` (a
compaction), in the first or the second write of the operation (an operation that writes
once simply never reaches a second-write crash). The journal's append and the functions
atomic.py calls (`os.fdopen`'s file write, `os.fsync`, `os.link`, `os.replace`) are
wrapped; at the chosen point the wrapper raises `Died`. A crash is not an error the app
sees: `Died` is a `BaseException` (as `SystemExit` is), so no `except OSError` or
`except Exception` handles it, and once it was raised every later file-system call raises it
again, so clean-up handlers (`except BaseException: os.unlink(tmp)`) cannot tidy up: the
temp files stay on disk, as after `kill -9`. Then the objects are dropped without closing;
the lock's file descriptor is closed, as the operating system does for a dead process (the
lock file stays). What is simulated is the death of the process, not a power cut: bytes
handed to the kernel stay, and only `HALF_WRITTEN` leaves a torn file (the temp file).

After a crash the session is opened again for writing. The files must read, the session
list must work beside the crash's temp files, and the entries must be the old state or the
new one, nothing else. The model goes on from whichever state is on disk (a new entry's id
is learnt from the disk).

Damage. Between operations the snapshot may be truncated, replaced by garbage or by zeros
(sometimes its last good copy too), in place or as a new file renamed over it. Opening must
then restore the last good copy with `recovery` set, holding a state the session had (its
own journal and the damaged snapshot's replayed on it: the acknowledged state itself when
both are whole), or, when no sound copy exists, raise `CorruptSessionError` with the
damaged file kept in `damaged/` byte for byte; the machine then starts a new session.

After every step: the session files read, a fresh reader sees the acknowledged entries, the
last good copy holds a state the session had and is never the snapshot itself, no write
left a temp file behind (only crashes do), and `SessionStore.summaries()` lists the session
without a problem.

It found that a crash between the two renames of a write left `.prev` and the session file
one file under two names (so damage done in place took the last good copy with it) and a
temp link behind; the write now renames the old file's link to `.prev` only after the new
file is in place, and the next writer makes a link a crash left behind the copy. The two
reproductions at the end keep that fixed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, NoReturn

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.capture import CaptureError, clean_text
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import Entry, EntryKind
from facilitator.storage import journaled
from facilitator.storage.journal import journal_path, read_session_bytes
from facilitator.storage.paths import DataPaths
from facilitator.storage.session_file import StoredSession
from facilitator.storage.sessions import CorruptSessionError, SessionStore, _holds_a_session
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Visit\n\n## Welcome\nDuration: 6 min\n\n## Plan\nDuration: 10-15 min\n", "visit.md"
)
COMPACT_EVERY_BYTES = 1500
"""The journal's compaction threshold in the machine: a compaction every few writes."""

# The model


@dataclass(frozen=True)
class ModelEntry:
    """What the model knows of one entry; `id` is None for an entry whose capture was
    interrupted: its id is learnt from the disk, if the entry made it there."""

    id: str | None
    text: str
    kind: EntryKind
    confidential: bool = False
    deleted: bool = False


State = tuple[ModelEntry, ...]

NEXT_KIND = {
    EntryKind.NOTE: EntryKind.DECISION,
    EntryKind.DECISION: EntryKind.ACTION,
    EntryKind.ACTION: EntryKind.QUESTION,
    EntryKind.QUESTION: EntryKind.NOTE,
}
PREFIX = {
    EntryKind.NOTE: "",
    EntryKind.DECISION: "!",
    EntryKind.ACTION: "+",
    EntryKind.QUESTION: "?",
}


def modelled(entries: list[Entry]) -> State:
    return tuple(ModelEntry(e.id, e.text, e.kind, e.confidential, e.deleted) for e in entries)


def state_of_file(path: Path) -> State:
    """The entries a session file and its journal hold (they must read)."""
    journal = journal_path(path)
    data = read_session_bytes(path.read_bytes(), journal.read_bytes() if journal.exists() else None)
    assert isinstance(data, dict) and data.get("meta"), f"{path.name} holds no session"
    return tuple(
        ModelEntry(d["id"], d["text"], EntryKind(d["kind"]), d["confidential"], d["deleted"])
        for d in data.get("entries", {}).values()
    )


def fits(disk: State, expected: State) -> bool:
    """`disk` is `expected`, where an entry of unknown id may have any id not used else."""
    if len(disk) != len(expected):
        return False
    known = {e.id for e in expected}
    return all(
        replace(d, id=None) == replace(e, id=None)
        and (d.id == e.id if e.id is not None else d.id not in known)
        for d, e in zip(disk, expected, strict=True)
    )


def changed(state: State, entry_id: str, **values: Any) -> tuple[State, dict[str, Any]]:
    """`state` with one entry's fields changed, and the fields' old values (empty when
    nothing changes: the app then writes nothing and keeps nothing to undo)."""
    new: list[ModelEntry] = []
    before: dict[str, Any] = {}
    for entry in state:
        if entry.id == entry_id:
            before = {k: getattr(entry, k) for k, v in values.items() if getattr(entry, k) != v}
            entry = replace(entry, **values)
        new.append(entry)
    return tuple(new), before


# Capture lines

BODY_PIECES = st.one_of(
    st.sampled_from([*"āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ", "🙂", "👍🏽", "🇱🇻", "\u200d"]),
    st.sampled_from(list("\x00\x07\t\n\r\x0b\x7f\x85 \xa0\u2028")),
    st.characters(
        exclude_categories=("Cs", "Nd"),  # no digits: a date in the text is a deadline
        exclude_characters="!+?=~@\x1b",  # prefixes, a lead's @, and escape sequences
    ),
)
"""Letters of any script, Latvian ones and emoji (some of several code points), spaces and
control characters; nothing that would make the capture line mean more than its prefix says."""
BODIES = st.lists(BODY_PIECES, max_size=20).map("".join)


@dataclass(frozen=True)
class Line:
    """A capture line built from its parts, so the model knows what it should store."""

    kind: EntryKind
    confidential: bool
    mark_first: bool
    gap: str
    body: str
    lead: str
    deadline: str

    def typed(self) -> str:
        marks = PREFIX[self.kind]
        if self.confidential:
            marks = "~" + marks if self.mark_first else marks + "~"
        extra = [f"@{self.lead}", self.deadline] if self.kind is EntryKind.ACTION else []
        return " ".join([marks + self.gap + self.body, *(p for p in extra if p != "@")])

    def text(self) -> str:
        """The text stored (empty: the line is refused). An action's lead and deadline are
        taken out of the text, and taking them out joins the rest with single spaces."""
        text = clean_text(self.body)
        if self.kind is EntryKind.ACTION and (self.lead or self.deadline):
            text = " ".join(text.split())
        return text


LINES = st.builds(
    Line,
    kind=st.sampled_from(list(PREFIX)),
    confidential=st.booleans(),
    mark_first=st.booleans(),
    gap=st.sampled_from(["", " ", "  "]),
    body=BODIES,
    lead=st.sampled_from(["", "Anna", "Jānis", "Anna_Bērziņa"]),
    deadline=st.sampled_from(["", "15.12.2026", "15.12.2026.", "2026-12-15"]),
)
TEXTS = st.lists(st.one_of(BODY_PIECES, st.characters(codec="utf-8")), max_size=20).map("".join)
"""Edited text: anything; the app stores it cleaned of control characters and escapes."""


# Death


class Died(BaseException):
    """The process was killed here (see the module's docstring)."""


class Point(Enum):
    """Where in a journal append or in `write_atomic` the process dies."""

    HALF_APPENDED = "half the journal record is written"
    APPENDED = "the journal record is written, not fsynced"
    HALF_WRITTEN = "the temp file holds half the bytes"
    BEFORE_FSYNC = "the temp file is written, not fsynced"
    BEFORE_LINK = "the temp file is fsynced, the old file not linked yet"
    BEFORE_REPLACE = "the old file is linked under a temp name, the new one not in place yet"
    BEFORE_KEEP = "the new file is in place, the old one's link not renamed to .prev yet"
    BEFORE_FOLDER_FSYNC = "both renames done, the folder not fsynced"


@dataclass(frozen=True)
class Crash:
    point: Point
    write: int
    """Which write of the operation: 1 or 2 (only a capture makes a second one)."""


CRASHES = st.one_of(
    st.none(),
    st.builds(Crash, st.sampled_from(Point), st.sampled_from([1, 1, 2])),
)


class HalfWriter:
    """The temp file's handle: its write puts half the bytes on disk, then the process dies."""

    def __init__(self, handle: BinaryIO, killer: Killer) -> None:
        self._handle = handle
        self._killer = killer

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # the operating system closes a dead process's files

    def write(self, data: bytes) -> NoReturn:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        self._killer.die()

    def flush(self) -> None:
        self._handle.flush()

    def fileno(self) -> int:
        return self._handle.fileno()


class Killer:
    """Counts the writes made while it is active and, with a `Crash`, kills the process at
    its point. Wraps `os.fdopen`, `os.fsync`, `os.link`, `os.replace`, `os.unlink` and
    `os.open` (the last two only so that nothing runs after death)."""

    WRAPPED = ("fdopen", "fsync", "link", "replace", "unlink", "open")

    def __init__(self, crash: Crash | None) -> None:
        self.crash = crash
        self.writes = 0
        """Journal appends and temp files opened (one per `write_atomic`)."""
        self.dead = False
        self.kept_previous = False
        """True once a write renamed the old file to `.prev`."""
        self.committed = False
        """True once a write renamed its temp file over the session file."""
        self.commits = 0
        """Renames over the session file: each makes it a new file (inode)."""
        self.appended = False
        """True once a record reached the journal whole."""
        self.died_appending = False
        """The death came in the middle of a journal append (no temp file is involved)."""
        self._appending = False
        self.pending = 0
        """Temp files of `write_atomic` opened and not renamed into place yet."""
        self._linked: int | None = None
        self._in_place: int | None = None
        """The write whose new file was renamed into place last."""
        self._kept: int | None = None
        """Which version of the session file was linked, and which one `.prev` is."""
        self._real: dict[str, Any] = {name: getattr(os, name) for name in self.WRAPPED}

    def __enter__(self) -> Killer:
        for name in self.WRAPPED:
            setattr(os, name, getattr(self, f"_{name}"))
        self._append = journaled.append_durably
        journaled.append_durably = self._append_durably
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        for name, real in self._real.items():
            setattr(os, name, real)
        journaled.append_durably = self._append
        return isinstance(exc, Died)  # the process is gone; the test goes on

    @property
    def linked(self) -> bool:
        """True once a write linked the old file under a temp name."""
        return self._linked is not None

    @property
    def keeping(self) -> bool:
        """True when `.prev` was made the session file as it is now, so that they are one
        file (inode) under two names (a crash between the two renames leaves them so)."""
        return self._kept == self.commits

    def die(self) -> NoReturn:
        assert self.crash is not None
        self.dead = True
        self.died_appending = self._appending or self.crash.point in (
            Point.HALF_APPENDED,
            Point.APPENDED,
        )
        raise Died(self.crash.point.value)

    def _at(self, point: Point) -> bool:
        crash = self.crash
        return crash is not None and crash.point is point and crash.write == self.writes

    def _alive(self) -> None:
        if self.dead:
            raise Died("a dead process runs no more code")

    def _append_durably(self, fd: int, data: bytes) -> None:
        self._alive()
        self.writes += 1
        if self._at(Point.HALF_APPENDED):
            os.write(fd, data[: len(data) // 2])
            self.die()
        if self._at(Point.APPENDED):
            os.write(fd, data)
            self.appended = True
            self.die()
        self._appending = True
        self._append(fd, data)  # its fsync may be where a `BEFORE_FSYNC` death comes
        self._appending = False
        self.appended = True

    def _fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        self._alive()
        handle = self._real["fdopen"](fd, *args, **kwargs)
        self.writes += 1
        self.pending += 1
        return HalfWriter(handle, self) if self._at(Point.HALF_WRITTEN) else handle

    def _fsync(self, fd: int) -> None:
        self._alive()
        if self._at(Point.BEFORE_FSYNC):  # the temp file's fsync comes first
            self.die()
        self._real["fsync"](fd)

    def _link(self, *args: Any, **kwargs: Any) -> None:
        self._alive()
        if self._at(Point.BEFORE_LINK):
            self.die()
        self._real["link"](*args, **kwargs)
        self._linked = self.commits

    def _replace(self, src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        self._alive()
        name = Path(dst).name
        if name.endswith(".prev"):
            if self._at(Point.BEFORE_KEEP):
                self.die()
            self._real["replace"](src, dst, *args, **kwargs)
            self.kept_previous, self._kept = True, self._linked
            return
        if not name.endswith(".json"):  # the journal, the copy's journal
            self._real["replace"](src, dst, *args, **kwargs)
            self.pending -= name.endswith(".journal") and not name.endswith(".prev.journal")
            return
        if self._at(Point.BEFORE_REPLACE):
            self.die()
        self._real["replace"](src, dst, *args, **kwargs)
        self.committed = True
        self.commits += 1
        self._in_place = self.writes
        self.pending -= 1

    def _unlink(self, *args: Any, **kwargs: Any) -> None:
        self._alive()
        self._real["unlink"](*args, **kwargs)

    def _open(self, *args: Any, **kwargs: Any) -> int:
        self._alive()
        # After this write's new file is in place, the next `os.open` is the folder's, for
        # its fsync (the temp files are opened before).
        if self._in_place == self.writes and self._at(Point.BEFORE_FOLDER_FSYNC):
            self.die()
        result: int = self._real["open"](*args, **kwargs)
        return result


def die(session: StoredSession) -> None:
    """The process holding `session` dies: the operating system closes its files, which
    releases the lock (the lock file stays behind, as after `kill -9`); nothing else runs."""
    lock = session._lock
    if lock is not None and lock._fd is not None:
        os.close(lock._fd)
        lock._fd = None


# Damage


@dataclass(frozen=True)
class Damage:
    """What happens to a file between two runs of the app."""

    keep: int | None
    """Truncated to `keep` thousandths of its length; None: replaced by `garbage`."""
    garbage: bytes = b""

    def apply(self, data: bytes) -> bytes:
        if self.keep is None:
            return self.garbage
        return data[: len(data) * self.keep // 1000]


def overwrite(path: Path, data: bytes, in_place: bool) -> None:
    """Put `data` in `path`: in place (what a disk error or an in-place writer does) or as
    a new file renamed over it (what a sync tool or an editor does)."""
    if in_place:
        path.write_bytes(data)
        return
    other = path.with_name(path.name + ".damage")
    other.write_bytes(data)
    os.replace(other, path)


DAMAGES = st.one_of(
    st.builds(Damage, st.integers(0, 999)),
    st.builds(Damage, st.none(), st.binary(max_size=40)),
    st.builds(Damage, st.none(), st.integers(1, 4000).map(lambda n: b"\0" * n)),
)


def refused(operation: Callable[[Meeting], object]) -> Callable[[Meeting], None]:
    """`operation`, which must be refused with a `CaptureError`."""

    def refusal(meeting: Meeting) -> None:
        with pytest.raises(CaptureError):
            operation(meeting)

    return refusal


def nothing_to_undo(meeting: Meeting) -> None:
    assert meeting.undo() is None


# The machine


class StoreMachine(RuleBasedStateMachine):
    """Random edits of a stored session, with deaths and damage, against the model."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="store-model-"))
        self.compact_min = journaled.COMPACT_MIN_BYTES
        journaled.COMPACT_MIN_BYTES = COMPACT_EVERY_BYTES
        self.paths = DataPaths(self.root / "data")
        self.paths.ensure_writable()
        self.clock = FakeClock()
        self.start_meetings = False
        """Whether new sessions are started (a clock write, so a last good copy exists)."""
        self.running = False
        """Whether the stored clock is running (closing the app then saves it: a write)."""
        self.copy_running = False
        """Whether the clock in the last good copy is running."""
        self.meeting: Meeting | None = None
        self.session_id = ""
        self.acked: State = ()
        """The entries the app acknowledged as written."""
        self.copy: State | None = None
        """What the last good copy holds; None when there is no sound one."""
        self.junk: dict[str, bytes] = {}
        """Damaged last good copies left in `sessions/`, by session id."""
        self.undo: list[tuple[str, dict[str, Any]]] = []
        """The changes the running app can undo, newest last (lost when it dies)."""
        self.leftovers: set[str] = set()
        """Temp files left by crashes (and only by crashes)."""
        self.history: list[State] = [()]
        """Every state the session had on disk, oldest first."""

    def teardown(self) -> None:
        if self.meeting is not None:
            die(self.meeting.session)
        journaled.COMPACT_MIN_BYTES = self.compact_min
        shutil.rmtree(self.root, ignore_errors=True)

    # Helpers

    @property
    def file(self) -> Path:
        return self.paths.session_file(self.session_id)

    @property
    def backup(self) -> Path:
        return self.paths.session_backup(self.session_id)

    def live(self) -> Meeting:
        assert self.meeting is not None
        return self.meeting

    def temp_files(self) -> set[str]:
        return {p.name for p in self.paths.sessions.glob(".*.tmp")}

    def new_session(self) -> None:
        session = SessionStore(self.paths, self.clock).create(AGENDA)
        self.session_id = session.id
        self.meeting = Meeting(session, self.clock)
        self.acked, self.copy, self.undo, self.history = (), None, [], [()]
        self.running = False
        if self.start_meetings:
            self.meeting.start()
            # The model undoes entries only: the start (undoable too) is its set-up.
            self.meeting._undo.clear()
            self.running = True

    def open_again(self) -> None:
        session = SessionStore(self.paths, self.clock).open(self.session_id, write=True)
        assert session.recovery is None
        self.meeting = Meeting(session, self.clock)
        self.undo = []

    def end_process(self, clean: bool) -> None:
        """Quit the app (closing saves a running clock: one more write) or kill it."""
        meeting = self.live()
        if clean:
            meeting.close()  # compacts: a new last good copy
        else:
            die(meeting.session)
        self.meeting = None
        self.undo = []

    def no_write(self, operation: Callable[[Meeting], object]) -> None:
        """An operation that must change nothing on disk (a refusal, a no-op)."""
        journal = journal_path(self.file)
        before = self.file.read_bytes(), journal.exists() and journal.read_bytes()
        with Killer(None) as watch:
            operation(self.live())
        assert watch.writes == 0
        assert (self.file.read_bytes(), journal.exists() and journal.read_bytes()) == before

    def write(
        self,
        crash: Crash | None,
        operation: Callable[[Meeting], object],
        new: State,
        then: Callable[[object], object] = lambda _: None,
    ) -> None:
        """Run an operation that writes `new`, dying on the way when `crash` says so."""
        old = self.acked
        self.clock.advance(7)
        result: object = None
        with Killer(crash) as killer:
            result = operation(self.live())
        assert killer.writes >= 1
        if not killer.dead:
            assert isinstance(result, Entry | str)
            if isinstance(result, Entry):
                new = tuple(e if e.id is not None else replace(e, id=result.id) for e in new)
            self.acked = new
            self.history.append(new)
            then(result)
            return
        assert crash is not None
        die(self.live().session)
        self.meeting = None
        self.undo = []
        if killer.pending:
            # Died in a compaction's `write_atomic` before its rename: its temp file stays.
            assert self.temp_files() - self.leftovers, "the crash left no temp file"
        self.leftovers = self.temp_files()
        # Whatever the crash left must not stop the files from being read or listed.
        disk = state_of_file(self.file)
        self.check_listing(len([e for e in disk if not e.deleted]))
        self.open_again()
        disk = modelled(self.live().session.entries(include_deleted=True))
        if killer.committed or killer.appended:  # the old state or the new one
            assert fits(disk, old) or fits(disk, new), (crash, disk, old, new)
        else:  # nothing reached the files: no change
            assert fits(disk, old), (crash, disk, old)
        self.acked = disk
        self.history.append(disk)

    def check_listing(self, count: int) -> None:
        summaries, problems = SessionStore(self.paths, self.clock).summaries()
        assert problems == []
        assert [(s.id, s.entry_count) for s in summaries] == [(self.session_id, count)]

    # Rules

    @initialize(start=st.booleans())
    def begin(self, start: bool) -> None:
        """A new session; started (a clock write, so a last good copy exists) or not."""
        self.start_meetings = start
        self.new_session()

    @rule(line=LINES, crash=CRASHES)
    def capture(self, line: Line, crash: Crash | None) -> None:
        text = line.text()
        if not text:
            self.no_write(refused(lambda m: m.capture(line.typed())))
            return
        entry = ModelEntry(None, text, line.kind, line.confidential)
        self.write(crash, lambda m: m.capture(line.typed()), (*self.acked, entry))

    def change(
        self,
        crash: Crash | None,
        entry_id: str,
        operation: Callable[[Meeting], object],
        **values: Any,
    ) -> None:
        new, before = changed(self.acked, entry_id, **values)
        if not before:
            self.no_write(operation)
            return
        self.write(crash, operation, new, lambda _: self.undo.append((entry_id, before)))

    @precondition(lambda self: self.acked)
    @rule(index=st.integers(0, 99), text=TEXTS, crash=CRASHES)
    def edit_text(self, index: int, text: str, crash: Crash | None) -> None:
        entry_id = self.acked[index % len(self.acked)].id
        assert entry_id is not None
        if not clean_text(text):
            self.no_write(refused(lambda m: m.edit_text(entry_id, text)))
            return
        edit: Callable[[Meeting], object] = lambda m: m.edit_text(entry_id, text)  # noqa: E731
        self.change(crash, entry_id, edit, text=clean_text(text))

    @precondition(lambda self: self.acked)
    @rule(index=st.integers(0, 99), crash=CRASHES)
    def next_kind(self, index: int, crash: Crash | None) -> None:
        entry = self.acked[index % len(self.acked)]
        assert entry.id is not None
        entry_id = entry.id
        rekind: Callable[[Meeting], object] = lambda m: m.next_kind(entry_id)  # noqa: E731
        self.change(crash, entry_id, rekind, kind=NEXT_KIND[entry.kind])

    @precondition(lambda self: self.acked)
    @rule(index=st.integers(0, 99), crash=CRASHES)
    def toggle_confidential(self, index: int, crash: Crash | None) -> None:
        entry = self.acked[index % len(self.acked)]
        assert entry.id is not None
        entry_id = entry.id
        toggle: Callable[[Meeting], object] = lambda m: m.toggle_confidential(entry_id)  # noqa: E731
        self.change(crash, entry_id, toggle, confidential=not entry.confidential)

    @precondition(lambda self: self.acked)
    @rule(index=st.integers(0, 99), crash=CRASHES)
    def delete(self, index: int, crash: Crash | None) -> None:
        entry_id = self.acked[index % len(self.acked)].id
        assert entry_id is not None
        self.change(crash, entry_id, lambda m: m.delete(entry_id), deleted=True)

    @rule(crash=CRASHES)
    def undo_last(self, crash: Crash | None) -> None:
        if not self.undo:
            self.no_write(nothing_to_undo)
            return
        entry_id, before = self.undo[-1]
        new, _ = changed(self.acked, entry_id, **before)
        self.write(crash, lambda m: m.undo(), new, lambda _: self.undo.pop())

    @rule(clean=st.booleans())
    def restart(self, clean: bool) -> None:
        """The app is quit, or killed between operations, and started again."""
        self.end_process(clean)
        self.open_again()

    @rule(
        damage=DAMAGES,
        copy_damage=st.one_of(st.none(), st.none(), st.none(), DAMAGES),
        in_place=st.booleans(),
        clean=st.booleans(),
    )
    def damage_file(
        self, damage: Damage, copy_damage: Damage | None, in_place: bool, clean: bool
    ) -> None:
        """The session file (sometimes its last good copy too) is damaged while the app is
        not running; the next start must restore the copy or set the file aside."""
        self.end_process(clean)
        backup = self.backup
        copy_sound = backup.exists() and _holds_a_session(backup.read_bytes())
        damaged = damage.apply(self.file.read_bytes())
        overwrite(self.file, damaged, in_place)
        if copy_damage is not None:
            junk = copy_damage.apply(backup.read_bytes() if backup.exists() else b"")
            overwrite(backup, junk, in_place and backup.exists())
            self.junk[self.session_id] = junk
            copy_sound = _holds_a_session(junk)
        store = SessionStore(self.paths, self.clock)
        if not copy_sound:
            with pytest.raises(CorruptSessionError) as caught:
                store.open(self.session_id, write=True)
            moved = caught.value.moved_to
            assert moved is not None and moved.parent == self.paths.quarantine
            assert moved.read_bytes() == damaged
            assert not self.file.exists()
            assert store.summaries() == ([], [])
            self.clock.advance(30)
            self.new_session()
            return
        session = store.open(self.session_id, write=True)
        recovery = session.recovery
        assert recovery is not None and recovery.moved_to is not None
        assert recovery.moved_to.read_bytes() == damaged
        restored = modelled(session.entries(include_deleted=True))
        assert restored in self.history, "the last good copy holds a state never acknowledged"
        self.acked = restored
        self.history.append(restored)
        self.running = (session.clock_state() or {}).get("segment_start") is not None
        self.meeting = Meeting(session, self.clock)
        self.undo = []

    # Invariants

    @invariant()
    def disk_holds_the_acknowledged_state(self) -> None:
        assert state_of_file(self.file) == self.acked  # the files read, as the codec reads them
        reader = SessionStore(self.paths, self.clock).open(self.session_id)
        try:
            assert reader.recovery is None
            assert modelled(reader.entries(include_deleted=True)) == self.acked
        finally:
            reader.close()

    @invariant()
    def the_last_good_copy_is_a_state_the_session_had(self) -> None:
        if not self.backup.exists() or self.backup.read_bytes() == self.junk.get(self.session_id):
            return  # none yet, or the damaged copy the machine put there
        assert state_of_file(self.backup) in self.history
        assert not os.path.samefile(self.backup, self.file)

    @invariant()
    def only_crashes_leave_temp_files(self) -> None:
        assert self.temp_files() <= self.leftovers, (
            sorted(self.temp_files() - self.leftovers),
            sorted(os.listdir(self.paths.sessions)),
        )

    @invariant()
    def the_session_list_reads_every_file(self) -> None:
        self.check_listing(len([e for e in self.acked if not e.deleted]))


# Faults the machine found, fixed: their minimal reproductions.


def crash_between_keeping_and_renaming(paths: DataPaths, clock: FakeClock) -> Meeting:
    """Two entries written, then the process dies editing one, after the old file became
    `.prev` and before the new one was renamed into place; the app is started again."""
    store = SessionStore(paths, clock)
    meeting = Meeting(store.create(AGENDA), clock)
    meeting.capture("first")
    meeting.close()  # compacted: the file as created is the last good copy now
    meeting = Meeting(store.open(meeting.session.id, write=True), clock)
    second = meeting.capture("second")
    storage = meeting.session._db.storage
    assert isinstance(storage, journaled.JournalStorage)
    storage.compact_min = storage._snapshot_bytes = 0  # this write compacts the journal
    with Killer(Crash(Point.BEFORE_REPLACE, 2)) as killer:  # appended, then compacting
        meeting.edit_text(second.id, "second, changed")
    assert killer.dead
    die(meeting.session)
    return Meeting(store.open(meeting.session.id, write=True), clock)


def test_damage_after_a_crash_in_the_write_still_leaves_a_good_copy(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = crash_between_keeping_and_renaming(paths, clock)
    session_id = meeting.session.id
    die(meeting.session)
    file = paths.session_file(session_id)
    file.write_bytes(file.read_bytes()[:100])  # truncated in place
    session = SessionStore(paths, clock).open(session_id, write=True)
    assert session.recovery is not None
    # The edit reached the journal before the compaction died: it may be there too.
    texts = [e.text for e in session.entries()]
    assert texts in (["first"], ["first", "second"], ["first", "second, changed"])


def test_the_write_after_a_crash_in_the_write_leaves_no_temp_file(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = crash_between_keeping_and_renaming(paths, clock)
    left_by_the_crash = {p.name for p in paths.sessions.glob(".*.tmp")}
    entry = meeting.entries()[1]
    meeting.edit_text(entry.id, "second, changed again")
    meeting.close()
    assert {p.name for p in paths.sessions.glob(".*.tmp")} <= left_by_the_crash


StoreMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestStoreModel = StoreMachine.TestCase
