"""A session made ready to run: created (alone, or as the next of a series) or opened for
writing, with what the facilitator should be told about it.

The app's home screen and `facilitator run` both come here; the stores' errors that mean
"not now" (the session is open in another window, it cannot be found or read, the disk
refused) become a refusal with its notice instead of an exception, and each caller shows
the notices its own way: the app as notifications, the command line as lines on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from facilitator.agenda.model import Agenda
from facilitator.errors import os_reason
from facilitator.i18n import _
from facilitator.meeting.participants import over_limit
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.guarded import StoreError
from facilitator.storage.lock import SessionLocked
from facilitator.storage.session_file import StoredSession
from facilitator.workspace import Workspace

if TYPE_CHECKING:
    from facilitator.programme.series import Series


class NoticeKind(Enum):
    """What a notice is about; the caller decides how loud and how long it is shown."""

    RECOVERED = "recovered"
    """A damaged file was replaced by its last good copy."""
    MIGRATED = "migrated"
    """The session was saved by an older version and has been updated."""
    NOT_OPENED = "not-opened"
    """The session could not be opened: locked by another window, unknown, damaged."""
    NOT_CREATED = "not-created"
    """The session could not be created: the disk, the series, its lock refused."""
    RULE = "rule"
    """A programme's rule the meeting goes past (a pupil's 20 hours in a month, a 7th
    pupil in a semester, two pupils at once): a warning, the meeting is created."""


@dataclass(frozen=True)
class Notice:
    """One thing to tell the facilitator, in the UI language."""

    kind: NoticeKind
    text: str


@dataclass
class Launch:
    """The outcome: a session to run (the caller closes it), or the refusal that stopped
    it; and the notices, in the order they should be shown."""

    session: StoredSession | None
    notices: list[Notice] = field(default_factory=list)
    refusal: Exception | None = None
    """The store's error when there is no session (the notices say it in words)."""
    review_added: bool = False
    """A review block was put at the start of the agenda for the series' open actions."""


def open_to_run(workspace: Workspace, session_id: str) -> Launch:
    """Open a stored session for writing (its lock taken), by its id or a unique beginning
    of it; told: a damaged file's last good copy used, an older file updated."""
    try:
        session = workspace.sessions.open(session_id, write=True)
    except (StoreError, SessionLocked) as exc:
        return Launch(None, [Notice(NoticeKind.NOT_OPENED, str(exc))], refusal=exc)
    except OSError as exc:
        # A read-only or full disk refuses the lock (or the update of an older file).
        text = _("The session could not be opened for writing in {folder}: {reason}").format(
            folder=workspace.paths.sessions, reason=os_reason(exc)
        )
        return Launch(None, [Notice(NoticeKind.NOT_OPENED, text)], refusal=exc)
    notices: list[Notice] = []
    if session.recovery is not None:
        notices.append(Notice(NoticeKind.RECOVERED, session.recovery.describe()))
    if session.migrated_from is not None:
        notices.append(
            Notice(
                NoticeKind.MIGRATED,
                _(
                    "This session was saved by an older version of facilitator and has been "
                    "updated; the original is kept in {folder}."
                ).format(folder=workspace.paths.migrated),
            )
        )
    return Launch(session, notices)


def create_to_run(
    workspace: Workspace,
    agenda: Agenda,
    details: MeetingDetails,
    *,
    series: str = "",
    add_review: bool = False,
) -> Launch:
    """Create a session on `agenda`; with `series` (a name or an id), the next session of
    that series, the open actions of its earlier sessions carried over.

    `add_review`: put a review block at the start of the agenda when the series has open
    actions and the agenda no such block (`SeriesStore.start_session`); the command line
    asks for it, the start dialog has already shown one.

    The series files replaced by their last good copy on the way are told once: the
    series store's `recoveries` are emptied into the notices. When the session cannot be
    made they are left in the store, for whoever reports them later.
    """
    rules: list[str] = []
    try:
        if series:
            store = workspace.series
            chosen = store.find(series)
            session = store.start_session(chosen, agenda, details, add_review=add_review)
            rules = rule_warnings(workspace, chosen, session)
        else:
            session = workspace.sessions.create(agenda, details)
    except (OSError, StoreError, SessionLocked) as exc:
        text = _("The meeting could not be created in {folder}: {reason}").format(
            folder=workspace.paths.sessions, reason=os_reason(exc)
        )
        return Launch(None, [Notice(NoticeKind.NOT_CREATED, text)], refusal=exc)
    crowded = over_limit(session.info.participants, agenda.max_participants)
    if crowded is not None:
        rules.append(crowded)
    if not series:
        return Launch(session, [Notice(NoticeKind.RULE, text) for text in rules])
    recoveries = workspace.series.recoveries
    notices = [Notice(NoticeKind.RECOVERED, recovery.describe()) for recovery in recoveries]
    notices += [Notice(NoticeKind.RULE, text) for text in rules]
    recoveries.clear()
    review_added = len(session.info.agenda.blocks) > len(agenda.blocks)
    return Launch(session, notices, review_added=review_added)


def rule_warnings(workspace: Workspace, series: Series, session: StoredSession) -> list[str]:
    """The programme's rules the new session of a pupil's series goes past (warnings);
    none when the series' sessions cannot all be read (that is said elsewhere)."""
    from facilitator.programme.pupil_records import warnings_before_start

    info = session.info
    try:
        return warnings_before_start(
            workspace.series, series, info.agenda, info.participants, info.date, workspace.now
        )
    except (OSError, StoreError):
        return []
