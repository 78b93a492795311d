"""Before a meeting starts: its title, date, place, facilitator and who is there."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.binding import Binding
from textual.widgets import Button, Static

from facilitator.agenda.model import Agenda
from facilitator.screens.details import DetailsFormDialog
from facilitator.series import Series, SeriesError, SeriesStore, open_actions, with_review_block
from facilitator.session import MeetingDetails
from facilitator.widgets.details import DetailsError, DetailsForm

StartChoice = tuple[Agenda, MeetingDetails, str]
"""The agenda copy, the details and the id of the series the meeting is in (or empty)."""


class StartDialog(DetailsFormDialog[StartChoice | None]):
    """Asks for the meeting's details; Enter in the last field (or the button) starts it.

    The result carries the session's own copy of the agenda, adjusted or not, and the series
    the meeting belongs to. F3 steps through the series: the one picked fills in the
    details and, when it has open actions, puts its review block at the agenda's start
    (F2 can drop it again).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("f2", "adjust", "Adjust blocks", id="adjust"),
        Binding(
            "f3",
            "series",
            "In series",
            id="series",
            tooltip="Make this meeting the next session of a series (F3 again: the next one).",
        ),
    ]

    def __init__(self, agenda: Agenda, series: SeriesStore | None = None) -> None:
        super().__init__(MeetingDetails(title=agenda.title))
        self.agenda = agenda
        self.original = agenda
        """The agenda as picked, before a series' review block."""
        self.series_store = series
        self.series: Series | None = None
        """The series the meeting will be in, if any."""
        self._all_series: list[Series] | None = None

    def heading(self) -> str:
        agenda = self.agenda
        text = f"{agenda.title} · {agenda.total.describe()} · {len(agenda.blocks)} blocks"
        return f"{text} · in series {self.series.name}" if self.series else text

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
            every = self._all_series
            if not every:
                self.notify("No series yet: `facilitator series new NAME` makes one.")
                return
            index = next((i for i, s in enumerate(every) if s is self.series), -1) + 1
            chosen = every[index] if index < len(every) else None
            form = self.query_one(DetailsForm)
            typed = form.read()
            agenda = self.original
            if chosen is not None:
                typed = chosen.session_details(
                    MeetingDetails(
                        title=typed.title,
                        place=typed.place,
                        facilitator=typed.facilitator,
                        date=typed.date,
                    )
                )
                earlier, _ = self.series_store.history(chosen)
                if open_actions(earlier):
                    agenda = with_review_block(agenda)
        except (SeriesError, DetailsError) as exc:
            message.update(str(exc))
            message.add_class("-error")
            self.call_after_refresh(self._fit)
            return
        self.series, self.agenda = chosen, agenda
        await form.remove()
        await self.query_one("#details-dialog").mount(
            DetailsForm(typed, id="details-form"), after="#details-heading"
        )
        self.query_one("#details-heading", Static).update(self.heading())
        self.call_after_refresh(self._fit)

    def buttons(self) -> Iterable[Button]:
        yield Button("Open the meeting", id="go", variant="primary")
        # Not `#adjust`: that id is the adjusting screen's own box, styled as such.
        yield Button("Adjust (F2)", id="adjust-agenda")
        yield Button("Cancel (Esc)", id="cancel")

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
                self.agenda = agenda
                if self.series is None:
                    self.original = agenda
                self.query_one("#details-heading", Static).update(self.heading())

        self.app.push_screen(AdjustAgendaScreen(self.agenda), adjusted)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the agendas without starting."""
        self.dismiss(None)
