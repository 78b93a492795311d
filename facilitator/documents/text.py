"""Text as every document kind keeps it, whatever its format: typed text cleaned of control
characters, and running time as `m:ss`.

Nothing here knows Markdown: an HTML or DOCX writer uses these as the Markdown ones do, and
escapes with its own format's rules (the Markdown ones are in `documents.markdown`).
"""

from __future__ import annotations

import re
import unicodedata

from facilitator.documents.model import Span, Text

__all__ = ["clean_text", "format_clock", "format_difference", "is_blank", "text_lines"]

_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Typed text as the documents keep it: line endings made `\\n` (`\\r\\n` and a lone
    `\\r` alike), tabs made spaces, and every other control character dropped (with what
    no document format can hold, `_kept`)."""
    if text.isprintable():  # the common case: no control character at all
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(c for c in text if c == "\n" or _kept(c))


def _kept(char: str) -> bool:
    """Whether a character other than a line break stays: not a control character, and
    nothing an XML document (DOCX) cannot hold or UTF-8 cannot encode (a lone surrogate,
    U+FFFE, U+FFFF)."""
    return unicodedata.category(char) not in ("Cc", "Cs") and char not in "\ufffe\uffff"


def text_lines(text: Text, keep_breaks: bool) -> list[list[Span]]:
    """The lines of `text` as every format writes it: each span cleaned (`clean_text`),
    the ends of each line stripped and empty spans gone.

    With `keep_breaks` (a table cell) each line break starts a line, empty lines are
    dropped and white space inside a line is kept; otherwise the text is one line, every
    run of white space (line breaks too) one space.
    """
    if not keep_breaks:
        spans: list[Span] = []
        for span in text:
            piece = _SPACE.sub(" ", clean_text(span.text))
            if piece.startswith(" ") and (not spans or spans[-1].text.endswith(" ")):
                piece = piece[1:]
            if piece:
                spans.append(Span(piece, span.style))
        return [_stripped(spans)] if spans else []
    lines: list[list[Span]] = [[]]
    for span in text:
        for n, piece in enumerate(clean_text(span.text).split("\n")):
            if n:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, span.style))
    return [line for line in map(_stripped, lines) if line]


def _stripped(line: list[Span]) -> list[Span]:
    """`line` without white space at its two ends."""
    spans = list(line)
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        spans[0] = Span(spans[0].text.lstrip(), spans[0].style)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].style)
    return spans


def is_blank(value: str) -> bool:
    """True when typed text keeps nothing a reader would see."""
    return not clean_text(value).strip()


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
