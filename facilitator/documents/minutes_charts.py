"""The minutes' charts, as data: planned against actual time per block, and how many
gave each score. `documents.charts` draws them; the formats that show pictures (HTML,
Word) put them beside the tables that hold the same figures."""

from __future__ import annotations

from facilitator.documents.model import Bars, Block, Series
from facilitator.documents.session import SessionDocument
from facilitator.documents.text import format_clock, format_difference
from facilitator.meeting.clock import BlockStatus
from facilitator.meeting.ratings import QuestionRatings

__all__ = ["ratings_chart", "time_chart"]


def time_chart(doc: SessionDocument) -> list[Block]:
    """Planned against actual time per block, for a reader who would rather look; none
    before the meeting started (nothing happened yet)."""
    clock = doc.clock
    if clock is None or not clock.started:
        return []
    t = doc.catalogue
    categories, planned, actual, remarks, apart, words = [], [], [], [], [], []
    for index, block in enumerate(doc.info.agenda.blocks):
        record = clock.blocks[index]
        spent = clock.elapsed(index)
        categories.append(f"{index + 1}. {block.title}")
        planned.append(block.duration.planned_s / 60)
        actual.append(spent / 60)
        skipped = record.status is BlockStatus.SKIPPED
        reached = not (record.status is BlockStatus.PENDING and spent == 0)
        remark = (
            t.gettext("skipped")
            if skipped
            else format_difference(record.extra_s)
            if record.extra_s
            else ""
            if reached
            else t.gettext("not reached")
        )
        remarks.append(remark)
        apart.append(skipped)
        words.append(
            t.gettext("{block}: planned {planned}, actual {actual}").format(
                block=categories[-1],
                planned=format_clock(block.duration.planned_s),
                actual=format_clock(spent),
            )
            + (f" ({remark})" if remark else "")
        )
    planned_name, actual_name = t.gettext("Planned"), t.gettext("Actual")
    title = t.gettext("Planned and actual time per block (minutes)")
    return [
        Bars(
            title,
            tuple(categories),
            (
                Series(planned_name, tuple(planned), tuple(format_clock(v * 60) for v in planned)),
                Series(
                    actual_name,
                    tuple(actual),
                    tuple(format_clock(v * 60) if v else "" for v in actual),
                ),
            ),
            title + ": " + "; ".join(words) + ".",
            tuple(remarks),
            tuple(apart),
        )
    ]


def ratings_chart(doc: SessionDocument, ratings: list[tuple[int, QuestionRatings]]) -> list[Block]:
    """How many gave each score, per rating question: the spread a mean hides."""
    scored = [(index, question) for index, question in ratings if question.scores]
    if not scored:
        return []
    t = doc.catalogue
    scores = tuple(range(1, 11))
    series, words = [], []
    for index, question in scored:
        counts = tuple(sum(1 for s in question.scores if s.value == v) for v in scores)
        name = f"{index + 1}. {question.question}"
        series.append(
            Series(
                name[:60],
                tuple(float(c) for c in counts),
                tuple(str(c) if c else "" for c in counts),
            )
        )
        given = ", ".join(
            t.gettext("{score}: {count}").format(score=v, count=c)
            for v, c in zip(scores, counts, strict=True)
            if c
        )
        words.append(f"{name} — {given}")
    title = t.gettext("How many gave each score (1-10)")
    return [
        Bars(
            title,
            tuple(str(v) for v in scores),
            tuple(series),
            title + ": " + "; ".join(words) + ".",
            across=False,
        )
    ]
