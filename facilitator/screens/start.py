"""Before a meeting starts: its title, date, place, facilitator and who is there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from textual import on
from textual.binding import Binding
from textual.widgets import Button, Static

from facilitator.agenda.model import Agenda, blocks_text
from facilitator.i18n import N_, _
from facilitator.meeting.session import Entry, MeetingDetails, SessionInfo
from facilitator.programme.series import (
    Series,
    open_items,
    proposed_date,
    review_block,
    with_review_block,
)
from facilitator.programme.series_store import SeriesError, SeriesStore
from facilitator.screens.base import notify_recoveries
from facilitator.screens.details import DetailsFormDialog
from facilitator.widgets.details import DetailsError, DetailsForm

StartChoice = tuple[Agenda, MeetingDetails, str]
"""The agenda copy, the details and the id of the series the meeting is in (or empty)."""


class StartDialog(DetailsFormDialog[StartChoice | None]):
    """Asks for the meeting's details; Enter in the last field (or the button) starts it.

    The result carries the session's own copy of the agenda, adjusted or not, and the series
    the meeting belongs to. F3 steps through the series: the one picked fills in the
    details where they are empty (what was typed stays) and, when it has open actions,
    puts its review block at the agenda's start (F2 can drop it again); the blocks as
    adjusted with F2 stay.
    """

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="cancel"),
        Binding("f2", "adjust", N_("Adjust blocks"), id="adjust"),
        Binding(
            "f3",
            "series",
            N_("In series"),
            id="series",
            tooltip=N_("Make this meeting the next session of a series (F3 again: the next one)."),
        ),
    ]

    def __init__(self, agenda: Agenda, series: SeriesStore | None = None, today: str = "") -> None:
        """`today` (ISO) is the date proposed, and the agenda's programme; the facilitator
        may change them."""
        super().__init__(
            MeetingDetails(
                title=agenda.title,
                language=agenda.language,
                date=today,
                scheme=agenda.programme,
            )
        )
        self.agenda = agenda
        self.today = today
        self.series_store = series
        self.series: Series | None = None
        """The series the meeting will be in, if any."""
        self._all_series: list[Series] | None = None
        self._review_added = False
        """Whether the agenda's review block was put there for the series."""
        self._before_series: MeetingDetails | None = None
        """The details as typed before a series filled some in."""
        self._filled: MeetingDetails | None = None
        """The details as the current series filled them in."""

    def heading(self) -> str:
        agenda = self.agenda
        blocks = blocks_text(len(agenda.blocks))
        text = f"{agenda.title} · {agenda.total.describe()} · {blocks}"
        if self.series:
            return _("{agenda} · in series {series}").format(agenda=text, series=self.series.name)
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "series":
            return self.series_store is not None
        return True

    async def action_series(self) -> None:
        """Step to the next series (after the last one: no series)."""
        if self.series_store is None:
            return
        message = self.query_one("#details-message", Static)
        try:
            if self._all_series is None:
                self._all_series = self.series_store.all()
                notify_recoveries(self.app, self.series_store.recoveries)
            every = self._all_series
            if not every:
                self.notify(_("No series yet: `facilitator series new NAME` makes one."))
                return
            index = next((i for i, s in enumerate(every) if s is self.series), -1) + 1
            chosen = every[index] if index < len(every) else None
            form = self.query_one(DetailsForm)
            typed = self._unfilled(form.read())
            agenda = self._without_added_review()
            added = False
            if chosen is not None:
                # The agenda's programme is only proposed: a series' own name comes first.
                proposed = typed.scheme == agenda.programme
                filled = chosen.session_details(replace(typed, scheme="") if proposed else typed)
                earlier, _problems = self.series_store.history(chosen)
                if typed.date == self.today:
                    # Today's date is only proposed: the date the series agreed comes first.
                    filled = replace(filled, date=self._series_date(chosen, earlier) or typed.date)
                if open_items(earlier, agenda):
                    with_review = with_review_block(agenda)
                    added, agenda = with_review is not agenda, with_review
                typed = filled
        except (SeriesError, DetailsError) as exc:
            message.update(str(exc))
            message.add_class("-error")
            self.call_after_refresh(self._fit)
            return
        self.series, self.agenda, self._review_added = chosen, agenda, added
        self._filled = typed if chosen is not None else None
        await form.remove()
        await self.query_one("#details-dialog").mount(
            DetailsForm(typed, id="details-form"), after="#details-heading"
        )
        self.query_one("#details-heading", Static).update(self.heading())
        self.call_after_refresh(self._fit)

    def _unfilled(self, typed: MeetingDetails) -> MeetingDetails:
        """`typed` without what the current series filled in and nobody changed since:
        the details as they were before it, with every later edit kept."""
        if self._filled is None or self._before_series is None:
            self._before_series = typed
            return typed
        before, filled = self._before_series, self._filled
        changes = {
            name: getattr(before, name)
            for name in ("participants", "scheme", "mentee_city", "mentor_city", "date")
            if getattr(typed, name) == getattr(filled, name)
        }
        return replace(typed, **changes)

    def _series_date(self, series: Series, earlier: list[tuple[SessionInfo, list[Entry]]]) -> str:
        """The date the series proposes for its next session (`proposed_date`), or empty."""
        try:
            today = date.fromisoformat(self.today)
        except ValueError:
            return ""
        return proposed_date(series, earlier, today)

    def _without_added_review(self) -> Agenda:
        """The agenda as adjusted, without the review block the current series put there
        (unless the facilitator changed that block: then it is theirs)."""
        agenda = self.agenda
        if not self._review_added:
            return agenda
        added = review_block(agenda.language)
        return agenda.with_blocks(tuple(b for b in agenda.blocks if b != added))

    def buttons(self) -> Iterable[Button]:
        yield Button(_("Open the meeting"), id="go", variant="primary")
        # Not `#adjust`: that id is the adjusting screen's own box, styled as such.
        yield Button(_("Adjust (F2)"), id="adjust-agenda")
        yield Button(_("Cancel (Esc)"), id="cancel")

    def submit(self, details: MeetingDetails) -> None:
        self.dismiss((self.agenda, details, self.series.id if self.series else ""))

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.done()

    @on(Button.Pressed, "#adjust-agenda")
    def action_adjust(self) -> None:
        """Change durations, order or blocks for this meeting only."""
        from facilitator.screens.adjust import AdjustAgendaScreen

        def adjusted(agenda: Agenda | None) -> None:
            if agenda is not None:
                if self._review_added and not any(
                    b == review_block(agenda.language) for b in agenda.blocks
                ):
                    self._review_added = False  # dropped or changed: the facilitator's now
                self.agenda = agenda
                self.query_one("#details-heading", Static).update(self.heading())

        self.app.push_screen(AdjustAgendaScreen(self.agenda), adjusted)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the agendas without starting."""
        self.dismiss(None)
