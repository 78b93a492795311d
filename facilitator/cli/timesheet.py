"""`facilitator timesheet SERIES --month YYYY-MM`: a pupil's monthly time sheet, written to
files whose paths are printed one a line; and `facilitator hours SESSION [N]`: a meeting's
minutes and proposed academic hours, or the whole number N confirmed for it."""

from __future__ import annotations

import argparse

from facilitator.cli.context import CliContext, UserError
from facilitator.cli.export import chosen_formats, out_folder, write_refused
from facilitator.i18n import _


def timesheet_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator timesheet SERIES --month YYYY-MM [--out DIR] [--format md,html,docx]`.

    A month without meetings is said in words (exit 1), never written as an empty sheet.
    """
    from facilitator.documents.time_sheet import TimeSheetWriter
    from facilitator.programme.pupil import parse_month
    from facilitator.programme.pupil_records import read_month_sheet

    try:
        month = parse_month(args.month)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    formats = chosen_formats(ctx, args)
    store = ctx.workspace.series
    series = store.find(args.series)
    sheet = read_month_sheet(store, series, month, ctx.now)
    if not sheet.meetings:
        ctx.say(
            _("{pupil} has no meetings in {month}: there is no time sheet to write.").format(
                pupil=series.pupil or series.name, month=month
            ),
            err=True,
        )
        return 1
    folder = out_folder(ctx, args)
    try:
        written = TimeSheetWriter(sheet).write(folder, formats)
    except OSError as exc:
        raise write_refused(folder, exc) from exc
    for path in written:
        ctx.say(path)
    for meeting in sheet.missing:
        ctx.say(
            _(
                "{date} {title}: no confirmed hours; `facilitator hours {id} N` confirms them."
            ).format(date=meeting.info.date, title=meeting.topic, id=meeting.info.id),
            err=True,
        )
    return 0


def hours_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator hours SESSION [N]`: the meeting's minutes, proposed and confirmed hours;
    with N, confirm N whole academic hours for it."""
    from facilitator.meeting.academic_hours import AcademicHours
    from facilitator.programme.pupil_records import confirm_hours, meeting_minutes

    sessions = ctx.workspace.sessions
    session_id = sessions.resolve(args.session)
    if args.hours is not None:
        ctx.paths.ensure_writable()
        from facilitator.storage.lock import SessionLocked

        try:
            info = confirm_hours(sessions, session_id, args.hours)
        except (ValueError, SessionLocked) as exc:
            raise UserError(str(exc)) from exc
        ctx.say(
            _("{title} ({date}): {hours} academic hours confirmed.").format(
                title=info.title, date=info.date, hours=info.hours
            )
        )
        return 0
    session = sessions.open(session_id)
    info = session.info
    session.close()
    minutes = meeting_minutes(sessions, info, ctx.now)
    if minutes is None:
        ctx.say(
            _("{title} ({date}): the meeting has not started.").format(
                title=info.title, date=info.date
            )
        )
    else:
        ctx.say(
            _("{title} ({date}): {minutes} min, proposed {proposed} academic hours.").format(
                title=info.title,
                date=info.date,
                minutes=minutes,
                proposed=AcademicHours(minutes).whole,
            )
        )
    if info.hours is None:
        ctx.say(
            _("No hours confirmed yet; `facilitator hours {id} N` confirms N.").format(id=info.id)
        )
    else:
        ctx.say(_("Confirmed: {hours} academic hours.").format(hours=info.hours))
    return 0
