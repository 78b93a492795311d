"""1-10 ratings of a reflection block: reading them as typed, and their count and mean.

A rating line starts with `=` and the question's number, then the scores:

    =1 8 7 9              three anonymous scores for the block's first rating question
    =2 Anna 8 Jānis 9 7   named scores (a name before its score) and an anonymous one
    = 8 9                 when the block has a single rating question, its number may go

Names with a space are written with an underscore (`Anna_Bērziņa 8`), as leads are.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from facilitator.i18n import _
from facilitator.meeting.session import MAX_SCORE, MIN_SCORE, Entry, EntryKind, RatingFields, Score

RATING_PREFIX = "="

_QUESTION = re.compile(r"=\s*?(\d+)?[.:)]?(?=\s|$)")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


class RatingError(ValueError):
    """A rating line that cannot be read; the message says what to fix."""


def parse_rating(line: str, questions: tuple[str, ...]) -> RatingFields:
    """Read a rating line (starting with `=`) for a block whose rating questions are
    `questions`.

    Raises:
        RatingError: the block has no rating questions, the question number is missing or
            out of range, a score is not a whole number from 1 to 10, or a name has no
            score after it.
    """
    if not questions:
        raise RatingError(_("this block has no rating questions (1-10)"))
    text = line.strip()
    match = _QUESTION.match(text)
    if match is None:
        raise RatingError(_("write the question's number right after `=`, like `=1 8 7 9`"))
    number = match.group(1)
    rest = text[match.end() :]
    if number is None:
        if len(questions) > 1:
            raise RatingError(
                _("say which question (1-{count}) right after `=`, like `=1 8 7 9`").format(
                    count=len(questions)
                )
            )
        index = 0
    else:
        index = int(number) - 1
        if not 0 <= index < len(questions):
            if len(questions) == 1:
                raise RatingError(_("this block has one rating question: write `=1` or `=`"))
            raise RatingError(
                _("this block's rating questions are numbered 1-{count}").format(
                    count=len(questions)
                )
            )
    scores = parse_scores(rest)
    return RatingFields(index, questions[index], scores)


def parse_scores(text: str) -> list[Score]:
    """Read `Anna 8, Jānis 9 7` into scores.

    Raises:
        RatingError: when a score is not a whole number from 1 to 10, a name has no score
            after it, or there is no score at all.
    """
    scores: list[Score] = []
    name = ""
    # A comma between digits is a decimal comma (`7,5`), not a separator.
    for token in (t.strip(",") for t in text.replace(";", " ").replace(", ", " ").split()):
        if not token:
            continue
        if _NUMBER.fullmatch(token):
            if (
                not token.isascii()
                or not token.isdigit()
                or not (MIN_SCORE <= int(token) <= MAX_SCORE)
            ):
                raise RatingError(
                    _("`{token}` is not a rating: use whole numbers from {low} to {high}").format(
                        token=token, low=MIN_SCORE, high=MAX_SCORE
                    )
                )
            scores.append(Score(int(token), name))
            name = ""
            continue
        if name:
            raise RatingError(_("`{name}` has no rating after it").format(name=name))
        name = token.rstrip(":=").replace("_", " ")
    if name:
        raise RatingError(_("`{name}` has no rating after it").format(name=name))
    if not scores:
        raise RatingError(
            _("no rating given: type numbers from {low} to {high}").format(
                low=MIN_SCORE, high=MAX_SCORE
            )
        )
    return scores


def format_scores(scores: list[Score]) -> str:
    """Scores as `parse_scores` reads them back: `Anna_Bērziņa 8, 7`."""
    return ", ".join(
        f"{s.who.replace(' ', '_')} {s.value}" if s.who else str(s.value) for s in scores
    )


@dataclass(frozen=True)
class QuestionRatings:
    """All scores one rating question received."""

    index: int
    question: str
    scores: tuple[Score, ...]

    @property
    def count(self) -> int:
        """How many scores there are."""
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        """The mean score, or None without scores."""
        return statistics.fmean(s.value for s in self.scores) if self.scores else None


def summarize(entries: list[Entry], questions: tuple[str, ...]) -> list[QuestionRatings]:
    """Each rating question of a block with the scores its live entries gave it.

    `entries` are the block's entries; deleted ones and other kinds are ignored.
    """
    collected: list[list[Score]] = [[] for _ in questions]
    for entry in entries:
        if entry.deleted or entry.kind is not EntryKind.RATING or entry.rating is None:
            continue
        if 0 <= entry.rating.question < len(questions):
            collected[entry.rating.question].extend(entry.rating.scores)
    return [
        QuestionRatings(index, question, tuple(scores))
        for index, (question, scores) in enumerate(zip(questions, collected, strict=True))
    ]
