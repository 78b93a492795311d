"""The run screen's capture and entry keys: the capture line (a typed line becomes an
entry at once), moving into the entries or the action plan to change one (`EntryAct`), the
entry form, undo, the meeting's details, and hiding what was typed from the projection.

A part of `RunScreen` (a mixin on `RunBase`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.timer import Timer
from textual.widgets import Static

from facilitator.agenda.model import CLOSED_QUESTION
from facilitator.i18n import N_, _, format_iso_date, pgettext
from facilitator.meeting.capture import MAX_ENTRY_CHARS, CaptureError
from facilitator.meeting.draft import DELAY_S as DRAFT_DELAY_S
from facilitator.meeting.followup import goal_status_text
from facilitator.meeting.kinds import KINDS
from facilitator.meeting.live import SaveFailed
from facilitator.meeting.participants import over_limit
from facilitator.meeting.session import (
    ActionStatus,
    EntryKind,
    GoalStatus,
    MeetingDetails,
    NextMeeting,
)
from facilitator.screens.run_base import RunBase, sentence
from facilitator.widgets.capture import CaptureInput, CaptureLine
from facilitator.widgets.entries import EntryAct
from facilitator.widgets.entry_list import EntryList
from facilitator.widgets.plan import ActionPlanTable

if TYPE_CHECKING:
    from facilitator.screens.entry import EntryEdit

NOW_STATUS = {
    ActionStatus.OPEN: N_("The action is open again. Ctrl+Z takes it back."),
    ActionStatus.DONE: N_("The action is done. Ctrl+Z takes it back."),
    ActionStatus.DROPPED: N_("The action is dropped. Ctrl+Z takes it back."),
}


class EntryControls(RunBase):
    """What the capture line and the entry keys do, and what may be shown of it."""

    def action_privacy(self) -> None:
        """Hide or show everything captured, at once."""
        self.private = not self.private
        self._mask_line()
        self.say(_("Notes are hidden from the screen.") if self.private else _("Notes are shown."))
        self.refresh_all()

    def action_reveal(self) -> None:
        """Show or hide the text of confidential entries on the screen."""
        self.reveal = not self.reveal
        self._mask_line()
        self.say(
            _("Confidential entries are shown: Ctrl+R hides them again.")
            if self.reveal
            else _("Confidential entries are hidden from the screen.")
        )
        self.refresh_all()

    def _mask_line(self) -> None:
        """What is being typed is captured text too: mask it while the screen must not
        show it (all notes hidden, or a confidential line while those are hidden)."""
        capture = self.query_one(CaptureLine)
        capture.input.password = self.private or (capture.is_confidential and not self.reveal)

    @on(CaptureLine.Changed)
    def _line_changed(self, event: CaptureLine.Changed) -> None:
        self._mask_line()
        # Kept on disk a moment after the last key, so a crash does not lose the line.
        self.meeting.draft.changed(event.capture.input.value, event.capture.confidential)
        self._plan_draft()

    _draft_timer: Timer | None = None

    def _plan_draft(self) -> None:
        """Wake up when the draft is due to be written (an earlier plan is dropped)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        due = self.meeting.draft.due_in()
        if due is not None:
            wait = DRAFT_DELAY_S if self.meeting.draft.failed else max(due, 0.02)
            self._draft_timer = self.set_timer(wait, self._draft_due)

    def _draft_due(self) -> None:
        self._draft_timer = None
        self.meeting.draft.write_if_due()
        self._plan_draft()  # still waiting: the clock has not reached it, or the disk refused

    def restore_draft(self) -> None:
        """Put back the line that was being typed when the app last stopped."""
        draft = self.meeting.draft_to_restore()
        if draft is None:
            return
        capture = self.query_one(CaptureLine)
        capture.input.value = draft.text
        capture.input.cursor_position = len(draft.text)
        capture.confidential = draft.confidential
        self.say(_("The line you were typing is back: Enter saves it."))

    @on(CaptureInput.TooLong)
    def _paste_too_long(self, event: CaptureInput.TooLong) -> None:
        self.say(
            _(
                "Not pasted: an entry holds at most {limit} characters and the line would "
                "have {length}. The text is still on your clipboard."
            ).format(
                limit=MAX_ENTRY_CHARS,
                length=event.length + len(self.query_one(CaptureLine).input.value),
            ),
            error=True,
        )

    def action_to_entries(self) -> None:
        """Move from the capture line into the entries (or the action plan)."""
        target: EntryList | ActionPlanTable = (
            self.query_one(ActionPlanTable)
            if self.has_class("-plan")
            else self.query_one(EntryList)
        )
        if self.private:
            self.say(_("Notes are hidden: F4 shows them before they can be changed."), error=True)
            return
        if not target.enter():
            self.say(_("Nothing captured in this block yet."))
            return
        if isinstance(target, ActionPlanTable):
            self.say(_("Arrows choose a cell · Enter fills it in · s status · d delete · Esc back"))
        else:
            self.say(_("↑↓ choose · Enter edit · k kind · c confidential · d delete · Esc back"))

    @on(EntryList.Leave)
    @on(ActionPlanTable.Leave)
    def _back_to_typing(self) -> None:
        self.query_one(CaptureLine).input.focus()
        self.say("")

    @on(EntryAct)
    def _act_on_entry(self, event: EntryAct) -> None:
        meeting = self.meeting
        entry_id = event.entry_id
        try:
            match event.action:
                case "edit":
                    self._open_entry_form(entry_id, event.field)
                    return
                case "kind":
                    entry = meeting.next_kind(entry_id)
                    self.say(_(KINDS[entry.kind].now))
                case "confidential":
                    entry = meeting.toggle_confidential(entry_id)
                    self.say(
                        _("The entry is confidential. Ctrl+Z takes it back.")
                        if entry.confidential
                        else _("The entry is no longer confidential. Ctrl+Z takes it back.")
                    )
                case "concern":
                    entry, raised = meeting.toggle_concern(entry_id)
                    if raised is not None:
                        self.say(
                            _(
                                "A concern to report, confidential; an action to inform the "
                                "services is in the plan. Ctrl+Z takes both back."
                            )
                        )
                    else:
                        self.say(
                            _(
                                "No longer a concern to report (still confidential; its action "
                                "stays in the plan). Ctrl+Z takes it back."
                            )
                        )
                case "delete":
                    meeting.delete(entry_id)
                    self.say(_("Deleted. Ctrl+Z brings it back."))
                case "status":
                    self._step_status(entry_id)
        except CaptureError as exc:
            self.say(sentence(str(exc)), error=True)
        except SaveFailed as exc:
            self._not_saved(exc)
        self.refresh_all()

    def _step_status(self, entry_id: str) -> None:
        """The status key: an action open → done → dropped, a goal achieved → partly
        achieved → to continue → dropped → set, a question answered or open again; any
        other entry says what the key is for."""
        meeting = self.meeting
        entry = meeting.entry(entry_id)
        if entry.kind is EntryKind.ACTION:
            statuses = list(ActionStatus)
            current = entry.action.status if entry.action else ActionStatus.OPEN
            following = statuses[(statuses.index(current) + 1) % len(statuses)]
            meeting.set_status(entry_id, following)
            self.say(_(NOW_STATUS[following]))
        elif entry.kind is EntryKind.GOAL:
            goals = list(GoalStatus)
            now = entry.goal.status if entry.goal else GoalStatus.OPEN
            step = goals[(goals.index(now) + 1) % len(goals)]
            meeting.set_goal_status(entry_id, step)
            self.say(
                _("The goal: {status}. s again for the next · Enter for a progress note.").format(
                    status=goal_status_text(step, pgettext)
                )
            )
        elif entry.kind is EntryKind.QUESTION:
            answered = not (entry.question is not None and entry.question.answered)
            meeting.answer(entry_id, answered)
            self.say(
                _("The question is answered: Enter types the answer. Ctrl+Z takes it back.")
                if answered
                else _("The question is open again. Ctrl+Z takes it back.")
            )
        else:
            kind = _(KINDS[entry.kind].label).lower()
            self.say(
                _(
                    "s sets the status of a goal, a question or an action; this entry is a "
                    "{kind}. k changes its kind."
                ).format(kind=kind),
                error=True,
            )

    def _open_entry_form(self, entry_id: str, field: str = "text") -> None:
        from facilitator.screens.entry import EntryDialog

        def save(edit: EntryEdit) -> str | None:
            try:
                self.meeting.edit(
                    entry_id,
                    text=edit.text,
                    kind=edit.kind,
                    confidential=edit.confidential,
                    action=edit.action,
                    goal=edit.goal,
                    question=edit.question,
                )
            except CaptureError as exc:
                return str(exc)
            except SaveFailed as exc:
                self._not_saved(exc)
            return None

        def closed(saved: bool | None) -> None:
            if saved:
                self.say(_("Changed. Ctrl+Z takes it back."))
            self.refresh_all()

        self.app.push_screen(EntryDialog(self.meeting.entry(entry_id), save, field), closed)

    def action_details(self) -> None:
        """Change the meeting's details: title, date, place, cities, people, attendance."""
        from facilitator.screens.details import DetailsDialog

        def changed(details: MeetingDetails | None) -> None:
            if details is None:
                return
            try:
                self.meeting.update_details(details)
            except SaveFailed as exc:
                self._not_saved(exc)
            else:
                info = self.meeting.session.info
                crowded = over_limit(info.participants, info.agenda.max_participants)
                saved = _("The meeting's details are saved.")
                self.say(saved if crowded is None else f"{saved} {crowded}", error=bool(crowded))
            info = self.meeting.session.info
            self.query_one("#meeting-title", Static).update(info.title)

        self.app.push_screen(DetailsDialog(self.meeting.session.info.details()), changed)

    def action_next_meeting(self) -> None:
        """Agree the next meeting: date, time, place and what to prepare (the last block)."""
        from datetime import datetime

        from facilitator.screens.next_meeting import NextMeetingDialog

        meeting = self.meeting
        form = meeting.next_meeting_form(self.proposed_next_date())

        def save(agreed: NextMeeting) -> str | None:
            try:
                meeting.set_next_meeting(agreed)
            except SaveFailed as exc:
                self._not_saved(exc)
            return None

        def saved(agreed: NextMeeting | None) -> None:
            if agreed is None or meeting.details_unsaved:
                return  # a refused write said so already; it is saved again later
            when = format_iso_date(agreed.date) or agreed.date
            if agreed.start:
                when += " " + agreed.start
            self.say(
                _(
                    "The next meeting is saved: {when}. The export adds it as a calendar file."
                ).format(when=when)
            )

        today = datetime.fromtimestamp(meeting.now()).date()
        self.app.push_screen(NextMeetingDialog(form, today, save), saved)

    def proposed_next_date(self) -> str:
        """The date the next-meeting form proposes (ISO): the one the series' rhythm gives
        after this meeting's date; empty outside a series or without a rhythm."""
        from facilitator.programme.series import next_after
        from facilitator.storage.guarded import StoreError

        info = self.meeting.session.info
        workspace = getattr(self.app, "workspace", None)
        if not info.series_id or workspace is None:
            return ""
        try:
            series = workspace.series.find(info.series_id)
        except (StoreError, OSError):
            return ""
        return next_after(series, info)

    def action_undo(self) -> None:
        """Take back the last change to an entry, or the last clock operation."""
        try:
            done = self.meeting.undo(
                hidden=lambda entry: self.private or (entry.confidential and not self.reveal)
            )
        except SaveFailed as exc:
            self._not_saved(exc)
            self.refresh_all()
            return
        self.say(done or _("Nothing to undo."))
        self.refresh_all()

    @on(CaptureLine.Submitted)
    def _capture(self, event: CaptureLine.Submitted) -> None:
        try:
            entry = self.meeting.capture(event.text)
        except CaptureError as exc:
            self.say(
                _("{problem} Your text is still in the line.").format(problem=sentence(str(exc))),
                error=True,
            )
            return
        except SaveFailed as exc:
            # The entry is kept in memory, with its block, and shown as not saved.
            event.capture.clear()
            self.meeting.draft.sent()
            self._not_saved(exc)
            self.refresh_all()
            return
        event.capture.clear()
        self.meeting.draft.sent()
        words = KINDS[entry.kind]
        saved = words.saved_confidential if entry.confidential else words.saved
        message = _(saved).format(number=entry.block_index + 1)
        block = self.meeting.blocks[entry.block_index]
        answer = entry.text.strip()
        if block.record == CLOSED_QUESTION and answer.isdigit():
            index = int(answer) - 1
            if 0 <= index < len(block.prompts):
                message = _("Answer {number}: {choice}. Another number changes it.").format(
                    number=index + 1, choice=block.prompts[index]
                )
        if entry.kind is EntryKind.ACTION:
            message += " " + _("↑ then Enter fills in its result, resources and measure.")
        if entry.field:
            message = _("Filled in “{field}” of the form “{form}”.").format(
                field=entry.field, form=block.form_of(entry.field)
            )
        self.say(message)
        self.refresh_all()
