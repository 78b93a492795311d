"""The minutes of one session: details, agenda and time, what each block recorded,
decisions, actions, open questions, ratings and the time record.

`MinutesWriter` is also what the export writes for a session: the minutes and, through
`ActionPlanWriter`, the draft action plan (`write`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from facilitator.documents import markdown
from facilitator.documents.action_plan import ActionPlanWriter
from facilitator.documents.files import write_document
from facilitator.documents.followup import came_from, followed_up, goal_status, goals_table
from facilitator.documents.formats import DEFAULT, write_documents
from facilitator.documents.minutes_charts import ratings_chart, time_chart
from facilitator.documents.model import (
    Block,
    Column,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    Signatures,
    Table,
    Text,
    emphasis,
    marked,
    plain,
    strong,
)
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import format_clock, format_difference, is_blank
from facilitator.i18n import (
    N_,
    format_date,
    format_iso_date,
    format_minute,
    format_number,
    format_time,
)
from facilitator.meeting.academic_hours import AcademicHours
from facilitator.meeting.clock import BlockStatus, SessionClock
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.participants import Participant, role_name
from facilitator.meeting.ratings import QuestionRatings
from facilitator.meeting.session import Entry, EntryKind

__all__ = ["MinutesWriter"]


class MinutesWriter(SessionDocument):
    """Builds one session's minutes and draft action plan."""

    @property
    def plan(self) -> ActionPlanWriter:
        """The draft action plan's writer, for the same session and entries."""
        return ActionPlanWriter(self.info, self.entries, self.clock, self.include_confidential)

    def action_plan(self) -> str:
        """The draft action plan as Markdown (`ActionPlanWriter.action_plan`)."""
        return self.plan.action_plan()

    def documents(self) -> list[Document]:
        """What the export writes for a session: the minutes and the draft action plan,
        and the pupil's agreement when the agenda records its parts."""
        from facilitator.documents.agreement import AgreementWriter, holds_agreement

        found = [self.document(), self.plan.document()]
        if holds_agreement(self.info.agenda):
            writer = AgreementWriter(self.info, self.entries, self.clock, self.include_confidential)
            found.append(writer.document())
        return found

    def write(
        self, folder: Path, formats: Sequence[str] = DEFAULT, calendar: bool = True
    ) -> list[Path]:
        """Write both documents into `folder`, in each of `formats`, and the next meeting
        as an iCalendar file when one was agreed (`calendar`; never again for the copy
        with confidential entries: it holds none); existing files are never overwritten."""
        written = write_documents(folder, self.documents(), formats)
        if calendar and self.info.next_meeting is not None and not self.include_confidential:
            from facilitator.documents.calendar import calendar_file

            data = calendar_file(self.info, self.language, time.time())
            written.append(write_document(folder, self.calendar_name(), data))
        return written

    def calendar_name(self) -> str:
        """The next meeting's calendar file: `2026-12-08-visit-2-next-meeting.ics`."""
        return self.file_stem() + "-next-meeting.ics"

    def minutes(self) -> str:
        """The minutes as Markdown."""
        return markdown.write(self.document())

    def document(self) -> Document:
        """The minutes."""
        t = self.catalogue
        entries = self.shared_entries()
        title = t.gettext("Minutes: {title}").format(title=self.info.title)
        blocks: list[Block] = [self._details(), *self._corrected(), *self._concerns(entries)]
        blocks += [Heading(2, plain(t.gettext("Agenda and time"))), *self._time_tables()]
        blocks += self._block_sections(entries)
        blocks += self._forms(entries)
        none = Paragraph(plain(t.gettext("None.")))
        decisions = [e for e in entries if e.kind is EntryKind.DECISION]
        from_block = t.gettext("{decision} (block {number})")
        blocks.append(Heading(2, plain(t.gettext("Decisions"))))
        blocks.append(
            ItemList(
                tuple(
                    plain(from_block.format(decision=e.text, number=e.block_index + 1))
                    for e in decisions
                ),
                numbered=True,
            )
            if decisions
            else none
        )
        blocks.append(Heading(2, plain(t.gettext("Action items"))))
        blocks.append(self.plan.action_table(with_block=True))
        goals = [e for e in entries if e.kind is EntryKind.GOAL]
        if goals:
            blocks.append(Heading(2, plain(t.gettext("Goals"))))
            blocks.append(goals_table(self, goals))
        blocks += followed_up(self, entries)
        questions = [e for e in entries if e.kind is EntryKind.QUESTION]
        blocks.append(Heading(2, plain(t.gettext("Open questions"))))
        blocks.append(
            ItemList(tuple(self._question_line(e) for e in questions)) if questions else none
        )
        blocks += self._next_meeting()
        ratings = self.ratings()
        if ratings:
            blocks.append(Heading(2, plain(t.gettext("Reflection ratings"))))
            blocks.append(self._ratings_table(ratings))
            blocks += ratings_chart(self, ratings)
        if self.info.agenda.academic_hours and self.clock is not None and self.clock.started:
            blocks.append(Heading(2, plain(t.gettext("Time record"))))
            blocks += self._time_record(self.clock)
        if self.info.agenda.signed_by:
            blocks.append(Heading(2, plain(t.gettext("Signatures"))))
            blocks.append(Signatures(self.info.agenda.signed_by))
        left_out = self.left_out()
        if left_out:
            sentence = t.ngettext(
                "{n} confidential entry was left out of these minutes.",
                "{n} confidential entries were left out of these minutes.",
                left_out,
            )
            blocks.append(Paragraph(emphasis(sentence.format(n=left_out))))
        return Document(plain(title), self.language, self.file_stem() + "-minutes", blocks)

    def _corrected(self) -> list[Block]:
        """When the finished meeting was last reopened and changed, if it was."""
        at = self.info.corrected_at
        if at is None:
            return []
        moment = datetime.fromtimestamp(at)
        sentence = self.catalogue.gettext("Corrected on {date} at {time}.").format(
            date=format_date(moment.date(), self.language), time=format_time(moment)
        )
        return [Paragraph(emphasis(sentence))]

    def _next_meeting(self) -> list[Block]:
        """The next meeting agreed in the last block: when, where, what to prepare."""
        meeting = self.info.next_meeting
        if meeting is None:
            return []
        t = self.catalogue
        when = format_iso_date(meeting.date, self.language) or meeting.date
        lines: list[tuple[str, Text]] = [(t.gettext("Date"), plain(when))]
        if meeting.start:
            span = f"{meeting.start}–{meeting.end}" if meeting.end else meeting.start
            lines.append((t.gettext("Time"), plain(span)))
        if not is_blank(meeting.place):
            lines.append((t.gettext("Place"), plain(meeting.place)))
        if not is_blank(meeting.prepare):
            lines.append((t.gettext("To prepare"), plain(meeting.prepare)))
        return [Heading(2, plain(t.gettext("Next meeting"))), Fields(tuple(lines))]

    def _block_sections(self, entries: list[Entry]) -> list[Block]:
        """A section per agenda block: what it recorded, or why nothing."""
        t = self.catalogue
        by_block: dict[int, list[Entry]] = {}
        for entry in entries:
            by_block.setdefault(entry.block_index, []).append(entry)
        blocks: list[Block] = []
        for index, block in enumerate(self.info.agenda.blocks):
            blocks.append(Heading(2, plain(f"{index + 1}. {block.title}")))
            status = self.clock.blocks[index].status if self.clock else BlockStatus.PENDING
            finished = self.clock is not None and self.clock.finished
            in_block = by_block.get(index, [])
            if status is BlockStatus.SKIPPED:
                blocks.append(Paragraph(emphasis(self._skipped(index, bool(in_block)))))
            elif not in_block and finished and status is BlockStatus.PENDING:
                blocks.append(Paragraph(emphasis(t.gettext("This block was not reached."))))
            elif not in_block:
                nothing = t.gettext("Nothing was recorded in this block.")
                blocks.append(Paragraph(emphasis(nothing)))
            filled = [e for e in in_block if self._fills_form(e)]
            free = [e for e in in_block if not self._fills_form(e)]
            if free:
                blocks.append(ItemList(tuple(self._entry_line(e) for e in free)))
            if filled:
                forms = sorted({block.form_of(e.field) for e in filled})
                sentence = t.ngettext(
                    "This block filled in the form below: {forms}.",
                    "This block filled in the forms below: {forms}.",
                    len(forms),
                ).format(forms=", ".join(forms))
                blocks.append(Paragraph(emphasis(sentence)))
        count = len(self.info.agenda.blocks)
        strays = [e for e in entries if not 0 <= e.block_index < count]
        if strays:
            # Entries of a block the agenda no longer has (a file edited by hand, a block
            # dropped since): never left out, but under a heading that says what they are.
            blocks.append(
                Heading(2, plain(t.gettext("Entries from blocks no longer in the agenda")))
            )
            blocks.append(ItemList(tuple(self._stray_line(e) for e in strays)))
        return blocks

    def _concerns(self, entries: list[Entry]) -> list[Block]:
        """First in a confidential copy: each concern to report (`meeting.concerns`), where
        and when it was raised, and the action to inform the services with its lead, deadline
        and status. Nothing in a shared copy: a concern is always confidential."""
        t = self.catalogue
        concerns = [e for e in entries if e.concern]
        if not concerns:
            return []
        actions = {e.raised_for: e for e in entries if e.raised_for}
        lines = []
        for concern in concerns:
            where = t.gettext("block {number}, {time}").format(
                number=concern.block_index + 1, time=format_minute(concern.created_at)
            )
            line = plain(f"{concern.text} ") + emphasis(f"({where})")
            action = actions.get(concern.id)
            if action is not None and action.action is not None:
                details = [action.text]
                if not is_blank(action.action.lead):
                    details.append(action.action.lead)
                if not is_blank(action.action.deadline):
                    details.append(self.format_deadline(action.action.deadline))
                details.append(self.plan.status_words()[action.action.status])
                line = line + plain(" ") + strong(t.gettext("Action") + ":")
                line = line + plain(" " + ", ".join(details))
            lines.append(line)
        note = t.gettext(
            "Confidential. The mentor informs the responsible services and the school's "
            "representatives; these never go into the shared minutes."
        )
        return [
            Heading(2, plain(t.gettext("Concerns to report"))),
            Paragraph(emphasis(note)),
            ItemList(tuple(lines)),
        ]

    def _fills_form(self, entry: Entry) -> bool:
        """True for a note that fills in a field its block's form has."""
        blocks = self.info.agenda.blocks
        return (
            bool(entry.field)
            and entry.kind is EntryKind.NOTE
            and 0 <= entry.block_index < len(blocks)
            and entry.field in blocks[entry.block_index].fields
        )

    def _forms(self, entries: list[Entry]) -> list[Block]:
        """Each form the agenda's blocks fill in, as the template's table: a row a field,
        in the agenda's order, holding what was typed into it (each line on its own line
        of the cell), or saying it was not filled in. Forms with nothing filled in are
        left out."""
        t = self.catalogue
        agenda = self.info.agenda
        order: dict[str, list[tuple[int, str]]] = {}
        for index, block in enumerate(agenda.blocks):
            for field in block.fields:
                order.setdefault(block.form_of(field), []).append((index, field))
        filled: dict[tuple[int, str], list[str]] = {}
        for entry in entries:
            if self._fills_form(entry):
                filled.setdefault((entry.block_index, entry.field), []).append(entry.text)
        found: list[Block] = []
        columns = (Column(t.gettext("Field")), Column(t.gettext("Recorded")))
        for form, fields in order.items():
            if not any(key in filled for key in fields):
                continue
            rows = tuple(
                (
                    plain(field),
                    plain("\n".join(filled[(index, field)]))
                    if (index, field) in filled
                    else emphasis(t.gettext("not filled in")),
                )
                for index, field in fields
            )
            found += [Heading(2, plain(form)), Table(columns, rows)]
        return found

    def _skipped(self, index: int, recorded: bool) -> str:
        """What the minutes say of a skipped block: skipped, or cut short after the minutes
        it ran when it ran or recorded something (its entries follow)."""
        t = self.catalogue
        spent = self.clock.elapsed(index) if self.clock else 0.0
        minutes = round(spent / 60)
        if minutes >= 1:
            return t.gettext(
                "This block was cut short after {minutes} min and then skipped."
            ).format(minutes=minutes)
        if recorded:
            return t.gettext("This block was cut short after less than a minute and then skipped.")
        return t.gettext("This block was skipped.")

    def _stray_line(self, entry: Entry) -> Text:
        """An entry of a block the agenda no longer has: the block it was typed in, by
        its number and the title it had, then the entry as a block lists it."""
        t = self.catalogue
        title = entry.block_title.strip()
        where = (
            t.gettext("block {number}, {title}").format(number=entry.block_index + 1, title=title)
            if not is_blank(title)
            else t.gettext("block {number}").format(number=entry.block_index + 1)
        )
        return emphasis(f"({where})") + plain(" ") + self._entry_line(entry)

    def _person(self, person: Participant) -> str:
        roles = [role_name(key, self.language) for key in self.role_keys(person)]
        return f"{person.name} ({', '.join(roles)})" if roles else person.name

    def _details(self) -> Fields:
        t = self.catalogue
        lines: list[tuple[str, Text]] = [(t.gettext("Date"), plain(self._dates()))]
        if self.info.agenda.days > 1 and self.clock is not None and self.clock.started:
            days = [
                t.gettext("day {day}: {when}").format(day=day, when=when)
                for day in range(1, self.info.agenda.days + 1)
                if (when := self._day_when(day))
            ]
            lines.append((t.gettext("Time"), plain("; ".join(days))))
        elif self.clock is not None and self.clock.started_at is not None:
            start = format_minute(self.clock.started_at)
            end_at = self.clock.finished_at
            end = format_minute(end_at) if end_at is not None else t.gettext("in progress")
            lines.append((t.gettext("Time"), plain(f"{start}–{end}")))
        if not is_blank(self.info.place):
            lines.append((t.gettext("Place"), plain(self.info.place)))
        if not is_blank(self.info.facilitator):
            lines.append((t.gettext("Facilitator"), plain(self.info.facilitator)))
        if not is_blank(self.info.scheme):
            lines.append((t.gettext("Mentoring scheme"), plain(self.info.scheme)))
        lines.append((t.gettext("Agenda"), plain(self.info.agenda.title)))
        present = [self._person(p) for p in self.info.participants if p.attended]
        absent = [self._person(p) for p in self.info.participants if not p.attended]
        if present:
            # TRANSLATORS: the participants who came to the meeting.
            lines.append((t.pgettext("participants", "Present"), plain(", ".join(present))))
        if absent:
            # TRANSLATORS: the participants who did not come.
            lines.append((t.pgettext("participants", "Absent"), plain(", ".join(absent))))
        return Fields(tuple(lines))

    def _time_tables(self) -> list[Block]:
        """The time table; for a visit of several days one a day, each under the day's
        date and times, with the day's total, and the chart of every block after them."""
        agenda = self.info.agenda
        if agenda.days <= 1:
            return [*self._time_table(range(len(agenda.blocks))), *time_chart(self)]
        t = self.catalogue
        found: list[Block] = []
        for day in range(1, agenda.days + 1):
            indexes = [i for i, block in enumerate(agenda.blocks) if block.day == day]
            heading = t.gettext("Day {day}").format(day=day)
            when = self._day_when(day)
            found.append(Heading(3, plain(f"{heading}: {when}" if when else heading)))
            found += self._time_table(indexes)
        return [*found, *time_chart(self)]

    def _dates(self) -> str:
        """The meeting's date; for a visit whose days fell on different dates, the first
        and the last (`23 Nov 2026 – 24 Nov 2026`)."""
        spans = self.clock.day_spans if self.clock is not None else []
        dates = sorted({datetime.fromtimestamp(s.start).date() for s in spans if s.start})
        if len(dates) < 2:
            return self.date_text()
        return " – ".join(format_date(d, self.language) for d in (dates[0], dates[-1]))

    def _day_when(self, day: int) -> str:
        """A day's date and times as the documents write them (`15 May 2027, 09:00–17:10`),
        from the clock's days; "" for a day that did not begin."""
        span = self.clock.day_span(day) if self.clock is not None else None
        if span is None or span.start is None:
            return ""
        start, end = span.start, span.end
        day_text = format_date(datetime.fromtimestamp(start).date(), self.language)
        end_text = format_minute(end) if end is not None else self.catalogue.gettext("in progress")
        return f"{day_text}, {format_minute(start)}–{end_text}"

    def _time_table(self, indexes: Sequence[int]) -> list[Block]:
        """The agenda's blocks `indexes`, planned against actual time, with a total that
        adds up as printed: the planned time of skipped blocks is left out of it (and said
        so), the time spent in them before the skip is in."""
        t = self.catalogue
        columns = (
            Column("#", numeric=True),
            Column(t.gettext("Block")),
            Column(t.gettext("Planned"), numeric=True),
            Column(t.gettext("Actual"), numeric=True),
            Column(t.gettext("Difference"), numeric=True),
        )
        rows: list[tuple[Text, ...]] = []
        planned_total = actual_total = skipped_planned = 0.0
        all_reached, extended = True, False
        for index in indexes:
            block = self.info.agenda.blocks[index]
            duration = block.duration
            planned = (
                f"{format_clock(duration.min_s)}–{format_clock(duration.max_s)}"
                if duration.is_range
                else format_clock(duration.max_s)
            )
            record = self.clock.blocks[index] if self.clock else None
            status = record.status if record else BlockStatus.PENDING
            if record is not None and record.extra_s:
                extended = True
                planned += " " + format_difference(record.extra_s)
            actual_s = self.clock.elapsed(index) if self.clock else 0.0
            actual_total += actual_s
            if status is BlockStatus.SKIPPED:
                # Time spent before the skip still counts in the total, so show it.
                spent = f" ({format_clock(actual_s)})" if round(actual_s) > 0 else ""
                actual, diff = plain(t.gettext("skipped") + spent), plain("")
                skipped_planned += duration.planned_s
            elif status is BlockStatus.PENDING and actual_s == 0:
                actual, diff = plain(t.gettext("not reached")), plain("")
                all_reached = False
                planned_total += duration.planned_s
            else:
                actual = plain(format_clock(actual_s))
                diff = plain(format_difference(actual_s - duration.planned_s))
                planned_total += duration.planned_s
            rows.append((plain(str(index + 1)), plain(block.title), plain(planned), actual, diff))
        total_diff = format_difference(actual_total - planned_total) if all_reached else ""
        total = (
            plain(""),
            strong(t.gettext("Total")),
            plain(format_clock(planned_total)),
            plain(format_clock(actual_total)),
            plain(total_diff),
        )
        notes = [t.gettext("Times are minutes:seconds of running time; pauses are not counted.")]
        if extended:
            notes.append(t.gettext("+m:ss after a planned time: time added during the meeting."))
        if skipped_planned:
            notes.append(
                t.gettext(
                    "The planned total leaves out the skipped blocks ({planned} planned); "
                    "time spent in them before the skip is counted."
                ).format(planned=format_clock(skipped_planned))
            )
        return [Table(columns, tuple(rows), total), *(Paragraph(emphasis(note)) for note in notes)]

    def _entry_line(self, entry: Entry) -> Text:
        """An entry in its block's list: its kind's label (`meeting.kinds`), then its text,
        an action with its lead and deadline, a rating with its question and scores."""
        t = self.catalogue
        text = entry.text
        extra: list[str] = []
        if entry.kind is EntryKind.ACTION:
            if entry.action and not is_blank(entry.action.lead):
                extra.append(entry.action.lead)
            if entry.action and not is_blank(entry.action.deadline):
                extra.append(self.format_deadline(entry.action.deadline))
        elif entry.kind is EntryKind.GOAL and entry.goal is not None:
            extra.append(goal_status(self, entry.goal.status))
            if not is_blank(entry.goal.deadline):
                extra.append(self.format_deadline(entry.goal.deadline))
        elif entry.kind is EntryKind.RATING and entry.rating is not None:
            scores = ", ".join(
                f"{s.value} ({s.who})" if not is_blank(s.who) else str(s.value)
                for s in entry.rating.scores
            )
            text = f"{entry.rating.question_text or entry.text} — {scores or '–'}"
        where = came_from(self, entry)
        extra += [where] if where else []
        text += f" ({', '.join(extra)})" if extra else ""
        label = KINDS[entry.kind].document
        if entry.concern:
            label = N_("Concern to report")
        return strong(t.gettext(label) + ":") + plain(" " + text) if label else plain(text)

    def _question_line(self, entry: Entry) -> Text:
        """An open question, with where it came from and its answer once answered."""
        t = self.catalogue
        where = came_from(self, entry)
        line = plain(entry.text) + (plain(f" ({where})") if where else ())
        if entry.question is not None and entry.question.answered:
            answer = entry.question.answer.strip()
            said = t.gettext("answered: {answer}").format(answer=answer) if answer else ""
            line += plain(" — ") + emphasis(said or t.gettext("answered"))
        return line

    def _ratings_table(self, ratings: list[tuple[int, QuestionRatings]]) -> Table:
        t = self.catalogue
        blocks = self.info.agenda.blocks
        columns = (
            Column(t.gettext("Block")),
            Column(t.gettext("Question")),
            Column(t.gettext("Scores (1-10)")),
            # TRANSLATORS: the columns of the ratings table: how many scores, and their mean.
            Column(t.gettext("Count"), numeric=True),
            Column(t.gettext("Mean"), numeric=True),
        )
        rows: list[tuple[Text, ...]] = []
        for index, summary in ratings:
            scores = ", ".join(
                f"{s.value} ({s.who})" if not is_blank(s.who) else str(s.value)
                for s in summary.scores
            )
            mean = summary.mean
            rows.append(
                (
                    plain(f"{index + 1}. {blocks[index].title.strip()}"),
                    plain(summary.question),
                    plain(scores or "–"),
                    plain(str(len(summary.scores))),
                    plain("–" if mean is None else format_number(mean, self.language)),
                )
            )
        return Table(columns, tuple(rows))

    def _time_record(self, clock: SessionClock) -> list[Block]:
        t = self.catalogue
        hours = AcademicHours.of(clock.running_time())
        columns = (
            Column(t.gettext("Date")),
            Column(t.gettext("Academic hours"), numeric=True),
            Column(t.gettext("Topic")),
        )
        whole = hours.whole if self.info.hours is None else self.info.hours
        row = (plain(self.date_text()), plain(str(whole)), plain(self.info.title))
        rule = t.gettext(
            "Meeting time: {minutes} min of running time (pauses not counted) = {exact} "
            "academic hours of 40 min. Recorded as **{whole}**: whole academic hours only, "
            "rounded to the nearest, halves up (20-59 min count as 1, 60-99 min as 2, and "
            "so on; under 20 min as 0)."
        )
        blocks: list[Block] = [
            Table(columns, (row,)),
            Paragraph(
                marked(
                    rule.format(
                        minutes=hours.minutes,
                        exact=hours.exact_text(self.language),
                        whole=hours.whole,
                    )
                )
            ),
        ]
        if self.info.hours is not None:
            confirmed = t.gettext("Confirmed by the mentor for the time sheet: {hours}.")
            blocks.append(Paragraph(strong(confirmed.format(hours=self.info.hours))))
        elif self.info.series_id:
            missing = t.gettext(
                "Not confirmed yet: the time sheet shows this meeting's hours as missing "
                "until the mentor confirms them."
            )
            blocks.append(Paragraph(emphasis(missing)))
        if not clock.finished:
            unfinished = t.gettext("The meeting had not finished when this was written.")
            blocks.append(Paragraph(emphasis(unfinished)))
        return blocks
