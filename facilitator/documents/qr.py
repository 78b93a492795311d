"""The action items as QR codes that participants scan from the projected screen.

What a code holds is plain text: a header, then one line per action with who leads it and
its deadline (`?` where either is still to be agreed):

    Action items: First session
    1. Draft the talk (Ilmārs, 15 Jan 2027)
    2. Book a room (?, ?)

A code must stay readable from a few metres away on a projected terminal, so it never grows
past version `MAX_VERSION` (41x41 modules, plus the quiet zone: 49 columns and 25 rows of
half blocks, which fits a 100x30 terminal beside the preview), at error correction level L,
which holds `CODE_BYTES` bytes of UTF-8. Level L because a screen shows a clean code that
nothing can smudge: its 7 % of recovery is enough, and it holds a quarter more text than M
in modules of the same size. Text that does not fit is split, predictably:

1. each action line is first shortened, if it alone would not fit beside the header: the
   action's text is cut and ends in `…`, keeping its number, lead and deadline (unless
   those are so long that under `MIN_ACTION_BYTES` of the action would be left: then
   the line itself is cut);
2. the lines are then packed in order into as few codes as needed, whole lines only, and
   each code's header says which it is (`Action items 1/3: ...`);
3. the header's title is cut to fit `HEADER_BYTES`.

Dropped actions are left out; so are confidential ones, always: the code is projected and
leaves the room on every phone that scans it.

Nothing here imports Textual: the screen draws the lines `half_blocks` returns; the printed
documents draw the same modules as an SVG (`svg_of`, HTML) or a PNG (`png_of`, DOCX).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_L

from facilitator.documents.session import SessionDocument
from facilitator.documents.text import clean_text
from facilitator.i18n import N_, translations
from facilitator.meeting.session import ActionStatus

MAX_VERSION = 6
"""The largest code drawn: 41x41 modules."""
CODE_BYTES = 134
"""What a version-6 code holds at error correction level L, in bytes (byte mode)."""
HEADER_BYTES = 40
"""The most a code's header line may take, its part number included."""
QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks."""
ELLIPSIS = "…"
MIN_ACTION_BYTES = 24
"""When shortening a line, the least of the action's own text kept before its lead and
deadline; a longer lead or deadline is cut with the rest of the line instead."""

HEADER = N_("Action items")
"""What a code's header calls its lines, in the session's language (as its documents)."""
NO_ACTIONS = N_("No action items to take away.")


@dataclass(frozen=True)
class TakeAway:
    """The action items as the texts of one or more codes."""

    texts: list[str]
    """One text per code, in order; empty when there are no action items."""
    shortened: int
    """How many action lines had to be cut to fit a code."""
    actions: int
    """How many actions the codes hold."""


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, ending in `…` when anything was cut."""
    if _bytes(text) <= limit:
        return text
    room = limit - _bytes(ELLIPSIS)
    out = text
    while out and _bytes(out) > room:
        out = out[:-1]
    return out.rstrip() + ELLIPSIS if room > 0 else ""


def _flat(text: str) -> str:
    return " ".join(clean_text(text).split())


def action_lines(writer: SessionDocument) -> list[tuple[str, str]]:
    """Each shared, not dropped action as (its text, ` (lead, deadline)`), numbered as in
    the documents (dropped ones keep their number there, so they leave a gap here)."""
    lines = []
    for n, entry in enumerate(writer.actions(), 1):
        fields = entry.action
        if fields is not None and fields.status is ActionStatus.DROPPED:
            continue
        lead = _flat(fields.lead) if fields else ""
        deadline = _flat(writer.format_deadline(fields.deadline)) if fields else ""
        lines.append((f"{n}. {_flat(entry.text)}", f" ({lead or '?'}, {deadline or '?'})"))
    return lines


def take_away(writer: SessionDocument) -> TakeAway:
    """The texts of the codes for `writer`'s action items, split and shortened by the rules
    of this module; confidential action items are always left out."""
    shared = SessionDocument(writer.info, writer.entries, writer.clock, include_confidential=False)
    label = shared.catalogue.gettext(HEADER)
    title = _flat(writer.info.title)
    room = CODE_BYTES - HEADER_BYTES - 1  # a line shares its code with a header and a newline
    lines, shortened = [], 0
    for text, tail in action_lines(shared):
        line = text + tail
        if _bytes(line) > room:
            shortened += 1
            keep = room - _bytes(tail)
            # Cut the action's text and keep lead and deadline whole, unless they are
            # so long that too little of the action would be left: then cut the line.
            line = cut(text, keep) + tail if keep >= MIN_ACTION_BYTES else cut(line, room)
        lines.append(line)
    if not lines:
        return TakeAway([], 0, 0)
    # Pack with the headers the codes will really have: their length depends on how many
    # codes there are, so pack again until that number stays the same (twice at most).
    count = 1
    while True:
        headers = [_header(label, title, i, count) for i in range(1, count + 1)]
        parts = _pack(lines, CODE_BYTES - max(_bytes(h) for h in headers))
        if len(parts) <= count:
            break
        count = len(parts)
    texts = [
        "\n".join([_header(label, title, index, len(parts)), *part])
        for index, part in enumerate(parts, 1)
    ]
    return TakeAway(texts, shortened, len(lines))


def _header(label: str, title: str, index: int, count: int) -> str:
    """`Action items 2/3: title`, at most `HEADER_BYTES` long (`Action items: title` alone)."""
    head = f"{label} {index}/{count}: " if count > 1 else f"{label}: "
    return head + cut(title, HEADER_BYTES - _bytes(head)) if title else head.rstrip(": ")


def _pack(lines: list[str], room: int) -> list[list[str]]:
    """Whole lines, in order, into as few groups as fit in `room` bytes each (with the
    newline before each line)."""
    parts: list[list[str]] = [[]]
    used = 0
    for line in lines:
        size = _bytes(line) + 1
        if parts[-1] and used + size > room:
            parts.append([])
            used = 0
        parts[-1].append(line)
        used += size
    return parts


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of `text`'s code, quiet zone included (True is dark).

    Raises:
        ValueError: `text` needs a code larger than `MAX_VERSION`.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=QUIET_ZONE)
    # Byte mode throughout (no mode switching), so `CODE_BYTES` is exactly what fits.
    code.add_data(text.encode("utf-8"), optimize=0)
    code.make(fit=True)
    if code.version > MAX_VERSION:
        raise ValueError(f"{_bytes(text)} bytes need a version-{code.version} code")
    return [[bool(module) for module in row] for row in code.get_matrix()]


def half_blocks(matrix: list[list[bool]]) -> list[str]:
    """The code as terminal lines, two module rows per line (`▀`, `▄`, `█`, space).

    Drawn in a dark colour on a light background, a module is about as wide as it is tall
    in a terminal cell. A last odd row is paired with a light one.
    """
    light = [False] * (len(matrix[0]) if matrix else 0)
    glyphs = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    lines = []
    for top in range(0, len(matrix), 2):
        upper = matrix[top]
        lower = matrix[top + 1] if top + 1 < len(matrix) else light
        lines.append("".join(glyphs[pair] for pair in zip(upper, lower, strict=True)))
    return lines


def svg_of(matrix: list[list[bool]]) -> str:
    """The code as an SVG image, one unit per module, dark on white (a print needs no
    more: the image scales to the size the page gives it)."""
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></svg>'
    )


def png_of(matrix: list[list[bool]], scale: int = 8) -> bytes:
    """The code as a black-and-white PNG, `scale` pixels per module (no imaging library:
    a PNG of one bit per pixel is a few lines of zlib)."""
    size = len(matrix) * scale
    rows = []
    for row in matrix:
        bits = "".join(("0" if dark else "1") * scale for dark in row)
        bits += "0" * (-len(bits) % 8)
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")
        rows += [line] * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)  # 1 bit, grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def no_actions_text(language: str) -> str:
    """What the screen says instead of a code when there is nothing to take away."""
    return translations(language).gettext(NO_ACTIONS)
