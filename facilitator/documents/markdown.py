"""Markdown that any viewer reads as meant, and that people read as plain text too.

`write` writes any `Document` as CommonMark with GFM tables. Every piece of text passes
through the same escaping, so nothing typed during a meeting can start a heading, open a
list, inject HTML or break a table row; and a character is escaped only where it would
change the meaning, because people paste these files into mail and read them as they
are (`Anna & Jānis`, not `Anna \\& Jānis`):

* `\\` always; `|` in a table cell;
* `*`, `_`, `` ` ``, `~` when another one on the line could pair with it (an `_` inside a
  word never does), or when our own bold or italics share the line;
* `<` before a character that is not a space, when a `>` follows on the line (nothing
  is a tag or an autolink without both), `&`
  when it would start a character reference (`&amp;`), `[` when a `](` or `][` follows,
  or a `^` (a footnote) does;
* at the start of a list item or paragraph, whatever would start a block there (`- `,
  `+ `, `# `, `>`, `<`, `[`, `1. `, `1) `, a fence, a thematic break).

Two parsers read the output in the tests (markdown-it-py and cmark-gfm, GitHub's).
"""

from __future__ import annotations

import re

from facilitator.documents.model import (
    Bars,
    Block,
    Checklist,
    Document,
    Fields,
    Heading,
    ItemList,
    Paragraph,
    QRCodes,
    Signatures,
    Span,
    Style,
    Table,
    Text,
)
from facilitator.documents.text import text_lines

__all__ = ["escape_cell", "escape_inline", "write"]

_REFERENCE = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]*;)")
"""What makes `&` start a character reference."""

_ORDERED = re.compile(r"(\d{1,9})([.)])(?= |$)")
"""What would start an ordered list at the beginning of a line."""

_THEMATIC = re.compile(r"([-*_])(?: *\1){2,} *")
"""A line that is a thematic break (`---`, `* * *`)."""

_DASHES = re.compile(r"-(?: *-)+ *")
"""Two dashes or more alone: after a list's `- ` they make the line a thematic break."""

_HEADING = re.compile(r"#{1,6}(?: |$)")
"""What would start a heading at the beginning of a line."""

_LINK_AHEAD = re.compile(r"\]\s*[(\[]")
"""A closing bracket that a link's destination or label follows."""

_MARKERS = {Style.STRONG: "**", Style.EMPHASIS: "_"}


_SPECIAL = re.compile(r"[\\`*_<&\[~|]")
"""The characters that may need a backslash (each decided by `_Escaper`)."""


class _Escaper:
    """Escapes the pieces of one line (or of one cell, its lines joined by `\\n`): what
    each character means depends on the whole of it (a second `*` anywhere, a `>` later),
    so that is read once, and each piece is escaped by its position in the whole."""

    def __init__(self, whole: str, *, styled: bool, cell: bool) -> None:
        self.whole = whole
        self.cell = cell
        self.active = _SPECIAL.search(whole) is not None
        if not self.active:
            return
        self.pairs = {c: whole.count(c) >= 2 or (styled and c == "*") for c in "*`~"}
        self.loose: set[int] = set()
        if "_" in whole:
            loose = [
                i
                for i, c in enumerate(whole)
                if c == "_"
                and not (
                    0 < i < len(whole) - 1 and whole[i - 1].isalnum() and whole[i + 1].isalnum()
                )
            ]
            if len(loose) >= 2 or styled:
                self.loose = set(loose)
        closing = whole.rfind(">")
        # In a cell a `<br>` follows every line but the last.
        self.last_close = max(closing, whole.rfind("\n") if cell else -1)
        links = [m.start() for m in _LINK_AHEAD.finditer(whole)]
        self.last_link = links[-1] if links else -1

    def _decide(self, char: str, i: int) -> str:
        """`char`, at `i` in the whole, with the backslash it needs there (if any)."""
        whole = self.whole
        if char == "\\":
            escape = True
        elif char == "|":
            escape = self.cell
        elif char in "*`~":
            escape = self.pairs[char]
        elif char == "_":
            escape = i in self.loose
        elif char == "<":
            # A tag or an autolink needs a character right after `<` and a `>` to close.
            escape = whole[i + 1 : i + 2].strip() != "" and i < self.last_close
        elif char == "&":
            escape = _REFERENCE.match(whole, i) is not None
        else:  # "["
            escape = whole[i + 1 : i + 2] == "^" or i < self.last_link
        return "\\" + char if escape else char

    def piece(self, start: int, end: int) -> str:
        """`whole[start:end]`, escaped."""
        text = self.whole[start:end]
        if not self.active or _SPECIAL.search(text) is None:
            return text
        return _SPECIAL.sub(lambda m: self._decide(m.group(), start + m.start()), text)


def _block_start(piece: str) -> str:
    """`piece` (escaped), the first text of a line, with whatever would start a block at
    a line's start escaped: `- `, `+ `, `* `, `# `, `1. `, `>`, `<`, `[`, a fence, a
    thematic break (`---`, or `--` that a list item's `- ` would make one). `-5 °C` or
    `1.5 h` stay as they are."""
    if not piece:
        return piece
    first, after = piece[0], piece[1:2]
    if (
        (first in "-+*" and after in ("", " "))
        or first in "><["
        or _THEMATIC.fullmatch(piece)
        or _DASHES.fullmatch(piece)
        or _HEADING.match(piece)
        or piece.startswith(("```", "~~~"))
    ):
        return "\\" + piece
    match = _ORDERED.match(piece) if first.isdigit() else None
    if match:
        return f"{match.group(1)}\\{match.group(2)}{piece[match.end() :]}"
    return piece


def _spans(text: Text, *, cell: bool, at_start: bool) -> str:
    """Text as Markdown: escaped spans with their markers; a cell's lines joined with
    `<br>`, other text on one line."""
    lines = text_lines(text, keep_breaks=cell)
    styled = any(span.style is not Style.PLAIN for line in lines for span in line)
    # Pairs can form across a cell's `<br>`, so a cell is escaped as one text.
    whole = "\n".join("".join(span.text for span in line) for line in lines)
    escaper = _Escaper(whole, styled=styled, cell=cell)
    rendered: list[str] = []
    offset = 0
    for line in lines:
        parts: list[str] = []
        for n, span in enumerate(line):
            piece = escaper.piece(offset, offset + len(span.text))
            offset += len(span.text)
            if span.style is Style.PLAIN:
                parts.append(_block_start(piece) if at_start and n == 0 and not rendered else piece)
                continue
            # A marker beside white space would not open or close: keep the space outside.
            core = piece.strip()
            if core:
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()) :]
                marker = _MARKERS[span.style]
                parts.append(f"{lead}{marker}{core}{marker}{trail}")
            else:
                parts.append(piece)
        offset += 1  # the "\n" between lines
        rendered.append("".join(parts))
    return "<br>".join(rendered)


def escape_inline(text: str) -> str:
    """Escape user text for a paragraph or list item, on one line."""
    return _spans((Span(text),), cell=False, at_start=True)


def escape_cell(text: str) -> str:
    """Escape user text for a GFM table cell: it can never add a row or a column; its
    line breaks become `<br>`."""
    return _spans((Span(text),), cell=True, at_start=False)


def _heading(block: Heading) -> str:
    # A heading's text is never a block's start, but a closing `#` would be dropped.
    line = _spans(block.text, cell=False, at_start=False).replace("#", "\\#")
    return f"{'#' * block.level} {line}"


def _table(block: Table) -> str:
    headings = [_spans((Span(c.heading),), cell=True, at_start=False) for c in block.columns]
    lines = [
        "| " + " | ".join(headings) + " |",
        "|" + "".join("---:|" if c.numeric else "---|" for c in block.columns),
    ]
    rows = [*block.rows, *([block.total] if block.total is not None else [])]
    for row in rows:
        cells = [_spans(cell, cell=True, at_start=False) for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _block(block: Block) -> str | None:
    match block:
        case Heading():
            return _heading(block)
        case Paragraph():
            return _spans(block.text, cell=False, at_start=True)
        case Fields():
            return "\n".join(
                f"- **{_spans((Span(label),), cell=False, at_start=False)}:** "
                + _spans(value, cell=False, at_start=False)
                for label, value in block.items
            )
        case ItemList():
            return "\n".join(
                (f"{n}. " if block.numbered else "- ") + _spans(item, cell=False, at_start=True)
                for n, item in enumerate(block.items, 1)
            )
        case Checklist():
            return "\n".join(
                # After its box an item's text cannot start a block.
                ("- [x] " if done else "- [ ] ") + _spans(item, cell=False, at_start=False)
                for done, item in block.items
            )
        case Table():
            return _table(block)
        case Signatures():
            return "\n".join(
                f"- {_spans((Span(party),), cell=False, at_start=True)}: ____________________"
                for party in block.parties
            )
        case QRCodes():
            return None  # the codes' text is in the document already
        case Bars():
            return None  # a picture: its figures are in the table beside it
    raise TypeError(f"not a document block: {block!r}")


def write(document: Document) -> str:
    """The document as Markdown: its blocks in order, a blank line between them."""
    parts = [_heading(Heading(1, document.title))]
    parts += [text for block in document.blocks if (text := _block(block)) is not None]
    return "\n\n".join(parts) + "\n"
