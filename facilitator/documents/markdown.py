"""Markdown that any viewer reads as meant: the escaping every Markdown document uses.

Every piece of user text passes through `escape_inline` or `escape_cell`, so nothing typed
during a meeting can start a heading, open a list, inject HTML or break a table row.
"""

from __future__ import annotations

import re

from facilitator.documents.text import clean_text

__all__ = ["escape_cell", "escape_inline", "field"]

_INLINE_SPECIAL = "\\`*_[]<>#|~!&"
"""The characters with inline meaning, each escaped with a backslash (the backslash first)."""


def _escape(text: str) -> str:
    # A `str.replace` per character is several times faster than a loop over the text, a
    # regular expression, or `str.translate` on non-ASCII text.
    for char in _INLINE_SPECIAL:
        if char in text:
            text = text.replace(char, "\\" + char)
    return text


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


def field(label: str, value: str) -> str:
    """A labelled line of a document's details: `- **Date:** 23 Nov 2026` (`value` is
    Markdown already, escaped by the caller)."""
    return f"- **{label}:** {value}"
