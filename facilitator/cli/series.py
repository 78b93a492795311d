"""`facilitator series`: list, show and create series of meetings.

The series store, and the series model it loads, are reached through the workspace, which
builds them only when a series command asks: `agendas list` starts without them.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from facilitator.cli.context import CliContext, UserError
from facilitator.i18n import _, current_language, format_iso_date, ngettext, pgettext, sort_key
from facilitator.meeting.participants import format_participants, parse_participants
from facilitator.meeting.session import ActionStatus, Entry, SeriesKind, SessionInfo

if TYPE_CHECKING:
    from facilitator.programme.series import Series


def series_command(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator series [list|show NAME|new NAME ...]`."""
    action = args.series_command or "list"
    if action == "new":
        return new_series(ctx, args)
    if action == "show":
        return show_series(ctx, args.name)
    if action == "set":
        return set_series(ctx, args)
    return list_series(ctx)


def checked_rhythm(text: str) -> str:
    """A rhythm as typed, tidied, once it reads as one.

    Raises:
        UserError: it names no rhythm (the message gives examples).
    """
    from facilitator.programme.rhythm import RhythmError, read_rhythm

    try:
        read_rhythm(text)
    except RhythmError as exc:
        raise UserError(str(exc)) from exc
    return " ".join(text.split())


def set_series(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator series set NAME [--programme NAME] [--rhythm WORDS]`."""
    from dataclasses import replace

    if args.programme is None and args.rhythm is None:
        raise UserError(_("say what to change: --programme NAME or --rhythm WORDS"))
    series_store = ctx.workspace.series
    ctx.paths.ensure_writable()
    series = series_store.find(args.name)
    changed = replace(
        series,
        scheme=series.scheme if args.programme is None else " ".join(args.programme.split()),
        rhythm=series.rhythm if args.rhythm is None else checked_rhythm(args.rhythm),
    )
    series_store.save(changed)
    ctx.say(_("Changed the series `{name}`.").format(name=changed.name))
    print_parties(ctx, changed)
    return 0


def new_series(ctx: CliContext, args: argparse.Namespace) -> int:
    """`facilitator series new NAME [--kind ...] [--mentee ...] ...`."""
    series_store = ctx.workspace.series
    ctx.paths.ensure_writable()
    rhythm = checked_rhythm(args.rhythm)
    series = series_store.create(
        args.name,
        SeriesKind(args.kind),
        mentee=args.mentee,
        mentor=args.mentor,
        mentee_city=args.mentee_city,
        mentor_city=args.mentor_city,
        participants=parse_participants(args.participants),
        language=current_language(),
        school=args.school,
        semester=args.semester,
        scheme=" ".join(args.programme.split()),
        rhythm=rhythm,
    )
    ctx.say(_("Created the series `{name}` ({id}).").format(name=series.name, id=series.id))
    return 0


def show_series(ctx: CliContext, name: str) -> int:
    """`facilitator series show NAME`: who and where, the sessions, the actions' states."""
    series_store = ctx.workspace.series
    series = series_store.find(name)
    print_parties(ctx, series)
    history, problems = series_store.history(series)
    for problem in problems:
        ctx.problem(problem)
    if not history:
        ctx.say(_("No sessions yet; `facilitator run AGENDA --series NAME` starts one."))
        return 0
    print_sessions(ctx, history)
    print_action_counts(ctx, history)
    print_goals(ctx, history)
    return 0


def print_parties(ctx: CliContext, series: Series) -> None:
    """The series' name, id and kind, then each of its cities and people that is set."""
    ctx.say(f"{series.name}  [{series.id}, {series.kind.value}]")
    people = sorted(series.participants, key=lambda p: sort_key(p.name, current_language()))
    for label, value in (
        (_("Mentee city: {value}"), series.mentee_city),
        (_("Mentor city: {value}"), series.mentor_city),
        (
            _("Pupil: {value}") if series.kind is SeriesKind.PUPIL else _("Mentee: {value}"),
            series.mentee,
        ),
        (_("Mentor: {value}"), series.mentor),
        (_("School or youth centre: {value}"), series.school),
        (_("Semester: {value}"), series.semester),
        (_("Programme: {value}"), series.scheme),
        (_("Rhythm: {value}"), series.rhythm),
        (_("Participants: {value}"), format_participants(people)),
    ):
        if value:
            ctx.say(label.format(value=value))


def print_sessions(ctx: CliContext, history: list[tuple[SessionInfo, list[Entry]]]) -> None:
    """One line a session of the series, in order, with its count of entries."""
    ctx.say("\n" + _("Sessions:"))
    for info, entries in history:
        live = sum(1 for e in entries if not e.deleted)
        place = f", {info.place}" if info.place else ""
        entry_count = ngettext("{n} entry", "{n} entries", live).format(n=live)
        ctx.say(
            f"  {info.series_number}. {format_iso_date(info.date) or info.date}  {info.id}  "
            f"{info.title}{place}  ({entry_count})"
        )


def print_action_counts(ctx: CliContext, history: list[tuple[SessionInfo, list[Entry]]]) -> None:
    """How many actions the series' plan holds, and how many are in each state."""
    from facilitator.programme.series import series_plan

    plan = series_plan(history)
    counts = {status: 0 for status in ActionStatus}
    for item in plan:
        if item.entry.action is not None:
            counts[item.entry.action.status] += 1
    words = status_counts()
    ctx.say(
        "\n"
        + _("Actions: {n} ({statuses})").format(
            n=len(plan),
            statuses=", ".join(words[status].format(n=n) for status, n in counts.items()),
        )
    )


def print_goals(ctx: CliContext, history: list[tuple[SessionInfo, list[Entry]]]) -> None:
    """The series' goals, each with its status and the session it was set in; nothing
    when the series set none (confidential ones are left out: a terminal may be shared)."""
    from facilitator.meeting.followup import goal_status_text
    from facilitator.programme.series import series_goals

    goals = [item for item in series_goals(history) if not item.entry.confidential]
    if not goals:
        return
    ctx.say("\n" + _("Goals:"))
    for item in goals:
        status = goal_status_text(item.entry.goal.status, pgettext) if item.entry.goal else ""
        set_in = _("set in session {n}").format(n=item.origin.session_number)
        ctx.say(f"  {' '.join(item.entry.text.split())}: {status} ({set_in})")


def status_counts() -> dict[ActionStatus, str]:
    """How many actions are in each state: `2 open, 1 done, 0 dropped` (`{n}` the count)."""
    return {
        ActionStatus.OPEN: pgettext("actions", "{n} open"),
        ActionStatus.DONE: pgettext("actions", "{n} done"),
        ActionStatus.DROPPED: pgettext("actions", "{n} dropped"),
    }


def list_series(ctx: CliContext) -> int:
    """`facilitator series [list]`: each series, its kind, its sessions, its two parties."""
    every = sorted(ctx.workspace.series.all(), key=lambda s: sort_key(s.name, current_language()))
    if not every:
        ctx.say(_("No series yet; `facilitator series new NAME` creates one."))
        return 0
    summaries, _damaged = ctx.workspace.sessions.summaries()
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
        ctx.say(
            f"{series.id}  {series.name:<30} {series.kind.value:<10} "
            f"{sessions_shown:<13}  {parties}"
        )
    return 0
