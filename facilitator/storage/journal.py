"""The bytes of a session on disk: a sealed snapshot, and a journal of the changes since.

A save appends one record to the journal (`<name>.journal`) and fsyncs it: its cost is the
size of the change, not of the session. Now and then the snapshot plus its journal are
written as a new snapshot (a compaction, `facilitator.storage.journaled`). This module
only encodes and decodes; it never touches a file.

**Snapshot** (`<id>.json`): one ASCII header line, then the tables as compact UTF-8 JSON::

    facilitator-snapshot 1 <generation> <length> <sha256 of the JSON, hex>\\n{...}

The length and the checksum make a cut or changed file (one flipped byte in an entry's
text) damaged, never silently accepted. A file that starts with `{` is a plain JSON file of
an earlier release: read as generation 0 and unsealed (the next write seals it); anything
else that does not start with the header is read as such a file, so its damage is named.

**Journal** (`<id>.json.journal`): a header line, then one line per save::

    facilitator-journal 1 <generation>\\n
    <length> <crc32 of the JSON, 8 hex digits> {"<table>": {"<doc id>": <doc or null>}}\\n

A record names each document changed by the save with its whole new content (`null`: it
was removed); `{"<table>": null}` drops a table. JSON escapes newlines inside strings, so a
record is always one line. The journal replays onto the snapshot of the same generation.

What a crash can leave, and how it is read:

* a torn last record (killed mid-append: its bytes are a prefix of the record, so no
  newline follows its start, or zeros a power cut left): dropped, everything before it
  replays; it was never acknowledged (a save returns after the fsync);
* a record that is complete (a newline follows) but whose length, checksum or JSON is
  wrong, anywhere in the journal: damage, `DamagedJournal`, never silently truncated;
* a journal of an older generation than the snapshot: a compaction finished writing the
  new snapshot (which holds all of that journal) and was killed before it replaced the
  journal: stale, ignored, replaced at the next write;
* a journal of a newer generation than the snapshot: it belongs to a snapshot that is not
  there any more (an older copy was put back): damage, set aside.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.i18n import _
from facilitator.storage.guarded import StoreError, UnreadableFile, parse_json_object

FORMAT = 1
"""The version of both headers; a newer one is a newer app's file, left alone."""
SNAPSHOT_MAGIC = b"facilitator-snapshot"
JOURNAL_MAGIC = b"facilitator-journal"

Tables = dict[str, dict[str, Any]]
"""A TinyDB database as its storage holds it: table name -> document id -> document."""
Change = dict[str, dict[str, Any] | None]
"""One record: table name -> (document id -> new document or None), or None (dropped)."""


class NewerSchemaError(StoreError):
    """A session file written by a newer version of the app; it is left untouched."""


class DamagedJournal(UnreadableFile):
    """A journal with a damaged record before its end (or one of another snapshot): the
    journal is set aside, the snapshot and the sound records before the damage are used.

    Attributes:
        sound: the journal's bytes up to the damage (its header and the sound records),
            or b"" when none of it belongs to the snapshot.
    """

    def __init__(self, reason: str, sound: bytes) -> None:
        super().__init__(reason)
        self.sound = sound


def journal_path(path: Path) -> Path:
    """The journal beside the snapshot `path`: `<name>.journal`."""
    return path.with_name(path.name + ".journal")


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------------------
# Snapshots.
# --------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """A decoded snapshot."""

    generation: int
    tables: Tables
    sealed: bool = True
    """False for a plain JSON file of an earlier release (no header, no checksum)."""


def encode_snapshot(tables: Tables, generation: int) -> bytes:
    """The bytes of a snapshot of `tables` at `generation`."""
    body = _json(tables)
    digest = hashlib.sha256(body).hexdigest()
    head = f"{SNAPSHOT_MAGIC.decode()} {FORMAT} {generation} {len(body)} {digest}\n"
    return head.encode("ascii") + body


def decode_snapshot(raw: bytes) -> Snapshot:
    """The snapshot `raw` holds.

    Raises:
        UnreadableFile: cut short, longer than its header says, its checksum does not
            match, or no JSON object.
        NewerSchemaError: a header of a newer format.
    """
    if not raw.startswith(SNAPSHOT_MAGIC + b" "):
        # A plain JSON file of an earlier release (or damage, which its parse names).
        return Snapshot(0, parse_json_object(raw), sealed=False)
    line, newline, body = raw.partition(b"\n")
    parts = line.split(b" ")
    if not newline or len(parts) != 5:
        raise UnreadableFile(_("the file's header is damaged"))
    version, generation, length = (_number(p) for p in parts[1:4])
    if version > FORMAT:
        raise NewerSchemaError(
            _(
                "this session was saved by a newer version of facilitator (file format "
                "{version}); update facilitator to open it"
            ).format(version=version)
        )
    if length != len(body):
        raise UnreadableFile(
            _("the file holds {size} bytes of data where its header says {length}").format(
                size=len(body), length=length
            )
        )
    if hashlib.sha256(body).hexdigest().encode("ascii") != parts[4]:
        raise UnreadableFile(_("its checksum does not match: some of its bytes changed"))
    return Snapshot(generation, parse_json_object(body))


def _number(text: bytes) -> int:
    if not text.isdigit() or len(text) > 18:
        raise UnreadableFile(_("the file's header is damaged"))
    return int(text)


# --------------------------------------------------------------------------------------
# Journals.
# --------------------------------------------------------------------------------------


def journal_header(generation: int) -> bytes:
    """The first line of the journal of the snapshot of `generation`."""
    return f"{JOURNAL_MAGIC.decode()} {FORMAT} {generation}\n".encode("ascii")


def encode_record(change: Change) -> bytes:
    """One journal line for `change`."""
    body = _json(change)
    return b"%d %08x " % (len(body), zlib.crc32(body)) + body + b"\n"


@dataclass
class Journal:
    """A decoded journal."""

    generation: int
    changes: list[Change] = field(default_factory=list)
    end: int = 0
    """Where the last sound record ends: what a writer keeps of the file."""
    torn: bool = False
    """A torn last record was dropped."""


def decode_journal(raw: bytes) -> Journal:
    """The journal `raw` holds, its torn last record dropped.

    Raises:
        DamagedJournal: its header or a complete record is damaged.
        NewerSchemaError: a header of a newer format.
    """
    line, newline, _rest = raw.partition(b"\n")
    parts = line.split(b" ")
    if not newline or len(parts) != 3 or parts[0] != JOURNAL_MAGIC:
        raise DamagedJournal(_("its journal's header is damaged"), b"")
    try:
        version, generation = _number(parts[1]), _number(parts[2])
    except UnreadableFile:
        raise DamagedJournal(_("its journal's header is damaged"), b"") from None
    if version > FORMAT:
        raise NewerSchemaError(
            _(
                "this session was saved by a newer version of facilitator (file format "
                "{version}); update facilitator to open it"
            ).format(version=version)
        )
    journal = Journal(generation, end=len(line) + 1)
    at, size = journal.end, len(raw)
    while at < size:
        if raw.find(b"\n", at) < 0:
            journal.torn = True  # killed while appending: never acknowledged
            break
        change = _record(raw, at)
        if change is None:
            raise DamagedJournal(
                _("its journal is damaged at byte {offset}").format(offset=at), raw[:at]
            )
        journal.changes.append(change[0])
        at = journal.end = change[1]
    return journal


def _record(raw: bytes, at: int) -> tuple[Change, int] | None:
    """The sound record at `at` and where the next begins, or None when it is damaged."""
    first = raw.find(b" ", at, at + 12)
    second = raw.find(b" ", first + 1, first + 11) if first > 0 else -1
    if second != first + 9:
        return None
    length, crc = raw[at:first], raw[first + 1 : second]
    if not length.isdigit():
        return None
    start = second + 1
    end = start + int(length)
    if raw[end : end + 1] != b"\n":
        return None
    body = raw[start:end]
    try:
        if int(crc, 16) != zlib.crc32(body):
            return None
        change = json.loads(body.decode("utf-8"), parse_constant=_refuse)
    except (ValueError, RecursionError):
        return None
    if not _is_change(change):
        return None
    return change, end + 1


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _is_change(change: Any) -> bool:
    if not isinstance(change, dict):
        return False
    for table in change.values():
        if table is None:
            continue
        if not isinstance(table, dict):
            return False
        if any(doc is not None and not isinstance(doc, dict) for doc in table.values()):
            return False
    return True


def apply(tables: Tables, change: Change) -> None:
    """Replay one record onto `tables` (changed in place)."""
    for name, docs in change.items():
        if docs is None:
            tables.pop(name, None)
            continue
        table = tables.setdefault(name, {})
        for doc_id, doc in docs.items():
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc


def replay(snapshot: Snapshot, raw_journal: bytes | None) -> tuple[Tables, Journal | None]:
    """The tables `snapshot` and its journal (the bytes, if any) hold together, and the
    journal when it was replayed (None: no journal, or a stale one).

    Raises:
        DamagedJournal: the journal is damaged, or is of a newer generation.
        NewerSchemaError: the journal is of a newer format.
    """
    tables = snapshot.tables
    if raw_journal is None:
        return tables, None
    journal = decode_journal(raw_journal)
    if journal.generation < snapshot.generation:
        return tables, None  # a compaction was killed after its snapshot: all in there
    if journal.generation > snapshot.generation:
        raise DamagedJournal(_("its journal belongs to another copy of the file"), b"")
    for change in journal.changes:
        apply(tables, change)
    return tables, journal


def read_session_bytes(raw: bytes, raw_journal: bytes | None = None) -> Tables:
    """The tables a snapshot's bytes and its journal's hold (for checks of a copy).

    Raises:
        UnreadableFile: either is damaged.
        NewerSchemaError: of a newer format.
    """
    return replay(decode_snapshot(raw), raw_journal)[0]
