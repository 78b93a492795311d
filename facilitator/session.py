"""What a meeting produces: its details, its participants and the entries typed during it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from facilitator.agenda.model import Agenda


class EntryKind(StrEnum):
    """What an entry is; the capture line's prefix picks it."""

    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    QUESTION = "question"


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
    deleted: bool = False
    action: ActionFields | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the store."""
        data = asdict(self)
        data["kind"] = self.kind.value
        if self.action is not None:
            data["action"]["status"] = self.action.status.value
        return data

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
            created_at=float(data["created_at"]),
            meeting_s=float(data["meeting_s"]),
            confidential=bool(data.get("confidential", False)),
            deleted=bool(data.get("deleted", False)),
            action=(
                None
                if action is None
                else ActionFields(
                    result=str(action.get("result", "")),
                    deadline=str(action.get("deadline", "")),
                    lead=str(action.get("lead", "")),
                    resources=str(action.get("resources", "")),
                    measure=str(action.get("measure", "")),
                    status=ActionStatus(action.get("status", ActionStatus.OPEN.value)),
                )
            ),
        )


@dataclass
class Participant:
    """Someone invited to the meeting."""

    name: str
    role: str = ""
    attended: bool = True


@dataclass
class MeetingDetails:
    """What the facilitator fills in before a meeting starts."""

    title: str = ""
    """The meeting's title; empty means the agenda's title."""
    place: str = ""
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)


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
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionInfo:
        """Rebuild the details from the store."""
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            agenda=Agenda.from_dict(data["agenda"]),
            created_at=float(data["created_at"]),
            language=str(data.get("language", "en")),
            place=str(data.get("place", "")),
            facilitator=str(data.get("facilitator", "")),
            participants=[
                Participant(str(p["name"]), str(p.get("role", "")), bool(p.get("attended", True)))
                for p in data.get("participants", [])
            ],
        )


def parse_participants(text: str) -> list[Participant]:
    """Read `Anna (mentor), Jānis (mentee)` into participants with roles."""
    people: list[Participant] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        name, role = part, ""
        if part.endswith(")") and "(" in part:
            name, _, role = part[:-1].partition("(")
        people.append(Participant(name.strip(), role.strip()))
    return people
