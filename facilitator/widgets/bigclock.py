"""A clock face as big as its widget: block glyphs scaled to fill the space, for a projector.

Textual's `Digits` is always three rows tall. `BigClock` draws the time from a 5x7 pixel font
instead, at the largest whole scale that fits, with half-block characters so that one font
pixel is square on screen: at scale `s` a pixel is `s` columns wide and `s` half-rows
(`s / 2` rows) tall, as a terminal cell is about twice as tall as it is wide.

The helpers (`bitmap`, `glyph_lines`, `best_scale`, `clock_rows`) are pure and cached, so the
widget's redraws cost a dictionary look-up and a few strips.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

GLYPH_HEIGHT = 7
"""Rows of pixels in every glyph."""

FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    # A flag and a foot: a 1 never reads as a 7 from the back of the room.
    "1": ("..#..", ".##..", "#.#..", "..#..", "..#..", "..#..", "#####"),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    # A flat top on 5, a curl and a closed bowl on 6: they differ in the top half too.
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", "..#..", "..#..", "..#.."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    # Signs three pixels wide: overtime's `+00:00` then fits twice as big in 60 columns.
    "+": ("...", "...", ".#.", "###", ".#.", "...", "..."),
    "-": ("...", "...", "...", "###", "...", "...", "..."),
    " ": ("...", "...", "...", "...", "...", "...", "..."),
}
"""The font: `#` is a lit pixel. Every glyph is `GLYPH_HEIGHT` rows of equal width."""

GAP = 1
"""Blank pixel columns between two glyphs."""

# Half-block characters by (top half lit, bottom half lit).
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    """Whether the font has a glyph for every character of `text` (and `text` is not empty).

    Args:
        text: The time text, such as `05:42`.

    Returns:
        True if `text` can be drawn in block glyphs.
    """
    return bool(text) and all(char in FONT for char in text)


def text_width(text: str) -> int:
    """The width of `text` in font pixels, gaps included.

    Args:
        text: The time text; every character must be in `FONT`.

    Returns:
        The number of pixel columns `text` takes at scale 1.
    """
    if not text:
        return 0
    return sum(len(FONT[char][0]) for char in text) + GAP * (len(text) - 1)


@lru_cache(maxsize=64)
def bitmap(text: str) -> tuple[str, ...]:
    """The pixels of `text` at scale 1: `GLYPH_HEIGHT` rows of `#` (lit) and `.` (dark).

    Args:
        text: The time text; every character must be in `FONT`.

    Returns:
        One string per pixel row, each `text_width(text)` long.

    Raises:
        ValueError: If the font has no glyph for a character of `text`.
    """
    missing = sorted({char for char in text if char not in FONT})
    if missing:
        raise ValueError(f"no glyph for {', '.join(map(repr, missing))}")
    gap = "." * GAP
    return tuple(gap.join(FONT[char][row] for char in text) for row in range(GLYPH_HEIGHT))


def block_height(scale: int) -> int:
    """Rows of terminal cells that glyphs take at `scale` (two pixel rows per cell at scale 1).

    Args:
        scale: Cells per font pixel across; half-rows per font pixel down.

    Returns:
        The height of the glyph block in rows.
    """
    return -(-GLYPH_HEIGHT * scale // 2)


@lru_cache(maxsize=256)
def glyph_lines(text: str, scale: int) -> tuple[str, ...]:
    """`text` in block glyphs at `scale`, as rows of `█`, `▀`, `▄` and spaces.

    Each font pixel becomes `scale` columns by `scale` half-rows; two half-rows share a cell.

    Args:
        text: The time text; every character must be in `FONT`.
        scale: A whole scale of 1 or more.

    Returns:
        `block_height(scale)` rows, each `text_width(text) * scale` columns wide.

    Raises:
        ValueError: If `scale` is below 1 or a character has no glyph.
    """
    if scale < 1:
        raise ValueError(f"scale must be 1 or more, not {scale}")
    wide = ["".join(pixel * scale for pixel in row) for row in bitmap(text) for _ in range(scale)]
    if len(wide) % 2:
        wide.append("." * len(wide[0]))
    return tuple(
        "".join(
            _HALVES[top == "#", bottom == "#"] for top, bottom in zip(upper, lower, strict=True)
        )
        for upper, lower in zip(wide[::2], wide[1::2], strict=True)
    )


def best_scale(text: str, width: int, height: int) -> int:
    """The largest scale at which `text` in block glyphs fits `width` x `height` cells.

    Args:
        text: The time text.
        width: Columns available.
        height: Rows available.

    Returns:
        The scale, or 0 if even scale 1 does not fit or the font cannot draw `text`.
    """
    if not can_draw(text):
        return 0
    return max(0, min(width // text_width(text), 2 * height // GLYPH_HEIGHT))


def fitted_scale(text: str, width: int, height: int, fit: str = "") -> int:
    """`best_scale` of `text`, but never larger than that of `fit` (when it can be drawn),
    so a clock keeps one size while its text changes between `05:42` and `+00:42`."""
    scale = best_scale(text, width, height)
    if fit and can_draw(fit):
        scale = min(scale, best_scale(fit, width, height))
    return scale


@lru_cache(maxsize=64)
def clock_rows(text: str, width: int, height: int, fit: str = "") -> tuple[str, ...]:
    """The whole face: `text` as big as fits, centred in `width` x `height` cells.

    Below scale 1 the plain text is centred instead (cut at the right if even that is too
    wide), so the time always shows.

    Args:
        text: The time text.
        width: Columns available.
        height: Rows available.
        fit: A wider text to size the glyphs by, so the size stays put.

    Returns:
        `height` rows, each `width` columns wide.
    """
    if width <= 0 or height <= 0:
        return ("",) * max(height, 0)
    scale = fitted_scale(text, width, height, fit)
    block = glyph_lines(text, scale) if scale else (text[:width],)
    top = (height - len(block)) // 2
    blank = " " * width
    rows = [blank] * height
    for offset, line in enumerate(block):
        rows[top + offset] = line.center(width)
    return tuple(rows)


class BigClock(Widget):
    """A time such as `05:42` or `+00:42` in block glyphs as large as the widget allows.

    The glyphs take the widget's `color`, so screens colour states with classes in CSS.
    """

    DEFAULT_CSS = """
    BigClock {
        width: 1fr;
        height: 1fr;
    }
    """

    text: reactive[str] = reactive("00:00")
    """The time to show, such as `05:42`, `+00:42` or `1:05:00`; digits, `:`, `+`, `-`, space.

    Any other character shows the text as plain bold text instead of glyphs.
    """

    fit: reactive[str] = reactive("")
    """A text at least as wide as any `text` to come (`+00:00`): the glyphs are sized by it,
    so they do not jump when the time turns into overtime. Empty: size by `text` alone."""

    def __init__(
        self,
        text: str = "00:00",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """Make a clock face.

        Args:
            text: The time to show first.
            name: The widget's name.
            id: The widget's id in the DOM.
            classes: Space-separated CSS classes.
            disabled: Whether the widget starts disabled.
        """
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(BigClock.text, text)

    @property
    def scale(self) -> int:
        """The scale the glyphs are drawn at now; 0 when the plain text shows instead."""
        width, height = self.content_size
        return fitted_scale(self.text, width, height, self.fit)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Enough for the plain text, when the widget's width is `auto`."""
        return len(self.text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One row, for the plain text, when the widget's height is `auto`."""
        return 1

    def render_line(self, y: int) -> Strip:
        """Row `y` of the face, in the widget's style; bold when it is plain text."""
        width, height = self.content_size
        rows = clock_rows(self.text, width, height, self.fit)
        style = self.rich_style
        if not 0 <= y < len(rows):
            return Strip.blank(width, style)
        if fitted_scale(self.text, width, height, self.fit) == 0:
            # Plain text is thin next to glyphs: bold keeps it readable at the back.
            style += Style(bold=True)
        return Strip([Segment(rows[y], style)], width)
