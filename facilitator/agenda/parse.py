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

This module walks the tokens and builds the agenda; the format's parts live beside it:
`front_matter` (the header), `blocks` (a block's field lines and kinds), `duration`
(`6 min`, `10-15 min`), `problems` (what is wrong, at `path:line`) and `markdown` (the
markdown-it-py set-up).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.agenda.blocks import (
    BlockDraft,
    check_focus,
    check_forms,
    duration_lines,
    number_days,
    read_fields,
    second_duration,
    time_in_heading,
)
from facilitator.agenda.front_matter import (
    check_header_closed,
    language_from_name,
    read_front_matter,
)
from facilitator.agenda.markdown import inline_text, line_of, markdown
from facilitator.agenda.model import Agenda, Block, PromptGroup
from facilitator.agenda.problems import AgendaError, FileProblems, Msg, Problem
from facilitator.errors import os_reason
from facilitator.i18n import N_
from facilitator.terminal import control_characters, describe_character

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = [
    "MAX_AGENDA_BYTES",
    "MAX_AGENDA_KB",
    "iter_agenda_files",
    "parse_agenda",
    "read_agenda_file",
]

MAX_AGENDA_KB = 512
MAX_AGENDA_BYTES = MAX_AGENDA_KB * 1024
"""The largest agenda file read: a long agenda is a few KB (the largest shipped one, 6 KB),
and a file at the limit still parses in well under a second."""
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class _Parser:
    """Walks one file's tokens, filling in block drafts, then checks and builds the agenda."""

    def __init__(self, text: str, path: str, fallback_id: str) -> None:
        self.text = text
        self.path = path
        self.fallback_id = fallback_id
        self.report = FileProblems(path)
        self.meta: dict[str, str] = {}
        self.extra: dict[str, str] = {}
        self.h1_title = ""
        self.blocks: list[BlockDraft] = []

    def run(self) -> Agenda:
        # The token list of a big file is a large graph without cycles: pausing the cycle
        # collector while it lives saves a third of the time and frees nothing less.
        collecting = gc.isenabled()
        gc.disable()
        try:
            check_control_characters(self.text, self.report)
            tokens = markdown().parse(self.text)
            check_header_closed(self.text, tokens, self.report)
            self.walk(tokens)
            return self.build()
        finally:
            if collecting:
                gc.enable()

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        quote_depth = 0
        list_depth = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "front_matter":
                read_front_matter(tok, self.meta, self.extra, self.report)
            elif tok.type == "heading_open":
                inline = tokens[i + 1]
                self.heading(tok.tag, inline_text(inline.content), line_of(tok))
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
                text = inline_text(tok.content)
                if quote_depth:
                    self.note(text, line_of(tok))
                elif list_depth:
                    self.prompt(text, line_of(tok))
                else:
                    self.paragraph(text, line_of(tok))
            elif tok.type == "fence":
                self.report.warn(line_of(tok), N_("code blocks (```) are ignored in agendas"))
            i += 1

    def heading(self, tag: str, text: str, line: int) -> None:
        if tag == "h1":
            if not self.h1_title:
                self.h1_title = text
        elif tag == "h2":
            if not text:
                self.report.error(line, N_("a block heading has no title"))
            self.blocks.append(BlockDraft(title=text or "?", line=line))
        elif self.blocks:
            current = self.blocks[-1]
            current.fields_done = True
            if current.groups is None:
                current.groups = []
            current.groups.append((text, []))
        else:
            self.report.warn(line, N_("a sub-heading before the first block (`## ...`) is ignored"))

    def paragraph(self, text: str, line: int) -> None:
        if not self.blocks:
            # Text before the first block describes the agenda when no header does.
            self.meta.setdefault("description", text)
            return
        block = self.blocks[-1]
        if not block.fields_done and read_fields(block, text, line, self.report):
            block.fields_done = True
            return
        if block.fields_done:
            self.late_duration(block, text, line)
        block.fields_done = True
        if block.description is None:
            block.description = []
        block.description.append(text)

    def late_duration(self, block: BlockDraft, text: str, line: int) -> None:
        """A `Duration:` line further down the block than its field lines is not read."""
        for offset in duration_lines(text):
            if block.duration_seen:
                second_duration(block, line + offset, self.report)
            else:
                self.report.warn(
                    line + offset,
                    N_(
                        "block `{block}`: a duration line is read only right under the "
                        "block's heading, with no empty line between"
                    ),
                    block=block.title,
                )

    def prompt(self, text: str, line: int) -> None:
        if not self.blocks:
            self.report.warn(line, N_("a list before the first block (`## ...`) is ignored"))
            return
        block = self.blocks[-1]
        block.fields_done = True
        if block.groups is None:
            block.groups = [("", [])]
        block.groups[-1][1].append(text)

    def note(self, text: str, line: int) -> None:
        if not self.blocks:
            self.report.warn(
                line,
                N_(
                    "a note (`> ...`) before the first block (`## ...`) is never shown; "
                    "move it into a block"
                ),
            )
            return
        block = self.blocks[-1]
        block.fields_done = True
        if block.notes is None:
            block.notes = []
        block.notes.append(text)

    def build(self) -> Agenda:
        agenda_id = self.meta.get("id") or self.fallback_id
        if not re.fullmatch(r"[\w.\-]{1,80}", agenda_id):
            self.report.error(
                1,
                N_("the id `{id}` may hold only letters, digits, `-`, `_` and `.`"),
                id=agenda_id,
            )
        title = self.meta.get("title") or self.h1_title
        if not title:
            self.report.error(
                1, N_("the agenda has no title: add `title:` to the header or a `# Title`")
            )
        language = self.meta.get("language", "").lower() or language_from_name(self.path)
        start = self.meta.get("start", "")
        if start and not _CLOCK.match(start):
            self.report.error(
                1, N_("the start time `{start}` is not a clock time like `09:30`"), start=start
            )
        if not self.blocks:
            self.report.error(
                1, N_("the agenda has no blocks: start each block with a `## Title` line")
            )
        blocks: list[Block] = []
        days = number_days(self.blocks, self.report)
        for draft, day in zip(self.blocks, days, strict=True):
            if draft.duration is None and not draft.duration_seen:
                time = time_in_heading(draft.title)
                if time is not None:
                    self.report.error(
                        draft.line,
                        N_(
                            "block `{block}` has no duration: the time in the heading is not "
                            "read; add a line `Duration: {time}` under it"
                        ),
                        block=draft.title,
                        time=time,
                    )
                else:
                    self.report.error(
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
                    record=draft.record,
                    line=draft.line,
                    day=day,
                )
            )
        check_focus(blocks, self.report)
        check_forms(blocks, self.report)
        self.report.collapse_repeats()
        if self.report.any_error:
            raise AgendaError(self.report.found)
        return Agenda(
            id=agenda_id,
            title=title,
            language=language,
            blocks=tuple(blocks),
            meeting_kind=self.meta.get("meeting_kind", ""),
            description=self.meta.get("description", ""),
            start=start,
            academic_hours=self.meta.get("hours") == "academic",
            source=self.path,
            extra=self.extra,
            programme=self.meta.get("programme", ""),
            max_participants=int(self.meta.get("max_participants", "0")),
            signed_by=tuple(
                party.strip()
                for party in self.meta.get("signed_by", "").split(",")
                if party.strip()
            ),
        )


def check_control_characters(text: str, report: FileProblems) -> None:
    """Warn of each control character in the file (ESC, BEL, NUL...), at its line: one a
    line, as a terminal would obey it (`facilitator agendas show` prints it as �)."""
    seen: set[int] = set()
    for line, char in control_characters(text):
        if line not in seen:
            seen.add(line)
            report.warn(
                line,
                N_("a control character, {char}: it is shown as � (delete it)"),
                char=describe_character(char),
            )


def parse_agenda(text: str, path: str = "<agenda>") -> tuple[Agenda, list[Problem]]:
    """Parse one agenda; return it with its warnings.

    Raises:
        AgendaError: listing every error (and warning) found in the text.
    """
    stem = Path(path).name.split(".")[0] or "agenda"
    parser = _Parser(text, path, stem)
    agenda = parser.run()
    return agenda, parser.report.found


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
        reason = os_reason(exc)
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
