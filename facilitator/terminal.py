"""Text on its way to a terminal, and text that came from one.

A terminal obeys the control characters in what it is sent: a session title or an agenda
holding ESC, an OSC sequence or BEL could set the window's title, clear the screen or
write the clipboard (OSC 52) of whoever lists them. `terminal_text` makes every control
character but the line break and the tab a visible U+FFFD before anything is printed (the
command line's one printer, `CliContext.say`, and its argument parser use it).

From the other side, Python hands over the bytes of a command-line argument that are not
text in the terminal's encoding as lone surrogates (`surrogateescape`), which no file can
store and no terminal can show: `typed_text` keeps the text with each such byte a U+FFFD.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

REPLACEMENT = "\ufffd"
"""What stands for a character that must not reach the terminal or a file."""

_KEPT = "\n\t"


def _unsafe(char: str) -> bool:
    """A control character (C0, DEL, C1: NUL, ESC, BEL, CSI...) or a lone surrogate."""
    return char not in _KEPT and unicodedata.category(char) in ("Cc", "Cs")


def terminal_text(text: str) -> str:
    """`text` safe to print: each control character (but line breaks and tabs) and each
    lone surrogate a U+FFFD; a Windows line ending a line break."""
    if text.isprintable():  # the common case, at once
        return text
    text = text.replace("\r\n", "\n")
    return "".join(REPLACEMENT if _unsafe(char) else char for char in text)


def typed_text(text: str) -> tuple[str, bool]:
    """Text typed on the command line, with each byte that was not text (a lone
    surrogate) a U+FFFD; and whether there was any."""
    if not any(unicodedata.category(char) == "Cs" for char in text):
        return text, False
    cleaned = "".join(REPLACEMENT if unicodedata.category(c) == "Cs" else c for c in text)
    return cleaned, True


def control_characters(text: str) -> Iterator[tuple[int, str]]:
    """Each control character in `text` that a terminal would obey, with its line (from
    1): everything `terminal_text` replaces but a carriage return (a Windows line end)."""
    if text.isprintable():
        return
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        elif char != "\r" and _unsafe(char):
            yield line, char


def describe_character(char: str) -> str:
    """`U+001B (ESCAPE)`: a character named as the Unicode standard names it."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "")
    code = f"U+{ord(char):04X}"
    return f"{code} ({name})" if name else code


_C0_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}
"""unicodedata has no names for the control characters; the ones an attack uses."""
