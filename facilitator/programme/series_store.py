"""The series of one data folder, on disk, and the sessions created in them.

A series is stored as one small TinyDB file under `<data>/series/`, written with the same
crash-safe storage as the sessions and guarded the same way (`GuardedFile`): the last good
copy kept as `<id>.json.prev`, a damaged file moved to `<data>/damaged/series/` and the
copy put in its place, the caller told by a `Recovery`. The series' lock (`<id>.lock`) is
held while its file is written and while a session is added to it, so two windows starting
a session at once never take one number.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from tinydb import TinyDB

from facilitator.agenda.model import Agenda
from facilitator.i18n import _, current_language, sort_key
from facilitator.meeting.clock import Clock
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import Entry, MeetingDetails, SeriesKind, SessionInfo
from facilitator.programme.history import SessionHistory
from facilitator.programme.series import (
    PlanItem,
    Series,
    carried_entry,
    open_items,
    series_goals,
    series_plan,
    with_review_block,
)
from facilitator.storage.guarded import (
    CorruptFileError,
    GuardedFile,
    Recovery,
    StoreError,
    UnreadableFile,
    parse_json_object,
)
from facilitator.storage.lock import FileLock, tidy_stale_locks
from facilitator.storage.migration import NewerSchemaError
from facilitator.storage.orphans import adopt_orphan_copies
from facilitator.storage.paths import DataPaths, private_folder
from facilitator.storage.session_file import StoredSession
from facilitator.storage.sessions import CorruptSessionError, SessionStore

SERIES_SCHEMA = 1
"""The version of a series file's layout."""

LOCK_WAIT_S = 5.0
"""How long a series' lock held by another process is waited for: it is held only while
the series file is written or a session is added, a moment."""


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
        adopt_orphan_copies(self.paths.series, _holds_a_series)  # after a crash in a recovery
        tidy_stale_locks(self.paths.series)
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
        school: str = "",
        semester: str = "",
        scheme: str = "",
        rhythm: str = "",
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
            school=school.strip(),
            semester=" ".join(semester.split()),
            scheme=" ".join(scheme.split()),
            rhythm=" ".join(rhythm.split()),
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
        private_folder(self.paths.series)
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

    def plan(self, series: Series) -> tuple[list[PlanItem], SessionInfo]:
        """The series' action plan as its sessions stand, and its latest session (the one
        that produced this version). Its document is `documents.series_plan`'s to write:
        the programme never imports the documents.

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
        return series_plan(sessions), sessions[-1][0]

    def goals(self, series: Series) -> tuple[list[PlanItem], dict[str, int]]:
        """Every goal of the series as its sessions stand (`series_goals`), and the number
        of each session by its id (a goal's changes name the session they were made in).

        Raises:
            SeriesError: a session of the series could not be read.
        """
        sessions, problems = self.history(series)
        if problems:
            raise SeriesError(
                _("cannot read the whole series: {problem}").format(problem=problems[0])
            )
        numbers = {info.id: info.series_number for info, _entries in sessions}
        return series_goals(sessions), numbers

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
            carried = open_items(earlier, agenda)
            if carried and add_review:
                agenda = with_review_block(agenda)
            if series.kind is SeriesKind.PUPIL:
                # A pupil's meetings are counted in academic hours whatever the agenda.
                agenda = replace(agenda, academic_hours=True)
            number = max((info.series_number for info, _entries in earlier), default=0) + 1
            session = self.sessions.create(
                agenda,
                series.session_details(details),
                series_id=series.id,
                series_number=number,
                series_kind=series.kind.value,
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
        return bool(parse_json_object(data).get("series"))
    except UnreadableFile:
        return False
