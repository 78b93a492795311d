"""What every document of one session starts from: its details, the entries it may share,
its language, and the dates and names as a reader sees them.

A document kind about one session (minutes, the draft action plan; later a time sheet, an
agreement, a goals report) is a writer that extends `SessionDocument` in a module of its
own, and so shares the same rule for what is confidential and the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from facilitator.documents.files import dated_name
from facilitator.i18n import LANGUAGES, format_date, format_iso_date, translations
from facilitator.meeting.clock import SessionClock
from facilitator.meeting.participants import Participant, canonical_role
from facilitator.meeting.ratings import QuestionRatings, summarize
from facilitator.meeting.session import Entry, EntryKind, SessionInfo

if TYPE_CHECKING:
    from gettext import NullTranslations

__all__ = ["SessionDocument"]


@dataclass
class SessionDocument:
    """One session, as its documents see it."""

    info: SessionInfo
    entries: list[Entry]
    clock: SessionClock | None
    include_confidential: bool = False

    @property
    def language(self) -> str:
        """The documents' language: the session's (`en` for a language the app does not
        speak), whatever language the app's screens speak."""
        return self.info.language if self.info.language in LANGUAGES else "en"

    @property
    def catalogue(self) -> NullTranslations:
        """The words for headings and labels, in the documents' language."""
        return translations(self.language)

    def shared_entries(self) -> list[Entry]:
        """The entries that go into the documents."""
        return [
            e
            for e in self.entries
            if not e.deleted and (self.include_confidential or not e.confidential)
        ]

    def left_out(self, kind: EntryKind | None = None) -> int:
        """How many confidential entries (of one kind, or of any) the documents leave out."""
        if self.include_confidential:
            return 0
        return sum(
            1
            for e in self.entries
            if e.confidential and not e.deleted and (kind is None or e.kind is kind)
        )

    def meeting_date(self) -> date:
        """The meeting's date: its own, else the day the session was created."""
        try:
            return date.fromisoformat(self.info.date)
        except ValueError:
            return datetime.fromtimestamp(self.info.created_at).date()

    def actions(self) -> list[Entry]:
        """The action items that go into the documents, in the order they were typed; in a
        confidential copy the actions raised by concerns to report come first."""
        actions = [e for e in self.shared_entries() if e.kind is EntryKind.ACTION]
        return sorted(actions, key=lambda e: not e.raised_for)

    def ratings(self) -> list[tuple[int, QuestionRatings]]:
        """Each rating question of the blocks that were rated, with its block's index, in
        agenda and question order (questions nobody rated in such a block too)."""
        rated: dict[int, list[Entry]] = {}
        for entry in self.shared_entries():
            if entry.kind is EntryKind.RATING:
                rated.setdefault(entry.block_index, []).append(entry)
        blocks = self.info.agenda.blocks
        return [
            (index, question)
            for index in sorted(rated)
            if 0 <= index < len(blocks)
            for question in summarize(rated[index], blocks[index].rating_questions)
        ]

    def file_stem(self) -> str:
        """`2026-11-23-getting-to-know-conversation`, with `-confidential` when the
        documents include confidential entries, so such a copy is never mistaken for one
        to share."""
        return dated_name(
            self.meeting_date(), self.info.title, confidential=self.include_confidential
        )

    def format_deadline(self, iso: str) -> str:
        """A deadline as the documents show it (plain text, not escaped): a date in the
        language's form, or whatever was typed if it is not an ISO date."""
        return format_iso_date(iso, self.language) or iso

    def date_text(self) -> str:
        """The meeting's date in the documents' language."""
        return format_date(self.meeting_date(), self.language)

    def role_keys(self, person: Participant) -> list[str]:
        """The canonical keys of a participant's roles (`mentee`, `mentor`...)."""
        return [canonical_role(part) for part in person.role.split(",") if part.strip()]
