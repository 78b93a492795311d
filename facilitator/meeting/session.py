"""What a meeting produces: its details, its participants and the entries typed during it."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from facilitator.agenda.model import Agenda
from facilitator.i18n import _
from facilitator.meeting.participants import Participant

LATEST_MOMENT = 253402300799.0
"""31 Dec 9999 23:59:59 UTC: the latest time the calendar functions can show."""


def finite(value: Any) -> float:
    """A stored number of seconds as a float.

    Raises:
        ValueError: not a number, or NaN or infinite (a damaged file).
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(_("{value} is not a number of seconds").format(value=value))
    return number


def moment(value: Any) -> float:
    """A stored time (seconds since 1970) as a float.

    Raises:
        ValueError: not a number, or not a time a calendar can show (NaN, 1e300, before
            1970): a damaged file, never to be shown.
    """
    number = float(value)
    if not 0.0 <= number <= LATEST_MOMENT:  # NaN fails too
        raise ValueError(_("{value} is not a time").format(value=value))
    return number


class EntryKind(StrEnum):
    """What an entry is; the capture line's prefix picks it."""

    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    QUESTION = "question"
    RATING = "rating"
    """1-10 scores for one of a reflection block's rating questions."""
    GOAL = "goal"
    """A SMART goal of a mentoring relationship, reviewed in the series' later sessions."""


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass
class ActionFields:
    """The columns of the action-plan template beyond the action itself."""

    result: str = ""
    deadline: str = ""
    """ISO date (`2026-12-15`) or empty."""
    lead: str = ""
    resources: str = ""
    measure: str = ""
    status: ActionStatus = ActionStatus.OPEN
    note: str = ""
    """The latest progress note, typed when the action is reviewed in a later session of
    its series; the entry form leaves it as it is."""


class GoalStatus(StrEnum):
    """Where a goal stands, as a later session of its series reviewed it."""

    OPEN = "open"
    """Set, not reviewed yet."""
    ACHIEVED = "achieved"
    PARTLY = "partly"
    """Partly achieved."""
    CONTINUE = "continue"
    """To continue: still being worked on."""
    DROPPED = "dropped"

    @property
    def settled(self) -> bool:
        """Achieved or dropped: no later session reviews it again (the closing session's
        assessment still shows it)."""
        return self in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


@dataclass
class GoalFields:
    """The goal form's lines beyond the goal itself (SMART, GROW), and its review."""

    situation: str = ""
    """The real situation: where the mentee is now."""
    options: str = ""
    planned: str = ""
    """The concrete planned actions."""
    result: str = ""
    """The expected result."""
    measure: str = ""
    deadline: str = ""
    """ISO date (`2027-06-30`) or empty."""
    status: GoalStatus = GoalStatus.OPEN
    note: str = ""
    """The latest progress note, typed when the goal is reviewed."""


@dataclass
class QuestionFields:
    """Whether an open question was answered, and the answer kept as its note."""

    answered: bool = False
    answer: str = ""


MIN_SCORE, MAX_SCORE = 1, 10


@dataclass
class Score:
    """One 1-10 rating, from a named participant or anonymous (`who` empty)."""

    value: int
    who: str = ""


@dataclass
class RatingFields:
    """Scores given to one rating question of a reflection block."""

    question: int
    """The question's index among its block's rating questions (0 for the first)."""
    question_text: str
    scores: list[Score] = field(default_factory=list)


@dataclass(frozen=True)
class Origin:
    """Where a carried-over action was first written down in its series."""

    session_number: int
    """The number of that session in the series (1 for the first)."""
    session_id: str
    entry_id: str
    """The action's id there; it stays the same in every session it is carried into."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Origin:
        """Rebuild an origin from the store."""
        return cls(int(data["session_number"]), str(data["session_id"]), str(data["entry_id"]))


@dataclass
class Entry:
    """One note, decision, action item or open question, attached to the block it was typed in."""

    id: str
    kind: EntryKind
    text: str
    block_index: int
    block_title: str
    created_at: float
    """Wall-clock time of capture (seconds since the epoch)."""
    meeting_s: float
    """Meeting running time at capture, in seconds."""
    confidential: bool = False
    """Kept off the projected screen in privacy mode and out of shared exports."""
    deleted: bool = False
    """Soft deletion: the entry stays in the file and can be brought back."""
    action: ActionFields | None = None
    rating: RatingFields | None = None
    goal: GoalFields | None = None
    question: QuestionFields | None = None
    """An open question's answer once given (None: not answered, never reviewed)."""
    updated_at: float | None = None
    """Wall-clock time of the last change after capture, if any."""
    history: list[dict[str, Any]] = field(default_factory=list)
    """Earlier versions: `{"at": time, "before": {field: old value, ...}}`, oldest first;
    from schema 3 on each also names the `session` it was changed in, and a carried-over
    action's copy starts with the history it had in earlier sessions."""
    origin: Origin | None = None
    """For an action carried over from an earlier session of a series: where it began."""
    concern: bool = False
    """A concern to report (seed 001: a child's health or safety is threatened, or signs
    of radical behaviour are seen): always confidential, and it raises an action for the
    facilitator to inform the responsible services (`meeting.concerns`)."""
    raised_for: str = ""
    """For the action a concern raised: the id of that concern's entry."""
    field: str = ""
    """The form field a note fills in (`Challenges`, typed as `1: ...` or `challenges:
    ...` in a block with a form: `Block.fields`); "" for a free note."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store."""
        data = asdict(self)
        data["kind"] = self.kind.value
        if self.action is not None:
            data["action"]["status"] = self.action.status.value
        if self.goal is not None:
            data["goal"]["status"] = self.goal.status.value
        return data

    def fields(self) -> dict[str, Any]:
        """The fields a user can change, as plain data (for history and undo)."""
        data = self.to_dict()
        return {key: data[key] for key in EDITABLE}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        """Rebuild an entry from the store."""
        action = data.get("action")
        return cls(
            id=str(data["id"]),
            kind=EntryKind(data["kind"]),
            text=str(data["text"]),
            block_index=int(data["block_index"]),
            block_title=str(data["block_title"]),
            created_at=moment(data["created_at"]),
            meeting_s=finite(data["meeting_s"]),
            # A concern is confidential whatever the file says: it never reaches a screen
            # or a shared document by a flag gone wrong.
            confidential=bool(data.get("confidential", False)) or bool(data.get("concern")),
            deleted=bool(data.get("deleted", False)),
            action=None if action is None else _action_from(action),
            rating=None if data.get("rating") is None else _rating_from(data["rating"]),
            goal=None if data.get("goal") is None else _goal_from(data["goal"]),
            question=None if data.get("question") is None else _question_from(data["question"]),
            updated_at=None if data.get("updated_at") is None else moment(data["updated_at"]),
            history=[dict(h) for h in data.get("history", [])],
            origin=None if data.get("origin") is None else Origin.from_dict(data["origin"]),
            concern=bool(data.get("concern", False)),
            raised_for=str(data.get("raised_for", "")),
            field=str(data.get("field", "")),
        )

    def with_fields(self, values: dict[str, Any]) -> Entry:
        """A copy with some user-changeable fields replaced by plain-data `values`."""
        data = self.to_dict()
        for key, value in values.items():
            if key not in EDITABLE:
                raise KeyError(f"`{key}` cannot be changed")
            data[key] = value
        return Entry.from_dict(data)


EDITABLE = (
    "kind",
    "text",
    "confidential",
    "deleted",
    "action",
    "rating",
    "goal",
    "question",
    "concern",
)
"""The fields of an entry that can change after it was captured."""


def _action_from(data: dict[str, Any]) -> ActionFields:
    return ActionFields(
        result=str(data.get("result", "")),
        deadline=str(data.get("deadline", "")),
        lead=str(data.get("lead", "")),
        resources=str(data.get("resources", "")),
        measure=str(data.get("measure", "")),
        status=ActionStatus(data.get("status", ActionStatus.OPEN.value)),
        note=str(data.get("note", "")),
    )


def _goal_from(data: dict[str, Any]) -> GoalFields:
    return GoalFields(
        situation=str(data.get("situation", "")),
        options=str(data.get("options", "")),
        planned=str(data.get("planned", "")),
        result=str(data.get("result", "")),
        measure=str(data.get("measure", "")),
        deadline=str(data.get("deadline", "")),
        status=GoalStatus(data.get("status", GoalStatus.OPEN.value)),
        note=str(data.get("note", "")),
    )


def _question_from(data: dict[str, Any]) -> QuestionFields:
    return QuestionFields(bool(data.get("answered", False)), str(data.get("answer", "")))


def _hours_from(value: Any) -> int | None:
    """Confirmed academic hours as stored: a whole number of at least 1, or none."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("{value} is not a whole number of academic hours").format(value=value))
    return value


def _rating_from(data: dict[str, Any]) -> RatingFields:
    scores = [Score(int(s["value"]), str(s.get("who", ""))) for s in data.get("scores", [])]
    for score in scores:
        if not MIN_SCORE <= score.value <= MAX_SCORE:
            raise ValueError(
                _("a rating of {value} is outside {low}-{high}").format(
                    value=score.value, low=MIN_SCORE, high=MAX_SCORE
                )
            )
    return RatingFields(int(data["question"]), str(data.get("question_text", "")), scores)


class SeriesKind(StrEnum):
    """What holds a series together."""

    VISITS = "visits"
    """City-to-city mentoring visits: mentee city and mentor city."""
    MENTORING = "mentoring"
    """Sessions of one mentor with one mentee or pupil."""
    PROGRAMME = "programme"
    """A programme's sessions with one mentee or group."""
    PUPIL = "pupil"
    """A pupil's mentoring in a semester (the school mentoring programme): one mentor, one
    pupil, a school or youth centre; its meetings are counted in academic hours."""


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting, as agreed in the last block: when, where, what to prepare."""

    date: str
    """ISO date (`2027-01-12`)."""
    start: str = ""
    """`10:00`, or empty: the whole day (a time not agreed yet)."""
    end: str = ""
    """`11:30`, or empty (then `start` plus the agenda's planned time)."""
    place: str = ""
    prepare: str = ""
    """What to prepare for it: the closing phrase's wish, the open actions..."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NextMeeting:
        """Rebuild it from the store.

        Raises:
            ValueError: the date is not an ISO date (a damaged file).
        """
        day = str(data["date"])
        if not _ISO_DAY.fullmatch(day):
            raise ValueError(_("{value} is not a date").format(value=day))
        return cls(
            date=day,
            start=str(data.get("start", "")),
            end=str(data.get("end", "")),
            place=str(data.get("place", "")),
            prepare=str(data.get("prepare", "")),
        )


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class MeetingDetails:
    """What the facilitator fills in before (or during) a meeting."""

    title: str = ""
    """The meeting's title; empty means the agenda's title."""
    place: str = ""
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    date: str = ""
    """ISO date of the meeting; empty means the day it was created."""
    scheme: str = ""
    """The mentoring scheme, programme or series it belongs to."""
    mentee_city: str = ""
    mentor_city: str = ""
    language: str = ""
    """The language the session's documents are written in; empty means the agenda's."""


@dataclass
class SessionInfo:
    """The details of one meeting and its own copy of the agenda."""

    id: str
    title: str
    agenda: Agenda
    created_at: float
    language: str
    place: str = ""
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    date: str = ""
    """ISO date of the meeting (`2026-11-23`)."""
    scheme: str = ""
    mentee_city: str = ""
    mentor_city: str = ""
    series_id: str = ""
    """The stable id of the series the meeting belongs to; empty for a one-off meeting."""
    series_number: int = 0
    """The meeting's number in its series (1 for the first); 0 outside a series."""
    hours: int | None = None
    """The whole academic hours the facilitator confirmed for the meeting (a programme
    that counts them: `Agenda.academic_hours`); None until confirmed, never a guess."""
    next_meeting: NextMeeting | None = None
    """The next meeting, when the last block agreed one."""
    corrected_at: float | None = None
    """When a finished meeting was last reopened and changed (wall-clock seconds)."""
    series_kind: str = ""
    """The kind of its series (`SeriesKind` value; empty outside one or in a file written
    before it was kept): the documents say "from visit 1" or "from session 1"."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store."""
        return {
            "id": self.id,
            "title": self.title,
            "agenda": self.agenda.to_dict(),
            "created_at": self.created_at,
            "language": self.language,
            "place": self.place,
            "facilitator": self.facilitator,
            "participants": [asdict(p) for p in self.participants],
            "date": self.date,
            "scheme": self.scheme,
            "mentee_city": self.mentee_city,
            "mentor_city": self.mentor_city,
            "series_id": self.series_id,
            "series_number": self.series_number,
            "hours": self.hours,
            "next_meeting": None if self.next_meeting is None else self.next_meeting.to_dict(),
            "corrected_at": self.corrected_at,
            "series_kind": self.series_kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionInfo:
        """Rebuild the details from the store."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            agenda=Agenda.from_dict(data["agenda"]),
            created_at=moment(data["created_at"]),
            language=str(data.get("language", "en")),
            place=str(data.get("place", "")),
            facilitator=str(data.get("facilitator", "")),
            participants=[
                Participant(str(p["name"]), str(p.get("role", "")), bool(p.get("attended", True)))
                for p in data.get("participants", [])
            ],
            date=str(data["date"]),
            scheme=str(data.get("scheme", "")),
            mentee_city=str(data.get("mentee_city", "")),
            mentor_city=str(data.get("mentor_city", "")),
            series_id=str(data.get("series_id", "")),
            series_number=int(data.get("series_number", 0)),
            hours=_hours_from(data.get("hours")),
            next_meeting=(
                None
                if data.get("next_meeting") is None
                else NextMeeting.from_dict(data["next_meeting"])
            ),
            corrected_at=None if data.get("corrected_at") is None else moment(data["corrected_at"]),
            series_kind=str(data.get("series_kind", "")),
        )

    def details(self) -> MeetingDetails:
        """The editable details, for the details dialog."""
        return MeetingDetails(
            title=self.title,
            place=self.place,
            facilitator=self.facilitator,
            participants=[Participant(p.name, p.role, p.attended) for p in self.participants],
            date=self.date,
            scheme=self.scheme,
            mentee_city=self.mentee_city,
            mentor_city=self.mentor_city,
            language=self.language,
        )

    def apply(self, details: MeetingDetails) -> None:
        """Take over edited details (the agenda stays)."""
        self.title = details.title.strip() or self.agenda.title
        self.place = details.place.strip()
        self.facilitator = details.facilitator.strip()
        self.participants = list(details.participants)
        self.date = details.date or self.date
        self.scheme = details.scheme.strip()
        self.mentee_city = details.mentee_city.strip()
        self.mentor_city = details.mentor_city.strip()
        self.language = details.language or self.language
