"""The big clock face: its font and scaling as pure functions, then on screen at several sizes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.color import Color
from textual.app import App, ComposeResult

from facilitator.widgets.bigclock import (
    FONT,
    GLYPH_HEIGHT,
    BigClock,
    best_scale,
    bitmap,
    block_height,
    clock_rows,
    glyph_lines,
    text_width,
)
from tests.helpers import screen_text

DIGITS = "0123456789"
TIMES = st.text(alphabet=DIGITS + ":+- ", min_size=1, max_size=9)
SIZES = [(60, 20), (100, 30), (250, 70)]


# The font and the scale rule, without a terminal.


def test_every_glyph_has_the_same_height_and_straight_edges() -> None:
    assert set(DIGITS + ":+- ") <= set(FONT)
    for char, rows in FONT.items():
        assert len(rows) == GLYPH_HEIGHT, char
        assert len({len(row) for row in rows}) == 1, char
        assert set("".join(rows)) <= {"#", "."}, char


def test_the_colon_is_narrower_than_a_digit() -> None:
    assert len(FONT[":"][0]) < min(len(FONT[digit][0]) for digit in DIGITS)


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_each_digit_renders_to_a_distinct_bitmap(scale: int) -> None:
    assert len({bitmap(digit) for digit in DIGITS}) == len(DIGITS)
    assert len({glyph_lines(digit, scale) for digit in DIGITS}) == len(DIGITS)


@pytest.mark.parametrize("text", ["05:42", "+00:42", "1:05:00", "-3"])
@pytest.mark.parametrize("scale", [1, 2, 3, 4, 7])
def test_glyph_lines_are_as_big_as_the_scale_says(text: str, scale: int) -> None:
    lines = glyph_lines(text, scale)
    assert len(lines) == block_height(scale) == -(-GLYPH_HEIGHT * scale // 2)
    assert {len(line) for line in lines} == {text_width(text) * scale}
    assert set("".join(lines)) <= {" ", "█", "▀", "▄"}


def test_one_pixel_gap_between_glyphs() -> None:
    assert text_width("05") == len(FONT["0"][0]) + 1 + len(FONT["5"][0])
    assert all(row[5] == "." for row in bitmap("05"))


def test_glyph_lines_refuse_what_they_cannot_draw() -> None:
    with pytest.raises(ValueError, match="scale"):
        glyph_lines("05:42", 0)
    with pytest.raises(ValueError, match="'x'"):
        glyph_lines("05x42", 1)


@given(TIMES, st.integers(0, 400), st.integers(0, 120))
def test_best_scale_is_the_largest_that_fits_the_box(text: str, width: int, height: int) -> None:
    scale = best_scale(text, width, height)
    assert scale >= 0
    if scale:
        assert text_width(text) * scale <= width
        assert block_height(scale) <= height
    bigger = scale + 1
    assert text_width(text) * bigger > width or block_height(bigger) > height


@given(TIMES, st.integers(0, 300), st.integers(0, 100), st.integers(0, 50), st.integers(0, 50))
def test_best_scale_grows_with_the_box(
    text: str, width: int, height: int, wider: int, taller: int
) -> None:
    assert best_scale(text, width + wider, height + taller) >= best_scale(text, width, height)


def test_best_scale_on_the_sizes_a_meeting_uses() -> None:
    assert best_scale("05:42", 20, 3) == 0
    assert best_scale("05:42", 60, 20) == 2
    assert best_scale("05:42", 100, 30) == 4
    assert best_scale("05:42", 250, 70) == 10
    # Height limits a wide, flat box.
    assert best_scale("05:42", 250, 14) == 4


def test_best_scale_is_zero_for_what_the_font_cannot_draw() -> None:
    assert best_scale("", 250, 70) == 0
    assert best_scale("paused", 250, 70) == 0


@given(TIMES | st.text(max_size=12), st.integers(0, 300), st.integers(0, 80))
def test_clock_rows_fill_the_box_exactly(text: str, width: int, height: int) -> None:
    rows = clock_rows(text, width, height)
    assert len(rows) == height
    assert all(len(row) == width for row in rows)


def test_below_scale_one_the_plain_text_is_centred() -> None:
    assert clock_rows("05:42", 20, 3) == (" " * 20, "       05:42        ", " " * 20)
    assert clock_rows("05:42", 3, 1) == ("05:",)


# On screen.


class ClockApp(App[None]):
    """Only a clock, filling the screen."""

    CSS = "BigClock.-over { color: #ff0000; }"

    def compose(self) -> ComposeResult:
        yield BigClock("05:42")


def ink_box(shown: str) -> tuple[list[str], int, int, int, int]:
    """The screen's rows, and the left, top, right and bottom (exclusive) of what is drawn."""
    rows = shown.splitlines()
    inked = [y for y, row in enumerate(rows) if row.strip()]
    assert inked, f"the screen is blank:\n{shown}"
    left = min(len(rows[y]) - len(rows[y].lstrip()) for y in inked)
    right = max(len(rows[y].rstrip()) for y in inked)
    return rows, left, inked[0], right, inked[-1] + 1


@pytest.mark.parametrize("size", SIZES)
async def test_the_glyphs_fill_the_screen_centred(size: tuple[int, int]) -> None:
    width, height = size
    app = ClockApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        clock = app.query_one(BigClock)
        scale = best_scale("05:42", width, height)
        assert scale >= 1
        assert clock.scale == scale
        rows, left, top, right, bottom = ink_box(screen_text(app))
        assert right - left == text_width("05:42") * scale
        assert bottom - top == block_height(scale)
        assert [row[left:right] for row in rows[top:bottom]] == list(glyph_lines("05:42", scale))
        assert abs(left - (width - right)) <= 1
        assert abs(top - (height - bottom)) <= 1
        if size == (250, 70):
            assert right - left >= 0.6 * width or block_height(scale + 1) > height


@pytest.mark.parametrize("size", SIZES)
async def test_new_text_redraws_the_face(size: tuple[int, int]) -> None:
    width, height = size
    app = ClockApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        before = screen_text(app)
        app.query_one(BigClock).text = "+00:42"
        await pilot.pause()
        after = screen_text(app)
        assert after != before
        rows, left, top, right, bottom = ink_box(after)
        scale = best_scale("+00:42", width, height)
        assert [row[left:right] for row in rows[top:bottom]] == list(glyph_lines("+00:42", scale))


async def test_a_tiny_screen_shows_the_time_as_plain_bold_text() -> None:
    app = ClockApp()
    async with app.run_test(size=(20, 3)) as pilot:
        await pilot.pause()
        clock = app.query_one(BigClock)
        assert clock.scale == 0
        assert screen_text(app).splitlines()[1] == "       05:42        "
        assert all(segment.style and segment.style.bold for segment in clock.render_line(1))


async def test_the_glyphs_take_the_colour_from_css() -> None:
    app = ClockApp()
    async with app.run_test(size=(60, 20)) as pilot:
        clock = app.query_one(BigClock)
        clock.add_class("-over")
        await pilot.pause()
        top = (20 - block_height(clock.scale)) // 2
        styles = [segment.style for segment in clock.render_line(top)]
        assert styles
        assert all(style and style.color == Color.parse("#ff0000") for style in styles)
