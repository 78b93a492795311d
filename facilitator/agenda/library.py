"""Find every agenda the facilitator can run: shipped ones and the user's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from facilitator.agenda.cache import ParsedAgendaCache
from facilitator.agenda.model import Agenda
from facilitator.agenda.parse import AgendaError, Problem, iter_agenda_files, read_agenda_file
from facilitator.paths import DataPaths, shipped_agendas_dir

DEMO_KINDS = ("demo", "demonstrācija")
"""Meeting kinds listed last: tours of the app, not meetings."""


@dataclass(frozen=True)
class AgendaFile:
    """One agenda file and what came of reading it."""

    path: Path
    origin: str
    """`shipped` or `user`."""
    agenda: Agenda | None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """True when the agenda can be run."""
        return self.agenda is not None

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
                files.append(AgendaFile(path, origin, *cached))
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
        """The agendas that can be run, in the order they were found."""
        return [f.agenda for f in self.files if f.agenda is not None]

    @property
    def ids(self) -> list[str]:
        """The ids of the runnable agendas."""
        return [a.id for a in self.agendas]

    def sections(self) -> list[tuple[str, list[int]]]:
        """The files grouped for a list: by language, then meeting kind and title.

        Returns (language code, or "" for files that cannot be used, indexes into `files`)
        pairs; demos come last within their language, invalid files after everything.
        """
        groups: dict[str, list[int]] = {}
        for index, file in enumerate(self.files):
            language = file.agenda.language if file.agenda else ""
            groups.setdefault(language, []).append(index)

        def order(index: int) -> tuple[bool, str, str]:
            agenda = self.files[index].agenda
            if agenda is None:
                return (False, "", self.files[index].path.name)
            is_demo = agenda.meeting_kind.lower() in DEMO_KINDS
            return (is_demo, agenda.meeting_kind.lower(), agenda.title.lower())

        languages = sorted((lang for lang in groups if lang), key=lambda g: (g != "en", g))
        if "" in groups:
            languages.append("")
        return [(lang, sorted(groups[lang], key=order)) for lang in languages]

    def find(self, agenda_id: str) -> Agenda | None:
        """The runnable agenda with this id, if any."""
        for agenda in self.agendas:
            if agenda.id == agenda_id:
                return agenda
        return None


def _folders(paths: DataPaths) -> list[tuple[Path, str]]:
    """Where agendas are found: the shipped ones, then the user's own."""
    return [(shipped_agendas_dir(), "shipped"), (paths.agendas, "user")]


def load_file(path: Path, origin: str, cache: ParsedAgendaCache | None = None) -> AgendaFile:
    """Read one agenda file; its problems are kept instead of raised."""
    cached = cache.get(path) if cache is not None else None
    if cached is not None:
        return AgendaFile(path, origin, *cached)
    try:
        agenda, warnings = read_agenda_file(path)
        problems = tuple(warnings)
    except AgendaError as exc:
        agenda, problems = None, tuple(exc.problems)
    if cache is not None:
        cache.put(path, agenda, problems)
    return AgendaFile(path, origin, agenda, problems)


def _mark_duplicates(files: list[AgendaFile]) -> list[AgendaFile]:
    """Two files with one id are both invalid: running either would be a guess."""
    by_id: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        if file.agenda is not None:
            by_id.setdefault(file.agenda.id, []).append(index)
    result = list(files)
    for agenda_id, indexes in by_id.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = ", ".join(str(files[j].path) for j in indexes if j != index)
            file = files[index]
            problem = Problem(str(file.path), 1, f"the id `{agenda_id}` is also used by {others}")
            result[index] = AgendaFile(file.path, file.origin, None, (*file.problems, problem))
    return result
