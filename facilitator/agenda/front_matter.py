"""The agenda's header: the `---` front matter with its `key: value` lines (English and
Latvian keys), and the language a file's name gives when the header names none."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.agenda.markdown import line_of
from facilitator.agenda.problems import FileProblems
from facilitator.i18n import N_

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "HOURS_VALUES",
    "METADATA_KEYS",
    "check_header_closed",
    "language_from_name",
    "read_front_matter",
]

METADATA_KEYS: dict[str, str] = {
    "id": "id",
    "language": "language",
    "lang": "language",
    "valoda": "language",
    "title": "title",
    "nosaukums": "title",
    "kind": "meeting_kind",
    "meeting": "meeting_kind",
    "veids": "meeting_kind",
    "tikšanās": "meeting_kind",
    "description": "description",
    "apraksts": "description",
    "start": "start",
    "sākums": "start",
    "programme": "programme",
    "program": "programme",
    "programma": "programme",
    "hours": "hours",
    "stundas": "hours",
    "max-participants": "max_participants",
    "dalībnieki-līdz": "max_participants",
    "signed-by": "signed_by",
    "paraksta": "signed_by",
}

HOURS_VALUES: dict[str, str] = {
    "academic": "academic",
    "akadēmiskās": "academic",
    "clock": "clock",
    "pulksteņa": "clock",
}
"""What `hours:` may say: `academic` (the programme counts its meetings in academic hours
of 40 minutes, as the school mentoring programme does) or `clock` (the default)."""


MOST_PARTICIPANTS = 1000
"""The largest `max-participants:` an agenda may give."""


def check_header_closed(text: str, tokens: list[Token], problems: FileProblems) -> None:
    """A header that opens with `---` but never closes swallows the whole file."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    if first_line.rstrip() == "---" and not any(t.type == "front_matter" for t in tokens):
        problems.error(1, N_("the header opened with `---` on line 1 is never closed with `---`"))


def read_front_matter(
    tok: Token, meta: dict[str, str], extra: dict[str, str], problems: FileProblems
) -> None:
    """Read the header's lines into `meta` (the keys `METADATA_KEYS` knows, by their
    field's name) and `extra` (any other key, kept with a warning)."""
    first = line_of(tok) + 1
    for offset, raw in enumerate(tok.content.splitlines()):
        line = first + offset
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        key, sep, value = raw.partition(":")
        if not sep:
            problems.error(
                line,
                N_("expected `key: value` in the header, found `{found}`"),
                found=raw.strip(),
            )
            continue
        key = key.strip().lower()
        value = value.strip().strip("\"'")
        if METADATA_KEYS.get(key) == "hours" and value.lower() not in HOURS_VALUES:
            problems.error(
                line,
                N_("`hours:` is `academic` or `clock`, not `{found}`"),
                found=value,
            )
        elif METADATA_KEYS.get(key) == "hours":
            meta["hours"] = HOURS_VALUES[value.lower()]
        elif METADATA_KEYS.get(key) == "max_participants" and not (
            value.isdigit() and 1 <= int(value) <= MOST_PARTICIPANTS
        ):
            problems.error(
                line,
                N_("`{key}:` is a whole number of people from 1 to {most}, not `{found}`"),
                key=key,
                most=MOST_PARTICIPANTS,
                found=value,
            )
        elif key in METADATA_KEYS:
            meta[METADATA_KEYS[key]] = value
        else:
            problems.warn(line, N_("unknown header key `{key}` (ignored)"), key=key)
            extra[key] = value


def language_from_name(path: str) -> str:
    """`intro.lv.md` is Latvian, `intro.en.md` English; any other name, English."""
    suffixes = Path(path).suffixes
    if len(suffixes) >= 2 and suffixes[-2].lower() in (".lv", ".en"):
        return suffixes[-2][1:].lower()
    return "en"
