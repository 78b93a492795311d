"""The capture line's syntax, and text that must never break anything."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.i18n import set_language
from facilitator.meeting.capture import (
    MAX_ENTRY_CHARS,
    CaptureError,
    clean_text,
    is_confidential,
    kind_of,
    parse_capture,
    parse_deadline,
    typed_date,
)
from facilitator.meeting.session import EntryKind


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("Anna values honesty", EntryKind.NOTE, "Anna values honesty"),
        ("! Meet every second Tuesday", EntryKind.DECISION, "Meet every second Tuesday"),
        ("?Who approves the budget", EntryKind.QUESTION, "Who approves the budget"),
        ("+ Call the school", EntryKind.ACTION, "Call the school"),
    ],
)
def test_prefixes_pick_the_kind(line: str, kind: EntryKind, text: str) -> None:
    captured = parse_capture(line)
    assert (captured.kind, captured.text) == (kind, text)
    assert kind_of(line) is kind


def test_action_lead_and_deadline_inline() -> None:
    captured = parse_capture("+ Draft the survey @Anna_Bērziņa 15.12.2026 with the youth centre")
    assert captured.text == "Draft the survey with the youth centre"
    assert captured.action is not None
    assert captured.action.lead == "Anna Bērziņa"
    assert captured.action.deadline == "2026-12-15"


@pytest.mark.parametrize("written", ["15.12.2026", "15.12.2026.", "2026-12-15", "5.1.2027"])
def test_dates_in_latvian_and_iso_forms(written: str) -> None:
    captured = parse_capture(f"+ Send minutes {written}")
    assert captured.action is not None
    assert captured.action.deadline in ("2026-12-15", "2027-01-05")


@pytest.mark.parametrize("bad", ["31.02.2026", "2026-13-01", "00.10.2026"])
def test_a_date_that_does_not_exist_is_refused_with_a_message(bad: str) -> None:
    with pytest.raises(CaptureError, match="not a real date"):
        parse_capture(f"+ Send minutes {bad}")


def test_nothing_after_a_prefix_is_refused() -> None:
    with pytest.raises(CaptureError, match="nothing to save"):
        parse_capture("!   ")


def test_too_long_text_is_refused_not_cut() -> None:
    with pytest.raises(CaptureError, match=str(MAX_ENTRY_CHARS)):
        parse_capture("x" * (MAX_ENTRY_CHARS + 1))


def test_control_characters_and_escape_sequences_are_dropped() -> None:
    raw = "Be\x00ll\x07 \x1b[31mred\x1b[0m \x1b]0;title\x07ok\r\nnext\tline"
    assert clean_text(raw) == "Bell red ok  next line"


def test_letters_of_every_script_are_kept() -> None:
    text = "Jānis Ēriks ĢĶĻŅŠŪŽ čēģīķļņšūž 🙂 שלום \u202eRTL\u202c"
    assert clean_text(text) == text


@given(st.text(max_size=300))
def test_any_line_is_saved_or_refused_with_a_message(line: str) -> None:
    try:
        captured = parse_capture(line)
    except CaptureError as exc:
        assert str(exc)
    else:
        assert captured.text
        assert all(ord(c) >= 32 and c != "\x7f" for c in captured.text)


def test_an_action_with_two_dates_is_refused() -> None:
    with pytest.raises(CaptureError, match="one deadline"):
        parse_capture("+ Meet 01.12.2026 or 2026-12-08")
    with pytest.raises(CaptureError, match="one deadline"):
        parse_capture("+ Meet 01.12.2026 or 08.12.2026")


@pytest.mark.parametrize(
    ("line", "kind", "text"),
    [
        ("~ Anna is moving jobs", EntryKind.NOTE, "Anna is moving jobs"),
        ("~! Keep the budget between us", EntryKind.DECISION, "Keep the budget between us"),
        ("!~ Keep the budget between us", EntryKind.DECISION, "Keep the budget between us"),
        ("~+ Talk to HR @Ilze", EntryKind.ACTION, "Talk to HR"),
        ("? ~ Is the director leaving", EntryKind.QUESTION, "Is the director leaving"),
    ],
)
def test_the_confidential_mark_goes_with_any_kind(line: str, kind: EntryKind, text: str) -> None:
    captured = parse_capture(line)
    assert (captured.kind, captured.text, captured.confidential) == (kind, text, True)
    assert is_confidential(line)
    assert kind_of(line) is kind


def test_only_a_leading_tilde_marks_a_line_confidential() -> None:
    captured = parse_capture("about ~20 people came")
    assert not captured.confidential and captured.text == "about ~20 people came"


QUESTIONS = ("How valuable was it?", "How many ideas?", "How safe did it feel?")


def test_a_rating_line_scores_one_question() -> None:
    captured = parse_capture("=2 8 7 Anna_Bērziņa 9", QUESTIONS)
    assert captured.kind is EntryKind.RATING and captured.rating is not None
    assert captured.rating.question == 1
    assert captured.rating.question_text == "How many ideas?"
    assert [(s.value, s.who) for s in captured.rating.scores] == [
        (8, ""),
        (7, ""),
        (9, "Anna Bērziņa"),
    ]
    assert captured.text == "8, 7, Anna_Bērziņa 9"


@pytest.mark.parametrize(
    ("line", "questions", "message"),
    [
        ("=1 8", (), "no rating questions"),
        ("= 8 9", QUESTIONS, "say which question (1-3)"),
        ("=4 8", QUESTIONS, "numbered 1-3"),
        ("=1 11", QUESTIONS, "`11` is not a rating"),
        ("=1 0", QUESTIONS, "`0` is not a rating"),
        ("=1 7,5", QUESTIONS, "`7,5` is not a rating"),
        ("=1 7.5", QUESTIONS, "`7.5` is not a rating"),
        ("=1 Anna", QUESTIONS, "`Anna` has no rating after it"),
        ("=1", QUESTIONS, "no rating given"),
    ],
)
def test_a_rating_line_that_cannot_be_read_says_why(
    line: str, questions: tuple[str, ...], message: str
) -> None:
    with pytest.raises(CaptureError, match=re.escape(message)):
        parse_capture(line, questions)


def test_a_single_rating_question_needs_no_number() -> None:
    captured = parse_capture("= 10 9", QUESTIONS[:1])
    assert captured.rating is not None and captured.rating.question == 0


@pytest.mark.parametrize(
    ("line", "questions", "message"),
    [
        ("=1 8", (), "šajā daļā nav vērtēšanas jautājumu (1-10)"),
        ("= 8 9", QUESTIONS, "norādiet jautājumu (1-3) tūlīt aiz `=`"),
        ("=4 8", QUESTIONS, "šīs daļas vērtēšanas jautājumiem ir numuri 1-3"),
        ("=2 8", QUESTIONS[:1], "šajā daļā ir viens vērtēšanas jautājums"),
        ("=1 11", QUESTIONS, "`11` nav vērtējums: izmantojiet veselus skaitļus no 1 līdz 10"),
        ("=1 Anna", QUESTIONS, "aiz `Anna` nav vērtējuma"),
        ("+ Paint the walls 31.02.2027", (), "datums `31.02.2027` neeksistē"),
        ("+ Paint 1.2.2027 or 2027-03-01", (), "darbībai ir viens termiņš"),
        ("+ @Anna", (), "darbībai nav teksta"),
        ("!", (), "nav ko saglabāt"),
    ],
)
def test_what_is_wrong_with_a_line_is_said_in_latvian(
    line: str, questions: tuple[str, ...], message: str
) -> None:
    set_language("lv")
    with pytest.raises(CaptureError, match=re.escape(message)):
        parse_capture(line, questions)


def test_dates_are_read_the_same_in_both_languages() -> None:
    set_language("lv")
    for line in ("+ Call 15.12.2026", "+ Call 15.12.2026.", "+ Call 2026-12-15"):
        action = parse_capture(line).action
        assert action is not None and action.deadline == "2026-12-15"


def test_a_plain_line_is_not_confidential() -> None:
    assert not is_confidential("Anna values honesty")
    assert not is_confidential("! Meet every second Tuesday")


@pytest.mark.parametrize(
    ("typed", "stored"), [("", ""), ("   ", ""), (" 15.12.2026 ", "2026-12-15")]
)
def test_a_deadline_typed_in_a_form_is_empty_or_iso(typed: str, stored: str) -> None:
    assert parse_deadline(typed) == stored


def test_a_form_shows_a_stored_deadline_as_it_is_typed() -> None:
    assert typed_date("2026-12-05") == "05.12.2026"
    assert typed_date("after the summer") == "after the summer"


def test_a_deadline_that_is_no_date_says_how_to_write_one() -> None:
    with pytest.raises(CaptureError) as raised:
        parse_deadline(" next week ")
    assert str(raised.value) == "`next week` is not a date; write 15.12.2026 or 2026-12-15"
