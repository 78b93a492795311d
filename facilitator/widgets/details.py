"""A meeting's details as a form: filled in before the meeting and changed during it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from facilitator.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, pgettext
from facilitator.meeting.capture import CaptureError, clean_text, parse_date, typed_date
from facilitator.meeting.participants import (
    Participant,
    format_participants,
    parse_participants,
    role_name,
)
from facilitator.meeting.session import MeetingDetails


class DetailsError(ValueError):
    """Details that cannot be kept as typed; `str(error)` tells the facilitator what to fix."""

    def __init__(self, message: str, field_id: str) -> None:
        super().__init__(message)
        self.field_id = field_id
        """The id of the input that holds the problem."""


FIELDS = (
    ("title", N_("Title"), N_("the meeting's title")),
    ("date", N_("Date"), N_("dd.mm.yyyy")),
    ("place", N_("Place"), N_("e.g. city hall")),
    ("facilitator", N_("Facilitator"), N_("your name")),
    ("scheme", N_("Programme"), N_("e.g. IncluCities")),
    ("mentee-city", N_("Mentee city"), N_("for city visits")),
    ("mentor-city", N_("Mentor city"), N_("for city visits")),
    ("participants", N_("Participants"), N_("Anna (mentor), Jānis (mentee, absent)")),
)
"""Each field's input id, label and placeholder (both translated where shown), in the
order Enter walks through them."""

LAST_FIELD = FIELDS[-1][0]

LANGUAGE_LABEL = N_("Written in")
"""The label of the session's language: the language its minutes and plan are written in."""


WIDE_FROM = 70
"""From this many columns inside the form, the fields sit two to a row."""


def attendance_label(person: Participant) -> Text:
    """`Anna — mentor`, or `Jānis — mentee · absent`: one line of the attendance list.

    The word `absent` says in letters what the tick box says in colour, which a projector
    may wash out.
    """
    label = person.name
    if person.role:
        roles = ", ".join(role_name(role) for role in person.role.split(", "))
        label = f"{label} — {roles}"
    if not person.attended:
        label = f"{label} · {pgettext('participant', 'absent')}"
    return Text(label)


class AttendanceList(SelectionList[int]):
    """Who attended: one line per participant, selected when they are there.

    Space toggles the highlighted person. Enter does not: it finishes the form, as it
    does in the text fields, so that pressing Enter to be done never marks someone absent.
    """

    BINDINGS = [Binding("enter", "done", "Done", show=False)]

    @dataclass
    class Done(Message):
        """Enter was pressed in the list."""

    @dataclass
    class Resized(Message):
        """The list changed height (people were added or taken away)."""

    def action_done(self) -> None:
        """Finish the form."""
        self.post_message(self.Done())

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.Resized())


class DetailsForm(VerticalScroll):
    """Title, date, place, facilitator, programme, the two cities of a city-to-city visit,
    the participants with their roles, and who attended.

    Enter moves to the next field; Enter in the last field (or in the attendance list)
    posts `Submitted`. The form scrolls when the terminal is too small to show it whole.
    """

    @dataclass
    class Submitted(Message):
        """Enter in the last field: the user is done with the form."""

        form: DetailsForm

    @dataclass
    class Invalid(Message):
        """A field holds something that cannot be kept; the dialog shows why."""

        form: DetailsForm
        error: DetailsError

    def __init__(self, details: MeetingDetails | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = details or MeetingDetails()
        self._people: list[Participant] = []
        """The participants as the attendance list shows them, in order."""
        self._attended: dict[str, bool] = {}
        """Each name's attendance as last shown, kept while the text changes around it."""
        self._parsed: dict[str, bool] = {}
        """Each name's attendance as the text last said it (`absent` or not)."""
        self._synced_text: str | None = None
        self._reveal = False
        """Whether the participants were edited, so the attendance list should be shown."""

    DEFAULT_CSS = """
    #language-row {
        height: 1;
        margin-top: 1;
    }
    #language-label {
        width: auto;
        min-width: 14;
        padding: 0 1;
    }
    #language {
        width: 24;
    }
    """

    def compose(self) -> ComposeResult:
        with Grid(id="details-fields"):
            for field_id, label, placeholder in FIELDS:
                yield Label(_(label), id=f"{field_id}-label", classes="details-label")
                yield Input(placeholder=_(placeholder), id=field_id)
        attendance = AttendanceList(id="attendance")
        attendance.border_title = self._attendance_title()
        yield attendance
        # Last, on one line: set once if ever (the agenda's language is the default), it
        # should not push the attendance list out of sight. Enter walks the text fields
        # only; Tab reaches it.
        with Horizontal(id="language-row"):
            yield Label(_(LANGUAGE_LABEL), id="language-label")
            yield Select(
                [(LANGUAGE_NAMES[code], code) for code in LANGUAGES],
                value=self._initial.language if self._initial.language in LANGUAGES else "en",
                allow_blank=False,
                compact=True,
                id="language",
            )

    @staticmethod
    def _attendance_title() -> str:
        return _("Who attended (Space toggles)")

    async def retranslate(self) -> None:
        """Show the labels, placeholders and roles in the UI language just chosen; what
        was typed, the attendance, the focus and the cursor stay."""
        typed = {i.id: (i.value, i.cursor_position) for i in self.query(Input) if i.id}
        invalid = {i.id for i in self.query(Input) if i.has_class("-invalid")}
        language = self.query_one("#language", Select).value
        attendance = self.query_one("#attendance", AttendanceList)
        highlighted = attendance.highlighted
        focused = self.screen.focused
        focused_id = focused.id if focused is not None and focused in self.query("*") else None
        await self.recompose()
        for field_id, (value, cursor) in typed.items():
            field = self.query_one(f"#{field_id}", Input)
            with field.prevent(Input.Changed):
                field.value = value
            field.cursor_position = cursor
            field.set_class(field_id in invalid, "-invalid")
        self.query_one("#language", Select).value = language
        self._sync(self._text(LAST_FIELD))
        attendance = self.query_one("#attendance", AttendanceList)
        if highlighted is not None and self._people:
            attendance.highlighted = min(highlighted, len(self._people) - 1)
        if focused_id:
            widget = self.query_one(f"#{focused_id}")
            widget.focus()
            if isinstance(widget, Input) and focused_id in typed:
                # Focusing puts the cursor at the end; back to where it was.
                cursor = typed[focused_id][1]
                self.call_after_refresh(setattr, widget, "cursor_position", cursor)

    def on_mount(self) -> None:
        self.load(self._initial)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE_FROM, "-wide")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.call_after_refresh(self.place_cursor)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # A focused field is scrolled into view after Textual placed the cursor on it.
        self.call_after_refresh(self.place_cursor)

    def load(self, details: MeetingDetails) -> None:
        """Show `details` in the fields, replacing what they held."""
        self._value("title", details.title)
        self._value("date", typed_date(details.date))
        self._value("place", details.place)
        self._value("facilitator", details.facilitator)
        self._value("scheme", details.scheme)
        self._value("mentee-city", details.mentee_city)
        self._value("mentor-city", details.mentor_city)
        if details.language in LANGUAGES:
            self.query_one("#language", Select).value = details.language
        text = format_participants(details.participants)
        self._attended = {p.name: p.attended for p in details.participants}
        self._parsed = {p.name: p.attended for p in parse_participants(text)}
        self._value("participants", text)
        self._sync(text)

    def read(self) -> MeetingDetails:
        """The details as typed; the fields keep their text either way.

        Raises:
            DetailsError: the date is not a date.
        """
        text = self._text("participants")
        if text != self._synced_text:
            self._sync(text)
        return MeetingDetails(
            title=self._text("title"),
            place=self._text("place"),
            facilitator=self._text("facilitator"),
            participants=[Participant(p.name, p.role, p.attended) for p in self._people],
            date=self._date(),
            scheme=self._text("scheme"),
            mentee_city=self._text("mentee-city"),
            mentor_city=self._text("mentor-city"),
            language=str(self.query_one("#language", Select).value),
        )

    def show_problem(self, error: DetailsError) -> None:
        """Mark the field that holds the problem and put the cursor in it."""
        field = self.query_one(f"#{error.field_id}", Input)
        field.add_class("-invalid")
        field.focus()

    def _date(self) -> str:
        text = self._text("date")
        if not text:
            return ""
        try:
            return parse_date(text).isoformat()
        except CaptureError as exc:
            raise DetailsError(_("Date: {problem}").format(problem=exc), "date") from exc

    def _text(self, field_id: str) -> str:
        return clean_text(self.query_one(f"#{field_id}", Input).value)

    def _value(self, field_id: str, value: str) -> None:
        field = self.query_one(f"#{field_id}", Input)
        field.value = value
        field.cursor_position = len(value)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "date":
            try:
                self._date()
            except DetailsError as error:
                self.show_problem(error)
                self.post_message(self.Invalid(self, error))
                return
        if event.input.id == LAST_FIELD:
            self.post_message(self.Submitted(self))
        else:
            # The next text field: Enter does not stop at the language (Enter would open it).
            ids = [field_id for field_id, _label, _placeholder in FIELDS]
            following = ids[ids.index(str(event.input.id)) + 1]
            self.query_one(f"#{following}", Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        text = clean_text(event.value)
        if event.input.id == LAST_FIELD and text != self._synced_text:
            self._sync(text)
            # Show the list as it changes, without losing sight of the line being typed:
            # now, and again once the list has its new height.
            self._reveal = True
            self.call_after_refresh(self._show_attendance)

    @on(AttendanceList.Done)
    def _done(self, event: AttendanceList.Done) -> None:
        event.stop()
        self.post_message(self.Submitted(self))

    @on(SelectionList.SelectedChanged, "#attendance")
    def _toggled(self, event: SelectionList.SelectedChanged[int]) -> None:
        event.stop()
        attendance = event.selection_list
        selected = set(attendance.selected)
        for index, person in enumerate(self._people):
            if person.attended != (index in selected):
                person.attended = index in selected
                attendance.replace_option_prompt_at_index(index, attendance_label(person))
            self._attended[person.name] = person.attended

    def _sync(self, text: str) -> None:
        """Rebuild the attendance list from the participants text.

        A person keeps the attendance the list shows for their name, unless the text has
        just changed what it says about them (`absent` typed or taken away): the last thing
        the facilitator did wins.
        """
        people = parse_participants(text)
        for person in people:
            said = person.attended
            if self._parsed.get(person.name) == said and person.name in self._attended:
                person.attended = self._attended[person.name]
            self._parsed[person.name] = said
            self._attended[person.name] = person.attended
        self._people = people
        self._synced_text = text
        attendance = self.query_one("#attendance", AttendanceList)
        highlighted = attendance.highlighted
        with attendance.prevent(SelectionList.SelectedChanged):
            attendance.clear_options()
            attendance.add_options(
                Selection(attendance_label(p), index, p.attended) for index, p in enumerate(people)
            )
        if people:
            attendance.highlighted = min(highlighted or 0, len(people) - 1)
        attendance.display = bool(people)

    @on(AttendanceList.Resized)
    def _resized(self, event: AttendanceList.Resized) -> None:
        event.stop()
        self.call_after_refresh(self._show_attendance)

    def _show_attendance(self) -> None:
        # Called after a refresh: the form may have been replaced meanwhile (F3 in the
        # start dialog mounts a new one).
        found = self.query(f"#{LAST_FIELD}").results(Input)
        field = next(found, None)
        if field is None or not self.is_attached:
            return
        if not (self._reveal and self._people and field.has_focus):
            return
        self.scroll_to_widget(self.query_one("#attendance"), animate=False, immediate=True)
        self.scroll_to_widget(field, animate=False, immediate=True)
        self.call_after_refresh(self.place_cursor)

    def place_cursor(self) -> None:
        """Put the terminal's cursor on the focused field, after the form moved or scrolled.

        Textual places it only when a field's text or the focus changes, from where the
        field was then; input methods, screen readers and terminal tests follow it.
        """
        if not self.is_attached:
            return  # the dialog closed before this deferred call ran
        focused = self.screen.focused
        if isinstance(focused, Input) and focused in self.query(Input):
            self.app.cursor_position = focused.cursor_screen_offset
