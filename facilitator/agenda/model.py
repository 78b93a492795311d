"""The agenda model: what a meeting plans to do, block by block.

Everything here is plain data; it never imports `textual`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from facilitator.i18n import N_, current_language, ngettext, translations


class BlockKind(StrEnum):
    """What happens in a block; screens and exports may treat kinds differently."""

    TALK = "talk"
    BREAK = "break"
    ACTION_PLANNING = "action-planning"
    REFLECTION = "reflection"
    REVIEW = "review"
    PRESENTATION = "presentation"
    VISIT = "visit"
    INTERVIEW = "interview"

    def describe(self, language: str | None = None) -> str:
        """The kind's name for people, in `language` (the UI language by default)."""
        return translations(language or current_language()).gettext(KIND_LABELS[self])


KIND_LABELS: dict[BlockKind, str] = {
    BlockKind.TALK: N_("talk"),
    BlockKind.BREAK: N_("break"),
    BlockKind.ACTION_PLANNING: N_("action planning"),
    BlockKind.REFLECTION: N_("reflection"),
    BlockKind.REVIEW: N_("review"),
    BlockKind.PRESENTATION: N_("presentation"),
    BlockKind.VISIT: N_("visit"),
    BlockKind.INTERVIEW: N_("interview"),
}
"""What each kind of block is called (translated where it is shown)."""


RECORD_PARTS: dict[str, str] = {
    "situation": N_("Situation description"),
    "plan": N_("Plan to address the situation"),
    "mentor-commits": N_("The mentor commits to"),
    "pupil-commits": N_("The pupil commits to"),
    "evaluation": N_("Cooperation evaluation"),
    "closed-question": N_("Closed question"),
    "open-question": N_("Open question"),
    "goals": N_("Goals"),
}
"""The parts of the school mentoring programme's records a block can fill, by key, with
their titles: the agreement's four, the time sheet's cooperation evaluation, and the
semester evaluation's closed and open questions."""
GOALS_RECORD = "goals"
"""The record of a block that holds the series' goals: where the first session sets them
(its goal form) and, in a review block, where the closing session assesses every goal."""
CLOSED_QUESTION = "closed-question"
"""The record of a closed question's block: its prompts are the answers to pick from."""


@dataclass(frozen=True)
class Duration:
    """A block's length in seconds: fixed when `min_s == max_s`, else a range."""

    min_s: int
    max_s: int

    @property
    def is_range(self) -> bool:
        """True when the agenda gives a range such as 10-15 min."""
        return self.min_s != self.max_s

    @property
    def planned_s(self) -> int:
        """The time budget of the block: the upper end of a range.

        The timer counts down to the budget; the lower end of a range tells when the
        block may close early.
        """
        return self.max_s

    def __add__(self, other: Duration) -> Duration:
        return Duration(self.min_s + other.min_s, self.max_s + other.max_s)

    def describe(self, language: str | None = None) -> str:
        """A short human form, the same everywhere a duration shows (screens, command line,
        documents), in `language` (the UI language by default; an export gives its
        session's): `6 min`, `1 h 30 min`, `1 min 30 s`, and a range in the same units,
        sharing what both ends share: `10-15 min`, `2-3 h`, `2 h 45-50 min`,
        `50 min – 1 h 10 min` (Latvian: `1 st. 30 min`)."""
        if not self.is_range:
            return format_seconds(self.min_s, language)
        catalogue = translations(language or current_language())
        low, high = self.min_s, self.max_s
        if low % 60 == 0 and high % 60 == 0:
            if high < 3600:
                return catalogue.gettext("{low}-{high} min").format(low=low // 60, high=high // 60)
            if low % 3600 == 0 and high % 3600 == 0:
                return catalogue.gettext("{low}-{high} h").format(
                    low=low // 3600, high=high // 3600
                )
            if low % 3600 and low >= 3600 and low // 3600 == high // 3600:
                return catalogue.gettext("{hours} h {low}-{high} min").format(
                    hours=low // 3600, low=low % 3600 // 60, high=high % 3600 // 60
                )
        return f"{format_seconds(low, language)} – {format_seconds(high, language)}"


def blocks_text(count: int) -> str:
    """`5 blocks` / `5 daļas`, in the UI language."""
    return ngettext("{n} block", "{n} blocks", count).format(n=count)


def format_seconds(seconds: int, language: str | None = None) -> str:
    """Format a whole number of seconds as `1 h 30 min`, `6 min`, `90 s` or `1 min 30 s`
    (Latvian: `1 st. 30 min`), in `language` (the UI language by default)."""
    catalogue = translations(language or current_language())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts: list[str] = []
    if hours:
        parts.append(catalogue.gettext("{hours} h").format(hours=hours))
    if minutes:
        parts.append(catalogue.gettext("{minutes} min").format(minutes=minutes))
    if secs or not parts:
        parts.append(catalogue.gettext("{seconds} s").format(seconds=secs))
    return " ".join(parts)


RATING_GROUP = re.compile(r"\(\s*1\s*[-–]\s*10\s*\)")
"""The mark of a group of rating questions in its heading."""
FORM_GROUP = re.compile(r"^\s*(?:form|veidlapa)\b\s*:?\s*(.*)$", re.IGNORECASE)
"""The heading of a group of form fields: `Form: SWOT`, `Veidlapa: Vajadzību analīze`."""


@dataclass(frozen=True)
class PromptGroup:
    """Guiding questions, optionally under a small heading (for example SWOT's four parts)."""

    title: str
    prompts: tuple[str, ...]

    @property
    def is_rating(self) -> bool:
        """True for a group of questions answered with a 1-10 score: its heading says
        `(1-10)`, as in `### Ratings (1-10)`."""
        return RATING_GROUP.search(self.title) is not None

    @property
    def is_form(self) -> bool:
        """True for the fields of a form the facilitator fills in during the block: its
        heading is `### Form: Needs analysis` (`### Veidlapa: ...`); its list items are
        the fields."""
        return FORM_GROUP.match(self.title) is not None

    @property
    def form_name(self) -> str:
        """The form's name (`Needs analysis`), "" for a form group without one."""
        match = FORM_GROUP.match(self.title)
        return match.group(1).strip() if match else ""


@dataclass(frozen=True)
class Block:
    """One timed part of a meeting."""

    title: str
    duration: Duration
    kind: BlockKind = BlockKind.TALK
    description: str = ""
    groups: tuple[PromptGroup, ...] = ()
    notes: str = ""
    """Facilitator notes: shown to the facilitator, never projected."""
    record: str = ""
    """The part of a record the block's entries fill (`Record: situation`): one of
    `RECORD_PARTS`, or empty. The pupil's agreement, the time sheet's cooperation
    evaluation and the semester evaluation take their parts from such blocks."""
    line: int = 0
    """The line of the block's heading in its file (1-based), for messages."""
    day: int = 1
    """The day of a visit of several days the block is on (`Day: 2`); 1 for a meeting of
    one day. The first block of a new day waits, paused, for the next morning."""

    @property
    def prompts(self) -> tuple[str, ...]:
        """Every guiding question of the block, in order."""
        return tuple(p for group in self.groups for p in group.prompts)

    @property
    def fields(self) -> tuple[str, ...]:
        """The form fields the block fills in, in order (none for most blocks)."""
        return tuple(p for group in self.groups if group.is_form for p in group.prompts)

    def form_of(self, field: str) -> str:
        """The name of the form `field` belongs to: its group's, else the block's title."""
        for group in self.groups:
            if group.is_form and field in group.prompts:
                return group.form_name or self.title
        return self.title

    @property
    def rating_questions(self) -> tuple[str, ...]:
        """The questions answered with a 1-10 score, in order."""
        return tuple(p for group in self.groups if group.is_rating for p in group.prompts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a session's own copy of the agenda."""
        return {
            "title": self.title,
            "min_s": self.duration.min_s,
            "max_s": self.duration.max_s,
            "kind": self.kind.value,
            "description": self.description,
            "groups": [{"title": g.title, "prompts": list(g.prompts)} for g in self.groups],
            "notes": self.notes,
            "record": self.record,
            "line": self.line,
            "day": self.day,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        """Rebuild a block stored by `to_dict`."""
        return cls(
            title=str(data["title"]),
            duration=Duration(int(data["min_s"]), int(data["max_s"])),
            kind=BlockKind(data.get("kind", BlockKind.TALK.value)),
            description=str(data.get("description", "")),
            groups=tuple(
                PromptGroup(str(g.get("title", "")), tuple(str(p) for p in g["prompts"]))
                for g in data.get("groups", [])
            ),
            notes=str(data.get("notes", "")),
            record=str(data.get("record", "")),
            line=int(data.get("line", 0)),
            day=int(data.get("day", 1)),
        )


@dataclass(frozen=True)
class Agenda:
    """A meeting plan: metadata and an ordered list of blocks."""

    id: str
    title: str
    language: str
    blocks: tuple[Block, ...]
    meeting_kind: str = ""
    description: str = ""
    start: str = ""
    """An optional scheduled start clock time, `HH:MM`."""
    academic_hours: bool = False
    """The programme counts its meetings in academic hours of 40 minutes (the header's
    `hours: academic`, or a pupil's series): the minutes carry the time record and the
    meeting is a row of the pupil's monthly time sheet. Other minutes show clock time."""
    source: str = ""
    """Where the agenda was read from, for messages."""
    extra: dict[str, str] = field(default_factory=dict)
    programme: str = ""
    """The programme the meeting belongs to (`IncluCities`, `Metodes.lv`), in the agenda's
    language; "" when the header names none. Lists group agendas by it."""
    max_participants: int = 0
    """The most people the meeting is for (`max-participants: 10`, a local support
    group's rule), warned of when more are listed; 0: no limit."""
    signed_by: tuple[str, ...] = ()
    """Who signs the minutes (`signed-by: learner, education centre, company`): each
    gets a line to sign at their end (an agreement made in the meeting)."""

    @property
    def total(self) -> Duration:
        """The whole meeting's length: a range when any block has one."""
        total = Duration(0, 0)
        for block in self.blocks:
            total = total + block.duration
        return total

    @property
    def days(self) -> int:
        """How many days the meeting runs over (1 for all but visits of several days)."""
        return max((block.day for block in self.blocks), default=1)

    def with_blocks(self, blocks: tuple[Block, ...]) -> Agenda:
        """A copy of this agenda with other blocks (a session's own adjustments)."""
        return replace(self, blocks=blocks)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, so a session keeps its own copy of the agenda it ran."""
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "meeting_kind": self.meeting_kind,
            "description": self.description,
            "start": self.start,
            "academic_hours": self.academic_hours,
            "source": self.source,
            "blocks": [b.to_dict() for b in self.blocks],
            "extra": dict(self.extra),
            "programme": self.programme,
            "max_participants": self.max_participants,
            "signed_by": list(self.signed_by),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agenda:
        """Rebuild an agenda stored by `to_dict`."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            language=str(data.get("language", "en")),
            meeting_kind=str(data.get("meeting_kind", "")),
            description=str(data.get("description", "")),
            start=str(data.get("start", "")),
            academic_hours=bool(data.get("academic_hours", False)),
            source=str(data.get("source", "")),
            blocks=tuple(Block.from_dict(b) for b in data["blocks"]),
            extra={str(k): str(v) for k, v in data.get("extra", {}).items()},
            programme=str(data.get("programme", "")),
            max_participants=int(data.get("max_participants", 0) or 0),
            signed_by=tuple(str(p) for p in data.get("signed_by", [])),
        )


@dataclass(frozen=True)
class AgendaSummary:
    """What a list of agendas shows of one agenda, without its blocks.

    Small enough that a start-up can read the summaries of hundreds of agendas from the
    parsed-agenda cache at once; the whole `Agenda` is read only when it is needed.
    """

    id: str
    title: str
    language: str
    meeting_kind: str
    block_count: int
    total: Duration
    programme: str = ""
    """The agenda's programme, "" when it names none."""
    days: int = 1
    """How many days the meeting runs over."""

    @classmethod
    def of(cls, agenda: Agenda) -> AgendaSummary:
        """The summary of a whole agenda."""
        return cls(
            id=agenda.id,
            title=agenda.title,
            language=agenda.language,
            meeting_kind=agenda.meeting_kind,
            block_count=len(agenda.blocks),
            total=agenda.total,
            programme=agenda.programme,
            days=agenda.days,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parsed-agenda cache."""
        return {
            "id": self.id,
            "title": self.title,
            "language": self.language,
            "meeting_kind": self.meeting_kind,
            "block_count": self.block_count,
            "min_s": self.total.min_s,
            "max_s": self.total.max_s,
            "programme": self.programme,
            "days": self.days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaSummary:
        """Rebuild a summary stored by `to_dict`."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            language=str(data["language"]),
            meeting_kind=str(data["meeting_kind"]),
            block_count=int(data["block_count"]),
            total=Duration(int(data["min_s"]), int(data["max_s"])),
            programme=str(data.get("programme", "")),
            days=int(data.get("days", 1)),
        )
