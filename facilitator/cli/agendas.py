"""`facilitator agendas`: list, show and check agendas; and finding the agenda a command
names, by id or by file."""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator.agenda.library import OTHER_PROGRAMME, AgendaLibrary, load_file
from facilitator.agenda.model import Agenda, blocks_text
from facilitator.agenda.parse import iter_agenda_files
from facilitator.cli.context import CliContext, UserError
from facilitator.i18n import N_, _, ngettext

ORIGINS = {"shipped": N_("shipped"), "user": N_("your own")}
"""Where an agenda in the list comes from, in the UI language."""


def pick_agenda(name: str, library: AgendaLibrary) -> Agenda:
    """The agenda named by id or by a file path."""
    agenda = library.find(name)
    if agenda is not None:
        return agenda
    path = Path(name).expanduser()
    if path.suffix.lower() == ".md" or path.exists():
        if not path.is_file():
            raise UserError(_("no agenda file {path}").format(path=path))
        loaded = load_file(path, "command line")
        if loaded.agenda is None:
            problems = "\n".join(map(str, loaded.errors))
            raise UserError(_("the agenda cannot be used:\n{problems}").format(problems=problems))
        return loaded.agenda
    broken = [f for f in library.files if not f.valid and f.path.name.split(".")[0] == name]
    available = "\n".join(f"  {agenda_id}" for agenda_id in library.ids)
    if broken:
        raise UserError(
            _(
                "unknown agenda `{name}`.\n{path} has problems; run `facilitator agendas check`."
                "\nAvailable agendas:\n{available}"
            ).format(name=name, path=broken[0].path, available=available)
        )
    raise UserError(
        _("unknown agenda `{name}`.\nAvailable agendas:\n{available}").format(
            name=name, available=available
        )
    )


def agendas_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator agendas [list|show|check]`."""
    action = args.agendas_command or "list"
    if action == "check":
        return check_agendas(ctx, args.paths)
    library = AgendaLibrary.discover(ctx.paths)
    if action == "show":
        return show_agenda(ctx, pick_agenda(args.agenda, library))
    return list_agendas(ctx, library)


def show_agenda(ctx: CliContext, agenda: Agenda) -> int:
    """`facilitator agendas show ID`: the blocks, their questions and the notes."""
    ctx.say(f"{agenda.title}  [{agenda.id}, {agenda.language}]")
    blocks = blocks_text(len(agenda.blocks))
    ctx.say(f"{blocks}, {agenda.total.describe()}")
    for number, block in enumerate(agenda.blocks, 1):
        ctx.say(f"\n{number}. {block.title} ({block.duration.describe()}, {block.kind.describe()})")
        for group in block.groups:
            if group.title:
                ctx.say(f"   {group.title}:")
            for prompt in group.prompts:
                ctx.say(f"   - {prompt}")
        if block.notes:
            # The facilitator's own terminal: the one place notes are shown.
            for line in block.notes.split("\n"):
                ctx.say(f"   > {line}")
    return 0


def list_agendas(ctx: CliContext, library: AgendaLibrary) -> int:
    """`facilitator agendas [list]`: the agendas under their programme's heading (in the
    order of `group_by_programme`, those naming none last under "Other"), one line an
    agenda file; then the files that cannot be used, and where yours go."""
    # The durations' column as wide as its widest (`45 min – 1 h 15 min`).
    width = max((len(f.summary.total.describe()) for f in library.files if f.summary), default=0)
    for number, (programme, indexes) in enumerate(library.programme_sections()):
        ctx.say(("\n" if number else "") + (programme or _(OTHER_PROGRAMME)))
        for index in indexes:
            file = library.files[index]
            summary = file.summary
            if summary is None:
                continue
            n = summary.block_count
            blocks = ngettext("{n} block", "{n} blocks", n).format(n=f"{n:>2}")
            ctx.say(
                f"  {summary.id:<28} {summary.language}  {summary.total.describe():>{width}}  "
                f"{blocks}  {summary.title}  ({_(ORIGINS.get(file.origin, file.origin))})"
            )
    broken = [f for f in library.files if not f.valid]
    if broken:
        ctx.say("")
    for file in broken:
        invalid = _("(invalid)")
        ctx.say(f"{invalid:<28} {file.path}: {file.errors[0].message}")
    ctx.say("\n" + _("Your own agendas go in {folder}").format(folder=ctx.paths.agendas))
    return 0


def check_agendas(ctx: CliContext, targets: list[str]) -> int:
    """Report every problem; exit 1 when any file is invalid."""
    if targets:
        files = []
        for target in targets:
            path = Path(target)
            if path.is_dir():
                files += [load_file(p, "checked") for p in iter_agenda_files(path)]
            else:
                files.append(load_file(path, "checked"))
        library = AgendaLibrary.from_files(files)
    else:
        library = AgendaLibrary.discover(ctx.paths)
    invalid = 0
    for file in library.files:
        for problem in file.problems:
            ctx.say(problem)
        if not file.valid:
            invalid += 1
    n = len(library.files)
    ctx.say(
        ngettext(
            "{n} agenda file, {invalid} invalid", "{n} agenda files, {invalid} invalid", n
        ).format(n=n, invalid=invalid)
    )
    return 1 if invalid else 0
