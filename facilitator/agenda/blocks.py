"""The grammar of a block: the field lines under its `## Title` (`Duration: 6 min`,
`Kind: break`, in English or Latvian), and the rule on long stretches without a break."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitator.agenda.duration import DurationError, parse_duration
from facilitator.agenda.model import Block, BlockKind, Duration
from facilitator.agenda.problems import FileProblems, Msg
from facilitator.i18n import N_

__all__ = [
    "BLOCK_FIELDS",
    "FOCUS_LIMIT_S",
    "KIND_NAMES",
    "KNOWN_KINDS",
    "KNOWN_RECORDS",
    "MAX_DAYS",
    "RECORD_NAMES",
    "BlockDraft",
    "check_focus",
    "check_forms",
    "duration_lines",
    "number_days",
    "read_fields",
    "second_duration",
    "time_in_heading",
]

FIELD_TWICE = N_("form `{form}`: the field `{field}` is declared twice (also in `{other}`)")
MAX_DAYS = 9
"""The most days a visit may run over."""
DAY_NUMBER = N_("block `{block}`: the day must be a whole number from 1 to {most}, not `{day}`")
FOCUS_LIMIT_S = 120 * 60
"""People focus for about 1.5-2 hours; longer without a break earns a warning."""

BLOCK_FIELDS: dict[str, str] = {
    "duration": "duration",
    "time": "duration",
    "ilgums": "duration",
    "laiks": "duration",
    "kind": "kind",
    "type": "kind",
    "veids": "kind",
    "record": "record",
    "ieraksts": "record",
    "day": "day",
    "diena": "day",
}

RECORD_NAMES: dict[str, str] = {
    "situation": "situation",
    "situācija": "situation",
    "plan": "plan",
    "plāns": "plan",
    "mentor-commits": "mentor-commits",
    "mentors-apņemas": "mentor-commits",
    "pupil-commits": "pupil-commits",
    "skolēns-apņemas": "pupil-commits",
    "evaluation": "evaluation",
    "izvērtējums": "evaluation",
    "closed-question": "closed-question",
    "slēgtais-jautājums": "closed-question",
    "open-question": "open-question",
    "atvērtais-jautājums": "open-question",
    "goals": "goals",
    "mērķi": "goals",
}
"""What a block's `Record:` line may name (English and Latvian), by `RECORD_PARTS` key."""

KNOWN_RECORDS = N_(
    "situation, plan, mentor-commits, pupil-commits, evaluation, closed-question, open-question, "
    "goals"
)

KIND_NAMES: dict[str, BlockKind] = {
    "talk": BlockKind.TALK,
    "discussion": BlockKind.TALK,
    "saruna": BlockKind.TALK,
    "diskusija": BlockKind.TALK,
    "break": BlockKind.BREAK,
    "pārtraukums": BlockKind.BREAK,
    "pauze": BlockKind.BREAK,
    "action-planning": BlockKind.ACTION_PLANNING,
    "rīcības-plānošana": BlockKind.ACTION_PLANNING,
    "reflection": BlockKind.REFLECTION,
    "refleksija": BlockKind.REFLECTION,
    "review": BlockKind.REVIEW,
    "pārskats": BlockKind.REVIEW,
    "presentation": BlockKind.PRESENTATION,
    "prezentācija": BlockKind.PRESENTATION,
    "visit": BlockKind.VISIT,
    "apmeklējums": BlockKind.VISIT,
    "interview": BlockKind.INTERVIEW,
    "intervija": BlockKind.INTERVIEW,
}

KNOWN_KINDS = N_("talk, break, action-planning, reflection, review, presentation, visit, interview")
"""The kinds a block may name, as a problem lists them (in Latvian, Latvian words that
`KIND_NAMES` reads)."""

_FIELD_LINE = re.compile(r"^\s*([^\W\d][\w \-]{0,40}?)\s*:\s*(.*?)\s*$")


@dataclass
class BlockDraft:
    """A block as the parser fills it in, line by line, before it is checked."""

    title: str
    line: int
    duration: Duration | None = None
    duration_seen: bool = False
    duration_line: int = 0
    """The line of the block's (first) duration, 0 before one is read."""
    kind: BlockKind = BlockKind.TALK
    record: str = ""
    day: int = 0
    """The day its `Day:` line names; 0 without one (the block before's day)."""
    day_line: int = 0
    """The line of its `Day:` line, 0 without one."""
    fields_done: bool = False
    description: list[str] | None = None
    notes: list[str] | None = None
    groups: list[tuple[str, list[str]]] | None = None


def read_fields(block: BlockDraft, text: str, line: int, problems: FileProblems) -> bool:
    """Read the `Duration: ...` lines under a block heading; False when it is prose."""
    lines = text.split("\n")
    parsed: list[tuple[str, str]] = []
    for raw in lines:
        match = _FIELD_LINE.match(raw)
        if match is None:
            return False
        parsed.append((match.group(1).strip().lower(), match.group(2)))
    if not any(key in BLOCK_FIELDS for key, _ in parsed):
        return False
    for offset, (key, value) in enumerate(parsed):
        where = line + offset
        name = BLOCK_FIELDS.get(key)
        if name == "duration":
            if block.duration_seen:
                second_duration(block, where, problems)
                continue
            block.duration_seen = True
            block.duration_line = where
            try:
                block.duration = parse_duration(value)
            except DurationError as exc:
                problems.error(
                    where, N_("block `{block}`: {problem}"), block=block.title, problem=exc.what
                )
        elif name == "kind":
            kind = KIND_NAMES.get(value.strip().lower().replace(" ", "-"))
            if kind is None:
                known = Msg.of(KNOWN_KINDS)
                problems.error(
                    where,
                    N_("unknown block kind `{kind}`; use one of: {known}"),
                    kind=value,
                    known=known,
                )
            else:
                block.kind = kind
        elif name == "record":
            record = RECORD_NAMES.get(value.strip().casefold().replace(" ", "-"))
            if record is None:
                problems.error(
                    where,
                    N_("unknown record part `{part}`; use one of: {known}"),
                    part=value,
                    known=Msg.of(KNOWN_RECORDS),
                )
            else:
                block.record = record
        elif name == "day":
            day = value.strip()
            if day.isdigit() and 1 <= int(day) <= MAX_DAYS:
                block.day = int(day)
                block.day_line = where
            else:
                problems.error(
                    where,
                    DAY_NUMBER,
                    block=block.title,
                    most=MAX_DAYS,
                    day=value,
                )
        else:
            problems.warn(where, N_("unknown block field `{field}` (ignored)"), field=key)
    return True


def number_days(drafts: list[BlockDraft], problems: FileProblems) -> list[int]:
    """Each block's day: its `Day:` line's, else the block before's (1 at first). Days go
    in order, one after the other: a block of an earlier day after a later one, or a day
    with no blocks, is an error at the block's `Day:` line."""
    days: list[int] = []
    day = 1
    for draft in drafts:
        if draft.day:
            if draft.day < day:
                problems.error(
                    draft.day_line,
                    N_(
                        "block `{block}` is on day {day}, after a block of day {before}: "
                        "the days go in order"
                    ),
                    block=draft.title,
                    day=draft.day,
                    before=day,
                )
            elif draft.day > day + 1:
                problems.error(
                    draft.day_line,
                    N_("block `{block}` is on day {day}, but day {missing} has no blocks"),
                    block=draft.title,
                    day=draft.day,
                    missing=day + 1,
                )
            else:
                day = draft.day
        days.append(day)
    return days


def second_duration(block: BlockDraft, line: int, problems: FileProblems) -> None:
    """Warn of a block's second duration line: only the first is read."""
    problems.warn(
        line,
        N_("block `{block}` has a second duration line; only the one on line {first} is read"),
        block=block.title,
        first=block.duration_line,
    )


def duration_lines(text: str) -> list[int]:
    """The offsets of a paragraph's lines that are `Duration: ...` lines, [] for prose.

    For a paragraph further down a block than its field lines, where a duration line is
    not read."""
    found: list[int] = []
    for offset, raw in enumerate(text.split("\n")):
        match = _FIELD_LINE.match(raw)
        if match is not None and BLOCK_FIELDS.get(match.group(1).strip().lower()) == "duration":
            found.append(offset)
    return found


TIME_IN_HEADING = re.compile(
    r"\d+(?:\s*[-–]\s*\d+)?\s*(?:min\w*|h|hours?|st\.|stund\w*)(?!\w)"
    r"|(?<![\d:.])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d:])",
    re.IGNORECASE,
)
"""A time someone may write in a block's heading: `(10 min)`, `15-20 min`, `1 h`,
`10:30`."""


def time_in_heading(title: str) -> str | None:
    """The time written in a heading, if any (it is never read as the duration): a
    duration as written (`10 min`), or `6 min` for a clock time (`10:30`), which says when
    rather than how long."""
    match = TIME_IN_HEADING.search(title)
    if match is None:
        return None
    time = match.group(0)
    return "6 min" if re.fullmatch(r"\d+[:.]\d+", time) else time


def check_forms(blocks: list[Block], problems: FileProblems) -> None:
    """A form's field declared twice (in one block, or in two blocks filling the same
    form) is an error at the second block; a form heading with no fields under it, a
    warning."""
    seen: dict[tuple[str, str], str] = {}
    for block in blocks:
        for group in block.groups:
            if not group.is_form:
                continue
            form = group.form_name or block.title
            if not group.prompts:
                problems.warn(
                    block.line,
                    N_("the form `{form}` has no fields: list them under it as `- Field`"),
                    form=form,
                )
            for field in group.prompts:
                key = (form.casefold(), " ".join(field.split()).casefold())
                if key in seen:
                    problems.error(
                        block.line,
                        FIELD_TWICE,
                        form=form,
                        field=field,
                        other=seen[key],
                    )
                else:
                    seen[key] = block.title


def check_focus(blocks: list[Block], problems: FileProblems) -> None:
    """Warn at each block that ends more than `FOCUS_LIMIT_S` after the last break."""
    run = 0
    day = 1
    for block in blocks:
        if block.kind is BlockKind.BREAK or block.day != day:
            run = 0  # a break, or a night's sleep
            day = block.day
            if block.kind is BlockKind.BREAK:
                continue
        run += block.duration.planned_s
        if run > FOCUS_LIMIT_S:
            problems.warn(
                block.line,
                N_(
                    "more than 120 minutes without a break before this block ends; "
                    "people focus for about 1.5-2 hours"
                ),
            )
            run = 0
