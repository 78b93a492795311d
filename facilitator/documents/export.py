"""Minutes and the draft action plan as Markdown that any viewer reads as meant.

Every piece of user text passes through `escape_inline` or `escape_cell`, so nothing typed
during a meeting can start a heading, open a list, inject HTML or break a table row.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.i18n import (
    LANGUAGES,
    N_,
    format_date,
    format_iso_date,
    format_number,
    format_time,
    translations,
)
from facilitator.meeting.clock import BlockStatus, SessionClock
from facilitator.meeting.ratings import QuestionRatings, summarize
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    Participant,
    SessionInfo,
    canonical_role,
    role_name,
)
from facilitator.storage.atomic import write_new

if TYPE_CHECKING:
    from gettext import NullTranslations

    from facilitator.programme.series import PlanItem, Series

__all__ = [
    "AcademicHours",
    "MinutesWriter",
    "SeriesPlanWriter",
    "clean_text",
    "escape_cell",
    "escape_inline",
    "format_clock",
    "format_date",
    "format_difference",
    "format_number",
    "slugify",
]
"""`format_date` and `format_number` live in `facilitator.i18n`; kept here for callers."""

ACADEMIC_HOUR_MIN = 40
"""One academic hour, in minutes (the school mentoring programme's time record)."""

_INLINE_SPECIAL = "\\`*_[]<>#|~!&"
"""The characters with inline meaning, each escaped with a backslash (the backslash first)."""


def _escape(text: str) -> str:
    # A `str.replace` per character is several times faster than a loop over the text, a
    # regular expression, or `str.translate` on non-ASCII text.
    for char in _INLINE_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


def clean_text(text: str) -> str:
    """Typed text as the documents keep it: line endings made `\\n` (`\\r\\n` and a lone
    `\\r` alike), tabs made spaces, and every other control character dropped."""
    if text.isprintable():  # the common case: no control character at all
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


_ORDERED = re.compile(r"(\d+)([.)])")
"""What would start an ordered list at the beginning of a line."""


def escape_inline(text: str) -> str:
    """Escape user text for a paragraph or list item, on one line.

    Characters with inline meaning are backslash-escaped, and so is a leading character
    that would start a block (`-`, `+`, `1.`, `>`), keeping ordinary punctuation readable.
    """
    flat = " ".join(clean_text(text).split())
    out = _escape(flat)
    if out[:1] in ("-", "+", "="):
        out = "\\" + out
    match = _ORDERED.match(out) if out[:1].isdigit() else None
    if match:
        out = f"{match.group(1)}\\{match.group(2)}{out[match.end() :]}"
    return out


def escape_cell(text: str) -> str:
    """Escape user text for a GFM table cell: it can never add a row or a column.

    A cell holds inline text only (no line of it can start a block), so the characters
    with inline meaning are backslash-escaped, `|` among them; control characters are
    dropped, tabs become spaces, and line breaks become `<br>`.
    """
    if text.isprintable():  # one line, nothing to drop
        return _escape(text.strip())
    lines = [_escape(line.strip()) for line in clean_text(text).split("\n")]
    return "<br>".join(line for line in lines if line)


def half_up(value: float) -> int:
    """`value` rounded to the nearest whole number, halves up (2.5 -> 3, not Python's 2)."""
    return math.floor(value + 0.5)


@dataclass(frozen=True)
class AcademicHours:
    """A meeting's time in the school mentoring programme's academic hours (40 min).

    The record takes whole numbers only: the meeting's whole minutes are divided by 40 and
    rounded to the nearest whole number, halves up, so 20-59 min count as 1, 60-99 min as
    2, and a meeting under 20 min as 0.
    """

    minutes: int
    """The meeting's running time in whole minutes (halves up)."""

    @classmethod
    def of(cls, seconds: float) -> AcademicHours:
        """The record of a meeting that ran `seconds`."""
        return cls(half_up(seconds / 60))

    @property
    def exact(self) -> float:
        """Academic hours before rounding (`95 min` -> 2.375)."""
        return self.minutes / ACADEMIC_HOUR_MIN

    @property
    def whole(self) -> int:
        """Whole academic hours, as the record takes them."""
        return (self.minutes + ACADEMIC_HOUR_MIN // 2) // ACADEMIC_HOUR_MIN

    def exact_text(self, language: str) -> str:
        """The exact figure with as many decimals as it needs (at most three: 1/40 = 0.025)."""
        text = f"{self.exact:.3f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if language == "lv" else text


def format_clock(seconds: float) -> str:
    """Minutes and seconds of running time: `6:00`, `72:05`."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def format_difference(seconds: float) -> str:
    """`+1:30` behind plan, `-0:45` ahead of it, `0:00` on time."""
    whole = round(seconds)
    if whole == 0:
        return "0:00"
    sign = "+" if whole > 0 else "-"
    return sign + format_clock(abs(whole))


def slugify(text: str) -> str:
    """A file-name-safe form of a title, Latvian letters reduced to ASCII."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "meeting"


def _field(label: str, value: str) -> str:
    """A labelled line of a document's details: `- **Date:** 23 Nov 2026`."""
    return f"- **{label}:** {value}"


def _blank(value: str) -> bool:
    """True when typed text keeps nothing a reader would see."""
    return not clean_text(value).strip()


@dataclass
class MinutesWriter:
    """Renders one session's minutes and draft action plan."""

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
        """The action items that go into the documents, in the order they were typed."""
        return [e for e in self.shared_entries() if e.kind is EntryKind.ACTION]

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
        lines += self._action_table(with_block=True)
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

    def action_plan(self) -> str:
        """The draft action plan in the action-plan template's six columns, plus status.

        Its version is the draft's first outside a series; inside one, the version the
        series' plan is at (the session's number in it), as the series' own plan says.
        """
        t = self.catalogue
        heading = t.gettext("Draft action plan: {title}").format(
            title=escape_inline(self.info.title)
        )
        lines = [f"# {heading}", ""]
        number = self.info.series_number
        if number > 0:
            version = t.gettext("version {n}").format(n=number)
        else:
            version = t.gettext("draft {n}").format(n=1)
        lines += self.plan_header(version)
        lines += self._action_table(with_block=False)
        lines += self.plan_gaps(self.actions())
        lines += self.actions_left_out()
        return "\n".join(lines) + "\n"

    def actions_left_out(self) -> list[str]:
        """The closing line saying how many confidential action items the plan leaves out
        (none when it leaves out none)."""
        left_out = self.left_out(EntryKind.ACTION)
        if not left_out:
            return []
        sentence = self.catalogue.ngettext(
            "{n} confidential action item was left out of this plan.",
            "{n} confidential action items were left out of this plan.",
            left_out,
        )
        return ["", "_" + sentence.format(n=left_out) + "_"]

    def plan_header(self, version: str) -> list[str]:
        """The action-plan template's header: scheme, the two parties, date and version."""
        t = self.catalogue
        info = self.info
        tba = "_" + t.gettext("to be agreed") + "_"

        def names(role: str) -> str:
            people = [p.name for p in info.participants if role in self._role_keys(p)]
            return escape_inline(", ".join(people)) or tba

        mentee = (
            (t.gettext("Mentee city"), escape_inline(info.mentee_city))
            if not _blank(info.mentee_city)
            else (t.gettext("Mentee"), names("mentee"))
        )
        mentor = (
            (t.gettext("Mentor city"), escape_inline(info.mentor_city))
            if not _blank(info.mentor_city)
            else (t.gettext("Mentor"), names("mentor"))
        )
        scheme = info.scheme if not _blank(info.scheme) else info.agenda.title
        return [
            _field(t.gettext("Mentoring scheme"), escape_inline(scheme) or tba),
            _field(*mentee),
            _field(*mentor),
            _field(t.gettext("Date and version"), f"{self._date()}, {version}"),
            "",
        ]

    def plan_gaps(self, actions: list[Entry], only_open: bool = False) -> list[str]:
        """The section listing what is still to agree for each action (each still open,
        with `only_open`), numbered as in the table."""
        t = self.catalogue
        lines = ["", "### " + t.gettext("Still to agree"), ""]
        gaps = []
        for n, entry in enumerate(actions, 1):
            fields = entry.action
            if only_open and (fields is None or fields.status is not ActionStatus.OPEN):
                continue
            missing = [
                t.gettext(what)
                for what, value in (
                    # TRANSLATORS: one of the things an action still lacks, in a list.
                    (N_("who leads"), fields.lead if fields else ""),
                    (N_("a deadline"), fields.deadline if fields else ""),
                    (N_("a measure of success"), fields.measure if fields else ""),
                )
                if _blank(value)
            ]
            if missing:
                gaps.append(f"- [ ] {n}. {escape_inline(entry.text)}: {', '.join(missing)}")
        all_set = t.gettext("Every action has a lead, a deadline and a measure of success.")
        return lines + (gaps or [all_set])

    def file_stem(self) -> str:
        """`2026-11-23-getting-to-know-conversation`, with `-confidential` when the
        documents include confidential entries, so such a copy is never mistaken for one
        to share."""
        stem = f"{self.meeting_date().isoformat()}-{slugify(self.info.title)}"
        return f"{stem}-confidential" if self.include_confidential else stem

    def write(self, folder: Path) -> list[Path]:
        """Write both documents into `folder`; existing files are never overwritten."""
        folder.mkdir(parents=True, exist_ok=True)
        stem = self.file_stem()
        return [
            write_new(folder / f"{stem}-minutes.md", self.minutes().encode("utf-8")),
            write_new(folder / f"{stem}-action-plan.md", self.action_plan().encode("utf-8")),
        ]

    def format_deadline(self, iso: str) -> str:
        """A deadline as the documents show it (plain text, not escaped): a date in the
        language's form, or whatever was typed if it is not an ISO date."""
        return format_iso_date(iso, self.language) or iso

    def _deadline(self, iso: str, escape: Callable[[str], str]) -> str:
        """The deadline as Markdown; only typed text needs escaping, not our own dates."""
        return format_iso_date(iso, self.language) or escape(iso)

    def _date(self) -> str:
        return format_date(self.meeting_date(), self.language)

    def _role_keys(self, person: Participant) -> list[str]:
        return [canonical_role(part) for part in person.role.split(",") if part.strip()]

    def _person(self, person: Participant) -> str:
        roles = [role_name(key, self.language) for key in self._role_keys(person)]
        text = escape_inline(person.name)
        return f"{text} ({escape_inline(', '.join(roles))})" if roles else text

    def _details(self) -> list[str]:
        t = self.catalogue
        lines = [_field(t.gettext("Date"), self._date())]
        if self.clock is not None and self.clock.started_at is not None:
            start = format_time(datetime.fromtimestamp(self.clock.started_at))
            end_at = self.clock.finished_at
            end = (
                format_time(datetime.fromtimestamp(end_at))
                if end_at is not None
                else t.gettext("in progress")
            )
            lines.append(_field(t.gettext("Time"), f"{start}–{end}"))
        if not _blank(self.info.place):
            lines.append(_field(t.gettext("Place"), escape_inline(self.info.place)))
        if not _blank(self.info.facilitator):
            lines.append(_field(t.gettext("Facilitator"), escape_inline(self.info.facilitator)))
        if not _blank(self.info.scheme):
            lines.append(_field(t.gettext("Mentoring scheme"), escape_inline(self.info.scheme)))
        lines.append(_field(t.gettext("Agenda"), escape_inline(self.info.agenda.title)))
        present = [self._person(p) for p in self.info.participants if p.attended]
        absent = [self._person(p) for p in self.info.participants if not p.attended]
        if present:
            # TRANSLATORS: the participants who came to the meeting.
            lines.append(_field(t.pgettext("participants", "Present"), ", ".join(present)))
        if absent:
            # TRANSLATORS: the participants who did not come.
            lines.append(_field(t.pgettext("participants", "Absent"), ", ".join(absent)))
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
            return _field(t.gettext("Decision"), text)
        if entry.kind is EntryKind.QUESTION:
            return _field(t.gettext("Open question"), text)
        if entry.kind is EntryKind.ACTION:
            extra = []
            if entry.action and not _blank(entry.action.lead):
                extra.append(escape_inline(entry.action.lead))
            if entry.action and not _blank(entry.action.deadline):
                extra.append(self._deadline(entry.action.deadline, escape_inline))
            suffix = f" ({', '.join(extra)})" if extra else ""
            return _field(t.gettext("Action"), text + suffix)
        if entry.kind is EntryKind.RATING:
            rating = entry.rating
            if rating is None:
                return _field(t.gettext("Rating"), text)
            question = escape_inline(rating.question_text or entry.text)
            scores = ", ".join(
                f"{s.value} ({escape_inline(s.who)})" if not _blank(s.who) else str(s.value)
                for s in rating.scores
            )
            return _field(t.gettext("Rating"), f"{question} — {scores or '–'}")
        return f"- {text}"

    def _action_table(
        self,
        with_block: bool,
        actions: list[Entry] | None = None,
        extra: Sequence[tuple[str, Callable[[Entry], str]]] = (),
    ) -> list[str]:
        """The action-plan template's table; `extra` adds columns (a heading and the
        Markdown of each row's cell, escaped by the caller)."""
        t = self.catalogue
        actions = self.actions() if actions is None else actions
        if not actions:
            return [t.gettext("None.")]
        columns = [
            "#",
            t.gettext("Action"),
            t.gettext("Expected result"),
            t.gettext("Deadline"),
            t.gettext("Who leads"),
            t.gettext("Resources and partners"),
            t.gettext("Measuring success"),
            t.gettext("Status"),
        ]
        if with_block:
            columns.append(t.gettext("Block"))
        columns += [heading for heading, _ in extra]
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        tba = "_" + t.gettext("to be agreed") + "_"
        statuses = {
            ActionStatus.OPEN: t.pgettext("action status", "open"),
            ActionStatus.DONE: t.pgettext("action status", "done"),
            ActionStatus.DROPPED: t.pgettext("action status", "dropped"),
        }

        def cell(value: str) -> str:
            return escape_cell(value) or tba

        for n, entry in enumerate(actions, 1):
            fields = entry.action or ActionFields()
            row = [
                str(n),
                cell(entry.text),
                cell(fields.result),
                self._deadline(fields.deadline, escape_cell) or tba,
                cell(fields.lead),
                cell(fields.resources),
                cell(fields.measure),
                statuses[fields.status],
            ]
            if with_block:
                row.append(str(entry.block_index + 1))
            row += [render(entry) for _, render in extra]
            lines.append("| " + " | ".join(row) + " |")
        return lines

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
                f"{s.value} ({escape_cell(s.who)})" if not _blank(s.who) else str(s.value)
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
            f"| {self._date()} | {hours.whole} | {escape_cell(self.info.title)} |",
            "",
            rule.format(
                minutes=hours.minutes, exact=hours.exact_text(self.language), whole=hours.whole
            ),
        ]
        if not clock.finished:
            unfinished = t.gettext("The meeting had not finished when this was written.")
            lines += ["", f"_{unfinished}_"]
        return lines


@dataclass
class SeriesPlanWriter:
    """Renders a series' action plan: every action of its sessions, merged by id, with
    where it came from and where it stands, in the session plan's template and escaping.

    The date and the version are those of the latest session: the one that produced
    this version of the plan.
    """

    series: Series
    items: list[PlanItem]
    latest: SessionInfo
    """The latest session of the series."""
    include_confidential: bool = False

    def _minutes(self) -> MinutesWriter:
        """The session writer whose helpers (labels, escaping, table) the plan shares,
        holding the series' parties and the plan's actions."""
        series = self.series
        info = replace(
            self.latest,
            title=series.name,
            scheme=series.name,
            mentee_city=series.mentee_city or self.latest.mentee_city,
            mentor_city=series.mentor_city or self.latest.mentor_city,
        )
        entries = [item.entry for item in self.items]
        return MinutesWriter(info, entries, None, self.include_confidential)

    @property
    def version(self) -> int:
        """The number of the session that produced this version."""
        return self.latest.series_number

    def action_plan(self) -> str:
        """The series' action plan as Markdown."""
        writer = self._minutes()
        t = writer.catalogue
        shared = {id(e) for e in writer.actions()}
        items = [item for item in self.items if id(item.entry) in shared]
        origins = {item.entry.id: item.origin for item in items}
        # (the kind's value, not the enum: export never imports the series module)
        if self.series.kind.value == "visits":
            word = t.gettext("visit {n}")
        else:
            word = t.gettext("session {n}")

        def origin(entry: Entry) -> str:
            return word.format(n=origins[entry.id].session_number)

        def note(entry: Entry) -> str:
            return escape_cell(entry.action.note) if entry.action else ""

        heading = t.gettext("Action plan: {name}").format(name=escape_inline(self.series.name))
        lines = [f"# {heading}", ""]
        lines += writer.plan_header(t.gettext("version {n}").format(n=self.version))
        lines += writer._action_table(
            with_block=False,
            actions=[item.entry for item in items],
            # TRANSLATORS: a column of the series' action plan: the session an action
            # was first written down in.
            extra=[(t.pgettext("action plan column", "From"), origin), (t.gettext("Note"), note)],
        )
        lines += writer.plan_gaps([item.entry for item in items], only_open=True)
        lines += writer.actions_left_out()
        return "\n".join(lines) + "\n"

    def file_stem(self) -> str:
        """`2027-03-10-inclucities-cesis-action-plan-v3`, `-confidential` added when the
        plan includes confidential actions."""
        writer = self._minutes()
        stem = (
            f"{writer.meeting_date().isoformat()}-{slugify(self.series.name)}"
            f"-action-plan-v{self.version}"
        )
        return f"{stem}-confidential" if self.include_confidential else stem

    def write(self, folder: Path) -> Path:
        """Write the plan into `folder`; an existing file is never overwritten."""
        folder.mkdir(parents=True, exist_ok=True)
        return write_new(folder / f"{self.file_stem()}.md", self.action_plan().encode("utf-8"))
