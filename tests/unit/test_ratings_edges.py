"""Rating lines as a facilitator types them, and the summary the minutes show: the edges
the mutation tester found untested (see tools/mutants.md)."""

from __future__ import annotations

import pytest

from facilitator.meeting.ratings import RatingError, format_scores, parse_rating, summarize
from facilitator.meeting.session import Entry, EntryKind, RatingFields, Score

QUESTIONS = ("How valuable was it?", "How safe did it feel?")


def scores_of(line: str, questions: tuple[str, ...] = QUESTIONS) -> list[tuple[int, str]]:
    return [(s.value, s.who) for s in parse_rating(line, questions).scores]


def message_of(line: str, questions: tuple[str, ...] = QUESTIONS) -> str:
    with pytest.raises(RatingError) as raised:
        parse_rating(line, questions)
    return str(raised.value)


@pytest.mark.parametrize(
    "line",
    [
        "=1 8 7 9",
        "=1 8, 7, 9",
        "=1 8; 7; 9",
        "=1 8;7;9",
        "=1 8 , 7 , 9",
        "=1 8, 7, 9,",
    ],
)
def test_scores_may_be_separated_by_spaces_commas_or_semicolons(line: str) -> None:
    assert scores_of(line) == [(8, ""), (7, ""), (9, "")]


def test_named_scores_with_semicolons_and_colons() -> None:
    assert scores_of("=2 Anna 8;Jānis 9") == [(8, "Anna"), (9, "Jānis")]
    assert scores_of("=2 Anna 8; Jānis 9") == [(8, "Anna"), (9, "Jānis")]
    assert scores_of("=2 Anna: 8, Jānis= 9") == [(8, "Anna"), (9, "Jānis")]


def test_names_keep_every_letter() -> None:
    # Capital letters at either end of a name are letters, not separators.
    assert scores_of("=1 Xenia 8 ALEX 9 Ilze_Ozola 7") == [
        (8, "Xenia"),
        (9, "ALEX"),
        (7, "Ilze Ozola"),
    ]


def test_the_whole_scale_is_accepted_ends_included() -> None:
    assert scores_of("=1 1 10") == [(1, ""), (10, "")]


def test_what_format_scores_writes_reads_back_the_same() -> None:
    scores = [Score(8), Score(7), Score(9, "Anna Bērziņa")]
    assert format_scores(scores) == "8, 7, Anna_Bērziņa 9"
    assert scores_of("=1 " + format_scores(scores)) == [(8, ""), (7, ""), (9, "Anna Bērziņa")]


def test_a_line_without_a_question_number_says_how_to_write_one() -> None:
    assert message_of("=x 8") == "write the question's number right after `=`, like `=1 8 7 9`"


def test_two_questions_need_a_number() -> None:
    assert message_of("= 8 9") == "say which question (1-2) right after `=`, like `=1 8 7 9`"


def test_two_names_in_a_row_name_the_one_without_a_score() -> None:
    assert message_of("=1 Anna Jānis 9") == "`Anna` has no rating after it"


def test_no_score_at_all_gives_the_scale() -> None:
    assert message_of("=1") == "no rating given: type numbers from 1 to 10"


def entry(
    kind: EntryKind,
    rating: RatingFields | None,
    deleted: bool = False,
) -> Entry:
    return Entry(
        id="e",
        kind=kind,
        text="",
        block_index=0,
        block_title="Reflection",
        created_at=0.0,
        meeting_s=0.0,
        deleted=deleted,
        rating=rating,
    )


def test_the_summary_counts_live_ratings_only_in_their_question() -> None:
    entries = [
        entry(EntryKind.NOTE, None),
        entry(EntryKind.RATING, RatingFields(1, QUESTIONS[1], [Score(6), Score(8, "Anna")])),
        entry(EntryKind.RATING, RatingFields(0, QUESTIONS[0], [Score(2)]), deleted=True),
        # A rating whose scores were lost (an old or damaged file) counts as none.
        entry(EntryKind.RATING, None),
        entry(EntryKind.RATING, RatingFields(0, QUESTIONS[0], [Score(9)])),
    ]
    summary = summarize(entries, QUESTIONS)
    assert [(q.index, q.question, q.count, q.mean) for q in summary] == [
        (0, QUESTIONS[0], 1, 9.0),
        (1, QUESTIONS[1], 2, 7.0),
    ]
