"""A TinyDB storage whose durable write costs the size of the change: a journal of changes
appended beside a sealed snapshot (the formats: `facilitator.storage.journal`).

TinyDB hands a storage the whole database on every write. `JournalDB`'s tables
(`JournalTable`) tell the storage instead which documents an operation touched, and the
storage appends just those to the journal: one `write` and one `fsync`. It keeps the
database in memory (`read` returns it, so TinyDB parses nothing per operation); the tables
change it in place, and a write that fails drops it, so the next read is what is on disk.

A compaction writes the snapshot plus the journal as a new snapshot and starts an empty
journal: when the journal has grown past `COMPACT_MIN_BYTES` and past the snapshot's size
(so it costs O(1) per save, amortised), at the first write after an open that found a torn
record, a stale journal or a plain JSON file of an earlier release, and when the writer
closes the session. Readers never write: opening a snapshot and its journal reads both
and changes nothing, so a read-only follower never needs the lock.

Crash invariants of a compaction from generation G (snapshot G + journal G, the state S):

1. the snapshot of S is written as generation G+1 through `write_atomic` (temp file,
   fsync, rename, fsync folder; the old snapshot kept as the last good copy, `.prev`).
   Killed before the rename: snapshot G + journal G, still S.
2. killed after the rename: snapshot G+1 (S) + journal G: a journal older than its
   snapshot is stale and never replayed (S holds it), so nothing counts twice.
3. an empty journal of G+1 replaces journal G (`write_atomic` again): either journal G
   (stale) or the empty G+1 one; S either way. Appends then go to journal G+1.

So after a crash at any step the files hold the state before or after the save being
made, and every acknowledged save (its fsync returned) is in the snapshot or replayed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any, ClassVar

from tinydb import TinyDB
from tinydb.table import Table

from facilitator.storage import guarded
from facilitator.storage.atomic import Identity, file_identity, identity_of, write_atomic
from facilitator.storage.guarded import AtomicJSONStorage, FileChangedError
from facilitator.storage.journal import (
    Change,
    Tables,
    decode_snapshot,
    encode_record,
    encode_snapshot,
    journal_header,
    journal_path,
    replay,
)
from facilitator.storage.lock import hold_file

COMPACT_MIN_BYTES = 256 * 1024
"""A journal is compacted once past this and past its snapshot's size."""
READ_ATTEMPTS = 5
"""How often a reader reads the snapshot and its journal again when a compaction replaced
the snapshot between the two reads (it takes milliseconds: once is nearly always enough)."""


def append_durably(fd: int, data: bytes) -> None:
    """Append `data` to the open file `fd` and fsync it: when this returns it is on disk."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


class _Touched(MutableMapping[int, Any]):
    """A table as TinyDB's updaters see it (integer ids), over the storage's own table
    (string ids), noting every document an updater touched: read for a change in place,
    set or removed."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.touched: set[str] = set()

    def __getitem__(self, doc_id: int) -> Any:
        key = str(doc_id)
        doc = self.raw[key]
        self.touched.add(key)
        return doc

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        key = str(doc_id)
        self.raw[key] = doc
        self.touched.add(key)

    def __delitem__(self, doc_id: int) -> None:
        key = str(doc_id)
        del self.raw[key]
        self.touched.add(key)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw

    def __iter__(self) -> Iterator[int]:
        return iter([int(key) for key in self.raw])

    def __len__(self) -> int:
        return len(self.raw)

    def clear(self) -> None:
        self.touched.update(self.raw)
        self.raw.clear()


class JournalTable(Table):
    """A TinyDB table that tells a `JournalStorage` which documents changed, instead of
    handing it the whole database (TinyDB's own `_update_table` also rebuilds the whole
    table twice per operation)."""

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        storage = self._storage
        if not isinstance(storage, JournalStorage):
            super()._update_table(updater)
            return
        tables = storage.tables()
        raw = tables.setdefault(self.name, {})
        view = _Touched(raw)
        try:
            updater(view)  # type: ignore[arg-type]
        except BaseException:
            if view.touched:
                storage.close()  # half an operation in memory: read the disk again
            raise
        if view.touched:
            storage.write_changes({self.name: {key: raw.get(key) for key in view.touched}})
        self.clear_cache()


class JournalDB(TinyDB):
    """TinyDB with `JournalTable`s."""

    table_class = JournalTable


class JournalStorage(AtomicJSONStorage):
    """A TinyDB storage: a sealed snapshot and a journal beside it.

    The checks of `AtomicJSONStorage` stay: before every write the snapshot and the
    journal must still be the files this storage last read or wrote (compared under a
    hold on the snapshot, `hold_file`), else `FileChangedError`, then and ever after;
    `guard` (the session's lock) is asked first.

    Args:
        path: the snapshot.
        previous: where the snapshot before each compaction is kept (the last good copy).
        compact_min: `COMPACT_MIN_BYTES`, smaller in tests.
    """

    database_class: ClassVar[type[TinyDB]] = JournalDB
    """The TinyDB whose tables tell this storage what changed."""

    def __init__(
        self, path: str | Path, previous: Path | None = None, compact_min: int | None = None
    ) -> None:
        super().__init__(path, previous)
        self.journal = journal_path(self.path)
        self.compact_min = COMPACT_MIN_BYTES if compact_min is None else compact_min
        self._journal_seen: Identity | None = None
        self._generation = 0
        self._snapshot_bytes = 0
        self._journal_bytes = 0
        self._appendable = False
        """The journal on disk is this snapshot's, sound to its end: appends may go on."""
        self._fd: int | None = None
        """The journal, open for appending, once this storage has written."""

    # -- reading ---------------------------------------------------------------------

    def _read_both(self) -> tuple[Identity | None, bytes | None, Identity | None, bytes | None]:
        """The snapshot and the journal as one pair: a writer may compact between the two
        reads (a reader holds no lock), and a new journal beside the old snapshot would read
        as one of another copy; so the pair is read again until the snapshot stayed put."""
        for _attempt in range(READ_ATTEMPTS):
            try:
                seen, raw = guarded._read_regular(self.path)
            except FileNotFoundError:
                seen, raw = None, None
            try:
                journal_seen, raw_journal = guarded._read_regular(self.journal)
            except FileNotFoundError:
                journal_seen, raw_journal = None, None
            if file_identity(self.path) == seen:
                break
        return seen, raw, journal_seen, raw_journal

    def _load(self) -> dict[str, dict[str, Any]] | None:
        seen, raw, journal_seen, raw_journal = self._read_both()
        if not self._known:
            self._seen, self._journal_seen, self._known = seen, journal_seen, True
        elif (seen, journal_seen) != (self._seen, self._journal_seen) and self._refusal is None:
            self._refusal = FileChangedError(self.path)  # read again after a failed write
        self._appendable = False
        if raw is None:
            return None
        snapshot = decode_snapshot(raw)
        tables, journal = replay(snapshot, raw_journal)
        self._generation = snapshot.generation
        self._snapshot_bytes = len(raw)
        if journal is not None and snapshot.sealed:
            self._journal_bytes = journal.end
            self._appendable = not journal.torn and journal.end == len(raw_journal or b"")
        return tables

    def tables(self) -> Tables:
        """The database in memory (an empty one for a new file); tables change it in
        place and then call `write_changes`."""
        data = self.read()
        if data is None:
            data = self._data = {}
        return data

    # -- writing ---------------------------------------------------------------------

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """The whole database from TinyDB itself (dropping a table, a plain `Table`):
        written as a new snapshot, whatever changed."""
        try:
            self._check_still_ours()
            self._data = data
            self._compact(chained=False)
        except BaseException:
            self._data = None
            raise

    def write_changes(self, change: Change) -> None:
        """Make durable what a table changed in the database `tables` returned: each
        document of `change` is written as it is now in memory (None: removed).

        Raises:
            FileChangedError: another process wrote the files since this storage did.
            LockLost: from `guard`.
            OSError: the disk refused; the journal is cut back to what it held.
        """
        try:
            self._check_still_ours()
            if not self._appendable:
                self._compact(chained=False)
                return
            self._append(encode_record(change))
        except BaseException:
            self._data = None
            raise
        if self._due():
            try:
                self._compact(chained=True)
            except OSError:
                # The change is on disk already (in the journal): the save succeeded. The
                # next read finds the files as they are; the next write compacts again.
                self._data = None

    def _due(self) -> bool:
        return self._journal_bytes > max(self.compact_min, self._snapshot_bytes)

    def _check_still_ours(self) -> None:
        if (
            self._refusal is None
            and self._known
            and file_identity(self.journal) != self._journal_seen
        ):
            self._refusal = FileChangedError(self.path)
        super()._check_still_ours()

    @contextlib.contextmanager
    def _held(self) -> Iterator[None]:
        """Hold the snapshot (`hold_file`) for one write, both files checked to be the
        ones this storage last read or wrote: another writer cannot replace them
        meanwhile (it waits, then sees ours)."""
        with hold_file(self.path) as current:
            now = None if current is None else identity_of(current)
            if self._known and (
                now != self._seen or file_identity(self.journal) != self._journal_seen
            ):
                self._refusal = FileChangedError(self.path)
                raise self._refusal
            yield

    def _append(self, line: bytes) -> None:
        with self._held():
            fd = self._journal_fd()
            try:
                append_durably(fd, line)
            except BaseException:
                # Nothing half-written may stay: a retry must not find this record too.
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, self._journal_bytes)
                    self._journal_seen = identity_of(os.fstat(fd))
                raise
            self._journal_seen = identity_of(os.fstat(fd))
            self._journal_bytes += len(line)

    def _journal_fd(self) -> int:
        if self._fd is None:
            flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.journal, flags | getattr(os, "O_NOFOLLOW", 0))
            if identity_of(os.fstat(fd)) != self._journal_seen:
                os.close(fd)
                self._refusal = FileChangedError(self.path)
                raise self._refusal
            self._fd = fd
        return self._fd

    def _compact(self, chained: bool) -> None:
        """Write the database in memory as the next snapshot, then an empty journal.

        `chained`: the snapshot and the journal on disk hold all of it (no change is in
        memory alone); the journal is then kept with the old snapshot, the last good copy,
        which together hold what the new snapshot does. Otherwise the copy keeps the
        journal it had, of an older generation, so that it is read as the old snapshot
        alone: never as that snapshot with a journal missing the last change.
        """
        data = self._data if self._data is not None else {}
        generation = self._generation + 1
        encoded = encode_snapshot(data, generation)
        with self._held():
            status = write_atomic(self.path, encoded, self.previous)
            self._seen, self._generation = identity_of(status), generation
            self._snapshot_bytes = len(encoded)
            self._appendable = False  # until the journal of this generation is there
            self._close_fd()
            if self.previous is not None and chained:
                # The last good copy is the old snapshot with its journal: the state
                # just written, from other bytes.
                _link_beside(self.journal, journal_path(self.previous))
            header = journal_header(generation)
            self._journal_seen = identity_of(write_atomic(self.journal, header))
            self._journal_bytes = len(header)
            self._appendable = True

    def compact(self) -> None:
        """Fold the journal into a new snapshot, for the window that holds the session's
        lock as it closes it (a reader never calls this): when the journal holds records,
        or is torn or stale. A failure is left for the next open to compact."""
        if self._data is None or self._refusal is not None or not self._known:
            return
        empty = self._journal_bytes <= len(journal_header(self._generation))
        if self._appendable and empty:
            return
        with contextlib.suppress(OSError):
            self._check_still_ours()
            self._compact(chained=self._appendable)

    def close(self) -> None:
        """Close the journal (nothing stays open) and forget the database."""
        self._close_fd()
        self._data = None

    def _close_fd(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _link_beside(path: Path, copy: Path) -> None:
    """Make `copy` a hard link of `path` (a temp link renamed over it); nothing when
    either fails (no such file, no hard links)."""
    link = copy.with_name(f".{copy.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        os.unlink(link)
    try:
        os.link(path, link)
        os.replace(link, copy)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        os.unlink(link)  # still there only when `copy` already was this very file


def reader_for(path: Path) -> Callable[[], Tables | None]:
    """A function reading the tables of the snapshot `path` and its journal, writing
    nothing (for a read-only follower)."""

    def read() -> Tables | None:
        storage = JournalStorage(path)
        try:
            return storage.read()
        finally:
            storage.close()

    return read
