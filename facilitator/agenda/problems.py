"""What is wrong in an agenda file, at its `path:line`, worded when it is shown.

Problems are found once (and kept in the parsed-agenda cache, hence `to_dict`) but shown in
whatever language the app speaks by then, so each holds a `Msg`: the English text and its
values, translated only by `str()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitator.i18n import N_, _

__all__ = ["AgendaError", "FileProblems", "Msg", "Problem"]


@dataclass(frozen=True)
class Msg:
    """A message whose words are chosen when it is shown, in the UI language of that
    moment: problems are found once (and kept in the parsed-agenda cache) but shown in
    whatever language the app speaks by then.

    `text` is the English message (the catalogue's id, marked with `N_` where it is made),
    `values` fill its `{placeholders}`; a value may be a `Msg` itself.
    """

    text: str
    values: tuple[tuple[str, str | int | Msg], ...] = ()

    @classmethod
    def of(cls, text: str, /, **values: str | int | Msg) -> Msg:
        """`Msg.of(N_("unknown header key `{key}`"), key=key)`."""
        return cls(text, tuple(values.items()))

    def __str__(self) -> str:
        return _(self.text).format(**{key: str(value) for key, value in self.values})

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parsed-agenda cache."""
        return {
            "text": self.text,
            "values": {
                key: value.to_dict() if isinstance(value, Msg) else value
                for key, value in self.values
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Msg:
        """Rebuild a message stored by `to_dict`."""
        values: dict[str, str | int | Msg] = {}
        for key, value in dict(data["values"]).items():
            if isinstance(value, dict):
                values[str(key)] = cls.from_dict(value)
            else:
                values[str(key)] = value if isinstance(value, int) else str(value)
        return cls(str(data["text"]), tuple(values.items()))


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in an agenda file."""

    path: str
    line: int
    what: Msg
    """What is wrong, worded when shown (`message`)."""
    warning: bool = False

    @property
    def message(self) -> str:
        """What is wrong, in the UI language."""
        return str(self.what)

    def __str__(self) -> str:
        if self.warning:
            return _("{path}:{line}: warning: {problem}").format(
                path=self.path, line=self.line, problem=self.message
            )
        return f"{self.path}:{self.line}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the parsed-agenda cache."""
        return {
            "path": self.path,
            "line": self.line,
            "what": self.what.to_dict(),
            "warning": self.warning,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """Rebuild a problem stored by `to_dict`."""
        return cls(
            str(data["path"]), int(data["line"]), Msg.from_dict(data["what"]), bool(data["warning"])
        )


@dataclass
class FileProblems:
    """The problems found so far in one agenda file, in the order they were found: the
    parser's parts (front matter, block fields, the walk) all report here."""

    path: str
    found: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str, /, **values: str | int | Msg) -> None:
        """An error: `message` is the English text (marked with `N_`), `values` fill it."""
        self.found.append(Problem(self.path, line, Msg.of(message, **values)))

    def warn(self, line: int, message: str, /, **values: str | int | Msg) -> None:
        """A warning, worded as `error`."""
        self.found.append(Problem(self.path, line, Msg.of(message, **values), warning=True))

    def collapse_repeats(self) -> None:
        """Report a warning repeated in many places once, at its first line, with the count
        and the other lines: ten blocks with the same slip give one line, not ten.

        Warnings count as the same when their message and values are, leaving out the
        values that only say where (`PLACE_VALUES`). Errors are all kept: each must be fixed
        where it is.
        """
        seen: dict[tuple[str, tuple[tuple[str, str], ...]], list[Problem]] = {}
        for problem in self.found:
            if problem.warning:
                seen.setdefault(_repeat_key(problem.what), []).append(problem)
        kept: list[Problem] = []
        for problem in self.found:
            same = seen.get(_repeat_key(problem.what), []) if problem.warning else []
            if len(same) < 2:
                kept.append(problem)
            elif same[0] is problem:
                lines = [str(p.line) for p in same]
                if len(lines) > MAX_LINES_SHOWN:
                    lines = [*lines[:MAX_LINES_SHOWN], "…"]
                what = Msg.of(
                    N_("{problem} (in all: {count}, at lines {lines})"),
                    problem=problem.what,
                    count=len(same),
                    lines=", ".join(lines),
                )
                kept.append(Problem(problem.path, problem.line, what, warning=True))
        self.found = kept

    @property
    def any_error(self) -> bool:
        """True when something found is an error, not only a warning."""
        return any(not p.warning for p in self.found)


PLACE_VALUES = frozenset({"block", "first"})
"""Values of a message that say only where it is (a block's title, another line)."""

MAX_LINES_SHOWN = 10
"""How many of a repeated warning's lines are named."""


def _repeat_key(what: Msg) -> tuple[str, tuple[tuple[str, str], ...]]:
    return (what.text, tuple((k, str(v)) for k, v in what.values if k not in PLACE_VALUES))


class AgendaError(Exception):
    """An agenda file that cannot be used; `problems` lists every error and warning."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(*problems)

    def __str__(self) -> str:
        """Every error (every warning when there is no error), in the UI language."""
        errors = [p for p in self.problems if not p.warning] or self.problems
        return "\n".join(str(p) for p in errors)
