"""Read what the facilitator types into the capture line.

    plain text              a note
    ! text                  a decision
    + text @Lead 15.12.2026 an action item (lead and deadline optional, anywhere in the line)
    ? text                  an open question for the parking lot

A lead with a space in the name is written with an underscore (`@Anna_Bērziņa`). Dates are
accepted as `dd.mm.yyyy`, `dd.mm.yyyy.` (the Latvian form) or ISO `yyyy-mm-dd`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from facilitator.session import ActionFields, EntryKind

MAX_ENTRY_CHARS = 4000
"""The longest entry the capture line accepts; longer text gets a message, not a cut."""

PREFIXES: dict[str, EntryKind] = {
    "!": EntryKind.DECISION,
    "+": EntryKind.ACTION,
    "?": EntryKind.QUESTION,
}

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


def clean_text(raw: str) -> str:
    """Drop terminal escape sequences and control characters; keep every printable letter.

    Newlines and tabs become spaces (the capture line is one line). Bidirectional controls
    are format characters, not control characters, and are kept so right-to-left text
    stays readable.
    """
    text = _ANSI.sub("", raw)
    out: list[str] = []
    for char in text:
        if char in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            continue
        else:
            out.append(char)
    return "".join(out).strip()


def kind_of(line: str) -> EntryKind:
    """The kind a line will be saved as, for the label beside the capture line."""
    stripped = line.lstrip()
    return PREFIXES.get(stripped[:1], EntryKind.NOTE)


def parse_capture(line: str) -> Captured:
    """Turn one typed line into an entry's kind, text and action fields.

    Raises:
        CaptureError: the line is empty, too long, or holds a date that does not exist.
    """
    text = clean_text(line)
    if len(text) > MAX_ENTRY_CHARS:
        raise CaptureError(
            f"an entry holds at most {MAX_ENTRY_CHARS} characters; this one has {len(text)}"
        )
    kind = kind_of(text)
    if kind is not EntryKind.NOTE:
        text = text[1:].strip()
    if not text:
        raise CaptureError("nothing to save: type some text after the prefix")
    if kind is not EntryKind.ACTION:
        return Captured(kind, text)
    action = ActionFields()
    lead = _LEAD.search(text)
    if lead is not None:
        action.lead = lead.group(1).replace("_", " ")
        text = _remove(text, lead)
    deadline, text = _take_date(text)
    action.deadline = deadline
    if not text:
        raise CaptureError("the action has no text: say what will be done")
    return Captured(kind, text, action)


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
    raise CaptureError(f"`{stripped}` is not a date; write 15.12.2026 or 2026-12-15")


def _take_date(text: str) -> tuple[str, str]:
    """The one deadline in an action's text (ISO), and the text without it."""
    matches = [*_DOTTED_DATE.finditer(text), *_ISO_DATE.finditer(text)]
    if not matches:
        return "", text
    if len(matches) > 1:
        raise CaptureError("an action has one deadline; this line holds more than one date")
    match = matches[0]
    day = parse_date(match.group(0))
    return day.isoformat(), _remove(text, match)


def _make_date(year: int, month: int, day: int, original: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CaptureError(f"`{original.strip()}` is not a real date") from exc


def _remove(text: str, match: re.Match[str]) -> str:
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split())
