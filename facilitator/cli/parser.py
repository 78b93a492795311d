"""The command line's words: the language chosen before anything is said, and the argument
parser, one builder per command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

from facilitator import __version__
from facilitator.i18n import LANGUAGES, N_, _, choose_language, ngettext
from facilitator.i18n import set_language as use_language
from facilitator.meeting.session import SeriesKind
from facilitator.storage.paths import DataDirError, DataPaths, resolve_data_dir
from facilitator.terminal import terminal_text, typed_text

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""What `add_subparsers` returns: the commands (or a command's actions) to add to."""

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


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose help and errors (which quote what was typed) reach the
    terminal cleaned of control characters, as everything the command line prints."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(terminal_text(message) if message else message, file)


TEXT_ARGUMENTS = frozenset(
    (
        "title",
        "place",
        "facilitator",
        "participants",
        "series",
        "name",
        "mentee",
        "mentor",
        "school",
        "semester",
        "month",
        "mentee_city",
        "mentor_city",
        "session",
        "format",
    )
)
"""The arguments that are text to store or to look up, not paths: a byte in them that is
not UTF-8 text is replaced (`repair_text_arguments`). A path keeps its bytes: the file it
names may have exactly that name."""


def repair_text_arguments(args: argparse.Namespace) -> list[str]:
    """Replace each byte that is not text (a lone surrogate from `surrogateescape`: a
    Latin-1 terminal, `$'bad \\xff'`) in the text arguments by U+FFFD, in place, so the
    text can be stored and shown; return the arguments as kept, for a warning."""
    repaired: list[str] = []
    for key in TEXT_ARGUMENTS:
        value = getattr(args, key, None)
        if isinstance(value, str):
            text, changed = typed_text(value)
            if changed:
                setattr(args, key, text)
                repaired.append(text)
    return sorted(repaired)


def speak_language(argv: Sequence[str] | None) -> str:
    """Choose the UI language before anything is said: `--lang` (anywhere on the command
    line), else the preference saved in the data folder, else the system locale."""
    early = Parser(add_help=False)
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


def language_option() -> argparse.ArgumentParser:
    """`--lang`, accepted before or after any command (a parent of every parser)."""
    language: argparse.ArgumentParser = Parser(add_help=False)
    language.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_(
            "language of the app: en or lv (default: the one chosen in the app, else the system's)"
        ),
    )
    return language


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one help text per command."""
    language = language_option()
    # Typed as argparse's: its commands, made by `add_subparsers`, are `Parser`s too.
    parser: argparse.ArgumentParser = Parser(
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
    add_run(commands, language)
    add_series(commands, language)
    add_agendas(commands, language)
    commands.add_parser(
        "sessions", parents=[language], help=_("list stored sessions, newest first")
    )
    add_export(commands, language)
    add_timesheet(commands, language)
    report = commands.add_parser(
        "report",
        parents=[language],
        help=_("hours per mentor, pupil and month, and open actions, over a folder of sessions"),
    )
    report.add_argument(
        "folder",
        metavar="FOLDER",
        nargs="?",
        help=_("a data folder or a folder of session files, only read (default: the data folder)"),
    )
    report.add_argument("--csv", action="store_true", help=_("print CSV instead of a table"))
    commands.add_parser(
        "demo", parents=[language], help=_("a two-minute tour on an agenda of short blocks")
    )
    room = commands.add_parser(
        "room",
        parents=[language],
        help=_(
            "a read-only room view of a meeting, for a second window on the projector: "
            "it follows the session live and never shows a confidential entry"
        ),
    )
    room.add_argument(
        "session",
        metavar="SESSION",
        nargs="?",
        help=_("session id, or its unique beginning (default: the meeting running now)"),
    )
    return parser


def add_run(commands: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator run AGENDA [--title ...] [--series NAME]`."""
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


def add_series(commands: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator series [list | show NAME | new NAME ...]`."""
    series = commands.add_parser(
        "series", parents=[language], help=_("list, show or create series of meetings")
    )
    series_cmd = series.add_subparsers(dest="series_command", metavar="ACTION")
    series_cmd.add_parser("list", parents=[language], help=_("list the series (default)"))
    series_show = series_cmd.add_parser(
        "show", parents=[language], help=_("a series' sessions and actions")
    )
    series_show.add_argument("name", metavar="NAME", help=_("the series' name (any case) or id"))
    add_series_new(series_cmd, language)
    series_set = series_cmd.add_parser(
        "set", parents=[language], help=_("change a series' programme or rhythm")
    )
    series_set.add_argument("name", metavar="NAME", help=_("the series' name (any case) or id"))
    add_programme_and_rhythm(series_set, None)


def add_programme_and_rhythm(parser: argparse.ArgumentParser, default: str | None) -> None:
    """`--programme NAME` and `--rhythm WORDS` of `series new` and `series set`."""
    parser.add_argument(
        "--programme",
        "--scheme",
        default=default,
        metavar="NAME",
        help=_("the programme (mentoring scheme) named in the action plans' header"),
    )
    parser.add_argument(
        "--rhythm",
        default=default,
        metavar="WORDS",
        help=_(
            'how often it meets, e.g. "weekly", "every second Tuesday", "monthly", '
            '"the first Monday of the month": the next meeting\'s date is proposed from it'
        ),
    )


def add_series_new(actions: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator series new NAME [--kind ...] [--mentee ...] ...`."""
    series_new = actions.add_parser("new", parents=[language], help=_("create a series"))
    series_new.add_argument("name", metavar="NAME", help=_("the series' name"))
    series_new.add_argument(
        "--kind",
        choices=[k.value for k in SeriesKind],
        default=SeriesKind.MENTORING.value,
        help=_(
            "visits between two cities, mentoring of one mentee, a programme, or a pupil's "
            "mentoring in a semester (counted in academic hours, with a monthly time sheet)"
        ),
    )
    series_new.add_argument(
        "--mentee", "--pupil", default="", help=_("the mentee, or the pupil (a person)")
    )
    series_new.add_argument("--mentor", default="", help=_("the mentor (a person)"))
    series_new.add_argument("--mentee-city", default="", help=_("the mentee city"))
    series_new.add_argument("--mentor-city", default="", help=_("the mentor city"))
    series_new.add_argument(
        "--school", default="", help=_("a pupil's series: the school or youth centre")
    )
    series_new.add_argument(
        "--semester", default="", help=_("a pupil's series: the semester, e.g. 2026/27 I")
    )
    series_new.add_argument(
        "--participants",
        default="",
        metavar="LIST",
        help=_('the usual participants, e.g. "Ilze (coordinator), Jānis (mentor)"'),
    )
    add_programme_and_rhythm(series_new, "")


def add_agendas(commands: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator agendas [list | show ID | check [PATH ...]]`."""
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


def add_export(commands: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator export [SESSION | --series NAME] [--out DIR] [--format md,html,docx]
    [--include-confidential]`."""
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
    add_output(export)
    export.add_argument(
        "--include-confidential",
        action="store_true",
        help=_("also include entries marked confidential (a separate ...-confidential-... copy)"),
    )


def add_output(command: argparse.ArgumentParser) -> None:
    """`--out DIR` and `--format FORMATS`, for a command that writes documents."""
    command.add_argument(
        "--out", metavar="DIR", help=_("folder to write to (default: data/exports)")
    )
    command.add_argument(
        "--format",
        metavar="FORMATS",
        help=_(
            "formats to write, separated by commas: md, html, docx (default: Markdown and "
            "the formats picked at the last export)"
        ),
    )


def add_timesheet(commands: Commands, language: argparse.ArgumentParser) -> None:
    """`facilitator timesheet SERIES --month YYYY-MM [--out DIR] [--format ...]` and
    `facilitator hours SESSION [N]`."""
    sheet = commands.add_parser(
        "timesheet", parents=[language], help=_("write a pupil's monthly time sheet")
    )
    sheet.add_argument("series", metavar="SERIES", help=_("the pupil's series (name or id)"))
    sheet.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month"))
    add_output(sheet)
    evaluation = commands.add_parser(
        "evaluation",
        parents=[language],
        help=_("write the mentor's end-of-semester evaluation with the semester's totals"),
    )
    evaluation.add_argument(
        "session", metavar="SESSION", help=_("the evaluation's session id, or its beginning")
    )
    evaluation.add_argument(
        "--semester",
        default="",
        help=_("the semester (default: that of the mentor's latest pupil's series)"),
    )
    add_output(evaluation)
    hours = commands.add_parser(
        "hours",
        parents=[language],
        help=_("a meeting's minutes and proposed academic hours; with N, confirm N"),
    )
    hours.add_argument("session", metavar="SESSION", help=_("session id, or its unique beginning"))
    hours.add_argument(
        "hours", metavar="N", nargs="?", type=int, help=_("the whole academic hours to confirm")
    )
