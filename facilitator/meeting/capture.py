"""Read what the facilitator types into the capture line.

    plain text              a note
    ! text                  a decision
    + text @Lead 15.12.2026 an action item (lead and deadline optional, anywhere in the line)
    ? text                  an open question for the parking lot
    * text 30.06.2027       a goal (its deadline optional; the entry form holds the rest)
    =1 8 7 Anna 9           1-10 ratings for a reflection block's first rating question
    ~ text                  confidential (before or after the kind's prefix: `~! text`)

A lead with a space in the name is written with an underscore (`@Anna_Bērziņa`). Dates are
accepted as `dd.mm.yyyy`, `dd.mm.yyyy.` (the Latvian form) or ISO `yyyy-mm-dd`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from facilitator.i18n import _, search_form, strip_marks
from facilitator.meeting.kinds import prefixes
from facilitator.meeting.ratings import RatingError, format_scores, parse_rating
from facilitator.meeting.session import ActionFields, EntryKind, GoalFields, RatingFields

MAX_ENTRY_CHARS = 4000
"""The longest entry the capture line accepts; longer text gets a message, not a cut."""

PREFIXES: dict[str, EntryKind] = prefixes()
"""The kinds' capture prefixes (`meeting.kinds`)."""
CONFIDENTIAL_PREFIX = "~"

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_LEAD = re.compile(r"(?<![\w@])@([^\W\d][\w.\-']*)")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?![\d])")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")


class CaptureError(ValueError):
    """A line that cannot be saved as typed; the message tells the facilitator what to fix."""


@dataclass(frozen=True)
class Captured:
    """A parsed capture line, ready to become an entry."""

    kind: EntryKind
    text: str
    action: ActionFields | None = None
    confidential: bool = False
    rating: RatingFields | None = None
    goal: GoalFields | None = None
    field: str = ""
    """The form field a note fills in, "" for a free note."""


_FIELD_NUMBER = re.compile(r"^(\d{1,2})\s*[:.)]\s*(.*)$", re.S)
_FIELD_NAME = re.compile(r"^([^:]{2,80}?)\s*:\s*(.*)$", re.S)


def form_field(text: str, fields: tuple[str, ...]) -> tuple[str, str] | None:
    """The form field a note names and the rest of its text: `2: ...` (the field's
    number), or `Challenges: ...` (its name, or the start of it, from three letters on, in
    any case and with or without Latvian marks) when only one field begins so. None when
    the line names no field: it stays a free note."""
    if not fields:
        return None
    number = _FIELD_NUMBER.match(text)
    if number is not None:
        index = int(number.group(1)) - 1
        if 0 <= index < len(fields) and number.group(2).strip():
            return fields[index], number.group(2).strip()
        return None
    named = _FIELD_NAME.match(text)
    if named is None or not named.group(2).strip():
        return None

    def plain(name: str) -> str:
        return strip_marks(search_form(" ".join(name.split())))

    typed = plain(named.group(1))
    if len(typed) < 3:
        return None
    exact = [f for f in fields if plain(f) == typed]
    starting = [f for f in fields if plain(f).startswith(typed)]
    found = exact or starting
    return (found[0], named.group(2).strip()) if len(found) == 1 else None


def one_line(raw: str) -> str:
    """Drop terminal escape sequences and control characters; keep every printable letter.

    Newlines and tabs become spaces (the capture line is one line). Bidirectional controls
    are format characters, not control characters, and are kept so right-to-left text
    stays readable. What the session file cannot store goes too: a lone surrogate (from
    an undecodable argument or a paste; UTF-8 cannot encode it) and the non-characters
    U+FFFE and U+FFFF (no document can hold them), as `documents.text.clean_text` does.
    """
    text = _ANSI.sub("", raw)
    out: list[str] = []
    for char in text:
        if char in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            continue
        else:
            out.append(char)
    return "".join(out)


def clean_text(raw: str) -> str:
    """`one_line`, without spaces at either end: the text an entry stores."""
    return one_line(raw).strip()


def clean_entry_text(raw: str, allow_empty: bool = False) -> str:
    """`clean_text`, within the length limit: what an entry's text may be.

    Raises:
        CaptureError: the text is too long, or empty when that is not allowed.
    """
    text = clean_text(raw)
    if len(text) > MAX_ENTRY_CHARS:
        raise CaptureError(
            _("an entry holds at most {limit} characters; this one has {length}").format(
                limit=MAX_ENTRY_CHARS, length=len(text)
            )
        )
    if not text and not allow_empty:
        raise CaptureError(_("an entry cannot be empty; delete it instead"))
    return text


def split_prefixes(line: str) -> tuple[EntryKind, bool, str]:
    """The kind a line's prefix picks, whether it is marked confidential, and the rest.

    The confidential mark `~` may come before or after the kind's prefix (one of each).
    A rating's `=` stays in the rest, where its question number follows it.
    """
    rest = line.lstrip()
    kind, confidential = EntryKind.NOTE, False
    for _step in range(2):
        first = rest[:1]
        if first == CONFIDENTIAL_PREFIX and not confidential:
            confidential, rest = True, rest[1:].lstrip()
        elif first in PREFIXES and kind is EntryKind.NOTE:
            kind = PREFIXES[first]
            rest = rest if kind is EntryKind.RATING else rest[1:].lstrip()
        else:
            break
    return kind, confidential, rest


def kind_of(line: str) -> EntryKind:
    """The kind a line will be saved as, for the label beside the capture line."""
    return split_prefixes(line)[0]


def is_confidential(line: str) -> bool:
    """True when the line is marked confidential with its prefix."""
    return split_prefixes(line)[1]


def parse_capture(
    line: str, rating_questions: tuple[str, ...] = (), fields: tuple[str, ...] = ()
) -> Captured:
    """Turn one typed line into an entry's kind, text and action fields.

    Args:
        line: what was typed.
        rating_questions: the current block's 1-10 questions, for rating lines.
        fields: the current block's form fields, for a note that fills one in.

    Raises:
        CaptureError: the line is empty, too long, holds a date that does not exist, or
            is a rating line that cannot be read.
    """
    kind, confidential, text = split_prefixes(clean_entry_text(line, allow_empty=True))
    if not text:
        raise CaptureError(_("nothing to save: type some text after the prefix"))
    if kind is EntryKind.RATING:
        try:
            rating = parse_rating(text, rating_questions)
        except RatingError as exc:
            raise CaptureError(str(exc)) from exc
        return Captured(kind, format_scores(rating.scores), None, confidential, rating)
    if kind is EntryKind.GOAL:
        deadline, text = _take_date(text)
        if not text:
            raise CaptureError(_("the goal has no text: say what is to be achieved"))
        return Captured(kind, text, None, confidential, goal=GoalFields(deadline=deadline))
    if kind is EntryKind.NOTE:
        filled = form_field(text, fields)
        if filled is not None:
            return Captured(kind, filled[1], None, confidential, field=filled[0])
    if kind is not EntryKind.ACTION:
        return Captured(kind, text, None, confidential)
    action = ActionFields()
    lead = _LEAD.search(text)
    if lead is not None:
        action.lead = lead.group(1).replace("_", " ")
        text = _remove(text, lead)
    deadline, text = _take_date(text)
    action.deadline = deadline
    if not text:
        raise CaptureError(_("the action has no text: say what will be done"))
    return Captured(kind, text, action, confidential)


def parse_deadline(text: str) -> str:
    """A deadline typed in a form: empty, or a date as `parse_date` reads it, as ISO.

    Raises:
        CaptureError: the text is not a real date.
    """
    return parse_date(text).isoformat() if text.strip() else ""


def typed_date(iso: str) -> str:
    """A stored date (`2026-12-15`) as a form shows it for editing, `15.12.2026` in both
    languages (`parse_date` reads it back); anything else as it is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def parse_date(text: str) -> date:
    """Read `15.12.2026`, `15.12.2026.` or `2026-12-15`.

    Raises:
        CaptureError: when the text is not one of those forms or names no real day.
    """
    stripped = text.strip()
    dotted = _DOTTED_DATE.fullmatch(stripped)
    iso = _ISO_DATE.fullmatch(stripped)
    if dotted is not None:
        return _make_date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)), text)
    if iso is not None:
        return _make_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    raise CaptureError(
        _("`{text}` is not a date; write 15.12.2026 or 2026-12-15").format(text=stripped)
    )


def _take_date(text: str) -> tuple[str, str]:
    """The one deadline in an action's text (ISO), and the text without it."""
    matches = [*_DOTTED_DATE.finditer(text), *_ISO_DATE.finditer(text)]
    if not matches:
        return "", text
    if len(matches) > 1:
        raise CaptureError(_("an action has one deadline; this line holds more than one date"))
    match = matches[0]
    day = parse_date(match.group(0))
    return day.isoformat(), _remove(text, match)


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CaptureError(_("`{text}` is not a real date").format(text=original.strip())) from exc


def _remove(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split())
