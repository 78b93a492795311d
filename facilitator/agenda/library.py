"""Find every agenda the facilitator can run: shipped ones and the user's own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from facilitator.agenda.cache import ParsedAgendaCache
from facilitator.agenda.model import Agenda, AgendaSummary
from facilitator.agenda.parse import iter_agenda_files, read_agenda_file
from facilitator.agenda.problems import AgendaError, Msg, Problem
from facilitator.i18n import N_, current_language, sort_key
from facilitator.storage.paths import DataPaths, shipped_agendas_dir

SortKey = tuple[str, str, str]

DEMO_KINDS = ("demo", "demonstrācija")
"""Meeting kinds listed last: tours of the app, not meetings."""

OTHER_PROGRAMME = N_("Other")
"""The heading of the agendas that name no programme, listed after every programme."""


def group_by_programme(summaries: Sequence[AgendaSummary]) -> list[tuple[str, list[int]]]:
    """The agendas grouped by their programme, in an order that never changes by itself.

    Returns (programme, indexes into `summaries`) pairs: first the programmes with an
    agenda in the UI language, then the others (a programme named in each language, such
    as `Digital Academy` and `Digitālā akadēmija`, so comes first in its own language),
    each part alphabetically (as Latvian orders letters, so `Skola – kopienā` sorts the
    same in either language), then "" for the agendas that name none (shown as
    `OTHER_PROGRAMME`). Within a programme: the
    UI language first, demos last, then title alphabetically in the agenda's language, then
    id, so two runs over the same files always give the same list. Pure: a screen and the
    command line both list with it.
    """
    groups: dict[str, list[int]] = {}
    for index, summary in enumerate(summaries):
        groups.setdefault(summary.programme.strip(), []).append(index)
    first = current_language()

    def order(index: int) -> tuple[bool, str, bool, SortKey, str]:
        summary = summaries[index]
        language = summary.language
        is_demo = summary.meeting_kind.lower() in DEMO_KINDS
        title = sort_key(summary.title, language)
        return (language != first, language, is_demo, title, summary.id)

    def programme_order(programme: str) -> tuple[bool, SortKey]:
        spoken = any(summaries[i].language == first for i in groups[programme])
        return (not spoken, sort_key(programme, "lv"))

    named = sorted((p for p in groups if p), key=programme_order)
    if "" in groups:
        named.append("")
    return [(programme, sorted(groups[programme], key=order)) for programme in named]


@dataclass(frozen=True)
class AgendaFile:
    """One agenda file and what came of reading it.

    A list needs only the `summary`; the whole `agenda` is read when first asked for (from
    the parsed-agenda cache, or by parsing the file again), then kept.
    """

    path: Path
    origin: str
    """`shipped` or `user`."""
    summary: AgendaSummary | None
    """None when the file cannot be used."""
    problems: tuple[Problem, ...] = ()
    load: Callable[[], Agenda | None] | None = field(default=None, compare=False, repr=False)
    """Reads the whole agenda; None when it cannot be read (any more)."""

    @classmethod
    def read(
        cls, path: Path, origin: str, agenda: Agenda | None, problems: tuple[Problem, ...] = ()
    ) -> AgendaFile:
        """A file whose whole agenda is already in hand."""
        summary = AgendaSummary.of(agenda) if agenda is not None else None
        return cls(path, origin, summary, problems, lambda: agenda)

    @property
    def valid(self) -> bool:
        """True when the agenda can be run."""
        return self.summary is not None

    @cached_property
    def agenda(self) -> Agenda | None:
        """The whole agenda, read when first needed; None when the file cannot be used."""
        if self.summary is None or self.load is None:
            return None
        return self.load()

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop the agenda from loading."""
        return tuple(p for p in self.problems if not p.warning)


@dataclass
class AgendaLibrary:
    """All agendas found in the given folders; a broken file never hides the others."""

    files: list[AgendaFile] = field(default_factory=list)

    @classmethod
    def load(
        cls, folders: list[tuple[Path, str]], cache: ParsedAgendaCache | None = None
    ) -> AgendaLibrary:
        """Read every agenda in `folders`, given as (folder, origin) pairs."""
        files = [
            load_file(path, origin, cache)
            for folder, origin in folders
            for path in iter_agenda_files(folder)
        ]
        if cache is not None:
            cache.save()
        return cls.from_files(files)

    @classmethod
    def from_cache(cls, paths: DataPaths) -> AgendaLibrary | None:
        """The agendas, if every file is in the parsed-agenda cache unchanged; else None.

        Never parses Markdown, so it is quick enough to call on the UI thread.
        """
        cache = ParsedAgendaCache(paths.agenda_cache)
        files: list[AgendaFile] = []
        for folder, origin in _folders(paths):
            for path in iter_agenda_files(folder):
                cached = cache.get(path)
                if cached is None:
                    return None
                files.append(_cached_file(path, origin, cached, cache))
        return cls.from_files(files)

    @classmethod
    def from_files(cls, files: list[AgendaFile]) -> AgendaLibrary:
        """A library of files already read; files sharing an id are marked invalid."""
        return cls(_mark_duplicates(files))

    @classmethod
    def discover(cls, paths: DataPaths) -> AgendaLibrary:
        """The shipped agendas and the user's own, from the data folder."""
        return cls.load(_folders(paths), ParsedAgendaCache(paths.agenda_cache))

    @property
    def agendas(self) -> list[Agenda]:
        """The agendas that can be run, in the order they were found (each read whole)."""
        return [f.agenda for f in self.files if f.agenda is not None]

    @property
    def ids(self) -> list[str]:
        """The ids of the runnable agendas."""
        return [f.summary.id for f in self.files if f.summary is not None]

    def programme_sections(self) -> list[tuple[str, list[int]]]:
        """The runnable files grouped by programme (`group_by_programme`): (programme, or
        "" for none, indexes into `files`) pairs. Files that cannot be used are left out."""
        valid = [i for i, f in enumerate(self.files) if f.summary is not None]
        summaries = [s for f in self.files if (s := f.summary) is not None]
        return [
            (programme, [valid[i] for i in indexes])
            for programme, indexes in group_by_programme(summaries)
        ]

    def find(self, agenda_id: str) -> Agenda | None:
        """The runnable agenda with this id, if any; only that one is read whole."""
        for file in self.files:
            if file.summary is not None and file.summary.id == agenda_id:
                return file.agenda
        return None


def _folders(paths: DataPaths) -> list[tuple[Path, str]]:
    """Where agendas are found: the shipped ones, then the user's own."""
    return [(shipped_agendas_dir(), "shipped"), (paths.agendas, "user")]


def load_file(path: Path, origin: str, cache: ParsedAgendaCache | None = None) -> AgendaFile:
    """Read one agenda file; its problems are kept instead of raised."""
    cached = cache.get(path) if cache is not None else None
    if cached is not None:
        return _cached_file(path, origin, cached, cache)
    agenda, problems = _parse(path)
    if cache is not None:
        cache.put(path, agenda, problems)
    return AgendaFile.read(path, origin, agenda, problems)


def _parse(path: Path) -> tuple[Agenda | None, tuple[Problem, ...]]:
    try:
        agenda, warnings = read_agenda_file(path)
    except AgendaError as exc:
        return None, tuple(exc.problems)
    return agenda, tuple(warnings)


def _cached_file(
    path: Path,
    origin: str,
    cached: tuple[AgendaSummary | None, tuple[Problem, ...]],
    cache: ParsedAgendaCache | None,
) -> AgendaFile:
    """A file known from the cache's index; its whole agenda is read when needed."""

    def load() -> Agenda | None:
        agenda = cache.agenda(path) if cache is not None else None
        if agenda is None:
            # The whole agenda is missing from the cache, or the file changed since it
            # was listed: the file itself says what the agenda is now.
            agenda, _ = _parse(path)
            if agenda is not None and cache is not None:
                cache.put_agenda(path, agenda)
        return agenda

    summary, problems = cached
    return AgendaFile(path, origin, summary, problems, load)


def _mark_duplicates(files: list[AgendaFile]) -> list[AgendaFile]:
    """Two files with one id are both invalid: running either would be a guess."""
    by_id: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        if file.summary is not None:
            by_id.setdefault(file.summary.id, []).append(index)
    result = list(files)
    for agenda_id, indexes in by_id.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = ", ".join(str(files[j].path) for j in indexes if j != index)
            file = files[index]
            what = Msg.of(N_("the id `{id}` is also used by {others}"), id=agenda_id, others=others)
            problem = Problem(str(file.path), 1, what)
            result[index] = AgendaFile(file.path, file.origin, None, (*file.problems, problem))
    return result
