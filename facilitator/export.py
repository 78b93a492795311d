"""Minutes and the draft action plan as Markdown that any viewer reads as meant.

Every piece of user text passes through `escape_inline` or `escape_cell`, so nothing typed
during a meeting can start a heading, open a list, inject HTML or break a table row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from facilitator.atomic import write_new
from facilitator.session import ActionStatus, Entry, EntryKind, SessionInfo
from facilitator.timing import BlockStatus, SessionClock

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "minutes": "Minutes",
        "plan": "Draft action plan",
        "date": "Date",
        "time": "Time",
        "place": "Place",
        "facilitator": "Facilitator",
        "agenda": "Agenda",
        "participants": "Participants",
        "absent": "absent",
        "agenda_time": "Agenda and time",
        "block": "Block",
        "planned": "Planned",
        "actual": "Actual",
        "difference": "Difference",
        "total": "Total",
        "skipped": "skipped",
        "not_reached": "not reached",
        "decision": "Decision",
        "action": "Action",
        "question": "Open question",
        "no_entries": "Nothing was recorded in this block.",
        "decisions": "Decisions",
        "actions": "Action items",
        "questions": "Open questions",
        "none": "None.",
        "result": "Expected result",
        "deadline": "Deadline",
        "lead": "Who leads",
        "resources": "Resources and partners",
        "measure": "Measuring success",
        "status": "Status",
        "open": "open",
        "done": "done",
        "dropped": "dropped",
        "tba": "to be agreed",
        "scheme": "Mentoring scheme",
        "mentee": "Mentee",
        "mentor": "Mentor",
        "version": "Date and version",
        "draft": "draft",
        "missing": "Still to agree",
        "missing_lead": "who leads",
        "missing_deadline": "a deadline",
        "missing_measure": "a measure of success",
        "all_set": "Every action has a lead, a deadline and a measure of success.",
        "confidential_left_out": "{n} confidential entries were left out of these minutes.",
        "in_progress": "in progress",
        "from_block": "block",
        "time_note": "Times are minutes:seconds of running time; pauses are not counted.",
    },
    "lv": {
        "minutes": "Protokols",
        "plan": "Rīcības plāna projekts",
        "date": "Datums",
        "time": "Laiks",
        "place": "Vieta",
        "facilitator": "Vadītājs",
        "agenda": "Darba kārtība",
        "participants": "Dalībnieki",
        "absent": "nepiedalījās",
        "agenda_time": "Darba kārtība un laiks",
        "block": "Daļa",
        "planned": "Plānots",
        "actual": "Faktiski",
        "difference": "Starpība",
        "total": "Kopā",
        "skipped": "izlaists",
        "not_reached": "netika sākts",
        "decision": "Lēmums",
        "action": "Darbība",
        "question": "Atklāts jautājums",
        "no_entries": "Šajā daļā nekas netika pierakstīts.",
        "decisions": "Lēmumi",
        "actions": "Darbības",
        "questions": "Atklātie jautājumi",
        "none": "Nav.",
        "result": "Rezultāts",
        "deadline": "Termiņš",
        "lead": "Kurš vada",
        "resources": "Resursi un partneri",
        "measure": "Panākumu novērtēšana",
        "status": "Statuss",
        "open": "atvērts",
        "done": "izpildīts",
        "dropped": "atcelts",
        "tba": "jāvienojas",
        "scheme": "Mentorēšanas programma",
        "mentee": "Mentorējamais",
        "mentor": "Mentors",
        "version": "Datums un versija",
        "draft": "projekts",
        "missing": "Vēl jāvienojas",
        "missing_lead": "kurš vada",
        "missing_deadline": "termiņš",
        "missing_measure": "panākumu rādītājs",
        "all_set": "Katrai darbībai ir vadītājs, termiņš un panākumu rādītājs.",
        "confidential_left_out": "Konfidenciāli ieraksti, kas netika iekļauti protokolā: {n}.",
        "in_progress": "notiek",
        "from_block": "daļa",
        "time_note": "Laiks norādīts minūtēs un sekundēs; pauzes netiek skaitītas.",
    },
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_INLINE_SPECIAL = set("\\`*_[]<>#|~!&")
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _clean(text: str) -> str:
    """Drop control characters; keep newlines for the caller to handle."""
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc").replace(
        "\r", ""
    )


def escape_inline(text: str) -> str:
    """Escape user text for a paragraph or list item, on one line.

    Characters with inline meaning are backslash-escaped, and so is a leading character
    that would start a block (`-`, `+`, `1.`, `>`), keeping ordinary punctuation readable.
    """
    flat = " ".join(_clean(text).split())
    out = "".join("\\" + c if c in _INLINE_SPECIAL else c for c in flat)
    if out[:1] in ("-", "+", "="):
        out = "\\" + out
    match = re.match(r"^(\d+)([.)])", out)
    if match:
        out = f"{match.group(1)}\\{match.group(2)}{out[match.end() :]}"
    return out


def escape_cell(text: str) -> str:
    """Escape user text for a GFM table cell: it can never add a row or a column.

    Every ASCII punctuation character is backslash-escaped, control characters are
    dropped and line breaks become `<br>`.
    """
    lines = [
        "".join("\\" + c if c in _ASCII_PUNCT else c for c in line.replace("\t", " ").strip())
        for line in _clean(text).split("\n")
    ]
    return "<br>".join(line for line in lines if line)


def format_date(day: date, language: str) -> str:
    """`23.11.2026.` in Latvian, `23 Nov 2026` in English."""
    if language == "lv":
        return f"{day.day:02d}.{day.month:02d}.{day.year}."
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


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


@dataclass
class MinutesWriter:
    """Renders one session's minutes and draft action plan."""

    info: SessionInfo
    entries: list[Entry]
    clock: SessionClock | None
    include_confidential: bool = False

    @property
    def labels(self) -> dict[str, str]:
        """The session's language's words for headings and labels."""
        return LABELS.get(self.info.language, LABELS["en"])

    def shared_entries(self) -> list[Entry]:
        """The entries that go into the documents."""
        return [
            e
            for e in self.entries
            if not e.deleted and (self.include_confidential or not e.confidential)
        ]

    def left_out(self) -> int:
        """How many confidential entries the documents leave out."""
        if self.include_confidential:
            return 0
        return sum(1 for e in self.entries if e.confidential and not e.deleted)

    def minutes(self) -> str:
        """The minutes as Markdown."""
        t = self.labels
        lines = [f"# {t['minutes']}: {escape_inline(self.info.title)}", ""]
        lines += self._details()
        lines += ["", f"## {t['agenda_time']}", ""]
        lines += self._time_table()
        entries = self.shared_entries()
        for index, block in enumerate(self.info.agenda.blocks):
            lines += ["", f"## {index + 1}. {escape_inline(block.title)}", ""]
            in_block = [e for e in entries if e.block_index == index]
            if not in_block:
                lines.append(f"_{t['no_entries']}_")
            lines += [self._entry_line(e) for e in in_block]
        lines += ["", f"## {t['decisions']}", ""]
        decisions = [e for e in entries if e.kind is EntryKind.DECISION]
        lines += [
            f"{n}. {escape_inline(e.text)} ({t['from_block']} {e.block_index + 1})"
            for n, e in enumerate(decisions, 1)
        ] or [t["none"]]
        lines += ["", f"## {t['actions']}", ""]
        lines += self._action_table(with_status=True, with_block=True)
        lines += ["", f"## {t['questions']}", ""]
        questions = [e for e in entries if e.kind is EntryKind.QUESTION]
        lines += [f"- {escape_inline(e.text)}" for e in questions] or [t["none"]]
        if self.left_out():
            lines += ["", f"_{t['confidential_left_out'].format(n=self.left_out())}_"]
        return "\n".join(lines) + "\n"

    def action_plan(self) -> str:
        """The draft action plan in the action-plan template's six columns, plus status."""
        t = self.labels
        lines = [f"# {t['plan']}: {escape_inline(self.info.title)}", ""]
        mentees = [p.name for p in self.info.participants if _is_role(p.role, "mentee")]
        mentors = [p.name for p in self.info.participants if _is_role(p.role, "mentor")]
        lines += [
            f"- **{t['scheme']}:** {escape_inline(self.info.agenda.title)}",
            f"- **{t['mentee']}:** {escape_inline(', '.join(mentees)) or t['tba']}",
            f"- **{t['mentor']}:** {escape_inline(', '.join(mentors)) or t['tba']}",
            f"- **{t['version']}:** {self._date()}, {t['draft']} 1",
            "",
        ]
        lines += self._action_table(with_status=True, with_block=False)
        lines += ["", f"### {t['missing']}", ""]
        gaps = []
        for n, entry in enumerate(self._actions(), 1):
            fields = entry.action
            missing = [
                t[key]
                for key, value in (
                    ("missing_lead", fields.lead if fields else ""),
                    ("missing_deadline", fields.deadline if fields else ""),
                    ("missing_measure", fields.measure if fields else ""),
                )
                if not value
            ]
            if missing:
                gaps.append(f"- [ ] {n}. {escape_inline(entry.text)}: {', '.join(missing)}")
        lines += gaps or [t["all_set"]]
        return "\n".join(lines) + "\n"

    def write(self, folder: Path) -> list[Path]:
        """Write both documents into `folder`; existing files are never overwritten."""
        folder.mkdir(parents=True, exist_ok=True)
        day = datetime.fromtimestamp(self.info.created_at).date().isoformat()
        stem = f"{day}-{slugify(self.info.title)}"
        return [
            write_new(folder / f"{stem}-minutes.md", self.minutes().encode("utf-8")),
            write_new(folder / f"{stem}-action-plan.md", self.action_plan().encode("utf-8")),
        ]

    def _date(self) -> str:
        return format_date(datetime.fromtimestamp(self.info.created_at).date(), self.info.language)

    def _details(self) -> list[str]:
        t = self.labels
        lines = [f"- **{t['date']}:** {self._date()}"]
        if self.clock is not None and self.clock.started_at is not None:
            start = datetime.fromtimestamp(self.clock.started_at).strftime("%H:%M")
            end_at = self.clock.finished_at
            end = (
                datetime.fromtimestamp(end_at).strftime("%H:%M")
                if end_at is not None
                else t["in_progress"]
            )
            lines.append(f"- **{t['time']}:** {start}–{end}")
        if self.info.place:
            lines.append(f"- **{t['place']}:** {escape_inline(self.info.place)}")
        if self.info.facilitator:
            lines.append(f"- **{t['facilitator']}:** {escape_inline(self.info.facilitator)}")
        lines.append(f"- **{t['agenda']}:** {escape_inline(self.info.agenda.title)}")
        if self.info.participants:
            people = []
            for p in self.info.participants:
                text = escape_inline(p.name)
                details = [escape_inline(p.role)] if p.role else []
                if not p.attended:
                    details.append(t["absent"])
                if details:
                    text += f" ({', '.join(details)})"
                people.append(text)
            lines.append(f"- **{t['participants']}:** {', '.join(people)}")
        return lines

    def _time_table(self) -> list[str]:
        t = self.labels
        lines = [
            f"| # | {t['block']} | {t['planned']} | {t['actual']} | {t['difference']} |",
            "|---:|---|---:|---:|---:|",
        ]
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
                actual, diff = t["skipped"], ""
            elif status is BlockStatus.PENDING and actual_s == 0:
                actual, diff = t["not_reached"], ""
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
        lines.append(
            f"| | **{t['total']}** | {format_clock(planned_total)} | "
            f"{format_clock(actual_total)} | {total_diff} |"
        )
        lines += ["", f"_{t['time_note']}_"]
        return lines

    def _entry_line(self, entry: Entry) -> str:
        t = self.labels
        text = escape_inline(entry.text)
        if entry.kind is EntryKind.DECISION:
            return f"- **{t['decision']}:** {text}"
        if entry.kind is EntryKind.QUESTION:
            return f"- **{t['question']}:** {text}"
        if entry.kind is EntryKind.ACTION:
            extra = []
            if entry.action and entry.action.lead:
                extra.append(escape_inline(entry.action.lead))
            if entry.action and entry.action.deadline:
                extra.append(self._deadline(entry.action.deadline))
            suffix = f" ({', '.join(extra)})" if extra else ""
            return f"- **{t['action']}:** {text}{suffix}"
        return f"- {text}"

    def _deadline(self, iso: str) -> str:
        try:
            return format_date(date.fromisoformat(iso), self.info.language)
        except ValueError:
            return escape_inline(iso)

    def _actions(self) -> list[Entry]:
        return [e for e in self.shared_entries() if e.kind is EntryKind.ACTION]

    def _action_table(self, with_status: bool, with_block: bool) -> list[str]:
        t = self.labels
        actions = self._actions()
        if not actions:
            return [t["none"]]
        columns = [
            "#",
            t["action"],
            t["result"],
            t["deadline"],
            t["lead"],
            t["resources"],
            t["measure"],
        ]
        if with_status:
            columns.append(t["status"])
        if with_block:
            columns.append(t["block"])
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for n, entry in enumerate(actions, 1):
            fields = entry.action

            def cell(value: str) -> str:
                return escape_cell(value) if value else f"_{t['tba']}_"

            row = [
                str(n),
                escape_cell(entry.text),
                cell(fields.result if fields else ""),
                self._deadline(fields.deadline) if fields and fields.deadline else f"_{t['tba']}_",
                cell(fields.lead if fields else ""),
                cell(fields.resources if fields else ""),
                cell(fields.measure if fields else ""),
            ]
            if with_status:
                status = fields.status if fields else ActionStatus.OPEN
                row.append(t[status.value])
            if with_block:
                row.append(str(entry.block_index + 1))
            lines.append("| " + " | ".join(row) + " |")
        return lines


def _is_role(role: str, wanted: str) -> bool:
    names = {"mentee": ("mentee", "mentorējamais", "mentorējamā"), "mentor": ("mentor", "mentors")}
    return role.strip().lower() in names[wanted]
