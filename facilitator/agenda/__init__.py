"""Agendas: the model, the Markdown format, and the folders they are found in."""

from facilitator.agenda.duration import parse_duration
from facilitator.agenda.model import Agenda, Block, BlockKind, Duration, PromptGroup
from facilitator.agenda.parse import parse_agenda
from facilitator.agenda.problems import AgendaError, Problem

__all__ = [
    "Agenda",
    "AgendaError",
    "Block",
    "BlockKind",
    "Duration",
    "Problem",
    "PromptGroup",
    "parse_agenda",
    "parse_duration",
]
