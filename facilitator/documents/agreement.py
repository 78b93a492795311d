"""The agreement a mentor and a pupil sign before the mentoring starts (the school mentoring
programme's "Atbalsta sniedzēja vienošanās ar izglītojamo"): who, then its four parts, each
filled from the blocks of the first meeting that record it (`Record: situation` ...), and a
place for each to sign.

The capture is the agenda's: a block says which part its entries fill, so the meeting runs
as any other and a generic form block can later take the place of these blocks.
"""

from __future__ import annotations

from facilitator.agenda.model import RECORD_PARTS, Agenda
from facilitator.documents.model import (
    Block,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    Signatures,
    Text,
    emphasis,
    plain,
)
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import is_blank

__all__ = ["AGREEMENT_PARTS", "AgreementWriter", "holds_agreement"]

AGREEMENT_PARTS = ("situation", "plan", "mentor-commits", "pupil-commits")
"""The agreement's four parts, in its order."""


def holds_agreement(agenda: Agenda) -> bool:
    """True when some block of `agenda` records a part of the agreement."""
    return any(block.record in AGREEMENT_PARTS for block in agenda.blocks)


class AgreementWriter(SessionDocument):
    """Builds the agreement from the first meeting's session."""

    def person(self, *roles: str) -> str:
        """The first participant with one of `roles`, or a dash."""
        for person in self.info.participants:
            if any(key in roles for key in self.role_keys(person)):
                return person.name
        return "–"

    def document(self) -> Document:
        """The agreement, its four parts and the two signatures."""
        t = self.catalogue
        pupil, mentor = self.person("pupil", "mentee"), self.person("mentor")
        lines: list[tuple[str, Text]] = [
            (t.gettext("Pupil (support receiver)"), plain(pupil)),
            (t.gettext("Mentor (support provider)"), plain(mentor)),
        ]
        if not is_blank(self.info.place):
            lines.append((t.gettext("School or youth centre"), plain(self.info.place)))
        lines.append((t.gettext("Date"), plain(self.date_text())))
        blocks: list[Block] = [Fields(tuple(lines))]
        shared = self.shared_entries()
        agenda_blocks = self.info.agenda.blocks
        for part in AGREEMENT_PARTS:
            blocks.append(Heading(2, plain(t.gettext(RECORD_PARTS[part]))))
            texts = [
                e.text
                for e in shared
                if 0 <= e.block_index < len(agenda_blocks)
                and agenda_blocks[e.block_index].record == part
            ]
            if texts:
                blocks.append(ItemList(tuple(plain(text) for text in texts)))
            else:
                blocks.append(Paragraph(emphasis(t.gettext("Not filled in."))))
        blocks.append(
            Signatures(
                (
                    t.gettext("Support receiver (pupil): {name}").format(name=pupil),
                    t.gettext("Support provider (mentor): {name}").format(name=mentor),
                )
            )
        )
        title = t.gettext("Support provider's agreement with the pupil")
        return Document(plain(title), self.language, self.file_stem() + "-agreement", blocks)
