"""The minutes of one session: details, agenda and time, what each block recorded,
decisions, actions, open questions, ratings and the time record.

`MinutesWriter` is also what the export writes for a session: the minutes and, through
`ActionPlanWriter`, the draft action plan (`write`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from facilitator.documents.action_plan import ActionPlanWriter
from facilitator.documents.files import write_document
from facilitator.documents.markdown import escape_cell, escape_inline, field
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import format_clock, format_difference, is_blank
from facilitator.documents.time_record import AcademicHours
from facilitator.i18n import format_number, format_time
from facilitator.meeting.clock import BlockStatus, SessionClock
from facilitator.meeting.ratings import QuestionRatings
from facilitator.meeting.session import Entry, EntryKind, Participant, role_name

__all__ = ["MinutesWriter"]


class MinutesWriter(SessionDocument):
    """Renders one session's minutes and draft action plan."""

    @property
    def plan(self) -> ActionPlanWriter:
        """The draft action plan's writer, for the same session and entries."""
        return ActionPlanWriter(self.info, self.entries, self.clock, self.include_confidential)

    def action_plan(self) -> str:
        """The draft action plan as Markdown (`ActionPlanWriter.action_plan`)."""
        return self.plan.action_plan()

    def write(self, folder: Path) -> list[Path]:
        """Write both documents into `folder`; existing files are never overwritten."""
        return [
            write_document(folder, f"{self.file_stem()}-minutes.md", self.minutes()),
            write_document(folder, self.plan.file_name(), self.action_plan()),
        ]

    def minutes(self) -> str:
        """The minutes as Markdown."""
        t = self.catalogue
        entries = self.shared_entries()
        heading = t.gettext("Minutes: {title}").format(title=escape_inline(self.info.title))
        lines = [f"# {heading}", ""]
        lines += self._details()
        lines += ["", "## " + t.gettext("Agenda and time"), ""]
        lines += self._time_table()
        by_block: dict[int, list[Entry]] = {}
        for entry in entries:
            by_block.setdefault(entry.block_index, []).append(entry)
        for index, block in enumerate(self.info.agenda.blocks):
            lines += ["", f"## {index + 1}. {escape_inline(block.title)}", ""]
            in_block = by_block.get(index, [])
            if not in_block:
                lines.append("_" + t.gettext("Nothing was recorded in this block.") + "_")
            lines += [self._entry_line(e) for e in in_block]
        none = t.gettext("None.")
        lines += ["", "## " + t.gettext("Decisions"), ""]
        decisions = [e for e in entries if e.kind is EntryKind.DECISION]
        from_block = t.gettext("{decision} (block {number})")
        lines += [
            f"{n}. " + from_block.format(decision=escape_inline(e.text), number=e.block_index + 1)
            for n, e in enumerate(decisions, 1)
        ] or [none]
        lines += ["", "## " + t.gettext("Action items"), ""]
        lines += self.plan.action_table(with_block=True)
        lines += ["", "## " + t.gettext("Open questions"), ""]
        questions = [e for e in entries if e.kind is EntryKind.QUESTION]
        lines += [f"- {escape_inline(e.text)}" for e in questions] or [none]
        ratings = self.ratings()
        if ratings:
            lines += ["", "## " + t.gettext("Reflection ratings"), ""]
            lines += self._ratings_table(ratings)
        if self.clock is not None and self.clock.started:
            lines += ["", "## " + t.gettext("Time record"), ""]
            lines += self._time_record(self.clock)
        left_out = self.left_out()
        if left_out:
            sentence = t.ngettext(
                "{n} confidential entry was left out of these minutes.",
                "{n} confidential entries were left out of these minutes.",
                left_out,
            )
            lines += ["", "_" + sentence.format(n=left_out) + "_"]
        return "\n".join(lines) + "\n"

    def _person(self, person: Participant) -> str:
        roles = [role_name(key, self.language) for key in self.role_keys(person)]
        text = escape_inline(person.name)
        return f"{text} ({escape_inline(', '.join(roles))})" if roles else text

    def _details(self) -> list[str]:
        t = self.catalogue
        lines = [field(t.gettext("Date"), self.date_text())]
        if self.clock is not None and self.clock.started_at is not None:
            start = format_time(datetime.fromtimestamp(self.clock.started_at))
            end_at = self.clock.finished_at
            end = (
                format_time(datetime.fromtimestamp(end_at))
                if end_at is not None
                else t.gettext("in progress")
            )
            lines.append(field(t.gettext("Time"), f"{start}–{end}"))
        if not is_blank(self.info.place):
            lines.append(field(t.gettext("Place"), escape_inline(self.info.place)))
        if not is_blank(self.info.facilitator):
            lines.append(field(t.gettext("Facilitator"), escape_inline(self.info.facilitator)))
        if not is_blank(self.info.scheme):
            lines.append(field(t.gettext("Mentoring scheme"), escape_inline(self.info.scheme)))
        lines.append(field(t.gettext("Agenda"), escape_inline(self.info.agenda.title)))
        present = [self._person(p) for p in self.info.participants if p.attended]
        absent = [self._person(p) for p in self.info.participants if not p.attended]
        if present:
            # TRANSLATORS: the participants who came to the meeting.
            lines.append(field(t.pgettext("participants", "Present"), ", ".join(present)))
        if absent:
            # TRANSLATORS: the participants who did not come.
            lines.append(field(t.pgettext("participants", "Absent"), ", ".join(absent)))
        return lines

    def _time_table(self) -> list[str]:
        t = self.catalogue
        block_heading = t.gettext("Block")
        columns = ["#", block_heading, t.gettext("Planned"), t.gettext("Actual")]
        columns.append(t.gettext("Difference"))
        lines = ["| " + " | ".join(columns) + " |", "|---:|---|---:|---:|---:|"]
        planned_total = reached_planned = actual_total = 0.0
        all_reached = True
        for index, block in enumerate(self.info.agenda.blocks):
            duration = block.duration
            planned = (
                f"{format_clock(duration.min_s)}–{format_clock(duration.max_s)}"
                if duration.is_range
                else format_clock(duration.max_s)
            )
            status = self.clock.blocks[index].status if self.clock else BlockStatus.PENDING
            actual_s = self.clock.elapsed(index) if self.clock else 0.0
            planned_total += duration.planned_s
            actual_total += actual_s
            if status is BlockStatus.SKIPPED:
                # Time spent before the skip still counts in the total, so show it.
                spent = f" ({format_clock(actual_s)})" if round(actual_s) > 0 else ""
                actual, diff = t.gettext("skipped") + spent, ""
            elif status is BlockStatus.PENDING and actual_s == 0:
                actual, diff = t.gettext("not reached"), ""
                all_reached = False
            else:
                actual = format_clock(actual_s)
                diff = format_difference(actual_s - duration.planned_s)
                reached_planned += duration.planned_s
            lines.append(
                f"| {index + 1} | {escape_cell(block.title)} | {planned} | {actual} | {diff} |"
            )
        # The total's difference compares like with like: the blocks that actually ran.
        total_diff = format_difference(actual_total - reached_planned) if all_reached else ""
        total = t.gettext("Total")
        lines.append(
            f"| | **{total}** | {format_clock(planned_total)} | "
            f"{format_clock(actual_total)} | {total_diff} |"
        )
        note = t.gettext("Times are minutes:seconds of running time; pauses are not counted.")
        lines += ["", f"_{note}_"]
        return lines

    def _entry_line(self, entry: Entry) -> str:
        t = self.catalogue
        text = escape_inline(entry.text)
        if entry.kind is EntryKind.DECISION:
            return field(t.gettext("Decision"), text)
        if entry.kind is EntryKind.QUESTION:
            return field(t.gettext("Open question"), text)
        if entry.kind is EntryKind.ACTION:
            extra = []
            if entry.action and not is_blank(entry.action.lead):
                extra.append(escape_inline(entry.action.lead))
            if entry.action and not is_blank(entry.action.deadline):
                extra.append(self.deadline(entry.action.deadline, escape_inline))
            suffix = f" ({', '.join(extra)})" if extra else ""
            return field(t.gettext("Action"), text + suffix)
        if entry.kind is EntryKind.RATING:
            rating = entry.rating
            if rating is None:
                return field(t.gettext("Rating"), text)
            question = escape_inline(rating.question_text or entry.text)
            scores = ", ".join(
                f"{s.value} ({escape_inline(s.who)})" if not is_blank(s.who) else str(s.value)
                for s in rating.scores
            )
            return field(t.gettext("Rating"), f"{question} — {scores or '–'}")
        return f"- {text}"

    def _ratings_table(self, ratings: list[tuple[int, QuestionRatings]]) -> list[str]:
        t = self.catalogue
        blocks = self.info.agenda.blocks
        columns = [t.gettext("Block"), t.gettext("Question"), t.gettext("Scores (1-10)")]
        # TRANSLATORS: the columns of the ratings table: how many scores, and their mean.
        columns += [t.gettext("Count"), t.gettext("Mean")]
        lines = ["| " + " | ".join(columns) + " |", "|---|---|---|---:|---:|"]
        for index, summary in ratings:
            title = blocks[index].title
            block = f"{index + 1}. {escape_cell(title)}".rstrip()
            scores = ", ".join(
                f"{s.value} ({escape_cell(s.who)})" if not is_blank(s.who) else str(s.value)
                for s in summary.scores
            )
            mean = summary.mean
            lines.append(
                f"| {block} | {escape_cell(summary.question)} | {scores or '–'} | "
                f"{len(summary.scores)} | "
                f"{'–' if mean is None else format_number(mean, self.language)} |"
            )
        return lines

    def _time_record(self, clock: SessionClock) -> list[str]:
        t = self.catalogue
        hours = AcademicHours.of(clock.running_time())
        columns = [t.gettext("Date"), t.gettext("Academic hours"), t.gettext("Topic")]
        rule = t.gettext(
            "Meeting time: {minutes} min of running time (pauses not counted) = {exact} "
            "academic hours of 40 min. Recorded as **{whole}**: whole academic hours only, "
            "rounded to the nearest, halves up (20-59 min count as 1, 60-99 min as 2, and "
            "so on; under 20 min as 0)."
        )
        lines = [
            "| " + " | ".join(columns) + " |",
            "|---|---:|---|",
            f"| {self.date_text()} | {hours.whole} | {escape_cell(self.info.title)} |",
            "",
            rule.format(
                minutes=hours.minutes, exact=hours.exact_text(self.language), whole=hours.whole
            ),
        ]
        if not clock.finished:
            unfinished = t.gettext("The meeting had not finished when this was written.")
            lines += ["", f"_{unfinished}_"]
        return lines
