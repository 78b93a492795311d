"""Concerns to report (seed 001): a confidential entry marked as one stays confidential,
raises an action for the facilitator to inform the services, comes first in the
confidential minutes and appears in no shared document, in any format or language."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.documents import html, word
from facilitator.i18n import set_language
from facilitator.meeting.capture import CaptureError
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import EntryKind, MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_export import cell_texts, section

V1_FILE = Path(__file__).parent.parent / "data" / "session-v1.json"
CONFIDED = "Says an older pupil threatens him on the way home"


def school_meeting(paths: DataPaths, clock: FakeClock, language: str = "en") -> Meeting:
    agenda = AgendaLibrary.discover(paths).find(f"school-mentoring-meeting-{language}")
    assert agenda is not None
    details = MeetingDetails(
        "", "Valmiera", "Ilze Kalniņa", [Participant("Roberts", "pupil")], date="2026-12-08"
    )
    meeting = Meeting(SessionStore(paths, clock).create(agenda, details), clock)
    meeting.start()
    clock.advance(300)
    meeting.capture("Maths marks went up")
    return meeting


def on_disk(meeting: Meeting, paths: DataPaths) -> dict[str, dict[str, object]]:
    session = SessionStore(paths).open(meeting.session.id)
    try:
        return {e.id: e.to_dict() for e in session.entries(include_deleted=True)}
    finally:
        session.close()


def test_a_concern_is_confidential_and_raises_an_action_for_the_facilitator(
    paths: DataPaths, clock: FakeClock
) -> None:
    meeting = school_meeting(paths, clock)
    said = meeting.capture(CONFIDED)  # typed in the open: marking it makes it confidential
    concern, action = meeting.toggle_concern(said.id)
    assert concern.concern and concern.confidential
    assert action is not None
    stored = on_disk(meeting, paths)
    assert stored[said.id]["concern"] is True and stored[said.id]["confidential"] is True
    raised = stored[action.id]
    assert raised["kind"] == "action" and raised["confidential"] is True
    assert raised["raised_for"] == said.id
    assert raised["action"]["lead"] == "Ilze Kalniņa"  # type: ignore[index]
    assert raised["action"]["deadline"] == "2026-12-08"  # type: ignore[index]
    assert "Inform the responsible services" in str(raised["text"])
    assert CONFIDED not in str(raised["text"])  # the plan's words never repeat what was confided


def test_a_concern_cannot_be_made_public_by_a_slip(paths: DataPaths, clock: FakeClock) -> None:
    meeting = school_meeting(paths, clock)
    said = meeting.capture(CONFIDED)
    meeting.toggle_concern(said.id)
    with pytest.raises(CaptureError, match="stays confidential"):
        meeting.toggle_confidential(said.id)
    with pytest.raises(CaptureError, match="stays confidential"):
        meeting.edit(said.id, text=CONFIDED, kind=EntryKind.NOTE, confidential=False)
    assert on_disk(meeting, paths)[said.id]["confidential"] is True
    # Unmarked, it is an ordinary confidential entry again; its action stays in the plan.
    unmarked, raised = meeting.toggle_concern(said.id)
    assert raised is None and not unmarked.concern and unmarked.confidential
    assert len([e for e in meeting.actions() if e.raised_for == said.id]) == 1
    assert meeting.toggle_confidential(said.id).confidential is False


def test_one_undo_takes_back_the_mark_and_its_action(paths: DataPaths, clock: FakeClock) -> None:
    meeting = school_meeting(paths, clock)
    said = meeting.capture(CONFIDED)
    _concern, action = meeting.toggle_concern(said.id)
    assert action is not None
    assert meeting.undo() == "Undone: marked a concern to report (" + CONFIDED[:39] + "…)"
    stored = on_disk(meeting, paths)
    assert stored[said.id]["concern"] is False and stored[said.id]["confidential"] is False
    assert stored[action.id]["deleted"] is True
    # Marked again: a new action, not the deleted one brought back.
    _again, second = meeting.toggle_concern(said.id)
    assert second is not None and second.id != action.id


def test_without_a_facilitator_named_the_mentor_present_leads(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("school-mentoring-meeting-lv")
    assert agenda is not None
    people = [Participant("Roberts", "skolēns"), Participant("Anna Bērziņa", "mentore")]
    meeting = Meeting(
        SessionStore(paths, clock).create(agenda, MeetingDetails("", "", "", people)), clock
    )
    meeting.start()
    _concern, action = meeting.toggle_concern(meeting.capture(CONFIDED).id)
    assert action is not None and action.action is not None
    assert action.action.lead == "Anna Bērziņa"
    assert action.text.startswith("Informēt atbildīgos dienestus")  # the session's language
    nobody = Meeting(SessionStore(paths, clock).create(agenda), clock)
    nobody.start()
    _concern, action = nobody.toggle_concern(nobody.capture(CONFIDED).id)
    assert action is not None and action.action is not None
    assert action.action.lead == "mentors"


def test_a_rating_is_never_a_concern(paths: DataPaths, clock: FakeClock) -> None:
    agenda = AgendaLibrary.discover(paths).find("first-session-en")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda), clock)
    meeting.start()
    meeting.go_to(len(meeting.blocks) - 1)
    rating = meeting.capture("=1 8")
    with pytest.raises(CaptureError, match="rating"):
        meeting.toggle_concern(rating.id)


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_confidential_minutes_list_the_concern_first_and_the_shared_ones_never(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    set_language(language)
    meeting = school_meeting(paths, clock, language)
    meeting.capture("+ Bring the maths workbook")
    said = meeting.capture(CONFIDED)
    meeting.toggle_concern(said.id)
    meeting.finish()
    heading = "## Concerns to report" if language == "en" else "## Par ko jāziņo"
    shared = meeting.writer()
    for text in (shared.minutes(), shared.action_plan()):
        assert CONFIDED not in text and heading not in text
        assert "Inform the responsible" not in text and "Informēt atbildīgos" not in text
    for document in shared.documents():
        assert CONFIDED not in html.write(document)
        read = docx.Document(io.BytesIO(word.write(document)))
        assert all(CONFIDED not in p.text for p in read.paragraphs)
    confidential = meeting.writer(include_confidential=True)
    minutes = confidential.minutes()
    concerns = section(minutes, heading)
    assert minutes.index(heading) < minutes.index("## 1. ")  # before any block
    assert CONFIDED in concerns and "Ilze Kalniņa" in concerns
    assert confidential.format_deadline("2026-12-08") in concerns  # the action's deadline
    label = "Concern to report" if language == "en" else "Jāziņo"
    assert f"**{label}:** {CONFIDED}" in section(minutes, "## 1. " + meeting.blocks[0].title)
    rows = cell_texts(confidential.action_plan())
    inform = "Inform the responsible" if language == "en" else "Informēt atbildīgos"
    first_action = rows[1]  # the row under the plan table's heading row
    assert "Bring the maths workbook" in "".join(rows[2])
    assert any(inform in cell for cell in first_action)  # first, before the typed ones
    read = docx.Document(io.BytesIO(word.write(confidential.document())))
    assert any(CONFIDED in p.text for p in read.paragraphs)


def test_an_older_file_is_migrated_with_no_concerns(paths: DataPaths, clock: FakeClock) -> None:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    session_id = "20261123-1400-getting-to-know-lv"
    shutil.copy(V1_FILE, paths.session_file(session_id))
    meeting = Meeting(SessionStore(paths, clock).open(session_id, write=True), clock)
    first = meeting.entries()[0]
    meeting.edit_text(first.id, first.text + ".")
    stored = on_disk(meeting, paths)
    assert all(e["concern"] is False and e["raised_for"] == "" for e in stored.values())
    concern, action = meeting.toggle_concern(first.id)
    assert concern.concern and action is not None
    assert on_disk(meeting, paths)[first.id]["concern"] is True
