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

_HEADING = re.compile(r"#{1,6}(?: |$)")
"""What would start a heading at the beginning of a line."""

_LINK_AHEAD = re.compile(r"\]\s*[(\[]")
"""A closing bracket that a link's destination or label follows."""

_MARKERS = {Style.STRONG: "**", Style.EMPHASIS: "_"}


def _is_word(char: str) -> bool:
    return char.isalnum()


def _escape(text: str, *, styled: bool, cell: bool) -> str:
    """Escape one line (or one cell's whole text, lines joined by `\\n`)."""
    if not any(c in text for c in "\\`*_<>&[]~|"):
        return text
    counts = {c: text.count(c) for c in "*`~"}
    loose = [
        i
        for i, c in enumerate(text)
        if c == "_"
        and not (0 < i < len(text) - 1 and _is_word(text[i - 1]) and _is_word(text[i + 1]))
    ]
    pairing_underscore = set(loose) if len(loose) >= 2 or styled else set()
    out: list[str] = []
    for i, char in enumerate(text):
        rest = text[i + 1 :]
        if char == "\\":
            escape = True
        elif char == "|":
            escape = cell
        elif char == "*":
            escape = counts["*"] >= 2 or styled
        elif char in "`~":
            escape = counts[char] >= 2
        elif char == "_":
            escape = i in pairing_underscore
        elif char == "<":
            # A tag or an autolink needs a character right after `<` and a `>` to close.
            escape = rest[:1].strip() != "" and (">" in rest or (cell and "\n" in rest))
        elif char == "&":
            escape = _REFERENCE.match(text, i) is not None
        elif char == "[":
            escape = rest.startswith("^") or _LINK_AHEAD.search(rest) is not None
        else:
            escape = False
        out.append("\\" + char if escape else char)
    return "".join(out)


def _block_start(piece: str) -> str:
    """`piece` (escaped), the first text of a line, with whatever would start a block at
    a line's start escaped: `- `, `+ `, `* `, `# `, `1. `, `>`, `<`, `[`, a fence, a
    thematic break (`---`). `-5 °C` or `1.5 h` stay as they are."""
    if not piece:
        return piece
    first, after = piece[0], piece[1:2]
    if (
        (first in "-+*" and after in ("", " "))
        or first in "><["
        or _THEMATIC.fullmatch(piece)
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
    escaped = _escape(whole, styled=styled, cell=cell)
    rendered: list[str] = []
    offset = 0
    for line in lines:
        parts: list[str] = []
        for n, span in enumerate(line):
            piece = _take(escaped, offset, span)
            offset += len(piece)
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


def _take(escaped: str, offset: int, span: Span) -> str:
    """The escaped form of `span`, read off `escaped` from `offset`: its characters, each
    with the backslash it may have gained."""
    out: list[str] = []
    position = offset
    for _char in span.text:
        if escaped[position] == "\\" and escaped[position + 1 : position + 2] == _char:
            out.append(escaped[position : position + 2])
            position += 2
        else:
            out.append(escaped[position])
            position += 1
    return "".join(out)


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
    raise TypeError(f"not a document block: {block!r}")


def write(document: Document) -> str:
    """The document as Markdown: its blocks in order, a blank line between them."""
    parts = [_heading(Heading(1, document.title))]
    parts += [text for block in document.blocks if (text := _block(block)) is not None]
    return "\n\n".join(parts) + "\n"
