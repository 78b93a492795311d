"""Adjust a session's own copy of an agenda before it starts; the file is never touched."""

from __future__ import annotations

from dataclasses import replace

from facilitator.agenda.model import Agenda, Block, BlockKind, Duration
from facilitator.i18n import _

STEP_S = 60
"""How much one key press lengthens or shortens a block."""


class AgendaEditError(ValueError):
    """A change that would leave the agenda unusable; the message says why."""


def _check(agenda: Agenda, index: int) -> None:
    if not 0 <= index < len(agenda.blocks):
        raise AgendaEditError(_("there is no block {number}").format(number=index + 1))


def change_duration(agenda: Agenda, index: int, seconds: int) -> Agenda:
    """Lengthen (or, when negative, shorten) block `index`; a range moves as a whole.

    A block never gets shorter than one step.
    """
    _check(agenda, index)
    block = agenda.blocks[index]
    low = block.duration.min_s + seconds
    high = block.duration.max_s + seconds
    if low < STEP_S:
        high += STEP_S - low
        low = STEP_S
    changed = replace(block, duration=Duration(low, high))
    return agenda.with_blocks((*agenda.blocks[:index], changed, *agenda.blocks[index + 1 :]))


def drop_block(agenda: Agenda, index: int) -> Agenda:
    """Leave block `index` out of this session."""
    _check(agenda, index)
    if len(agenda.blocks) == 1:
        raise AgendaEditError(_("a meeting needs at least one block"))
    return agenda.with_blocks(agenda.blocks[:index] + agenda.blocks[index + 1 :])


def add_block(
    agenda: Agenda, after: int, title: str, duration: Duration, kind: BlockKind = BlockKind.TALK
) -> Agenda:
    """Insert a new block after block `after` (-1 puts it first)."""
    if not -1 <= after < len(agenda.blocks):
        raise AgendaEditError(_("there is no block {number}").format(number=after + 1))
    if not title.strip():
        raise AgendaEditError(_("a block needs a title"))
    block = Block(title=title.strip(), duration=duration, kind=kind)
    position = after + 1
    return agenda.with_blocks((*agenda.blocks[:position], block, *agenda.blocks[position:]))


def move_block(agenda: Agenda, index: int, offset: int) -> Agenda:
    """Move block `index` up (negative offset) or down; stops at either end."""
    _check(agenda, index)
    target = max(0, min(len(agenda.blocks) - 1, index + offset))
    blocks = list(agenda.blocks)
    blocks.insert(target, blocks.pop(index))
    return agenda.with_blocks(tuple(blocks))
