"""Text as every document kind keeps it, whatever its format: typed text cleaned of control
characters, and running time as `m:ss`.

Nothing here knows Markdown: an HTML or DOCX writer uses these as the Markdown ones do, and
escapes with its own format's rules (the Markdown ones are in `documents.markdown`).
"""

from __future__ import annotations

import unicodedata

__all__ = ["clean_text", "format_clock", "format_difference", "is_blank"]


def clean_text(text: str) -> str:
    """Typed text as the documents keep it: line endings made `\\n` (`\\r\\n` and a lone
    `\\r` alike), tabs made spaces, and every other control character dropped."""
    if text.isprintable():  # the common case: no control character at all
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


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
