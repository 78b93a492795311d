"""A pupil's monthly time sheet, the school mentoring programme's pay document
("Atbalsta pasākumu īstenošanas grafiks (individuāli)"): a row per meeting of the month with
its date, whole academic hours, topic, and empty cells for the pupil's and the mentor's
signatures; the total; the rule behind the hours; what the programme's rules note; and,
in the month of the series' last meeting, the mentor's cooperation evaluation.

Built from `programme.pupil.MonthSheet` (read by `programme.pupil_records`); one A4 page
for a month's meetings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from facilitator.documents import markdown
from facilitator.documents.files import slugify
from facilitator.documents.formats import DEFAULT, write_documents
from facilitator.documents.model import (
    Block,
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
from facilitator.documents.text import is_blank
from facilitator.i18n import LANGUAGES, N_, format_iso_date, translations
from facilitator.programme.pupil import HOURS_PER_MONTH, PUPILS_PER_SEMESTER, MonthSheet

__all__ = ["TimeSheetWriter"]

HOUR_RULE = N_(
    "Hours are whole academic hours (1 academic hour = 40 minutes), as the mentor confirmed "
    "them at the end of each meeting. The app proposes the meeting's running time (pauses "
    "not counted) in whole minutes divided by 40, rounded to the nearest whole number, "
    "halves up (20-59 min: 1, 60-99 min: 2, 100-139 min: 3), shown as 42 min → 1. A meeting "
    "without confirmed hours is marked missing, never counted as 0."
)
"""The rule for whole hours, as the sheet states it (README says the same)."""


@dataclass
class TimeSheetWriter:
    """Renders one pupil's month as a time sheet."""

    sheet: MonthSheet

    @property
    def language(self) -> str:
        """The meetings' language (the first one's), else the series'."""
        for meeting in self.sheet.meetings:
            if meeting.info.language in LANGUAGES:
                return meeting.info.language
        return self.sheet.series.language if self.sheet.series.language in LANGUAGES else "en"

    def document(self) -> Document:
        """The time sheet."""
        t = translations(self.language)
        sheet = self.sheet
        series = sheet.series
        pupil = series.pupil or series.name
        title = t.gettext("Support activities schedule (individual)")
        blocks: list[Block] = [self._details()]
        blocks.append(self._table())
        blocks.append(Paragraph(emphasis(t.gettext(HOUR_RULE))))
        missing = len(sheet.missing)
        if missing:
            blocks.append(
                Paragraph(
                    strong(
                        t.ngettext(
                            "{n} meeting has no confirmed hours: it is not in the total. "
                            "Confirm them with: facilitator hours SESSION N.",
                            "{n} meetings have no confirmed hours: they are not in the total. "
                            "Confirm them with: facilitator hours SESSION N.",
                            missing,
                        ).format(n=missing)
                    )
                )
            )
        notes = self._rule_notes()
        if notes:
            blocks.append(Heading(2, plain(t.gettext("Notes on the programme's rules"))))
            blocks.append(ItemList(tuple(plain(n) for n in notes)))
        if sheet.evaluation is not None:
            blocks.append(
                Heading(
                    2,
                    plain(t.gettext("Mentor's cooperation evaluation (after the support plan)")),
                )
            )
            if sheet.evaluation:
                blocks.append(ItemList(tuple(plain(e.text) for e in sheet.evaluation)))
            else:
                blocks.append(
                    Paragraph(
                        emphasis(
                            t.gettext(
                                "Not written yet: after the last meeting the mentor writes "
                                "conclusions and recommendations to continue or to end the "
                                "mentoring."
                            )
                        )
                    )
                )
        stem = f"{sheet.month}-{slugify(pupil)}-time-sheet"
        return Document(plain(title), self.language, stem, blocks, compact=True)

    def _details(self) -> Fields:
        t = translations(self.language)
        series = self.sheet.series
        lines: list[tuple[str, Text]] = [
            (t.gettext("Pupil (support receiver)"), plain(series.pupil or "–")),
            (t.gettext("Mentor (support provider)"), plain(series.mentor or "–")),
        ]
        if not is_blank(series.school):
            lines.append((t.gettext("School or youth centre"), plain(series.school)))
        if not is_blank(series.semester):
            lines.append((t.gettext("Semester"), plain(series.semester)))
        lines.append((t.gettext("Month"), plain(self.sheet.month)))
        return Fields(tuple(lines))

    def _table(self) -> Table:
        t = translations(self.language)
        columns = (
            Column(t.gettext("Date")),
            Column(t.gettext("Number of hours")),
            Column(t.gettext("Topic or intended results")),
            # TRANSLATORS: the time sheet's column of the minutes behind each row's hours
            # and the whole academic hours the rule proposes from them (`42 min → 1`).
            Column(t.gettext("Minutes → proposed hours")),
            Column(t.gettext("Support receiver's signature"), signature=True),
            Column(t.gettext("Support provider's signature"), signature=True),
        )
        rows: list[tuple[Text, ...]] = []
        for meeting in self.sheet.meetings:
            info = meeting.info
            date = format_iso_date(info.date, self.language) or info.date
            if meeting.hours is not None:
                hours = plain(str(meeting.hours))
            else:
                hours = strong(t.gettext("missing"))
            if meeting.minutes is None:
                minutes = "–"
            else:
                minutes = f"{meeting.minutes} min → {meeting.proposed}"
            rows.append((plain(date), hours, plain(meeting.topic), plain(minutes), (), ()))
        total = (
            strong(t.gettext("Total")),
            strong(str(self.sheet.total)),
            plain(""),
            plain(""),
            plain(""),
            plain(""),
        )
        return Table(columns, tuple(rows), total)

    def _rule_notes(self) -> list[str]:
        """What the programme's rules say of this month: said, never refused."""
        t = translations(self.language)
        sheet = self.sheet
        notes: list[str] = []
        if sheet.over_limit:
            notes.append(
                t.gettext(
                    "{hours} academic hours this month: over the programme's {limit} per "
                    "pupil per month."
                ).format(hours=sheet.total, limit=HOURS_PER_MONTH)
            )
        if sheet.pupil_number > PUPILS_PER_SEMESTER:
            notes.append(
                t.gettext(
                    "This is the mentor's pupil number {number} in the semester: over the "
                    "programme's {limit}."
                ).format(number=sheet.pupil_number, limit=PUPILS_PER_SEMESTER)
            )
        for meeting in sheet.crowded:
            notes.append(
                t.gettext(
                    "{date}: {n} pupils at the meeting ({names}); a mentor works with one "
                    "pupil at a time."
                ).format(
                    date=format_iso_date(meeting.info.date, self.language) or meeting.info.date,
                    n=len(meeting.pupils),
                    names=", ".join(meeting.pupils),
                )
            )
        return notes

    def time_sheet(self) -> str:
        """The time sheet as Markdown."""
        return markdown.write(self.document())

    def write(self, folder: Path, formats: Sequence[str] = DEFAULT) -> list[Path]:
        """Write the sheet into `folder`, in each of `formats`; existing files are kept."""
        return write_documents(folder, [self.document()], formats)
