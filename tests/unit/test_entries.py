"""Changing what was captured: edit, re-kind, confidential, delete and undo, action fields,
ratings and the meeting's details; every change on disk at once, every change undoable."""

from __future__ import annotations

import os

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.i18n import set_language
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.session import ActionFields, ActionStatus, EntryKind, parse_participants
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock

AGENDA, _ = parse_agenda(
    "# Session\n\n## Talk\nDuration: 20 min\n\n"
    "## Reflection\nDuration: 10 min\nKind: reflection\n\n"
    "### Ratings (1-10)\n- How valuable was it?\n- How safe did it feel?\n\n"
    "### Short questions\n- What do you take away?\n",
    "session.md",
)


@pytest.fixture
def meeting(paths: DataPaths, clock: FakeClock) -> Meeting:
    session = SessionStore(paths, clock).create(AGENDA)
    meeting = Meeting(session, clock)
    meeting.start()
    return meeting


def on_disk(meeting: Meeting, paths: DataPaths) -> dict[str, dict[str, object]]:
    """The entries as a fresh reader of the file sees them, by id."""
    session = SessionStore(paths).open(meeting.session.id)
    return {e.id: e.to_dict() for e in session.entries(include_deleted=True)}


def test_an_edit_is_stored_with_the_old_text_in_its_history(
    meeting: Meeting, paths: DataPaths, clock: FakeClock
) -> None:
    entry = meeting.capture("Ana values honsety")
    clock.advance(30)
    meeting.edit_text(entry.id, "Anna values honesty")
    stored = on_disk(meeting, paths)[entry.id]
    assert stored["text"] == "Anna values honesty"
    assert stored["updated_at"] == clock()
    assert stored["history"] == [
        {"at": clock(), "session": meeting.session.id, "before": {"text": "Ana values honsety"}}
    ]


def test_an_edit_to_nothing_is_refused_and_changes_nothing(
    meeting: Meeting, paths: DataPaths
) -> None:
    entry = meeting.capture("keep me")
    with pytest.raises(CaptureError, match="cannot be empty"):
        meeting.edit_text(entry.id, " \x07 ")
    assert on_disk(meeting, paths)[entry.id]["text"] == "keep me"


def test_delete_is_soft_and_undo_brings_the_entry_back(meeting: Meeting, paths: DataPaths) -> None:
    entry = meeting.capture("! Meet every Tuesday")
    meeting.delete(entry.id)
    assert meeting.entries(0) == []
    assert on_disk(meeting, paths)[entry.id]["deleted"] is True
    assert meeting.undo() == "Undone: deleted (Meet every Tuesday)"
    assert [e.text for e in meeting.entries(0)] == ["Meet every Tuesday"]
    assert on_disk(meeting, paths)[entry.id]["deleted"] is False
    assert meeting.undo() is None


def test_undo_takes_back_changes_newest_first(meeting: Meeting) -> None:
    entry = meeting.capture("a note")
    meeting.next_kind(entry.id)  # decision
    meeting.toggle_confidential(entry.id)
    meeting.edit_text(entry.id, "a decision")
    assert meeting.entry(entry.id).kind is EntryKind.DECISION
    meeting.undo()
    assert meeting.entry(entry.id).text == "a note"
    meeting.undo()
    assert not meeting.entry(entry.id).confidential
    meeting.undo()
    assert meeting.entry(entry.id).kind is EntryKind.NOTE
    assert not meeting.can_undo


def test_undo_never_names_an_entry_the_screen_hides(meeting: Meeting) -> None:
    secret = meeting.capture("~ Anna may change jobs")
    meeting.edit_text(secret.id, "Anna may move to Riga")
    said = meeting.undo(hidden=lambda entry: entry.confidential)
    assert said is not None and "Anna" not in said and "🔒" in said
    meeting.toggle_confidential(secret.id)  # no longer confidential, but it was
    said = meeting.undo(hidden=lambda entry: entry.confidential)
    assert said is not None and "Anna" not in said
    shared = meeting.capture("the library opens at nine")
    meeting.edit_text(shared.id, "the library opens at ten")
    said = meeting.undo(hidden=lambda entry: entry.confidential)
    assert said is not None and "library opens at ten" in said


def test_re_kinding_steps_through_the_four_kinds(meeting: Meeting) -> None:
    entry = meeting.capture("call the school")
    kinds = [meeting.next_kind(entry.id).kind for _ in range(4)]
    assert kinds == [EntryKind.DECISION, EntryKind.ACTION, EntryKind.QUESTION, EntryKind.NOTE]
    # Once an action, always with its fields (kept when it changes kind and back).
    assert meeting.entry(entry.id).action == ActionFields()


def test_the_action_form_stores_six_columns_and_a_status(
    meeting: Meeting, paths: DataPaths
) -> None:
    entry = meeting.capture("+ Survey the youth centre @Anna")
    fields = ActionFields(
        result="  A list of needs  ",
        deadline="15.12.2026.",
        lead="Anna Bērziņa",
        resources="Youth centre, 2 volunteers",
        measure="30 answers",
        status=ActionStatus.DONE,
    )
    meeting.set_action(entry.id, "Survey the youth centre", fields)
    stored = on_disk(meeting, paths)[entry.id]["action"]
    assert stored == {
        "result": "A list of needs",
        "deadline": "2026-12-15",
        "lead": "Anna Bērziņa",
        "resources": "Youth centre, 2 volunteers",
        "measure": "30 answers",
        "status": "done",
        "note": "",
    }


def test_a_wrong_deadline_in_the_form_changes_nothing(meeting: Meeting, paths: DataPaths) -> None:
    entry = meeting.capture("+ Survey @Anna 15.12.2026")
    with pytest.raises(CaptureError, match="not a real date"):
        meeting.set_action(entry.id, "Survey", ActionFields(deadline="31.02.2027"))
    assert on_disk(meeting, paths)[entry.id]["action"]["deadline"] == "2026-12-15"


def test_a_note_can_become_an_action_through_the_form(meeting: Meeting) -> None:
    entry = meeting.capture("someone should call the school")
    meeting.set_action(entry.id, "Call the school", ActionFields(lead="Ilze"))
    assert [e.text for e in meeting.actions()] == ["Call the school"]


def test_ratings_count_and_mean_per_question(meeting: Meeting) -> None:
    with pytest.raises(CaptureError, match="no rating questions"):
        meeting.capture("=1 8")  # the first block has none
    meeting.next()
    meeting.capture("=1 8 9 Anna 10")
    second = meeting.capture("=2 6")
    meeting.capture("=1 7")
    summary = meeting.ratings(1)
    assert [(q.question, q.count, q.mean) for q in summary] == [
        ("How valuable was it?", 4, 8.5),
        ("How safe did it feel?", 1, 6.0),
    ]
    meeting.delete(second.id)
    assert meeting.ratings(1)[1].count == 0 and meeting.ratings(1)[1].mean is None


def test_a_change_the_disk_refuses_is_kept_and_written_later(
    meeting: Meeting, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = meeting.capture("first version")
    real_fsync = os.fsync

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed):
        meeting.edit_text(entry.id, "second version")
    with pytest.raises(SaveFailed):
        meeting.edit_text(entry.id, "third version")
    assert [e.text for e in meeting.unsaved] == ["third version"]
    assert on_disk(meeting, paths)[entry.id]["text"] == "first version"
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert meeting.retry_unsaved()
    assert on_disk(meeting, paths)[entry.id]["text"] == "third version"


def test_details_change_during_the_meeting_and_are_stored(
    meeting: Meeting, paths: DataPaths
) -> None:
    details = meeting.session.info.details()
    details.mentee_city = "Cēsis"
    details.mentor_city = "Tartu"
    details.participants = parse_participants(
        "Anna Bērziņa (mentore), Jānis (mentee, absent), Ilze (local support group)"
    )
    meeting.update_details(details)
    info = SessionStore(paths).open(meeting.session.id).info
    assert (info.mentee_city, info.mentor_city) == ("Cēsis", "Tartu")
    assert [(p.name, p.role, p.attended) for p in info.participants] == [
        ("Anna Bērziņa", "mentor", True),
        ("Jānis", "mentee", False),
        ("Ilze", "local support group", True),
    ]


def test_undo_says_what_it_took_back_in_latvian(meeting: Meeting) -> None:
    entry = meeting.capture("! Meet every Tuesday")
    meeting.delete(entry.id)
    meeting.capture("+ Call the school")
    action = meeting.entries(0)[-1]
    meeting.set_status(action.id, ActionStatus.DONE)
    set_language("lv")
    assert meeting.undo() == "Atsaukta atzīmēšana kā izpildītai (Call the school)"
    assert meeting.undo() == "Atsaukta dzēšana (Meet every Tuesday)"
    with pytest.raises(CaptureError, match="statuss ir tikai darbībai"):
        meeting.set_status(entry.id, ActionStatus.DONE)
