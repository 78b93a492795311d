"""The mentor's end-of-semester evaluation (the school mentoring programme): five questions,
three closed and two open, as the evaluation meeting answered them, with the semester's
totals: the mentor's pupils, their meetings, and their academic hours per month.

A closed question is a block that records `closed-question`: its prompts are the choices,
and a line typed in it that is just a choice's number (`2`, Enter) picks that choice (the
last such line counts); other lines are comments. An open question's block records
`open-question`; its lines are the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.agenda.model import CLOSED_QUESTION
from facilitator.documents.model import (
    Bars,
    Block,
    Checklist,
    Column,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    Table,
    Text,
    emphasis,
    plain,
    strong,
)
from facilitator.documents.model import Series as Bar
from facilitator.documents.session import SessionDocument
from facilitator.i18n import sort_key
from facilitator.meeting.session import Entry
from facilitator.programme.pupil import PupilMeeting, month_of
from facilitator.programme.series import Series

__all__ = ["SemesterTotals", "SemesterWriter", "chosen"]


@dataclass(frozen=True)
class SemesterTotals:
    """The mentor's pupils in the semester, each with their meetings."""

    mentor: str
    semester: str
    pupils: Sequence[tuple[Series, Sequence[PupilMeeting]]]


def chosen(entries: Sequence[Entry], choices: Sequence[str]) -> tuple[int | None, list[str]]:
    """The choice picked in a closed question's block (its index, the last number typed
    that names one) and the other lines, kept as comments."""
    pick: int | None = None
    comments: list[str] = []
    for entry in entries:
        text = entry.text.strip()
        if text.isdigit() and 1 <= int(text) <= len(choices):
            pick = int(text) - 1
        else:
            comments.append(entry.text)
    return pick, comments


@dataclass
class SemesterWriter(SessionDocument):
    """Builds the evaluation from its session and the semester's totals."""

    totals: SemesterTotals | None = None
    """The mentor's pupils in the semester (`programme.pupil_records.semester_pupils`)."""

    def document(self) -> Document:
        """The five answers, then the totals."""
        t = self.catalogue
        totals = self.totals
        lines: list[tuple[str, Text]] = [
            (t.gettext("Mentor (support provider)"), plain(totals.mentor if totals else "–")),
            (t.gettext("Semester"), plain(totals.semester if totals else "–")),
            (t.gettext("Date"), plain(self.date_text())),
        ]
        blocks: list[Block] = [Fields(tuple(lines))]
        shared = self.shared_entries()
        for index, block in enumerate(self.info.agenda.blocks):
            if block.record not in (CLOSED_QUESTION, "open-question"):
                continue
            blocks.append(Heading(2, plain(block.title)))
            mine = [e for e in shared if e.block_index == index]
            if block.record == CLOSED_QUESTION:
                pick, comments = chosen(mine, block.prompts)
                blocks.append(
                    Checklist(tuple((i == pick, plain(c)) for i, c in enumerate(block.prompts)))
                )
                if pick is None:
                    blocks.append(Paragraph(emphasis(t.gettext("Not answered."))))
            else:
                comments = [e.text for e in mine]
                if not comments:
                    blocks.append(Paragraph(emphasis(t.gettext("Not answered."))))
            if comments:
                blocks.append(ItemList(tuple(plain(c) for c in comments)))
        blocks += self._totals()
        title = t.gettext("End-of-semester evaluation")
        return Document(plain(title), self.language, self.file_stem() + "-evaluation", blocks)

    def _totals(self) -> list[Block]:
        t = self.catalogue
        heading = Heading(2, plain(t.gettext("The semester in figures")))
        if self.totals is None or not self.totals.pupils:
            return [heading, Paragraph(emphasis(t.gettext("No pupils' series in the semester.")))]
        columns = (
            Column(t.gettext("Pupil")),
            Column(t.gettext("Month")),
            Column(t.gettext("Meetings"), numeric=True),
            Column(t.gettext("Academic hours"), numeric=True),
            Column(t.gettext("Not confirmed"), numeric=True),
        )
        rows: list[tuple[Text, ...]] = []
        meetings = hours = missing = 0
        by_month: dict[str, int] = {}
        ordered = sorted(
            self.totals.pupils, key=lambda p: sort_key(p[0].pupil or p[0].name, self.language)
        )
        for series, held in ordered:
            months: dict[str, list[PupilMeeting]] = {}
            for meeting in held:
                months.setdefault(month_of(meeting.info), []).append(meeting)
            for month in sorted(months):
                group = months[month]
                confirmed = sum(m.hours or 0 for m in group)
                unconfirmed = sum(1 for m in group if m.hours is None)
                by_month[month] = by_month.get(month, 0) + confirmed
                meetings += len(group)
                hours += confirmed
                missing += unconfirmed
                rows.append(
                    (
                        plain(series.pupil or series.name),
                        plain(month),
                        plain(str(len(group))),
                        plain(str(confirmed)),
                        plain(str(unconfirmed)),
                    )
                )
        pupils = len(self.totals.pupils)
        summary = t.ngettext("{n} pupil", "{n} pupils", pupils).format(n=pupils)
        total = (
            strong(t.gettext("Total")),
            plain(summary),
            plain(str(meetings)),
            plain(str(hours)),
            plain(str(missing)),
        )
        return [heading, Table(columns, tuple(rows), total), self._months_chart(by_month)]

    def _months_chart(self, by_month: dict[str, int]) -> Bars:
        """The confirmed academic hours of every pupil together, month by month."""
        t = self.catalogue
        title = t.gettext("Confirmed academic hours per month, all pupils")
        months = sorted(by_month)
        values = tuple(float(by_month[m]) for m in months)
        words = "; ".join(f"{m}: {by_month[m]}" for m in months)
        return Bars(
            title,
            tuple(months),
            (Bar(t.gettext("Academic hours"), values, tuple(str(by_month[m]) for m in months)),),
            f"{title}: {words}.",
            across=False,
        )
