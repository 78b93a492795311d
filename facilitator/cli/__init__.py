"""The `facilitator` command line.

Every user mistake ends in one clear line and exit status 2; an unexpected failure ends in
one line naming the log file that holds the details. No traceback reaches the terminal.

Each command is one function of a `CliContext` and the parsed arguments, in the module of
its seam: `agendas`, `sessions`, `series`, `export`; the commands that open the app (`run`,
`demo`, none at all) are here, the one part of the command line that reaches the UI. The
parser is in `parser`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli.agendas import agendas_command, pick_agenda
from facilitator.cli.context import CliContext, UserError
from facilitator.cli.evaluation import evaluation_command
from facilitator.cli.export import export_command
from facilitator.cli.parser import build_parser, repair_text_arguments, speak_language
from facilitator.cli.report import report_command
from facilitator.cli.room import room_session
from facilitator.cli.series import series_command
from facilitator.cli.sessions import sessions_command
from facilitator.cli.timesheet import hours_command, timesheet_command
from facilitator.i18n import _, current_language
from facilitator.meeting.participants import parse_participants
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.launch import NoticeKind, create_to_run
from facilitator.storage.guarded import StoreError
from facilitator.storage.paths import DataDirError, DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from facilitator.app import StartRequest

__all__ = ["EXIT_USAGE", "CliContext", "UserError", "build_parser", "dispatch", "main"]

EXIT_USAGE = 2

COMMANDS: dict[str, Callable[[CliContext, argparse.Namespace], int]] = {
    "agendas": agendas_command,
    "sessions": sessions_command,
    "export": export_command,
    "series": series_command,
    "timesheet": timesheet_command,
    "hours": hours_command,
    "report": report_command,
    "evaluation": evaluation_command,
}
"""The commands that do their work and end; the others open the app."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    speak_language(argv)
    args = build_parser().parse_args(argv)
    ctx = CliContext(DataPaths(resolve_data_dir(args.data_dir)))
    for text in repair_text_arguments(args):
        ctx.problem(
            _(
                "“{text}” held bytes that are not UTF-8 text (a terminal in another "
                "encoding?); each is kept as �"
            ).format(text=text)
        )
    try:
        return dispatch(ctx, args)
    except (UserError, DataDirError, StoreError) as exc:
        ctx.problem(exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `facilitator agendas | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), ctx.out.fileno())
        return 0
    except Exception:
        log = write_crash_log(ctx.paths)
        ctx.say(
            _(
                "facilitator: something went wrong; the details are in {log}. "
                "Your sessions are stored safely."
            ).format(log=log),
            err=True,
        )
        return 1
    finally:
        ctx.report_recoveries()


def dispatch(ctx: CliContext, args: argparse.Namespace) -> int:
    """Carry out one parsed command."""
    if args.command == "room":
        return room_command(ctx, args)
    command = COMMANDS.get(args.command, app_command)
    return command(ctx, args)


@contextlib.contextmanager
def settled_heap() -> Iterator[None]:
    """While the app runs, the garbage collector takes everything made before it for
    lasting: the modules, their classes and tables, the parsed arguments.

    Entered once the app's modules are loaded, just before the app is built. Without it,
    the first full collection during start-up walks every object the imports made
    (Textual's, Rich's and ours: some 50,000) and took ~25 ms of a ~100 ms start
    (bench/startup.py); meanwhile collections look only at what the app makes. Left when
    the app has closed, so that a process which goes on (a test calling `main`) can
    collect what it had made before as usual.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def room_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator room [SESSION]`: the read-only room view, for a second window."""
    session_file = room_session(ctx, args)
    from facilitator.screens.room_app import RoomApp  # the UI loads only when needed

    with settled_heap():
        app = RoomApp(ctx.paths, session_file, now=ctx.now, language=getattr(args, "lang", None))
        app.run()
    return app.return_code or 0


def app_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator` (the home screen), `facilitator run AGENDA`, `facilitator demo`: the
    app, then the paths of the files exported in it."""
    ctx.paths.ensure_writable()
    from facilitator.app import StartRequest, make_app  # the UI loads only when needed

    # The home screen reads the agendas in a worker; `run` and `demo` need one right away.
    library = AgendaLibrary.discover(ctx.paths) if args.command in ("run", "demo") else None
    start: StartRequest | None = None
    if args.command == "run":
        assert library is not None
        start = run_request(ctx, args, library)
    elif args.command == "demo":
        assert library is not None
        start = StartRequest(agenda=pick_agenda(f"demo-{current_language()}", library))
    with settled_heap():
        app = make_app(
            ctx.paths,
            library=library,
            start=start,
            now=ctx.now,
            language=getattr(args, "lang", None),
        )
        app.run()
    for path in app.exported:
        ctx.say(path)
    return app.return_code or 0


def run_request(ctx: CliContext, args: argparse.Namespace, library: AgendaLibrary) -> StartRequest:
    """The meeting `facilitator run` starts: with `--series`, its session is created here
    (a review block added for the open actions it carries over) and the app opens it."""
    from facilitator.app import StartRequest  # loaded already: `app_command` runs the app

    details = MeetingDetails(
        title=args.title,
        place=args.place,
        facilitator=args.facilitator,
        participants=parse_participants(args.participants),
    )
    agenda = pick_agenda(args.agenda, library)
    if not args.series:
        return StartRequest(agenda, details)
    launch = create_to_run(ctx.workspace, agenda, details, series=args.series, add_review=True)
    if launch.session is None:
        assert launch.refusal is not None
        # As the store raised it, so `main` says it as before: a store's refusal in one
        # line (exit 2), a disk's or a lock's in the crash log.
        raise launch.refusal
    # A rule the meeting goes past is told on its screen; the rest after the app.
    rules = [notice for notice in launch.notices if notice.kind is NoticeKind.RULE]
    ctx.later.extend(notice.text for notice in launch.notices if notice not in rules)
    launch.session.close()  # the app opens it again, with its lock
    return StartRequest(agenda, details, session_id=launch.session.id, notices=rules)


def write_crash_log(paths: DataPaths) -> Path:
    """Keep the traceback for whoever debugs it, away from the facilitator's screen.

    Each log is a new file of a name no other has (two crashes in one second keep both),
    made only if nothing, not even a symbolic link, is under that name (`mkstemp`:
    O_CREAT | O_EXCL), readable by the user alone.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = traceback.format_exc().encode("utf-8", "backslashreplace")
    for folder in (paths.root, Path.cwd()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=folder)
        except OSError:
            continue
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(name)
            continue
        return Path(name)
    return Path(_("(no writable folder for the log)"))
