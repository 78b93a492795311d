"""Past sessions at a glance: a list to filter by series, dates and words typed in them.

The session files stay the source of truth. Reading a thousand of them whole takes seconds,
so what the list needs of each (its details, its counts and the text of its entries) is
kept in `<data>/cache/history.json` (the texts, most of its size, in `history-text.json`
beside it, which the home screen's session list never reads), each record stamped with its
file's (and its journal's) size, modification time and inode: a file whose stamp changed is
read again, a
record whose file is gone is dropped, and a cache that cannot be read is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from facilitator.i18n import _, search_form, strip_marks
from facilitator.meeting.capture import CaptureError, parse_date
from facilitator.meeting.session import EntryKind
from facilitator.storage.atomic import write_atomic
from facilitator.storage.guarded import Recovery
from facilitator.storage.journal import journal_path
from facilitator.storage.migration import NewerSchemaError
from facilitator.storage.paths import DataPaths, private_folder
from facilitator.storage.session_file import is_finished, was_interrupted
from facilitator.storage.sessions import CorruptSessionError, SessionStore

CACHE_VERSION = 4
"""2: rows carry their search text with and without Latvian marks; 3: the cities too;
4: whether the meeting was finished or stopped while its clock ran (the home screen's
session list comes from the index too), and the search texts in a file of their own."""


@dataclass(frozen=True)
class HistoryRow:
    """One past session as the history list shows it."""

    id: str
    title: str
    agenda_title: str
    date: str
    """ISO date of the meeting."""
    place: str
    created_at: float
    series_id: str
    series_number: int
    entries: int
    """Live entries."""
    actions: int
    decisions: int
    text: str
    """What a search looks in, as `i18n.search_form` folds it: its title, agenda and place,
    and the text of its shared entries, one a line (confidential ones are left out, so a
    search on the projected screen never points at them)."""
    bare: str
    """`text` without marks (`Rīga` -> `riga`), for a search typed without them."""
    finished: bool = False
    """The meeting was finished."""
    interrupted: bool = False
    """Its clock was running when the app last stopped, and nobody left it on purpose."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HistoryRow:
        """Rebuild a row from the cache."""
        return cls(**data)


@dataclass(frozen=True)
class HistoryFilter:
    """What the facilitator narrowed the list to; empty fields do not narrow it."""

    words: str = ""
    series_id: str = ""
    since: str = ""
    """ISO date, inclusive."""
    until: str = ""
    """ISO date, inclusive."""
    series_names: dict[str, str] = field(default_factory=dict, compare=False)
    """Each series' name by id (`parse_filter` fills it): a word may be found in the name
    of the series a session is in."""

    def matches(self, row: HistoryRow) -> bool:
        """True when `row` passes every filter; every word must appear in its entries,
        its title, its agenda, its place, its cities or its series' name."""
        if self.series_id and row.series_id != self.series_id:
            return False
        if self.since and row.date < self.since:
            return False
        if self.until and row.date > self.until:
            return False
        series = search_form(self.series_names.get(row.series_id, ""))
        for word in search_form(self.words).split():
            # A word typed without marks (`cesis`) also finds the marked one (`Cēsis`).
            bare = word == strip_marks(word)
            haystack = row.bare if bare else row.text
            if word not in haystack and word not in (strip_marks(series) if bare else series):
                return False
        return True


class SessionHistory:
    """Every stored session as a `HistoryRow`, newest first, kept fresh from the files."""

    def __init__(self, paths: DataPaths, store: SessionStore) -> None:
        self.paths = paths
        self.store = store
        self.rows: list[HistoryRow] = []
        self.problems: list[CorruptSessionError | NewerSchemaError] = []
        """Session files that could not be read while refreshing."""
        self.recovered: list[Recovery] = []
        """Session files found damaged while refreshing and replaced by their last good
        copy (their rows are there, from the copy)."""

    @property
    def cache_file(self) -> Path:
        """Where the rows are kept between runs, without the text of their entries."""
        return self.paths.root / "cache" / "history.json"

    @property
    def text_file(self) -> Path:
        """Where the rows' search texts are kept between runs: most of the index's size,
        read only when a search needs them."""
        return self.paths.root / "cache" / "history-text.json"

    def refresh(self, texts: bool = True) -> list[HistoryRow]:
        """Bring the rows up to date with the session files; return them, newest first.

        Without `texts` the rows come without the text of their entries (`text` and
        `bare` are empty, and a search finds words only in what else they hold): the
        session list needs none of it, and it is most of what the index holds."""
        cached = _read_cache(self.cache_file)
        cached_texts = _read_cache(self.text_file) if texts else {}
        fresh: dict[str, dict[str, Any]] = {}
        fresh_texts: dict[str, dict[str, Any]] = {}
        self.problems = []
        self.recovered = []
        folder = self.paths.sessions
        self.store.adopt_orphans()
        names = (
            [e for e in os.scandir(folder) if e.name.endswith(".json") and e.is_file()]
            if folder.is_dir()
            else []
        )
        for item in names:
            try:
                stat = item.stat()
            except OSError:
                continue  # gone since the folder was listed
            # An atomic write is a new file: its inode changes even when size and time do not.
            # A save appends to the journal beside the snapshot: it is stamped too.
            journal = _stamp(journal_path(Path(item.path)))
            stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino, *journal]
            old = cached.get(item.name)
            old_text = cached_texts.get(item.name)
            if (
                old is not None
                and old.get("stamp") == stamp
                and (not texts or (old_text is not None and old_text.get("stamp") == stamp))
            ):
                fresh[item.name] = old
                if texts and old_text is not None:
                    fresh_texts[item.name] = old_text
                continue
            row = self._read_row(Path(item.path))
            if row is not None:
                fields = asdict(row)
                searched = {key: fields.pop(key) for key in TEXT_FIELDS}
                fresh[item.name] = {"stamp": stamp, "row": fields}
                fresh_texts[item.name] = {"stamp": stamp, **searched}
        if fresh != cached:
            _write_cache(self.cache_file, fresh)
        if texts and fresh_texts != cached_texts:
            _write_cache(self.text_file, fresh_texts)
        rows = [
            HistoryRow.from_dict(
                {**record["row"], **_texts(fresh_texts.get(name) if texts else None)}
            )
            for name, record in fresh.items()
        ]
        rows.sort(key=lambda r: (r.date, r.created_at, r.id), reverse=True)
        self.rows = rows
        return rows

    def files_of_series(self, series_id: str) -> list[Path]:
        """The session files of one series, as the index knows them once refreshed: a
        file it did not know yet, or whose stamp changed, is read first, so a session
        just made (by this process or another) is among them. Files that could not be
        read are in `problems`."""
        return [
            self.paths.session_file(row.id)
            for row in self.refresh(texts=False)
            if row.series_id == series_id
        ]

    def search(self, wanted: HistoryFilter) -> list[HistoryRow]:
        """The rows that pass `wanted`, newest first."""
        return [row for row in self.rows if wanted.matches(row)]

    def _read_row(self, path: Path) -> HistoryRow | None:
        try:
            session = self.store.read_file(path)
        except (CorruptSessionError, NewerSchemaError) as exc:
            self.problems.append(exc)
            return None
        if session.recovery is not None:
            self.recovered.append(session.recovery)
        try:
            entries = session.entries()
            info = session.info
            state = session.clock_state()
        finally:
            session.close()
        shared = [e for e in entries if not e.confidential]
        searched = [info.title, info.agenda.title, info.place, info.mentee_city, info.mentor_city]
        text = search_form("\n".join([*searched, *(e.text for e in shared)]))
        return HistoryRow(
            id=info.id,
            title=info.title,
            agenda_title=info.agenda.title,
            date=info.date,
            place=info.place,
            created_at=info.created_at,
            series_id=info.series_id,
            series_number=info.series_number,
            entries=len(entries),
            actions=sum(1 for e in entries if e.kind is EntryKind.ACTION),
            decisions=sum(1 for e in entries if e.kind is EntryKind.DECISION),
            text=text,
            bare=strip_marks(text),
            finished=is_finished(state),
            interrupted=was_interrupted(state),
        )


TEXT_FIELDS = ("text", "bare")
"""The fields of a row kept in the index's text file."""


def _texts(record: dict[str, Any] | None) -> dict[str, str]:
    """A row's search texts from the text file's `record` (empty without one)."""
    if record is None:
        return {key: "" for key in TEXT_FIELDS}
    return {key: str(record.get(key, "")) for key in TEXT_FIELDS}


def _read_cache(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_cache(path: Path, files: dict[str, dict[str, Any]]) -> None:
    # Only a cache: a disk that refuses it costs a slower next start, nothing more.
    with contextlib.suppress(OSError):
        private_folder(path.parent)  # it holds what was typed
        data = {"version": CACHE_VERSION, "files": files}
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _stamp(path: Path) -> list[int]:
    """The size, modification time and inode of `path`, or nothing when there is none."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


SERIES_KEYS = ("series", "sērija", "serija")
FROM_KEYS = ("from", "no")
TO_KEYS = ("to", "līdz", "lidz")
"""The filter line's keys, in English and in Latvian, with or without its marks (accepted
whatever the UI language)."""


def parse_filter(text: str, series: Iterable[tuple[str, str]] = ()) -> HistoryFilter:
    """Read what the facilitator typed in the history's filter line:
    `series:NAME`, `from:2026-11-01`, `to:31.12.2026` and words to find, in any order; the
    keys also in Latvian (`sērija:`, `no:`, `līdz:`), dates as ISO or `dd.mm.yyyy`.

    `series` gives each series as `(id, name)`; a name is matched in any case, without its
    marks when typed without them (`series:cesis` finds `Cēsis`, as a search word does), and
    a name with spaces is written with `_` or in quotes (`series:"IncluCities Cēsis"`).

    Raises:
        ValueError: an unknown series or a text that is not a date.
    """
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
    words: list[str] = []
    series_id = since = until = ""
    known = list(series)
    for part in parts:
        key, sep, value = part.partition(":")
        key = key.casefold()
        if sep and key in SERIES_KEYS:
            name = search_form(value.replace("_", " "))
            bare = name == strip_marks(name)
            found = [
                i
                for i, n in known
                if (strip_marks(search_form(n)) if bare else search_form(n)) == name or i == value
            ]
            if not found:
                raise ValueError(_("no series `{name}`").format(name=value))
            series_id = found[0]
        elif sep and key in (*FROM_KEYS, *TO_KEYS):
            try:
                day = parse_date(value).isoformat()
            except CaptureError:
                raise ValueError(
                    _("`{text}` is not a date; write 23.11.2026 or 2026-11-23").format(text=value)
                ) from None
            if key in FROM_KEYS:
                since = day
            else:
                until = day
        else:
            words.append(part)
    return HistoryFilter(" ".join(words), series_id, since, until, dict(known))
