"""A report over a whole data folder (or any folder of session files): academic hours per
mentor, pupil and month, and the actions still open.

The folder is only read: no lock is taken, no file is moved or updated (an older file is
migrated in memory), and a file that cannot be read is listed with its reason, never
refused. Sessions of a series take their mentor and pupil from the series file when the
folder has it, else from the session's participants (a mentor's role, a pupil's or a
mentee's) and its facilitator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.i18n import _, sort_key
from facilitator.meeting.academic_hours import AcademicHours
from facilitator.meeting.clock import Clock, SessionClock
from facilitator.meeting.participants import canonical_role
from facilitator.meeting.session import ActionStatus, Entry, SessionInfo
from facilitator.programme.series import Series, series_plan
from facilitator.storage.guarded import UnreadableFile, parse_json_object
from facilitator.storage.journaled import reader_for
from facilitator.storage.migration import migrate

__all__ = ["FolderReport", "HoursRow", "OpenAction", "read_report"]


@dataclass
class HoursRow:
    """One mentor's meetings with one pupil in one month."""

    mentor: str
    pupil: str
    month: str
    meetings: int = 0
    minutes: int = 0
    hours: int = 0
    """Confirmed academic hours."""
    unconfirmed: int = 0
    """Meetings counted in academic hours whose hours nobody confirmed."""
    open_actions: int = 0


@dataclass(frozen=True)
class OpenAction:
    """An action still open, as the latest session holding it left it."""

    mentor: str
    pupil: str
    date: str
    text: str
    lead: str
    deadline: str


@dataclass
class FolderReport:
    """What a folder's sessions add up to, and the files that could not be read."""

    rows: list[HoursRow] = field(default_factory=list)
    actions: list[OpenAction] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    sessions: int = 0


@dataclass(frozen=True)
class _Read:
    info: SessionInfo
    entries: list[Entry]
    minutes: int | None


def read_report(folder: Path, now: Clock, language: str) -> FolderReport:
    """The report of `folder`: a data folder (its `sessions/` and `series/`) or a folder
    of session files, read and never written; rows and actions in `language`'s order."""
    sessions_dir = folder / "sessions" if (folder / "sessions").is_dir() else folder
    series_dir = folder / "series"
    report = FolderReport()
    series: dict[str, Series] = {}
    for path in _json_files(series_dir, report):
        try:
            docs = parse_json_object(path.read_bytes()).get("series") or {}
            found = Series.from_dict(next(iter(docs.values())))
        except Exception as exc:  # a report refuses nothing: it says why
            report.unreadable.append((path, _reason(exc)))
            continue
        found.id = path.stem
        series[found.id] = found
    read: list[_Read] = []
    for path in _json_files(sessions_dir, report):
        try:
            read.append(_read_session(path, now))
        except Exception as exc:  # as above: whatever a damaged file raises
            report.unreadable.append((path, _reason(exc)))
    report.sessions = len(read)
    rows: dict[tuple[str, str, str], HoursRow] = {}
    for item in read:
        mentor, pupil = _parties(item.info, series.get(item.info.series_id))
        key = (mentor, pupil, item.info.date[:7])
        row = rows.setdefault(key, HoursRow(*key))
        row.meetings += 1
        row.minutes += item.minutes or 0
        if item.info.hours is not None:
            row.hours += item.info.hours
        elif item.info.agenda.academic_hours:
            row.unconfirmed += 1
    for action, info in _open_actions(read):
        mentor, pupil = _parties(info, series.get(info.series_id))
        fields = action.action
        report.actions.append(
            OpenAction(
                mentor,
                pupil,
                info.date,
                action.text,
                fields.lead if fields else "",
                fields.deadline if fields else "",
            )
        )
        key = (mentor, pupil, info.date[:7])
        rows.setdefault(key, HoursRow(*key)).open_actions += 1

    def order(mentor: str, pupil: str) -> tuple[Any, ...]:
        return (sort_key(mentor, language), sort_key(pupil, language))

    report.rows = sorted(rows.values(), key=lambda r: (*order(r.mentor, r.pupil), r.month))
    report.actions.sort(key=lambda a: (*order(a.mentor, a.pupil), a.date, a.deadline))
    return report


def _json_files(folder: Path, report: FolderReport) -> list[Path]:
    if not folder.is_dir():
        return []
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".json")
    except OSError as exc:
        report.unreadable.append((folder, _reason(exc)))
        return []


def _read_session(path: Path, now: Clock) -> _Read:
    # The snapshot and its journal, read without writing anything (an older plain file too).
    tables = reader_for(path)()
    if tables is None:
        raise UnreadableFile(_("the file holds no session"))
    data: dict[str, Any] = dict(tables)
    migrate(data)  # in memory only: the file stays as it is
    info = SessionInfo.from_dict(next(iter(data["meta"].values())))
    info.id = path.stem
    entries = [Entry.from_dict(e) for e in (data.get("entries") or {}).values()]
    clocks = list((data.get("clock") or {}).values())
    minutes = None
    if clocks:
        clock = SessionClock.from_dict(dict(clocks[0]["state"]), now)
        if clock.started:
            minutes = AcademicHours.of(clock.running_time()).minutes
    return _Read(info, entries, minutes)


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _parties(info: SessionInfo, series: Series | None) -> tuple[str, str]:
    """The mentor and the pupil of a session: its series', else its participants'."""
    mentor = series.mentor if series is not None else ""
    pupil = series.mentee if series is not None else ""
    for person in info.participants:
        role = canonical_role(person.role)
        if not mentor and role == "mentor":
            mentor = person.name
        if not pupil and role in ("pupil", "mentee"):
            pupil = person.name
    return mentor or info.facilitator or "–", pupil or "–"


def _open_actions(read: Iterable[_Read]) -> list[tuple[Entry, SessionInfo]]:
    """The open, shared actions: per series (or lone session) the latest version of each,
    with the session that holds it."""
    groups: dict[str, list[_Read]] = {}
    for item in read:
        groups.setdefault(item.info.series_id or item.info.id, []).append(item)
    found: list[tuple[Entry, SessionInfo]] = []
    for items in groups.values():
        items.sort(key=lambda r: (r.info.series_number, r.info.created_at))
        by_id = {r.info.id: r.info for r in items}
        plan = series_plan([(r.info, r.entries) for r in items])
        latest = {r.info.series_number: r.info for r in items}
        for planned in plan:
            fields = planned.entry.action
            if fields is None or fields.status is not ActionStatus.OPEN:
                continue
            if planned.entry.confidential:
                continue
            info = latest.get(planned.session_number) or by_id.get(planned.origin.session_id)
            if info is not None:
                found.append((planned.entry, info))
    return found
