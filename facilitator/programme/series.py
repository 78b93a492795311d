"""Series of meetings: visits 1-2-3 between two cities, a semester with one pupil, a
programme's sessions with one mentee; and the action plan that grows across them.

Sessions refer to their series by its stable id (never by its name, so renaming a series
never splits it) and carry their number in it. When a session is created in a series, the
actions still open at the end of its earlier sessions are copied into it, in a review block,
with the same entry id and with an `Origin` naming the session where each was first written
down; so are the goals not yet achieved or dropped and the questions not yet answered (a
block that assesses the goals, `Record: goals` in a review block, receives every goal).
The series' action plan is then, for each action id, its latest version across the
sessions, in session order: merged by id, never by text.

Only the model and the merging are here, pure functions of what was read; the files, the
lock and creating sessions are `facilitator.programme.series_store`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from facilitator.agenda.model import GOALS_RECORD, Agenda, Block, BlockKind, Duration
from facilitator.i18n import N_, translations
from facilitator.meeting.participants import Participant, canonical_role
from facilitator.meeting.session import (
    ActionStatus,
    Entry,
    EntryKind,
    MeetingDetails,
    Origin,
    SeriesKind,
    SessionInfo,
)
from facilitator.programme.rhythm import Rhythm, RhythmError, next_date, read_rhythm

REVIEW_MIN = 10
"""The length of the review block added to an agenda that has none, in minutes."""

REVIEW_TITLE = N_("Review of open actions")
REVIEW_DESCRIPTION = N_(
    "The actions, goals and questions still open from earlier meetings of the series: "
    "done, still open (with a new deadline) or dropped? Goals achieved or partly? "
    "Questions answered?"
)
"""The review block's words, in the agenda's language (it becomes part of the agenda)."""


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
    school: str = ""
    """A pupil's series: the school or youth centre where the mentoring is given."""
    semester: str = ""
    """A pupil's series: the semester it runs in, as the school names it (`2026/27 I`);
    a mentor supports at most six pupils in one."""
    scheme: str = ""
    """The programme (mentoring scheme) the series belongs to, as the action plan's header
    names it; empty: the series' name."""
    rhythm: str = ""
    """How often it meets, as typed (`every second Tuesday`, `monthly`; read by
    `programme.rhythm`); empty: no rhythm, no date proposed."""

    @property
    def programme(self) -> str:
        """The programme name its sessions and plans carry: its own, else its name."""
        return self.scheme or self.name

    @property
    def pupil(self) -> str:
        """The pupil of a pupil's series (its mentee)."""
        return self.mentee

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
            school=str(data.get("school", "")),
            semester=str(data.get("semester", "")),
            scheme=str(data.get("scheme", "")),
            rhythm=str(data.get("rhythm", "")),
        )

    def session_details(self, details: MeetingDetails | None = None) -> MeetingDetails:
        """The details of a new session in the series: what the facilitator typed, with
        the scheme (the series' programme), the cities and the participants filled in from
        the series where empty.
        The mentee and the mentor join the participants with their roles."""
        base = details or MeetingDetails()
        people = list(base.participants) or [
            Participant(p.name, p.role, True) for p in self.participants
        ]
        known = {p.name.casefold() for p in people}
        mentee_role = "pupil" if self.kind is SeriesKind.PUPIL else "mentee"
        for name, role in ((self.mentee, mentee_role), (self.mentor, "mentor")):
            if name.strip() and name.casefold() not in known:
                people.append(Participant(name, canonical_role(role)))
                known.add(name.casefold())
        return replace(
            base,
            participants=people,
            place=base.place or self.school,
            scheme=base.scheme or self.programme,
            mentee_city=base.mentee_city or self.mentee_city,
            mentor_city=base.mentor_city or self.mentor_city,
        )


def rhythm_of(series: Series) -> Rhythm | None:
    """The series' rhythm, or None: none set, or one this app cannot read (a file edited by
    hand: no date is proposed then, nothing fails)."""
    try:
        return read_rhythm(series.rhythm)
    except RhythmError:
        return None


def next_after(series: Series, info: SessionInfo) -> str:
    """The date (ISO) the series' rhythm proposes for the meeting after session `info`;
    empty without a rhythm."""
    rhythm = rhythm_of(series)
    try:
        day = date.fromisoformat(info.date)
    except ValueError:
        return ""
    return next_date(rhythm, day).isoformat() if rhythm is not None else ""


def proposed_date(
    series: Series, sessions: list[tuple[SessionInfo, list[Entry]]], today: date
) -> str:
    """The date (ISO) proposed for the next session of the series: the next meeting its
    latest session agreed, else the first date of its rhythm after that session that is
    not before `today`; empty with neither (or no session yet)."""
    if not sessions:
        return ""
    latest = max(sessions, key=lambda pair: pair[0].series_number)[0]
    if latest.next_meeting is not None:
        return latest.next_meeting.date
    rhythm = rhythm_of(series)
    try:
        day = date.fromisoformat(latest.date)
    except ValueError:
        return ""
    return next_date(rhythm, day, today).isoformat() if rhythm is not None else ""


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


def latest_versions(
    sessions: list[tuple[SessionInfo, list[Entry]]], kind: EntryKind = EntryKind.ACTION
) -> list[PlanItem]:
    """Every item of one kind in the series (actions, goals, questions), merged by its
    stable id, in the order each first appeared: the latest version of each, with its
    origin. An item whose latest version is deleted (or is no longer of that kind) is
    left out."""
    latest: dict[str, PlanItem] = {}
    order: list[str] = []
    for info, entries in sessions:
        for entry in entries:
            if entry.kind is not kind and entry.id not in latest:
                continue
            if entry.id not in latest:
                order.append(entry.id)
            latest[entry.id] = PlanItem(entry, origin_of(entry, info), info.series_number)
    return [
        item
        for item in (latest[i] for i in order)
        if not item.entry.deleted and item.entry.kind is kind
    ]


def series_plan(sessions: list[tuple[SessionInfo, list[Entry]]]) -> list[PlanItem]:
    """Every action of the series, merged by its stable id, in the order each first
    appeared: the latest version of each, with its origin (`latest_versions`)."""
    return latest_versions(sessions, EntryKind.ACTION)


def series_goals(sessions: list[tuple[SessionInfo, list[Entry]]]) -> list[PlanItem]:
    """Every goal of the series, its latest version (with its history) and origin."""
    return latest_versions(sessions, EntryKind.GOAL)


def open_actions(sessions: list[tuple[SessionInfo, list[Entry]]]) -> list[PlanItem]:
    """The actions of the series still open: what the next session carries over."""
    return [
        item
        for item in series_plan(sessions)
        if item.entry.action is not None and item.entry.action.status is ActionStatus.OPEN
    ]


def open_items(
    sessions: list[tuple[SessionInfo, list[Entry]]], agenda: Agenda | None = None
) -> list[PlanItem]:
    """What the next session carries over: the open actions, the goals not achieved or
    dropped and the questions not answered; on an agenda with a goals assessment
    (`assesses_goals`), every goal."""
    every_goal = agenda is not None and assesses_goals(agenda) is not None
    goals = [
        item
        for item in series_goals(sessions)
        if every_goal or item.entry.goal is None or not item.entry.goal.status.settled
    ]
    questions = [
        item
        for item in latest_versions(sessions, EntryKind.QUESTION)
        if item.entry.question is None or not item.entry.question.answered
    ]
    return [*open_actions(sessions), *goals, *questions]


def assesses_goals(agenda: Agenda) -> int | None:
    """The review block that assesses every goal of the series (`Record: goals` in a
    review block: the closing session's "assessing achievements"), if the agenda has one."""
    return next(
        (
            i
            for i, b in enumerate(agenda.blocks)
            if b.kind is BlockKind.REVIEW and b.record == GOALS_RECORD
        ),
        None,
    )


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
    """A copy of an open action, goal or question for a new session: same id, its
    origin, its history so far and a record of the carry-over; placed in the review block
    (a goal in the block that assesses the goals, when the agenda has one)."""
    index = review_index(agenda)
    if item.entry.kind is EntryKind.GOAL:
        assessing = assesses_goals(agenda)
        index = index if assessing is None else assessing
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
