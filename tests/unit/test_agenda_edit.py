"""Adjusting a session's copy of an agenda: the file's agenda is never changed."""

from __future__ import annotations

import pytest

from facilitator.agenda.edit import (
    AgendaEditError,
    add_block,
    change_duration,
    drop_block,
    move_block,
)
from facilitator.agenda.model import Duration
from facilitator.agenda.parse import parse_agenda

AGENDA, _ = parse_agenda(
    "# Plan\n\n## A\nDuration: 6 min\n\n## B\nDuration: 10-15 min\n\n## C\nDuration: 2 min\n",
    "plan.md",
)


def titles(agenda: object) -> list[str]:
    return [b.title for b in agenda.blocks]  # type: ignore[attr-defined]


def test_durations_change_by_minutes_and_ranges_move_whole() -> None:
    longer = change_duration(AGENDA, 1, 60)
    assert longer.blocks[1].duration == Duration(660, 960)
    shorter = change_duration(AGENDA, 2, -300)
    assert shorter.blocks[2].duration == Duration(60, 60)
    assert AGENDA.blocks[1].duration == Duration(600, 900)


def test_drop_add_and_move() -> None:
    assert titles(drop_block(AGENDA, 0)) == ["B", "C"]
    added = add_block(AGENDA, 0, "Coffee", Duration(900, 900))
    assert titles(added) == ["A", "Coffee", "B", "C"]
    assert titles(add_block(AGENDA, -1, "First", Duration(60, 60)))[0] == "First"
    assert titles(move_block(AGENDA, 2, -1)) == ["A", "C", "B"]
    assert titles(move_block(AGENDA, 0, -1)) == ["A", "B", "C"]
    assert titles(AGENDA) == ["A", "B", "C"]


def test_changes_that_would_break_the_agenda_are_refused() -> None:
    single = drop_block(drop_block(AGENDA, 0), 0)
    with pytest.raises(AgendaEditError, match="at least one block"):
        drop_block(single, 0)
    with pytest.raises(AgendaEditError, match="needs a title"):
        add_block(AGENDA, 0, "  ", Duration(60, 60))
    with pytest.raises(AgendaEditError, match="no block 9"):
        move_block(AGENDA, 8, 1)
