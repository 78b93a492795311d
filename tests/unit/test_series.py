"""Series of meetings: open actions carried from visit to visit, and the series' plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from facilitator.agenda.model import BlockKind
from facilitator.agenda.parse import parse_agenda
from facilitator.documents.series_plan import SeriesPlanWriter
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import ActionStatus, EntryKind, MeetingDetails
from facilitator.programme.series import Series, SeriesKind
from facilitator.programme.series_store import SeriesError, SeriesNotFound, SeriesStore
from facilitator.storage.migration import SCHEMA_VERSION, _migrate_1_to_2
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock, session_tables
from tests.unit.test_export import cell_texts

V1_FILE = Path(__file__).resolve().parents[1] / "data" / "session-v1.json"
DAY = 24 * 3600

VISIT, _ = parse_agenda(
    "# Mentoring visit\n\n## Situation and questions\nDuration: 30 min\n\n"
    "## Action-planning workshop\nDuration: 60 min\nKind: action-planning\n",
    "visit.md",
)


def stores(paths: DataPaths, clock: FakeClock) -> SeriesStore:
    return SeriesStore(paths, SessionStore(paths, clock), clock)


def new_series(series: SeriesStore) -> Series:
    return series.create(
        "IncluCities Cēsis",
        SeriesKind.VISITS,
        mentee_city="Cēsis",
        mentor_city="Fuenlabrada",
        participants=[Participant("Ilze", "coordinator"), Participant("Jānis", "mentor")],
    )


def by_text(meeting: Meeting, text: str) -> str:
    return next(e.id for e in meeting.actions() if e.text == text)


def test_three_visits_grow_one_action_plan(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)

    # Visit 1: five actions.
    visit1 = Meeting(series.start_session(cesis, VISIT), clock)
    assert visit1.blocks[0].kind is not BlockKind.REVIEW  # nothing to review yet
    visit1.start()
    visit1.next()
    for line in (
        "+ Map the migrant organisations @Ilze 15.01.2027",
        "+ Open a one-stop info desk @Jānis 01.03.2027",
        "+ Translate the welcome guide @Marta 01.02.2027",
        "+ Train front-desk staff @Ilze 01.04.2027",
        "+ Start a language café @Anna 01.02.2027",
    ):
        visit1.capture(line)
    visit1.finish()
    first_ids = [e.id for e in visit1.actions()]
    visit1.close()

    # Visit 2, a month later: all five carried over; two closed, one deadline moved, two added.
    clock.advance(30 * DAY)
    visit2 = Meeting(series.start_session(cesis, VISIT), clock)
    info2 = visit2.session.info
    assert (info2.series_number, info2.mentee_city, info2.scheme) == (2, "Cēsis", cesis.name)
    assert [p.name for p in info2.participants] == ["Ilze", "Jānis"]
    assert visit2.blocks[0].kind is BlockKind.REVIEW
    carried = visit2.entries(0)
    assert [e.id for e in carried] == first_ids
    assert all(e.origin is not None and e.origin.session_number == 1 for e in carried)
    visit2.start()
    visit2.review(by_text(visit2, "Map the migrant organisations"), ActionStatus.DONE)
    visit2.review(by_text(visit2, "Translate the welcome guide"), ActionStatus.DONE)
    visit2.review(
        by_text(visit2, "Open a one-stop info desk"),
        ActionStatus.OPEN,
        deadline="01.06.2027",
        note="premises found, staff not yet",
    )
    visit2.next()
    visit2.next()
    visit2.capture("+ Set up a local support group @Ilze 01.05.2027")
    visit2.capture("+ Apply for AMIF funding @Jānis 01.09.2027")
    visit2.finish()
    visit2.close()

    # Visit 3: the five still open come over; one is dropped.
    clock.advance(60 * DAY)
    visit3 = Meeting(series.start_session(cesis, VISIT), clock)
    assert [e.text for e in visit3.entries(0)] == [
        "Open a one-stop info desk",
        "Train front-desk staff",
        "Start a language café",
        "Set up a local support group",
        "Apply for AMIF funding",
    ]
    visit3.start()
    cafe = by_text(visit3, "Start a language café")
    visit3.review(cafe, ActionStatus.DROPPED, note="no venue")
    visit3.finish()
    visit3.close()

    (written,) = SeriesPlanWriter.of(series, series.find("inclucities cēsis")).write(paths.exports)
    assert written.name == "2027-02-21-inclucities-cesis-action-plan-v3.md"
    plan = written.read_text(encoding="utf-8")
    assert "- **Date and version:** 21 Feb 2027, version 3" in plan
    assert "- **Mentee city:** Cēsis" in plan
    rows = cell_texts(plan)
    header = rows[0]
    assert header == [
        "#",
        "Action",
        "Expected result",
        "Deadline",
        "Who leads",
        "Resources and partners",
        "Measuring success",
        "Status",
        "From",
        "Note",
    ]
    got = [(r[1], r[3], r[4], r[7], r[8], r[9]) for r in rows[1:]]
    assert got == [
        ("Map the migrant organisations", "15 Jan 2027", "Ilze", "done", "visit 1", ""),
        (
            "Open a one-stop info desk",
            "1 Jun 2027",
            "Jānis",
            "open",
            "visit 1",
            "premises found, staff not yet",
        ),
        ("Translate the welcome guide", "1 Feb 2027", "Marta", "done", "visit 1", ""),
        ("Train front-desk staff", "1 Apr 2027", "Ilze", "open", "visit 1", ""),
        ("Start a language café", "1 Feb 2027", "Anna", "dropped", "visit 1", "no venue"),
        ("Set up a local support group", "1 May 2027", "Ilze", "open", "visit 2", ""),
        ("Apply for AMIF funding", "1 Sep 2027", "Jānis", "open", "visit 2", ""),
    ]
    gaps = plan[plan.index("### Still to agree") :]
    assert "- [ ] 2. Open a one-stop info desk: a measure of success" in gaps
    assert "Map the migrant" not in gaps and "language café" not in gaps  # done, dropped


def test_an_actions_history_follows_it_across_sessions(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)
    first = Meeting(series.start_session(cesis, VISIT), clock)
    action = first.capture("+ Map the migrant organisations 15.01.2027")
    first.close()
    clock.advance(DAY)
    second = Meeting(series.start_session(cesis, VISIT), clock)
    second.review(action.id, ActionStatus.OPEN, deadline="2027-03-01")
    second_id = second.session.id
    second.close()
    clock.advance(DAY)
    third = Meeting(series.start_session(cesis, VISIT), clock)
    copy = third.entry(action.id)
    assert copy.created_at == action.created_at
    assert copy.origin is not None and copy.origin.session_id == first.session.id
    carried, changed, carried_again = copy.history
    assert carried["carried_from"] == 1 and carried["session"] == second_id
    assert changed["session"] == second_id
    assert changed["before"]["action"]["deadline"] == "2027-01-15"
    assert carried_again["carried_from"] == 2 and carried_again["session"] == third.session.id
    assert copy.action is not None and copy.action.deadline == "2027-03-01"
    third.close()


def test_actions_merge_by_id_never_by_text(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)
    first = Meeting(series.start_session(cesis, VISIT), clock)
    first.capture("+ Train staff")
    first.capture("+ Train staff")
    first.close()
    second = Meeting(series.start_session(cesis, VISIT), clock)
    one, two = second.entries(0)
    second.review(one.id, ActionStatus.DONE)
    second.edit_text(two.id, "Train front-desk staff")
    second.close()
    plan = SeriesPlanWriter.of(series, cesis).action_plan()
    rows = [(r[1], r[7]) for r in cell_texts(plan)[1:]]
    assert rows == [("Train staff", "done"), ("Train front-desk staff", "open")]


def test_a_removed_review_block_still_carries_the_actions(
    paths: DataPaths, clock: FakeClock
) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)
    first = Meeting(series.start_session(cesis, VISIT), clock)
    first.capture("+ Map the migrant organisations")
    first.close()
    # The start dialog showed the agenda with the review block; the facilitator dropped it.
    second = Meeting(series.start_session(cesis, VISIT, add_review=False), clock)
    assert [b.kind for b in second.blocks] == [b.kind for b in VISIT.blocks]
    assert [e.text for e in second.entries(0)] == ["Map the migrant organisations"]
    second.close()


def test_deleted_and_confidential_actions(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)
    first = Meeting(series.start_session(cesis, VISIT), clock)
    gone = first.capture("+ Typed by mistake")
    first.delete(gone.id)
    first.capture("~+ Talk to the mayor's office")
    first.capture("+ Map the migrant organisations")
    first.close()
    second = Meeting(series.start_session(cesis, VISIT), clock)
    assert [e.text for e in second.entries(0)] == [
        "Talk to the mayor's office",
        "Map the migrant organisations",
    ]
    second.close()
    shared = SeriesPlanWriter.of(series, cesis).action_plan()
    assert "mayor" not in shared and "Typed by mistake" not in shared
    assert "1 confidential action item was left out of this plan." in shared
    full = SeriesPlanWriter.of(series, cesis, include_confidential=True).action_plan()
    assert "Talk to the mayor" in full


def test_renaming_a_series_keeps_its_sessions(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    cesis = new_series(series)
    Meeting(series.start_session(cesis, VISIT), clock).close()
    cesis.name = "Cēsis and Fuenlabrada"
    series.save(cesis)
    again = series.find("CĒSIS AND FUENLABRADA")
    assert again.id == cesis.id
    sessions, _ = series.history(again)
    assert len(sessions) == 1
    with pytest.raises(SeriesNotFound, match="no series `IncluCities Cēsis`"):
        series.find("IncluCities Cēsis")


def test_series_names_are_unique_and_never_empty(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    new_series(series)
    with pytest.raises(SeriesError, match="already a series"):
        series.create("inclucities  CĒSIS", SeriesKind.VISITS)
    with pytest.raises(SeriesError, match="needs a name"):
        series.create("  ", SeriesKind.MENTORING)
    with pytest.raises(SeriesError, match="no sessions yet"):
        SeriesPlanWriter.of(series, series.find("IncluCities Cēsis"))


def test_a_pupil_series_prefills_mentor_and_mentee(paths: DataPaths, clock: FakeClock) -> None:
    series = stores(paths, clock)
    pupil = series.create(
        "Semester with Kārlis", SeriesKind.MENTORING, mentee="Kārlis", mentor="Anna"
    )
    session = series.start_session(pupil, VISIT, MeetingDetails(place="School library"))
    assert session.info.participants == [
        Participant("Kārlis", "mentee"),
        Participant("Anna", "mentor"),
    ]
    assert session.info.place == "School library"
    session.close()
    plan = SeriesPlanWriter.of(series, pupil).action_plan()
    assert "- **Mentee:** Kārlis" in plan and "- **Mentor:** Anna" in plan


def test_a_v1_file_migrates_to_the_current_schema(paths: DataPaths, clock: FakeClock) -> None:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    session_id = "20261123-1400-getting-to-know-lv"
    shutil.copy(V1_FILE, paths.session_file(session_id))
    store = SessionStore(paths, clock)
    session = store.open(session_id, write=True)
    assert session.migrated_from == 1
    assert (session.info.series_id, session.info.series_number) == ("", 0)
    assert all(e.origin is None for e in session.entries())
    session.close()
    raw = session_tables(paths.session_file(session_id))
    assert raw["meta"]["1"]["schema"] == SCHEMA_VERSION == 5
    assert raw["meta"]["1"]["series_id"] == ""
    assert all(e["origin"] is None for e in raw["entries"].values())
    assert (paths.migrated / f"{session_id}.v1.json").read_bytes() == V1_FILE.read_bytes()


def test_a_v2_file_migrates_and_its_original_is_kept(paths: DataPaths, clock: FakeClock) -> None:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    session_id = "20261123-1400-getting-to-know-lv"
    data = _migrate_1_to_2(json.loads(V1_FILE.read_text(encoding="utf-8")))
    data["meta"]["1"]["schema"] = 2
    v2 = json.dumps(data, ensure_ascii=False).encode("utf-8")
    paths.session_file(session_id).write_bytes(v2)
    store = SessionStore(paths, clock)
    session = store.open(session_id, write=True)
    assert session.migrated_from == 2
    meeting = Meeting(session, clock)
    action = meeting.actions()[0]
    meeting.set_status(action.id, ActionStatus.DONE)
    meeting.close()
    assert (paths.migrated / f"{session_id}.v2.json").read_bytes() == v2
    reopened = store.open(session_id)
    assert reopened.migrated_from is None
    done = next(e for e in reopened.entries() if e.kind is EntryKind.ACTION)
    assert done.action is not None and done.action.status is ActionStatus.DONE
    assert done.history[-1]["session"] == session_id
    reopened.close()
