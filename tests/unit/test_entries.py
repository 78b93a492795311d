"""Changing what was captured: edit, re-kind, confidential, delete and undo, action fields,
ratings and the meeting's details; every change on disk at once, every change undoable."""

from __future__ import annotations

import os

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.i18n import set_language
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.live import Meeting, SaveFailed
from facilitator.meeting.participants import canonical_role, parse_participants
from facilitator.meeting.session import ActionFields, ActionStatus, EntryKind
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
    # Clock operations share the stack: the start came before the entry.
    assert meeting.undo() == "Undone: the start. The meeting has not started."
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
    meeting.undo()  # the start of the meeting, the first step on the stack
    assert not meeting.clock.started
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
        ("Anna Bērziņa", "mentore", True),  # a Latvian role kept as typed...
        ("Jānis", "mentee", False),
        ("Ilze", "local support group", True),
    ]
    assert canonical_role(info.participants[0].role) == "mentor"  # ...and known for what it is


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


def test_editing_a_rating_reads_its_scores_again(meeting: Meeting, paths: DataPaths) -> None:
    meeting.next()
    rating = meeting.capture("=2 6 7")
    meeting.edit(rating.id, text="8; Anna 9", kind=EntryKind.RATING, confidential=False)
    stored = on_disk(meeting, paths)[rating.id]
    assert stored["text"] == "8, Anna 9"
    assert stored["rating"] == {
        "question": 1,
        "question_text": "How safe did it feel?",
        "scores": [{"value": 8, "who": ""}, {"value": 9, "who": "Anna"}],
    }
    assert [(q.count, q.mean) for q in meeting.ratings(1)] == [(0, None), (2, 8.5)]
    with pytest.raises(CaptureError) as raised:
        meeting.edit(rating.id, text="8 11", kind=EntryKind.RATING, confidential=False)
    assert str(raised.value) == "`11` is not a rating: use whole numbers from 1 to 10"
    assert on_disk(meeting, paths)[rating.id]["text"] == "8, Anna 9"


def test_ratings_stay_ratings(meeting: Meeting) -> None:
    meeting.next()
    rating = meeting.capture("=1 8")
    note = meeting.capture("a note")
    refused = "ratings stay ratings; delete one and type it again instead"
    with pytest.raises(CaptureError) as raised:
        meeting.edit(rating.id, text="8", kind=EntryKind.NOTE, confidential=False)
    assert str(raised.value) == refused
    with pytest.raises(CaptureError) as raised:
        meeting.set_kind(rating.id, EntryKind.NOTE)
    assert str(raised.value) == refused
    with pytest.raises(CaptureError) as raised:
        meeting.set_kind(note.id, EntryKind.RATING)
    assert str(raised.value) == refused


def test_editing_an_action_keeps_the_columns_it_is_not_given(
    meeting: Meeting, paths: DataPaths
) -> None:
    entry = meeting.capture("+ Survey the youth centre @Anna 15.12.2026")
    meeting.review(entry.id, ActionStatus.OPEN, note="Half of the answers are in")
    meeting.edit(entry.id, text="Survey the youth club", kind=EntryKind.ACTION, confidential=True)
    stored = on_disk(meeting, paths)[entry.id]
    assert (stored["text"], stored["confidential"]) == ("Survey the youth club", True)
    assert stored["action"] == {
        "result": "",
        "deadline": "2026-12-15",
        "lead": "Anna",
        "resources": "",
        "measure": "",
        "status": "open",
        "note": "Half of the answers are in",
    }


def test_editing_a_note_gives_it_no_action_columns(meeting: Meeting, paths: DataPaths) -> None:
    entry = meeting.capture("the library opens at nine")
    meeting.edit(entry.id, text="the library opens at ten", kind=EntryKind.NOTE, confidential=False)
    assert on_disk(meeting, paths)[entry.id]["action"] is None


def test_an_action_form_with_empty_columns_is_accepted(meeting: Meeting, paths: DataPaths) -> None:
    entry = meeting.capture("a note")
    meeting.edit(
        entry.id,
        text="Call the school",
        kind=EntryKind.ACTION,
        confidential=False,
        action=ActionFields(),
    )
    assert on_disk(meeting, paths)[entry.id]["action"]["lead"] == ""


def test_a_review_needs_an_action_and_may_clear_the_note(
    meeting: Meeting, paths: DataPaths
) -> None:
    note = meeting.capture("a note")
    with pytest.raises(CaptureError) as raised:
        meeting.review(note.id, ActionStatus.DONE)
    assert str(raised.value) == "only an action has a status"
    action = meeting.capture("+ Call the school")
    meeting.review(action.id, ActionStatus.OPEN, note="Rang twice")
    meeting.review(action.id, ActionStatus.DONE, note="")
    assert on_disk(meeting, paths)[action.id]["action"]["note"] == ""
    assert meeting.undo() == "Undone: marked done (Call the school)"


@pytest.mark.parametrize(("length", "shown"), [(40, "x" * 40), (41, "x" * 39 + "…")])
def test_undo_names_an_entry_by_at_most_40_characters(
    meeting: Meeting, length: int, shown: str
) -> None:
    entry = meeting.capture("x" * length)
    meeting.delete(entry.id)
    assert meeting.undo() == f"Undone: deleted ({shown})"


def test_undo_says_which_way_the_confidential_mark_went(meeting: Meeting) -> None:
    entry = meeting.capture("Anna may change jobs")
    meeting.toggle_confidential(entry.id)
    meeting.toggle_confidential(entry.id)
    assert meeting.undo() == "Undone: marked not confidential (Anna may change jobs)"
    assert meeting.undo() == "Undone: marked confidential (Anna may change jobs)"
    meeting.set_kind(entry.id, EntryKind.QUESTION)
    assert meeting.undo() == "Undone: made a question (Anna may change jobs)"
    meeting.delete(entry.id)
    assert meeting.undo(hidden=lambda e: True) == "Undone: deleted (🔒)"


def test_an_undo_is_recorded_in_the_history_on_disk(
    meeting: Meeting, paths: DataPaths, clock: FakeClock
) -> None:
    entry = meeting.capture("first")
    meeting.edit_text(entry.id, "second")
    clock.advance(60)
    meeting.undo()
    stored = on_disk(meeting, paths)[entry.id]
    assert stored["text"] == "first"
    assert stored["updated_at"] == clock()
    assert stored["history"][-1] == {
        "at": clock(),
        "session": meeting.session.id,
        "before": {"text": "second"},
    }


TWO_REFLECTIONS, _ = parse_agenda(
    "# Session\n\n"
    "## Morning reflection\nDuration: 10 min\nKind: reflection\n\n"
    "### Ratings (1-10)\n- How valuable was it?\n\n"
    "## Afternoon reflection\nDuration: 10 min\nKind: reflection\n\n"
    "### Ratings (1-10)\n- How valuable was it?\n",
    "two.md",
)


def test_each_block_counts_only_its_own_ratings(paths: DataPaths, clock: FakeClock) -> None:
    meeting = Meeting(SessionStore(paths, clock).create(TWO_REFLECTIONS), clock)
    meeting.start()
    meeting.capture("=1 4")
    meeting.next()
    meeting.capture("=1 9 10")
    assert [(q.count, q.mean) for q in meeting.ratings(0)] == [(1, 4.0)]
    assert [(q.count, q.mean) for q in meeting.ratings(1)] == [(2, 9.5)]


def test_downtime_is_measured_from_the_last_saved_state(meeting: Meeting, clock: FakeClock) -> None:
    clock.advance(100)
    meeting.save_clock()
    assert meeting.downtime() == 0.0
    clock.advance(250)
    assert meeting.downtime() == 250.0


@pytest.mark.parametrize(
    ("refusal", "reason"),
    [
        (OSError(28, "No space left on device"), "No space left on device"),
        (OSError("the disk went away"), "the disk went away"),
        (ValueError("bad state"), "bad state"),
        (ValueError(), "ValueError"),
    ],
)
def test_a_clock_the_disk_refuses_is_kept_and_written_later(
    meeting: Meeting,
    paths: DataPaths,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    refusal: Exception,
    reason: str,
) -> None:
    real_fsync = os.fsync

    def refuse(*_: object) -> None:
        raise refusal

    clock.advance(60)
    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(SaveFailed) as raised:
        meeting.save_clock()
    assert raised.value.reason == reason
    assert str(raised.value) == (
        f"not saved yet ({reason}); it is kept and saved again automatically"
    )
    assert meeting.clock_unsaved
    assert not meeting.retry_unsaved()
    monkeypatch.setattr(os, "fsync", real_fsync)
    clock.advance(5)
    assert meeting.retry_unsaved()
    assert not meeting.clock_unsaved
    state = SessionStore(paths).open(meeting.session.id).clock_state()
    assert state is not None and state["saved_at"] == clock()
    assert "left_on_purpose" not in state


def test_details_the_disk_refuses_are_kept_and_written_later(
    meeting: Meeting, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    details = meeting.session.info.details()
    details.place = "Cēsis library"
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed):
        meeting.update_details(details)
    assert meeting.details_unsaved
    assert not meeting.retry_unsaved()
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert meeting.retry_unsaved()
    assert not meeting.details_unsaved
    assert SessionStore(paths).open(meeting.session.id).info.place == "Cēsis library"


def test_leaving_on_purpose_is_stored_with_the_clock(meeting: Meeting, paths: DataPaths) -> None:
    meeting.save_clock(left_on_purpose=True)
    state = SessionStore(paths).open(meeting.session.id).clock_state()
    assert state is not None and state["left_on_purpose"] is True
