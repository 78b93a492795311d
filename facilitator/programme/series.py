"""Series of meetings: visits 1-2-3 between two cities, a semester with one pupil, a
programme's sessions with one mentee; and the action plan that grows across them.

A series is stored as one small TinyDB file under `<data>/series/`, written with the same
crash-safe storage as the sessions and guarded the same way (`GuardedFile`): the last good
copy kept as `<id>.json.prev`, a damaged file moved to `<data>/damaged/series/` and the
copy put in its place, the caller told by a `Recovery`. Sessions refer to their series by
its stable id (never by its name, so renaming a series never splits it) and carry their
number in it. The series' lock (`<id>.lock`) is held while its file is written and while a
session is added to it, so two windows starting a session at once never take one number.

When a session is created in a series, the actions still open at the end of its earlier
sessions are copied into it, in a review block, with the same entry id and with an
`Origin` naming the session where each was first written down. The series' action plan is
then, for each action id, its latest version across the sessions, in session order:
merged by id, never by text.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from facilitator.agenda.model import Agenda, Block, BlockKind, Duration
from facilitator.documents.export import SeriesPlanWriter
from facilitator.i18n import N_, _, current_language, sort_key, translations
from facilitator.meeting.clock import Clock
from facilitator.meeting.session import (
    ActionStatus,
    Entry,
    EntryKind,
    MeetingDetails,
    Origin,
    Participant,
    SeriesKind,
    SessionInfo,
    canonical_role,
)
from facilitator.programme.history import SessionHistory
from facilitator.storage.guarded import (
    CorruptFileError,
    GuardedFile,
    Recovery,
    StoreError,
    UnreadableFile,
)
from facilitator.storage.lock import FileLock
from facilitator.storage.migration import NewerSchemaError
from facilitator.storage.paths import DataPaths
from facilitator.storage.session_file import StoredSession
from facilitator.storage.sessions import CorruptSessionError, SessionStore

SERIES_SCHEMA = 1
"""The version of a series file's layout."""

LOCK_WAIT_S = 5.0
"""How long a series' lock held by another process is waited for: it is held only while
the series file is written or a session is added, a moment."""

REVIEW_MIN = 10
"""The length of the review block added to an agenda that has none, in minutes."""

REVIEW_TITLE = N_("Review of open actions")
REVIEW_DESCRIPTION = N_(
    "The actions still open from earlier meetings of the series: done, still open "
    "(with a new deadline) or dropped?"
)
"""The review block's words, in the agenda's language (it becomes part of the agenda)."""


class SeriesError(StoreError):
    """A series that cannot be found, created or read."""


class SeriesNotFound(SeriesError):
    """No series has that name or id."""


class CorruptSeriesError(SeriesError, CorruptFileError):
    """A series file could not be parsed; it was moved aside, never overwritten."""

    what = "series"


class SeriesLocked(SeriesError):
    """Another process is writing the series (adding a session to it, saving it)."""

    def __init__(self, name: str, holder: str) -> None:
        super().__init__(
            _(
                "the series `{name}` is in use by {holder}, which is adding a session to it "
                "or saving it; try again in a moment"
            ).format(name=name, holder=holder)
        )
        self.holder = holder


@dataclass
class Series:
    """A series of meetings and the parties it is between."""

    id: str
    """Stable, never reused, independent of the name."""
    name: str
    kind: SeriesKind
    created_at: float
    mentee: str = ""
    mentor: str = ""
    mentee_city: str = ""
    mentor_city: str = ""
    participants: list[Participant] = field(default_factory=list)
    """The usual participants, pre-filled in each new session."""
    language: str = "en"
    """The language of the review block's title."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the series file."""
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Series:
        """Rebuild a series from its file."""
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            kind=SeriesKind(data.get("kind", SeriesKind.MENTORING.value)),
            created_at=float(data["created_at"]),
            mentee=str(data.get("mentee", "")),
            mentor=str(data.get("mentor", "")),
            mentee_city=str(data.get("mentee_city", "")),
            mentor_city=str(data.get("mentor_city", "")),
            participants=[
                Participant(str(p["name"]), str(p.get("role", "")), bool(p.get("attended", True)))
                for p in data.get("participants", [])
            ],
            language=str(data.get("language", "en")),
        )

    def session_details(self, details: MeetingDetails | None = None) -> MeetingDetails:
        """The details of a new session in the series: what the facilitator typed, with
        the scheme, the cities and the participants filled in from the series where empty.
        The mentee and the mentor join the participants with their roles."""
        base = details or MeetingDetails()
        people = list(base.participants) or [
            Participant(p.name, p.role, True) for p in self.participants
        ]
        known = {p.name.casefold() for p in people}
        for name, role in ((self.mentee, "mentee"), (self.mentor, "mentor")):
            if name.strip() and name.casefold() not in known:
                people.append(Participant(name, canonical_role(role)))
                known.add(name.casefold())
        return replace(
            base,
            participants=people,
            scheme=base.scheme or self.name,
            mentee_city=base.mentee_city or self.mentee_city,
            mentor_city=base.mentor_city or self.mentor_city,
        )


@dataclass(frozen=True)
class PlanItem:
    """One action of a series' plan: its latest version and where it came from."""

    entry: Entry
    """The action as the latest session that holds it left it."""
    origin: Origin
    session_number: int
    """The number of the session that holds this latest version."""


def origin_of(entry: Entry, info: SessionInfo) -> Origin:
    """Where an action of session `info` began: its own origin when it was carried over,
    else this very session."""
    return entry.origin or Origin(info.series_number, info.id, entry.id)


def series_plan(sessions: list[tuple[SessionInfo, list[Entry]]]) -> list[PlanItem]:
    """Every action of the series, merged by its stable id, in the order each first
    appeared: the latest version of each, with its origin. An action whose latest version
    is deleted (or is no longer an action) is left out."""
    latest: dict[str, PlanItem] = {}
    order: list[str] = []
    for info, entries in sessions:
        for entry in entries:
            if entry.kind is not EntryKind.ACTION and entry.id not in latest:
                continue
            if entry.id not in latest:
                order.append(entry.id)
            latest[entry.id] = PlanItem(entry, origin_of(entry, info), info.series_number)
    return [
        item
        for item in (latest[i] for i in order)
        if not item.entry.deleted and item.entry.kind is EntryKind.ACTION
    ]


def open_actions(sessions: list[tuple[SessionInfo, list[Entry]]]) -> list[PlanItem]:
    """The actions of the series still open: what the next session carries over."""
    return [
        item
        for item in series_plan(sessions)
        if item.entry.action is not None and item.entry.action.status is ActionStatus.OPEN
    ]


def review_block(language: str) -> Block:
    """The block in which carried-over actions are reviewed."""
    words = translations(language)
    return Block(
        title=words.gettext(REVIEW_TITLE),
        duration=Duration(REVIEW_MIN * 60, REVIEW_MIN * 60),
        kind=BlockKind.REVIEW,
        description=words.gettext(REVIEW_DESCRIPTION),
    )


def with_review_block(agenda: Agenda) -> Agenda:
    """The agenda with a review block at its start, unless it already has one."""
    if any(b.kind is BlockKind.REVIEW for b in agenda.blocks):
        return agenda
    return agenda.with_blocks((review_block(agenda.language), *agenda.blocks))


def review_index(agenda: Agenda) -> int:
    """Where carried-over actions go: the first review block, else the first block (the
    facilitator removed the review block; the actions still carry over)."""
    return next((i for i, b in enumerate(agenda.blocks) if b.kind is BlockKind.REVIEW), 0)


def carried_entry(item: PlanItem, agenda: Agenda, session_id: str, now: float) -> Entry:
    """A copy of an open action for a new session: same id, its origin, its history so
    far and a record of the carry-over; placed in the review block."""
    index = review_index(agenda)
    old = item.entry
    return replace(
        old,
        block_index=index,
        block_title=agenda.blocks[index].title,
        meeting_s=0.0,
        origin=item.origin,
        history=[
            *old.history,
            {
                "at": now,
                "session": session_id,
                "carried_from": item.session_number,
                "before": {},
            },
        ],
    )


class SeriesStore:
    """The series of one data folder, and the sessions created in them."""

    def __init__(
        self,
        paths: DataPaths,
        sessions: SessionStore,
        now: Clock = time.time,
        *,
        lock_wait: float = LOCK_WAIT_S,
    ) -> None:
        self.paths = paths
        self.sessions = sessions
        self._now = now
        self.lock_wait = lock_wait
        """How long a series' lock held by another process is waited for, in seconds."""
        self.recoveries: list[Recovery] = []
        """Damaged series files replaced by their last good copy while reading: what the
        user should be told (`Recovery.describe`); the caller empties it once shown."""

    def all(self) -> list[Series]:
        """Every series, by name.

        A damaged series file is moved to the damaged folder and its last good copy used
        (noted in `recoveries`).

        Raises:
            CorruptSeriesError: a series file is damaged and has no sound copy; both are
                kept (the damaged one moved aside).
            SeriesError: a series file was saved by a newer version of the app.
        """
        if not self.paths.series.is_dir():
            return []
        found = [self._load(p.stem) for p in sorted(self.paths.series.glob("*.json"))]
        language = current_language()
        return sorted(found, key=lambda s: (sort_key(s.name, language), s.id))

    def find(self, text: str) -> Series:
        """The series named `text` (any case, spaces tidied), or with that id.

        Raises:
            SeriesNotFound: none, or more than one, matches.
        """
        wanted = " ".join(text.split()).casefold()
        every = self.all()
        for series in every:
            if series.id == text:
                return series
        named = [s for s in every if s.name.casefold() == wanted]
        if len(named) == 1:
            return named[0]
        if named:
            ids = ", ".join(s.id for s in named)
            raise SeriesNotFound(
                _("{count} series are named `{text}`; use an id: {ids}").format(
                    count=len(named), text=text, ids=ids
                )
            )
        raise SeriesNotFound(
            _("no series `{text}`; `facilitator series list` lists them").format(text=text)
        )

    def create(
        self,
        name: str,
        kind: SeriesKind,
        *,
        mentee: str = "",
        mentor: str = "",
        mentee_city: str = "",
        mentor_city: str = "",
        participants: list[Participant] | None = None,
        language: str = "en",
    ) -> Series:
        """Make a new series.

        Raises:
            SeriesError: the name is empty or another series already has it.
        """
        tidy = " ".join(name.split())
        if not tidy:
            raise SeriesError(_("a series needs a name"))
        taken = next((s for s in self.all() if s.name.casefold() == tidy.casefold()), None)
        if taken is not None:
            raise SeriesError(_("there is already a series named `{name}`").format(name=taken.name))
        series = Series(
            id=uuid.uuid4().hex[:12],
            name=tidy,
            kind=kind,
            created_at=self._now(),
            mentee=mentee.strip(),
            mentor=mentor.strip(),
            mentee_city=mentee_city.strip(),
            mentor_city=mentor_city.strip(),
            participants=list(participants or []),
            language=language,
        )
        self.save(series)
        return series

    def save(self, series: Series) -> None:
        """Store a new or changed series (a rename keeps its id, so nothing splits).

        Raises:
            SeriesLocked: another process held the series' lock all the while we waited.
        """
        with self.locked(series):
            guarded = self._file(series.id)
            # With the lock held no write is under way: what a crash left can go.
            guarded.tidy(_holds_a_series)
            # The file is written whole, so a damaged one is set aside (its last good
            # copy restored) before TinyDB reads it, never overwritten.
            if guarded.path.exists():
                self._load(series.id)
            db = guarded.db()
            try:
                table = db.table("series")
                data = {"schema": SERIES_SCHEMA, **series.to_dict()}
                docs = table.all()
                if docs:
                    table.update(data, doc_ids=[docs[0].doc_id])
                else:
                    table.insert(data)
            finally:
                db.close()

    def lock_file(self, series_id: str) -> Path:
        """Held while one process writes the series or adds a session to it."""
        return self.paths.series / f"{series_id}.lock"

    @contextmanager
    def locked(self, series: Series) -> Iterator[None]:
        """Hold the series' lock, waiting up to `lock_wait` for another process.

        Raises:
            SeriesLocked: naming the process that held it all along.
        """
        self.paths.series.mkdir(parents=True, exist_ok=True)
        lock = FileLock(
            self.lock_file(series.id), error=lambda _path, holder: SeriesLocked(series.name, holder)
        )
        lock.acquire(wait=self.lock_wait)
        try:
            yield
        finally:
            lock.release()

    def history(
        self, series: Series
    ) -> tuple[list[tuple[SessionInfo, list[Entry]]], list[CorruptSessionError | NewerSchemaError]]:
        """The series' sessions with their entries, in order, and files that could not
        be read.

        The history index (`SessionHistory`, refreshed first: a file it does not know, or
        whose stamp changed, is read again) says which files belong to the series; only
        those are then read whole. A file that could not be read is reported whatever its
        series, since it may be one of this one's.
        """
        index = SessionHistory(self.paths, self.sessions)
        files = index.files_of_series(series.id)
        found, problems = self.sessions.in_series(series.id, files)
        return found, [*index.problems, *problems]

    def plan_writer(self, series: Series, include_confidential: bool = False) -> SeriesPlanWriter:
        """The writer of the series' action plan as its sessions stand.

        Raises:
            SeriesError: the series has no session yet, or one could not be read.
        """
        sessions, problems = self.history(series)
        if problems:
            raise SeriesError(
                _("cannot read the whole series: {problem}").format(problem=problems[0])
            )
        if not sessions:
            raise SeriesError(_("the series `{name}` has no sessions yet").format(name=series.name))
        return SeriesPlanWriter(
            series, series_plan(sessions), sessions[-1][0], include_confidential
        )

    def start_session(
        self,
        series: Series,
        agenda: Agenda,
        details: MeetingDetails | None = None,
        *,
        add_review: bool = True,
    ) -> StoredSession:
        """Create the next session of `series` on `agenda`, its details pre-filled and the
        open actions of the earlier sessions carried over into its review block.

        With `add_review` (the command line), a review block is put at the start of the
        agenda when it has none and there is something to review; a screen that showed the
        facilitator the agenda already did that, and they may have removed it.

        The series' lock is held from reading its sessions until the new one is on disk,
        so another process starting a session in the series at the same moment waits for
        this one and takes the next number.

        Raises:
            SeriesError: a session file of the series could not be read, so an open action
                might be missed.
            SeriesLocked: another process held the series' lock all the while we waited.
        """
        with self.locked(series):
            earlier, problems = self.history(series)
            if problems:
                raise SeriesError(
                    _(
                        "cannot carry over the series' open actions: {problem}; nothing was created"
                    ).format(problem=problems[0])
                )
            carried = open_actions(earlier)
            if carried and add_review:
                agenda = with_review_block(agenda)
            number = max((info.series_number for info, _entries in earlier), default=0) + 1
            session = self.sessions.create(
                agenda, series.session_details(details), series_id=series.id, series_number=number
            )
            now = self._now()
            try:
                for item in carried:
                    session.put_entry(carried_entry(item, agenda, session.id, now))
            except BaseException:
                session.close()
                raise
        return session

    def _file(self, series_id: str) -> GuardedFile:
        return GuardedFile(
            self.paths.series_file(series_id),
            self.paths.quarantine / "series",
            error=CorruptSeriesError,
            now=self._now,
        )

    def _db(self, series_id: str) -> TinyDB:
        return self._file(series_id).db()

    def _load(self, series_id: str) -> Series:
        """Read one series file, checked whole; a damaged one is set aside and its last
        good copy used (noted in `recoveries`)."""
        series, recovery = self._file(series_id).read(lambda db: _check_series(db, series_id))
        if recovery is not None:
            self.recoveries.append(recovery)
        return series


def _check_series(db: TinyDB, series_id: str) -> Series:
    """The series a file holds; raises one of the store's `DAMAGE` when it is damaged."""
    try:
        docs = db.table("series").all()
    finally:
        db.close()
    if not docs:
        raise UnreadableFile(_("the file holds no series"))
    data = dict(docs[0])
    if int(data.get("schema", 1)) > SERIES_SCHEMA:
        raise SeriesError(
            _(
                "the series `{name}` was saved by a newer version of facilitator; "
                "update facilitator to use it"
            ).format(name=data.get("name", series_id))
        )
    series = Series.from_dict(data)
    # The file's name is the id: a copied file must never pose as its original.
    series.id = series_id
    return series


def _holds_a_series(data: bytes) -> bool:
    """True when `data` reads as a series file (for the last good copy a crash left)."""
    try:
        parsed = json.loads(data.decode("utf-8"))
        return isinstance(parsed, dict) and bool(parsed.get("series"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
