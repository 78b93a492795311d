"""The `facilitator` command line.

Every user mistake ends in one clear line and exit status 2; an unexpected failure ends in
one line naming the log file that holds the details. No traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from facilitator import __version__
from facilitator.agenda.library import AgendaLibrary, load_file
from facilitator.agenda.model import Agenda, blocks_text
from facilitator.agenda.parse import iter_agenda_files
from facilitator.i18n import (
    LANGUAGES,
    N_,
    _,
    choose_language,
    current_language,
    format_iso_date,
    format_timestamp,
    ngettext,
    pgettext,
    sort_key,
)
from facilitator.i18n import set_language as use_language
from facilitator.meeting.session import (
    ActionStatus,
    MeetingDetails,
    SeriesKind,
    format_participants,
    parse_participants,
)
from facilitator.storage.guarded import StoreError
from facilitator.storage.paths import DataDirError, DataPaths, resolve_data_dir
from facilitator.storage.sessions import SessionStore

if TYPE_CHECKING:
    from facilitator.programme.series_store import SeriesStore

EXIT_USAGE = 2


class UserError(Exception):
    """A mistake the user can fix; its message is printed as is."""


ARGPARSE_WORDS = (
    # argparse's own words (it asks `gettext` for them; `speak_language` hands it ours).
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("argument %(argument_name)s: %(message)s"),
)


def speak_language(argv: Sequence[str] | None) -> str:
    """Choose the UI language before anything is said: `--lang` (anywhere on the command
    line), else the preference saved in the data folder, else the system locale."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    early.add_argument("--data-dir")
    known, _rest = early.parse_known_args(argv)
    saved = ""
    try:
        from facilitator.storage.settings import Settings

        saved = Settings.load(DataPaths(resolve_data_dir(known.data_dir)).settings).language
    except (DataDirError, OSError):
        pass
    language = use_language(choose_language(known.lang, saved))
    # argparse asks gettext for its own words (usage, errors); let it ask our catalogue.
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    return language


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one help text per command."""
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the app: en or lv (default: the one chosen in the app, else the system's)"
        ),
    )
    parser = argparse.ArgumentParser(
        parents=[language],
        prog="facilitator",
        description=_(
            "Keep time, capture notes and action items, and export minutes "
            "of mentoring meetings on a projected terminal."
        ),
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "folder for sessions, your agendas and exports "
            "(default: $FACILITATOR_DATA_DIR, else the platform's user data folder)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run", parents=[language], help=_("start a meeting on an agenda (an id or a file)")
    )
    run.add_argument("agenda", metavar="AGENDA", help=_("agenda id (see `agendas`) or .md file"))
    run.add_argument("--title", default="", help=_("the meeting's title (default: the agenda's)"))
    run.add_argument("--place", default="", help=_("where the meeting takes place"))
    run.add_argument("--facilitator", default="", help=_("who facilitates"))
    run.add_argument(
        "--participants",
        default="",
        metavar="LIST",
        help=_('who is there, e.g. "Anna (mentor), Jānis (mentee)"'),
    )
    run.add_argument(
        "--series",
        metavar="NAME",
        help=_(
            "the next session of a series: its parties and participants filled in, and "
            "the open actions of its earlier sessions carried over"
        ),
    )

    series = commands.add_parser(
        "series", parents=[language], help=_("list, show or create series of meetings")
    )
    series_cmd = series.add_subparsers(dest="series_command", metavar="ACTION")
    series_cmd.add_parser("list", parents=[language], help=_("list the series (default)"))
    series_show = series_cmd.add_parser(
        "show", parents=[language], help=_("a series' sessions and actions")
    )
    series_show.add_argument("name", metavar="NAME", help=_("the series' name (any case) or id"))
    series_new = series_cmd.add_parser("new", parents=[language], help=_("create a series"))
    series_new.add_argument("name", metavar="NAME", help=_("the series' name"))
    series_new.add_argument(
        "--kind",
        choices=[k.value for k in SeriesKind],
        default=SeriesKind.MENTORING.value,
        help=_("visits between two cities, mentoring of one mentee or pupil, or a programme"),
    )
    series_new.add_argument("--mentee", default="", help=_("the mentee (a person)"))
    series_new.add_argument("--mentor", default="", help=_("the mentor (a person)"))
    series_new.add_argument("--mentee-city", default="", help=_("the mentee city"))
    series_new.add_argument("--mentor-city", default="", help=_("the mentor city"))
    series_new.add_argument(
        "--participants",
        default="",
        metavar="LIST",
        help=_('the usual participants, e.g. "Ilze (coordinator), Jānis (mentor)"'),
    )

    agendas = commands.add_parser(
        "agendas", parents=[language], help=_("list, show or check agendas")
    )
    agendas_cmd = agendas.add_subparsers(dest="agendas_command", metavar="ACTION")
    agendas_cmd.add_parser(
        "list", parents=[language], help=_("list the shipped and your own agendas (default)")
    )
    show = agendas_cmd.add_parser(
        "show", parents=[language], help=_("print one agenda's blocks and questions")
    )
    show.add_argument("agenda", metavar="ID", help=_("agenda id"))
    check = agendas_cmd.add_parser(
        "check", parents=[language], help=_("report every problem in agenda files")
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help=_("files or folders (default: all agendas)")
    )

    commands.add_parser(
        "sessions", parents=[language], help=_("list stored sessions, newest first")
    )

    export = commands.add_parser(
        "export", parents=[language], help=_("write a session's minutes and action plan")
    )
    export.add_argument(
        "session", metavar="SESSION", nargs="?", help=_("session id, or its unique beginning")
    )
    export.add_argument(
        "--series",
        metavar="NAME",
        help=_("write the series' action plan instead of a session's"),
    )
    export.add_argument(
        "--out", metavar="DIR", help=_("folder to write to (default: data/exports)")
    )
    export.add_argument(
        "--include-confidential",
        action="store_true",
        help=_("also include entries marked confidential (a separate ...-confidential-... copy)"),
    )

    commands.add_parser(
        "demo", parents=[language], help=_("a two-minute tour on an agenda of short blocks")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    speak_language(argv)
    args = build_parser().parse_args(argv)
    paths = DataPaths(resolve_data_dir(args.data_dir))
    try:
        return dispatch(args, paths, sys.stdout)
    except (UserError, DataDirError, StoreError) as exc:
        print(_("facilitator: {problem}").format(problem=exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator agendas | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log = write_crash_log(paths)
        print(
            _(
                "facilitator: something went wrong; the details are in {log}. "
                "Your sessions are stored safely."
            ).format(log=log),
            file=sys.stderr,
        )
        return 1
    finally:
        report_recoveries(sys.stderr)


_OPENED_SERIES: list[SeriesStore] = []  # the series store loads only for its commands
"""The series stores this command used: a series file they restored from its last good
copy is reported when the command ends."""


def open_series(paths: DataPaths, sessions: SessionStore) -> SeriesStore:
    """The series of the data folder, remembered so their recoveries are reported."""
    from facilitator.programme.series_store import SeriesStore

    store = SeriesStore(paths, sessions)
    _OPENED_SERIES.append(store)
    return store


def report_recoveries(err: TextIO) -> None:
    """Tell about every series file replaced by its last good copy during the command."""
    for store in _OPENED_SERIES:
        for recovery in store.recoveries:
            print(_("facilitator: {problem}").format(problem=recovery.describe()), file=err)
    _OPENED_SERIES.clear()


def dispatch(args: argparse.Namespace, paths: DataPaths, out: TextIO) -> int:
    """Carry out one parsed command."""
    command = args.command
    if command == "agendas":
        return agendas_command(args, paths, out)
    if command == "sessions":
        return sessions_command(paths, out)
    if command == "export":
        return export_command(args, paths, out)
    if command == "series":
        return series_command(args, paths, out)
    paths.ensure_writable()
    from facilitator.app import StartRequest, make_app  # the UI loads only when needed

    # The home screen reads the agendas in a worker; `run` and `demo` need one right away.
    library = AgendaLibrary.discover(paths) if command in ("run", "demo") else None
    start: StartRequest | None = None
    if command == "run":
        assert library is not None
        details = MeetingDetails(
            title=args.title,
            place=args.place,
            facilitator=args.facilitator,
            participants=parse_participants(args.participants),
        )
        agenda = pick_agenda(args.agenda, library)
        if args.series:
            series_store = open_series(paths, SessionStore(paths))
            session = series_store.start_session(series_store.find(args.series), agenda, details)
            session.close()  # the app opens it again, with its lock
            start = StartRequest(agenda, details, session_id=session.id)
        else:
            start = StartRequest(agenda, details)
    elif command == "demo":
        assert library is not None
        start = StartRequest(agenda=pick_agenda(f"demo-{current_language()}", library))
    app = make_app(paths, library=library, start=start, language=getattr(args, "lang", None))
    app.run()
    for path in app.exported:
        print(path, file=out)
    return app.return_code or 0


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


ORIGINS = {"shipped": N_("shipped"), "user": N_("your own")}
"""Where an agenda in the list comes from, in the UI language."""


def agendas_command(args: argparse.Namespace, paths: DataPaths, out: TextIO) -> int:
    """`facilitator agendas [list|show|check]`."""
    action = args.agendas_command or "list"
    if action == "check":
        return check_agendas(args.paths, paths, out)
    library = AgendaLibrary.discover(paths)
    if action == "show":
        agenda = pick_agenda(args.agenda, library)
        print(f"{agenda.title}  [{agenda.id}, {agenda.language}]", file=out)
        blocks = blocks_text(len(agenda.blocks))
        print(f"{blocks}, {agenda.total.describe()}", file=out)
        for number, block in enumerate(agenda.blocks, 1):
            print(
                f"\n{number}. {block.title} ({block.duration.describe()}, {block.kind.describe()})",
                file=out,
            )
            for group in block.groups:
                if group.title:
                    print(f"   {group.title}:", file=out)
                for prompt in group.prompts:
                    print(f"   - {prompt}", file=out)
            if block.notes:
                # The facilitator's own terminal: the one place notes are shown.
                for line in block.notes.split("\n"):
                    print(f"   > {line}", file=out)
        return 0
    for file in library.files:
        if file.agenda is not None:
            agenda = file.agenda
            n = len(agenda.blocks)
            blocks = ngettext("{n} block", "{n} blocks", n).format(n=f"{n:>2}")
            print(
                f"{agenda.id:<28} {agenda.language}  {agenda.total.describe():>12}  "
                f"{blocks}  {agenda.title}  ({_(ORIGINS.get(file.origin, file.origin))})",
                file=out,
            )
        else:
            invalid = _("(invalid)")
            print(f"{invalid:<28} {file.path}: {file.errors[0].message}", file=out)
    print("\n" + _("Your own agendas go in {folder}").format(folder=paths.agendas), file=out)
    return 0


def check_agendas(targets: list[str], paths: DataPaths, out: TextIO) -> int:
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
        library = AgendaLibrary.discover(paths)
    invalid = 0
    for file in library.files:
        for problem in file.problems:
            print(problem, file=out)
        if not file.valid:
            invalid += 1
    n = len(library.files)
    print(
        ngettext(
            "{n} agenda file, {invalid} invalid", "{n} agenda files, {invalid} invalid", n
        ).format(n=n, invalid=invalid),
        file=out,
    )
    return 1 if invalid else 0


def sessions_command(paths: DataPaths, out: TextIO) -> int:
    """`facilitator sessions`."""
    summaries, damaged = SessionStore(paths).summaries()
    for problem in damaged:
        print(_("facilitator: {problem}").format(problem=problem), file=sys.stderr)
    if not summaries:
        print(_("No sessions yet in {folder}.").format(folder=paths.sessions), file=out)
        return 0
    language = current_language()
    finished, still_open = _("finished"), pgettext("session", "open")
    width = max(len(finished), len(still_open))
    for s in summaries:
        when = format_timestamp(s.created_at, language)
        state = finished if s.finished else still_open
        place = f", {s.place}" if s.place else ""
        n = s.entry_count
        entries = ngettext("{n} entry", "{n} entries", n).format(n=f"{n:>4}")
        print(
            f"{s.id:<44} {when}  {state:<{width}} {entries:<14}  {s.title}{place}",
            file=out,
        )
    return 0


def export_command(args: argparse.Namespace, paths: DataPaths, out: TextIO) -> int:
    """`facilitator export SESSION [--out DIR] [--include-confidential]`.

    Prints the written paths, one a line; how many confidential entries were left out
    goes to stderr, so the output stays a list of paths.
    """
    if args.series and args.session:
        raise UserError(_("give a session or --series NAME, not both"))
    if args.series:
        return export_series(args, paths, out)
    if not args.session:
        raise UserError(_("give a session id (see `facilitator sessions`) or --series NAME"))
    store = SessionStore(paths)
    from facilitator.meeting.live import Meeting  # not needed to open the app: loaded here

    meeting = Meeting(store.open(args.session), time.time)
    try:
        folder = Path(args.out).expanduser() if args.out else paths.exports
        writer = meeting.writer(include_confidential=args.include_confidential)
        try:
            written = writer.write(folder)
        except OSError as exc:
            raise UserError(
                _("cannot write to {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc
                )
            ) from exc
    finally:
        meeting.close()
    for path in written:
        print(path, file=out)
    left_out = writer.left_out()
    if left_out:
        print(
            ngettext(
                "{n} confidential entry left out; --include-confidential writes "
                "a separate copy with it.",
                "{n} confidential entries left out; --include-confidential writes "
                "a separate copy with them.",
                left_out,
            ).format(n=left_out),
            file=sys.stderr,
        )
    return 0


def export_series(args: argparse.Namespace, paths: DataPaths, out: TextIO) -> int:
    """`facilitator export --series NAME`: the series' action plan, one file."""
    from facilitator.documents.series_plan import SeriesPlanWriter  # as the store: only here

    series_store = open_series(paths, SessionStore(paths))
    writer = SeriesPlanWriter.of(
        series_store, series_store.find(args.series), include_confidential=args.include_confidential
    )
    folder = Path(args.out).expanduser() if args.out else paths.exports
    try:
        written = writer.write(folder)
    except OSError as exc:
        raise UserError(
            _("cannot write to {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc
            )
        ) from exc
    print(written, file=out)
    return 0


def series_command(args: argparse.Namespace, paths: DataPaths, out: TextIO) -> int:
    """`facilitator series [list|show NAME|new NAME ...]`."""
    sessions = SessionStore(paths)
    series_store = open_series(paths, sessions)
    action = args.series_command or "list"
    if action == "new":
        paths.ensure_writable()
        series = series_store.create(
            args.name,
            SeriesKind(args.kind),
            mentee=args.mentee,
            mentor=args.mentor,
            mentee_city=args.mentee_city,
            mentor_city=args.mentor_city,
            participants=parse_participants(args.participants),
            language=current_language(),
        )
        print(
            _("Created the series `{name}` ({id}).").format(name=series.name, id=series.id),
            file=out,
        )
        return 0
    if action == "show":
        series = series_store.find(args.name)
        print(f"{series.name}  [{series.id}, {series.kind.value}]", file=out)
        people = sorted(series.participants, key=lambda p: sort_key(p.name, current_language()))
        for label, value in (
            (_("Mentee city: {value}"), series.mentee_city),
            (_("Mentor city: {value}"), series.mentor_city),
            (_("Mentee: {value}"), series.mentee),
            (_("Mentor: {value}"), series.mentor),
            (_("Participants: {value}"), format_participants(people)),
        ):
            if value:
                print(label.format(value=value), file=out)
        history, problems = series_store.history(series)
        for problem in problems:
            print(_("facilitator: {problem}").format(problem=problem), file=sys.stderr)
        if not history:
            print(
                _("No sessions yet; `facilitator run AGENDA --series NAME` starts one."), file=out
            )
            return 0
        print("\n" + _("Sessions:"), file=out)
        for info, entries in history:
            live = sum(1 for e in entries if not e.deleted)
            place = f", {info.place}" if info.place else ""
            entry_count = ngettext("{n} entry", "{n} entries", live).format(n=live)
            print(
                f"  {info.series_number}. {format_iso_date(info.date) or info.date}  {info.id}  "
                f"{info.title}{place}  ({entry_count})",
                file=out,
            )
        from facilitator.programme.series import series_plan

        plan = series_plan(history)
        counts = {status: 0 for status in ActionStatus}
        for item in plan:
            if item.entry.action is not None:
                counts[item.entry.action.status] += 1
        words = status_counts()
        print(
            "\n"
            + _("Actions: {n} ({statuses})").format(
                n=len(plan),
                statuses=", ".join(words[status].format(n=n) for status, n in counts.items()),
            ),
            file=out,
        )
        return 0
    every = sorted(series_store.all(), key=lambda s: sort_key(s.name, current_language()))
    if not every:
        print(_("No series yet; `facilitator series new NAME` creates one."), file=out)
        return 0
    summaries, _damaged = sessions.summaries()
    count: dict[str, int] = {}
    for summary in summaries:
        count[summary.series_id] = count.get(summary.series_id, 0) + 1
    for series in every:
        parties = " / ".join(
            p
            for p in (series.mentee_city or series.mentee, series.mentor_city or series.mentor)
            if p
        )
        n = count.get(series.id, 0)
        sessions_shown = ngettext("{n} session", "{n} sessions", n).format(n=f"{n:>3}")
        print(
            f"{series.id}  {series.name:<30} {series.kind.value:<10} "
            f"{sessions_shown:<13}  {parties}",
            file=out,
        )
    return 0


def status_counts() -> dict[ActionStatus, str]:
    """How many actions are in each state: `2 open, 1 done, 0 dropped` (`{n}` the count)."""
    return {
        ActionStatus.OPEN: pgettext("actions", "{n} open"),
        ActionStatus.DONE: pgettext("actions", "{n} done"),
        ActionStatus.DROPPED: pgettext("actions", "{n} dropped"),
    }


def write_crash_log(paths: DataPaths) -> Path:
    """Keep the traceback for whoever debugs it, away from the facilitator's screen."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (paths.root, Path.cwd()):
        log = folder / f"crash-{stamp}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            return log
        except OSError:
            continue
    return Path(_("(no writable folder for the log)"))
