"""Read an agenda from its Markdown file.

The format (documented for facilitators in `agendas/README.md`):

    ---
    id: getting-to-know-en
    language: en
    title: Getting-to-know conversation
    ---

    ## Introductions and values
    Duration: 6 min
    Kind: talk

    - Describe yourself in three words.

    > A note for the facilitator, never projected.

Front matter holds the metadata; each `##` heading starts a block; the paragraph right under
it holds the block's fields; list items are guiding questions (a `###` heading groups them);
other paragraphs describe the block; block quotes are facilitator notes. The Markdown is read
through markdown-it-py's token stream, which also gives the line of every problem.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.agenda.model import Agenda, Block, BlockKind, Duration, PromptGroup
from facilitator.i18n import N_, _

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

MAX_AGENDA_KB = 512
MAX_AGENDA_BYTES = MAX_AGENDA_KB * 1024
"""The largest agenda file read: a long agenda is a few KB (the largest shipped one, 6 KB),
and a file at the limit still parses in well under a second."""
FOCUS_LIMIT_S = 120 * 60
"""People focus for about 1.5-2 hours; longer without a break earns a warning."""

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
}

BLOCK_FIELDS: dict[str, str] = {
    "duration": "duration",
    "time": "duration",
    "ilgums": "duration",
    "laiks": "duration",
    "kind": "kind",
    "type": "kind",
    "veids": "kind",
}

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

_UNIT_SECONDS: dict[str, int] = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "sek": 1,
    "sekundes": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "minūte": 60,
    "minūtes": 60,
    "h": 3600,
    "hr": 3600,
    "hour": 3600,
    "hours": 3600,
    "st": 3600,
    "stunda": 3600,
    "stundas": 3600,
}

_AMOUNT = re.compile(r"(\d{1,6}(?:[.,]\d{1,3})?)\s*([^\W\d_]*)\.?\s*")
_FIELD_LINE = re.compile(r"^\s*([^\W\d][\w \-]{0,40}?)\s*:\s*(.*?)\s*$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class Msg:
    """A message whose words are chosen when it is shown, in the UI language of that
    moment: problems are found once (and kept in the parsed-agenda cache) but shown in
    whatever language the app speaks by then.

    `text` is the English message (the catalogue's id, marked with `N_` where it is made),
    `values` fill its `{placeholders}`; a value may be a `Msg` itself.
    """

    text: str
    values: tuple[tuple[str, str | int | Msg], ...] = ()

    @classmethod
    def of(cls, text: str, /, **values: str | int | Msg) -> Msg:
        """`Msg.of(N_("unknown header key `{key}`"), key=key)`."""
        return cls(text, tuple(values.items()))

    def __str__(self) -> str:
        return _(self.text).format(**{key: str(value) for key, value in self.values})

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parsed-agenda cache."""
        return {
            "text": self.text,
            "values": {
                key: value.to_dict() if isinstance(value, Msg) else value
                for key, value in self.values
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Msg:
        """Rebuild a message stored by `to_dict`."""
        values: dict[str, str | int | Msg] = {}
        for key, value in dict(data["values"]).items():
            if isinstance(value, dict):
                values[str(key)] = cls.from_dict(value)
            else:
                values[str(key)] = value if isinstance(value, int) else str(value)
        return cls(str(data["text"]), tuple(values.items()))


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an agenda file."""

    path: str
    line: int
    what: Msg
    """What is wrong, worded when shown (`message`)."""
    warning: bool = False

    @property
    def message(self) -> str:
        """What is wrong, in the UI language."""
        return str(self.what)

    def __str__(self) -> str:
        if self.warning:
            return _("{path}:{line}: warning: {problem}").format(
                path=self.path, line=self.line, problem=self.message
            )
        return f"{self.path}:{self.line}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parsed-agenda cache."""
        return {
            "path": self.path,
            "line": self.line,
            "what": self.what.to_dict(),
            "warning": self.warning,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """Rebuild a problem stored by `to_dict`."""
        return cls(
            str(data["path"]), int(data["line"]), Msg.from_dict(data["what"]), bool(data["warning"])
        )


class AgendaError(Exception):
    """An agenda file that cannot be used; `problems` lists every error and warning."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(*problems)

    def __str__(self) -> str:
        """Every error (every warning when there is no error), in the UI language."""
        errors = [p for p in self.problems if not p.warning] or self.problems
        return "\n".join(str(p) for p in errors)


class DurationError(ValueError):
    """A duration that cannot be read; the message says why, for a facilitator (in the UI
    language when it is shown; `what` keeps it for a problem found in a file)."""

    def __init__(self, what: Msg) -> None:
        super().__init__(what.text)
        self.what = what

    def __str__(self) -> str:
        return str(self.what)


def parse_duration(text: str) -> Duration:
    """Read `6 min`, `1 h 30 min`, `90 s`, `10-15 min` or `10–15 min`.

    Raises:
        DurationError: when the text is not a positive duration or a sensible range.
    """
    s = text.strip().lower()
    for dash in "–—−":
        s = s.replace(dash, "-")
    if not s:
        raise DurationError(
            Msg.of(N_("the duration is empty; write for example `6 min` or `10-15 min`"))
        )
    if s.startswith("-"):
        raise DurationError(Msg.of(N_("the duration `{text}` is negative"), text=text.strip()))
    if "-" in s:
        left, right = (part.strip() for part in s.split("-", 1))
        high, unit = _parse_amount(right, text)
        low = int(float(left.replace(",", ".")) * unit) if _is_number(left) else None
        if low is None:
            low, _ = _parse_amount(left, text)
        if low <= 0 or high <= 0:
            raise DurationError(_longer_than_zero(text))
        if low > high:
            raise DurationError(
                Msg.of(
                    N_("the range `{text}` starts above its end; write the shorter time first"),
                    text=text.strip(),
                )
            )
        return Duration(low, high)
    seconds, _ = _parse_amount(s, text)
    if seconds <= 0:
        raise DurationError(_longer_than_zero(text))
    return Duration(seconds, seconds)


def _longer_than_zero(text: str) -> Msg:
    return Msg.of(N_("the duration `{text}` must be longer than zero"), text=text.strip())


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\d{1,6}(?:[.,]\d{1,3})?", text) is not None


def _parse_amount(s: str, original: str) -> tuple[int, int]:
    """Sum `1 h 30 min`-style terms; return the seconds and the last unit's size."""
    pos = 0
    total = 0.0
    last_unit = 0
    while pos < len(s):
        match = _AMOUNT.match(s, pos)
        if match is None or match.end() == pos:
            raise DurationError(
                Msg.of(
                    N_(
                        "cannot read the duration `{text}`; "
                        "write for example `6 min`, `1 h 30 min` or `10-15 min`"
                    ),
                    text=original.strip(),
                )
            )
        number, unit = match.group(1), match.group(2)
        if not unit:
            raise DurationError(
                Msg.of(
                    N_("the duration `{text}` has no unit; write `min`, `h` or `s`"),
                    text=original.strip(),
                )
            )
        if unit not in _UNIT_SECONDS:
            raise DurationError(
                Msg.of(
                    N_("unknown time unit `{unit}` in `{text}`; use `min`, `h` or `s`"),
                    unit=unit,
                    text=original.strip(),
                )
            )
        last_unit = _UNIT_SECONDS[unit]
        total += float(number.replace(",", ".")) * last_unit
        pos = match.end()
    if last_unit == 0:
        raise DurationError(Msg.of(N_("cannot read the duration `{text}`"), text=original.strip()))
    return round(total), last_unit


@functools.cache
def _markdown() -> MarkdownIt:
    """One parser for every file; imported on first use, as start-up usually reads the cache."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").use(front_matter_plugin)
    # Rules an agenda never needs. Without them a stray `---` under a line, an indented line
    # or `<br>` stay plain text instead of becoming a heading, code or HTML, and a big file
    # parses a fifth faster.
    md.disable(
        ["code", "reference", "hr", "lheading", "html_block", "html_inline", "autolink",
         "entity", "image"]
    )  # fmt: skip
    # Inline text is read by `_inline_text`, which leaves most of it to markdown-it only
    # when it holds markup: without these two passes over every paragraph, a big file
    # parses a third faster.
    md.disable(["inline", "text_join"])
    return md


_INLINE_MARKUP = re.compile(r"[\\`*_\[]")
"""What starts inline markup with the inline rules left on (escapes, code, emphasis and
links); text without any of these is plain text."""
_LINE_START = re.compile(r"\n[ \t]*")


def _inline_text(content: str) -> str:
    """The plain text of an inline token's content: emphasis and links reduced to words.

    Gives what markdown-it's own inline rules give. Plain text only needs their line
    breaks: spaces before a line break and spaces or tabs after it are dropped.
    """
    if _INLINE_MARKUP.search(content) is None:
        if "\n" not in content:
            return content.strip()
        lines = _LINE_START.sub("\n", content).split("\n")
        return "\n".join(line.rstrip(" ") for line in lines).strip()
    parts: list[str] = []
    for child in _markdown().inline.parse(content, _markdown(), {}, []):
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


@dataclass
class _BlockDraft:
    title: str
    line: int
    duration: Duration | None = None
    duration_seen: bool = False
    kind: BlockKind = BlockKind.TALK
    fields_done: bool = False
    description: list[str] | None = None
    notes: list[str] | None = None
    groups: list[tuple[str, list[str]]] | None = None


class _Parser:
    def __init__(self, text: str, path: str, fallback_id: str) -> None:
        self.text = text
        self.path = path
        self.fallback_id = fallback_id
        self.problems: list[Problem] = []
        self.meta: dict[str, str] = {}
        self.extra: dict[str, str] = {}
        self.h1_title = ""
        self.blocks: list[_BlockDraft] = []

    def error(self, line: int, message: str, /, **values: str | int | Msg) -> None:
        """An error: `message` is the English text (marked with `N_`), `values` fill it."""
        self.problems.append(Problem(self.path, line, Msg.of(message, **values)))

    def warn(self, line: int, message: str, /, **values: str | int | Msg) -> None:
        """A warning, worded as `error`."""
        self.problems.append(Problem(self.path, line, Msg.of(message, **values), warning=True))

    def run(self) -> Agenda:
        # The token list of a big file is a large graph without cycles: pausing the cycle
        # collector while it lives saves a third of the time and frees nothing less.
        collecting = gc.isenabled()
        gc.disable()
        try:
            tokens = _markdown().parse(self.text)
            self.check_header_closed(tokens)
            self.walk(tokens)
            return self.build()
        finally:
            if collecting:
                gc.enable()

    def check_header_closed(self, tokens: list[Token]) -> None:
        """A header that opens with `---` but never closes swallows the whole file."""
        first_line = self.text.lstrip("\ufeff").split("\n", 1)[0]
        if first_line.rstrip() == "---" and not any(t.type == "front_matter" for t in tokens):
            self.error(1, N_("the header opened with `---` on line 1 is never closed with `---`"))

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        quote_depth = 0
        list_depth = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "front_matter":
                self.read_front_matter(tok)
            elif tok.type == "heading_open":
                inline = tokens[i + 1]
                self.heading(tok.tag, _inline_text(inline.content), _line(tok))
                i += 2
            elif tok.type == "blockquote_open":
                quote_depth += 1
            elif tok.type == "blockquote_close":
                quote_depth -= 1
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif tok.type == "inline":
                text = _inline_text(tok.content)
                if quote_depth:
                    self.note(text, _line(tok))
                elif list_depth:
                    self.prompt(text, _line(tok))
                else:
                    self.paragraph(text, _line(tok))
            elif tok.type == "fence":
                self.warn(_line(tok), N_("code blocks (```) are ignored in agendas"))
            i += 1

    def read_front_matter(self, tok: Token) -> None:
        first = _line(tok) + 1
        for offset, raw in enumerate(tok.content.splitlines()):
            line = first + offset
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            key, sep, value = raw.partition(":")
            if not sep:
                self.error(
                    line,
                    N_("expected `key: value` in the header, found `{found}`"),
                    found=raw.strip(),
                )
                continue
            key = key.strip().lower()
            value = value.strip().strip("\"'")
            if key in METADATA_KEYS:
                self.meta[METADATA_KEYS[key]] = value
            else:
                self.warn(line, N_("unknown header key `{key}` (ignored)"), key=key)
                self.extra[key] = value

    def heading(self, tag: str, text: str, line: int) -> None:
        if tag == "h1":
            if not self.h1_title:
                self.h1_title = text
        elif tag == "h2":
            if not text:
                self.error(line, N_("a block heading has no title"))
            self.blocks.append(_BlockDraft(title=text or "?", line=line))
        elif self.blocks:
            current = self.blocks[-1]
            current.fields_done = True
            if current.groups is None:
                current.groups = []
            current.groups.append((text, []))
        else:
            self.warn(line, N_("a sub-heading before the first block (`## ...`) is ignored"))

    def paragraph(self, text: str, line: int) -> None:
        if not self.blocks:
            # Text before the first block describes the agenda when no header does.
            self.meta.setdefault("description", text)
            return
        block = self.blocks[-1]
        if not block.fields_done and self.read_fields(block, text, line):
            block.fields_done = True
            return
        block.fields_done = True
        if block.description is None:
            block.description = []
        block.description.append(text)

    def read_fields(self, block: _BlockDraft, text: str, line: int) -> bool:
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
                block.duration_seen = True
                try:
                    block.duration = parse_duration(value)
                except DurationError as exc:
                    self.error(
                        where, N_("block `{block}`: {problem}"), block=block.title, problem=exc.what
                    )
            elif name == "kind":
                kind = KIND_NAMES.get(value.strip().lower().replace(" ", "-"))
                if kind is None:
                    known = Msg.of(KNOWN_KINDS)
                    self.error(
                        where,
                        N_("unknown block kind `{kind}`; use one of: {known}"),
                        kind=value,
                        known=known,
                    )
                else:
                    block.kind = kind
            else:
                self.warn(where, N_("unknown block field `{field}` (ignored)"), field=key)
        return True

    def prompt(self, text: str, line: int) -> None:
        if not self.blocks:
            self.warn(line, N_("a list before the first block (`## ...`) is ignored"))
            return
        block = self.blocks[-1]
        block.fields_done = True
        if block.groups is None:
            block.groups = [("", [])]
        block.groups[-1][1].append(text)

    def note(self, text: str, line: int) -> None:
        if not self.blocks:
            return
        block = self.blocks[-1]
        block.fields_done = True
        if block.notes is None:
            block.notes = []
        block.notes.append(text)

    def build(self) -> Agenda:
        agenda_id = self.meta.get("id") or self.fallback_id
        if not re.fullmatch(r"[\w.\-]{1,80}", agenda_id):
            self.error(
                1,
                N_("the id `{id}` may hold only letters, digits, `-`, `_` and `.`"),
                id=agenda_id,
            )
        title = self.meta.get("title") or self.h1_title
        if not title:
            self.error(1, N_("the agenda has no title: add `title:` to the header or a `# Title`"))
        language = self.meta.get("language", "").lower() or _language_from_name(self.path)
        start = self.meta.get("start", "")
        if start and not _CLOCK.match(start):
            self.error(
                1, N_("the start time `{start}` is not a clock time like `09:30`"), start=start
            )
        if not self.blocks:
            self.error(1, N_("the agenda has no blocks: start each block with a `## Title` line"))
        blocks: list[Block] = []
        for draft in self.blocks:
            if draft.duration is None and not draft.duration_seen:
                self.error(
                    draft.line,
                    N_("block `{block}` has no duration; add a line `Duration: 6 min`"),
                    block=draft.title,
                )
            if draft.duration is None:
                continue
            blocks.append(
                Block(
                    title=draft.title,
                    duration=draft.duration,
                    kind=draft.kind,
                    description="\n".join(draft.description or []),
                    groups=tuple(
                        PromptGroup(t, tuple(ps)) for t, ps in (draft.groups or []) if t or ps
                    ),
                    notes="\n".join(draft.notes or []),
                    line=draft.line,
                )
            )
        self.check_focus(blocks)
        if any(not p.warning for p in self.problems):
            raise AgendaError(self.problems)
        return Agenda(
            id=agenda_id,
            title=title,
            language=language,
            blocks=tuple(blocks),
            meeting_kind=self.meta.get("meeting_kind", ""),
            description=self.meta.get("description", ""),
            start=start,
            source=self.path,
            extra=self.extra,
        )

    def check_focus(self, blocks: list[Block]) -> None:
        run = 0
        for block in blocks:
            if block.kind is BlockKind.BREAK:
                run = 0
                continue
            run += block.duration.planned_s
            if run > FOCUS_LIMIT_S:
                self.warn(
                    block.line,
                    N_(
                        "more than 120 minutes without a break before this block ends; "
                        "people focus for about 1.5-2 hours"
                    ),
                )
                run = 0


def _language_from_name(path: str) -> str:
    suffixes = Path(path).suffixes
    if len(suffixes) >= 2 and suffixes[-2].lower() in (".lv", ".en"):
        return suffixes[-2][1:].lower()
    return "en"


def parse_agenda(text: str, path: str = "<agenda>") -> tuple[Agenda, list[Problem]]:
    """Parse one agenda; return it with its warnings.

    Raises:
        AgendaError: listing every error (and warning) found in the text.
    """
    stem = Path(path).name.split(".")[0] or "agenda"
    parser = _Parser(text, path, stem)
    agenda = parser.run()
    return agenda, parser.problems


def read_agenda_file(path: Path) -> tuple[Agenda, list[Problem]]:
    """Read and parse an agenda file, turning unreadable files into `AgendaError`."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_AGENDA_BYTES:
            raise AgendaError(
                [
                    Problem(
                        shown,
                        1,
                        Msg.of(
                            N_(
                                "the file is larger than {limit} KB ({size} bytes); "
                                "an agenda is a few KB"
                            ),
                            limit=MAX_AGENDA_KB,
                            size=f"{size:,}",
                        ),
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem(shown, 1, Msg.of(N_("cannot read the file: {reason}"), reason=reason))
        raise AgendaError([problem]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AgendaError(
            [Problem(shown, line, Msg.of(N_("the file is not UTF-8 text; save it as UTF-8")))]
        ) from exc
    return parse_agenda(text, shown)


def iter_agenda_files(folder: Path) -> Iterator[Path]:
    """The `.md` agenda files of a folder, in name order, skipping its README."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() != "readme.md":
            yield path
