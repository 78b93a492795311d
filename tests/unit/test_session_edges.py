"""A meeting's details as the details form shows and takes them, participants as they are
typed and shown, and entries read back from a session file: the edges the mutation tester
found untested (see tools/mutants.md)."""

from __future__ import annotations

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.meeting.participants import Participant, format_participants, parse_participants
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    MeetingDetails,
    SessionInfo,
)

AGENDA, _ = parse_agenda("# First meeting\n\n## Talk\nDuration: 20 min\n", "first.md")


def session_info() -> SessionInfo:
    return SessionInfo(
        id="s1",
        title="Getting to know each other",
        agenda=AGENDA,
        created_at=0.0,
        language="lv",
        place="Cēsis library",
        facilitator="Ilze",
        participants=[Participant("Anna", "mentor"), Participant("Jānis", "mentee", False)],
        date="2026-11-23",
        scheme="InCluCities",
        mentee_city="Cēsis",
        mentor_city="Tartu",
    )


def test_the_details_form_starts_from_every_stored_detail() -> None:
    info = session_info()
    assert info.details() == MeetingDetails(
        title="Getting to know each other",
        place="Cēsis library",
        facilitator="Ilze",
        participants=[Participant("Anna", "mentor"), Participant("Jānis", "mentee", False)],
        date="2026-11-23",
        scheme="InCluCities",
        mentee_city="Cēsis",
        mentor_city="Tartu",
        language="lv",
    )
    # The form's participants are its own: editing them leaves the session's as they were.
    info.details().participants[0].name = "Changed"
    assert info.participants[0].name == "Anna"


def test_edited_details_are_taken_over_tidied() -> None:
    info = session_info()
    info.apply(
        MeetingDetails(
            title="  Second visit ",
            place=" Tartu town hall ",
            facilitator=" Anna ",
            participants=[Participant("Ilze", "coordinator")],
            date="2026-12-01",
            scheme=" Youth mentoring ",
            mentee_city=" Valmiera ",
            mentor_city=" Pärnu ",
            language="en",
        )
    )
    assert (
        info.title,
        info.place,
        info.facilitator,
        info.date,
        info.scheme,
        info.mentee_city,
        info.mentor_city,
        info.language,
    ) == (
        "Second visit",
        "Tartu town hall",
        "Anna",
        "2026-12-01",
        "Youth mentoring",
        "Valmiera",
        "Pärnu",
        "en",
    )
    assert info.participants == [Participant("Ilze", "coordinator")]


def test_details_left_empty_fall_back_to_the_agenda_and_what_was_stored() -> None:
    info = session_info()
    info.apply(MeetingDetails(title="   "))
    assert info.title == "First meeting"  # the agenda's title
    assert info.date == "2026-11-23"
    assert info.language == "lv"
    assert (info.place, info.facilitator, info.scheme) == ("", "", "")
    assert (info.mentee_city, info.mentor_city) == ("", "")


def test_a_participant_without_brackets_has_no_role() -> None:
    assert parse_participants("Anna") == [Participant("Anna", "", True)]


def test_empty_places_in_the_list_are_skipped() -> None:
    assert parse_participants("Anna,, Jānis; ;") == [Participant("Anna"), Participant("Jānis")]


def test_brackets_inside_a_participants_details_do_not_split_the_list() -> None:
    assert parse_participants("Ilze (coordinator (Cēsis), absent), Jānis (mentee)") == [
        Participant("Ilze", "coordinator (Cēsis)", False),
        Participant("Jānis", "mentee", True),
    ]


def test_an_unclosed_bracket_stays_in_the_name() -> None:
    assert parse_participants("Anna (mentor") == [Participant("Anna (mentor", "", True)]


def test_names_with_capital_x_are_kept_whole() -> None:
    assert parse_participants("ALEX (mentor), Xenia") == [
        Participant("ALEX", "mentor"),
        Participant("Xenia"),
    ]


def test_someone_without_role_or_absence_is_shown_by_name_alone() -> None:
    assert format_participants([Participant("Anna"), Participant("Jānis", "mentee")]) == (
        "Anna, Jānis (mentee)"
    )


def test_participants_are_shown_in_the_language_asked_for() -> None:
    people = [Participant("Anna", "mentor, coordinator"), Participant("Jānis", "mentee", False)]
    # The UI speaks English (the tests' default); the document's language is Latvian.
    assert format_participants(people, "lv") == (
        "Anna (mentors, koordinators), Jānis (mentorējamais, nepiedalījās)"
    )
    assert format_participants(people, "en") == (
        "Anna (mentor, coordinator), Jānis (mentee, absent)"
    )


def stored_rating(rating: dict[str, object]) -> dict[str, object]:
    return {
        "id": "e1",
        "kind": "rating",
        "text": "8",
        "block_index": 0,
        "block_title": "Reflection",
        "created_at": 0.0,
        "meeting_s": 0.0,
        "rating": rating,
    }


def test_a_stored_rating_without_names_or_question_text_reads_as_empty_text() -> None:
    entry = Entry.from_dict(stored_rating({"question": 0, "scores": [{"value": 8}]}))
    assert entry.kind is EntryKind.RATING and entry.rating is not None
    assert entry.rating.question_text == ""
    assert [(s.value, s.who) for s in entry.rating.scores] == [(8, "")]


def test_a_stored_rating_without_scores_has_none() -> None:
    entry = Entry.from_dict(stored_rating({"question": 1, "question_text": "How safe?"}))
    assert entry.rating is not None
    assert (entry.rating.question, entry.rating.question_text) == (1, "How safe?")
    assert entry.rating.scores == []


def test_stored_scores_at_both_ends_of_the_scale_are_read() -> None:
    entry = Entry.from_dict(stored_rating({"question": 0, "scores": [{"value": 1}, {"value": 10}]}))
    assert entry.rating is not None
    assert [s.value for s in entry.rating.scores] == [1, 10]


@pytest.mark.parametrize("value", [0, 11])
def test_a_stored_score_off_the_scale_is_refused_with_its_value(value: int) -> None:
    with pytest.raises(ValueError) as raised:
        Entry.from_dict(stored_rating({"question": 0, "scores": [{"value": value}]}))
    assert str(raised.value) == f"a rating of {value} is outside 1-10"


def test_only_the_editable_fields_can_be_changed() -> None:
    entry = Entry.from_dict(stored_rating({"question": 0, "scores": [{"value": 8}]}))
    with pytest.raises(KeyError, match="`block_index` cannot be changed"):
        entry.with_fields({"block_index": 2})


def test_a_stored_action_without_its_columns_reads_as_an_open_empty_one() -> None:
    data = {**stored_rating({}), "kind": "action", "rating": None, "action": {}}
    entry = Entry.from_dict(data)
    assert entry.action == ActionFields(
        result="", deadline="", lead="", resources="", measure="", status=ActionStatus.OPEN
    )
    assert entry.action.note == ""


def test_an_entry_reads_back_every_field_it_was_stored_with() -> None:
    entry = Entry(
        id="e7",
        kind=EntryKind.ACTION,
        text="Call the school",
        block_index=2,
        block_title="Action planning",
        created_at=1795435260.25,
        meeting_s=754.5,
        confidential=True,
        deleted=True,
        action=ActionFields(lead="Ilze", deadline="2026-12-15", status=ActionStatus.DONE),
        updated_at=1795435300.0,
        history=[{"at": 1795435300.0, "session": "s1", "before": {"text": "Call school"}}],
    )
    assert Entry.from_dict(entry.to_dict()) == entry


def test_an_entry_stored_before_marks_and_history_existed_reads_with_defaults() -> None:
    entry = Entry.from_dict(
        {
            "id": "e1",
            "kind": "note",
            "text": "Anna values honesty",
            "block_index": 0,
            "block_title": "Talk",
            "created_at": 10,
            "meeting_s": 5,
        }
    )
    assert entry == Entry("e1", EntryKind.NOTE, "Anna values honesty", 0, "Talk", 10.0, 5.0)
    assert (entry.confidential, entry.deleted, entry.history) == (False, False, [])


def test_session_details_read_back_every_field_they_were_stored_with() -> None:
    info = session_info()
    info.series_id, info.series_number = "cesis", 3
    assert SessionInfo.from_dict(info.to_dict()) == info


def test_session_details_stored_with_only_the_essentials_read_with_defaults() -> None:
    data = {
        "id": "s9",
        "title": "Talk",
        "agenda": AGENDA.to_dict(),
        "created_at": 0,
        "date": "2026-11-23",
        "participants": [{"name": "Anna"}],
    }
    info = SessionInfo.from_dict(data)
    assert info == SessionInfo(
        id="s9",
        title="Talk",
        agenda=AGENDA,
        created_at=0.0,
        language="en",
        participants=[Participant("Anna", "", True)],
        date="2026-11-23",
    )
    assert (info.place, info.facilitator, info.scheme, info.series_number) == ("", "", "", 0)
    assert SessionInfo.from_dict({**data, "participants": []}).participants == []
    del data["participants"]
    assert SessionInfo.from_dict(data).participants == []
