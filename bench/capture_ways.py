"""The four ways the capture benchmark (`capture.py`) stores an entry, and the entries it
stores: facilitator's `add_entry` and its three references (sqlite3, TinyDB's own
storage, a plain append)."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.agenda.model import Agenda
    from facilitator.meeting.session import Entry
    from facilitator.storage.session_file import StoredSession

SAMPLE_TEXT = (
    "Anna vērtē godīgumu un atklātību sadarbībā ar jauniešiem skolā pašvaldībā Cēsīs "
    "Līgatnē ūdens projekts pieredze ģimene kopiena mērķis rīcības plāns budžets aptauja "
    "mentors mentorējamais nākamā tikšanās otrdienā jāsagatavo ziņojums par rezultātiem "
    "the mentor shares how the city involved residents in planning the new park and the "
    "survey showed that young people want more evening activities near the station"
)
WORDS = SAMPLE_TEXT.split()
LEADS = ("Anna", "Jānis_Bērziņš", "Līga", "Pēteris", "Ieva_Ozoliņa")


# --------------------------------------------------------------------------------------
# The entries.
# --------------------------------------------------------------------------------------


def make_entries(count: int, agenda: Agenda, seed: int = 5) -> list[Entry]:
    """`count` entries as a meeting produces them: mostly short notes, some long ones."""
    from facilitator.meeting.session import ActionFields, Entry, EntryKind

    rng = random.Random(seed)
    kinds = [EntryKind.NOTE] * 12 + [EntryKind.DECISION] * 3 + [EntryKind.ACTION] * 3
    kinds += [EntryKind.QUESTION] * 2
    start = 1_795_000_000.0
    entries = []
    for n in range(count):
        length = rng.choice([rng.randint(20, 80)] * 6 + [rng.randint(80, 200)] * 3)
        if rng.random() < 0.1:
            length = rng.randint(200, 500)
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < length:
            words.append(rng.choice(WORDS))
        kind = rng.choice(kinds)
        action = None
        if kind is EntryKind.ACTION:
            day = rng.randint(1, 28)
            action = ActionFields(deadline=f"2026-12-{day:02d}", lead=rng.choice(LEADS))
        block = rng.randrange(len(agenda.blocks))
        entries.append(
            Entry(
                id=f"{n:012x}",
                kind=kind,
                text=" ".join(words).capitalize(),
                block_index=block,
                block_title=agenda.blocks[block].title,
                created_at=start + 7.5 * n,
                meeting_s=7.5 * n,
                action=action,
            )
        )
    return entries


def encode(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------------------
# The four ways to store an entry.
# --------------------------------------------------------------------------------------


class Way:
    """One way to store entries durably (or not): `add` is timed, `fill` is not."""

    label = ""

    def fill(self, entries: list[Entry]) -> None:
        raise NotImplementedError

    def add(self, entry: Entry) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @property
    def path(self) -> Path:
        raise NotImplementedError


class Facilitator(Way):
    label = "facilitator: `add_entry` (TinyDB, journal: append one record, fsync)"

    def __init__(self, root: Path, agenda: Agenda) -> None:
        from facilitator.storage.paths import DataPaths
        from facilitator.storage.sessions import SessionStore

        self.store = SessionStore(DataPaths(root))
        self.session: StoredSession = self.store.create(agenda)
        self.id = self.session.id

    def fill(self, entries: list[Entry]) -> None:
        # One write for the lot; only the timed entries go one by one through `add_entry`.
        self.session._db.table("entries").insert_multiple([e.to_dict() for e in entries])

    def add(self, entry: Entry) -> None:
        self.session.add_entry(entry)

    def compact(self) -> None:
        """Fold the journal into a new snapshot (as closing the session does)."""
        from facilitator.storage.journaled import JournalStorage

        storage = self.session._db.storage
        assert isinstance(storage, JournalStorage)
        storage.compact()

    def close(self) -> None:
        self.session.close()

    @property
    def path(self) -> Path:
        return self.store.paths.session_file(self.id)


class SQLite(Way):
    label = "sqlite3, WAL, `synchronous=FULL`: one INSERT and commit"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        self._path = root / "session.sqlite"
        self.db = sqlite3.connect(self._path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE meta (doc TEXT NOT NULL)")
        self.db.execute("CREATE TABLE entries (n INTEGER PRIMARY KEY, doc TEXT NOT NULL)")
        self.db.execute("INSERT INTO meta (doc) VALUES (?)", (encode(meta),))
        self.db.commit()

    def fill(self, entries: list[Entry]) -> None:
        rows = [(encode(e.to_dict()),) for e in entries]
        self.db.executemany("INSERT INTO entries (doc) VALUES (?)", rows)
        self.db.commit()

    def add(self, entry: Entry) -> None:
        self.db.execute("INSERT INTO entries (doc) VALUES (?)", (encode(entry.to_dict()),))
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    @property
    def path(self) -> Path:
        return self._path


class PlainTinyDB(Way):
    label = "TinyDB default `JSONStorage` (in place; not crash-safe)"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        from tinydb import TinyDB

        self._path = root / "tinydb-default.json"
        self.db = TinyDB(self._path)
        self.db.table("meta").insert(meta)

    def fill(self, entries: list[Entry]) -> None:
        self.db.table("entries").insert_multiple([e.to_dict() for e in entries])

    def add(self, entry: Entry) -> None:
        self.db.table("entries").insert(entry.to_dict())

    def close(self) -> None:
        self.db.close()

    @property
    def path(self) -> Path:
        return self._path


class Append(Way):
    label = "append one JSON line, flush, fsync (the floor)"

    def __init__(self, root: Path, meta: dict[str, Any]) -> None:
        self._path = root / "journal.jsonl"
        self.file = self._path.open("ab")
        self._write([encode(meta)])

    def _write(self, lines: list[str]) -> None:
        self.file.write("".join(line + "\n" for line in lines).encode("utf-8"))
        self.file.flush()
        os.fsync(self.file.fileno())

    def fill(self, entries: list[Entry]) -> None:
        self._write([encode(e.to_dict()) for e in entries])

    def add(self, entry: Entry) -> None:
        self._write([encode(entry.to_dict())])

    def close(self) -> None:
        self.file.close()

    @property
    def path(self) -> Path:
        return self._path


WAYS = ("facilitator", "sqlite", "tinydb", "append")


def open_ways(root: Path, agenda: Agenda) -> dict[str, Way]:
    """A fresh session in each way, each in its own folder under `root`."""
    ours = Facilitator(root / "facilitator", agenda)
    meta = ours.session.info.to_dict()
    others: list[tuple[str, Callable[[Path, dict[str, Any]], Way]]] = [
        ("sqlite", SQLite),
        ("tinydb", PlainTinyDB),
        ("append", Append),
    ]
    ways: dict[str, Way] = {"facilitator": ours}
    for name, make in others:
        (root / name).mkdir(parents=True)
        ways[name] = make(root / name, meta)
    return ways
