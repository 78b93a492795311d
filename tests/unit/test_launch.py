"""Making a session ready to run (`facilitator.programme.launch`): created alone or in a
series, opened for writing, and what the facilitator is told on the way."""

from __future__ import annotations

import shutil
from pathlib import Path

from facilitator.agenda.model import BlockKind
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails
from facilitator.programme.launch import Launch, NoticeKind, create_to_run, open_to_run
from facilitator.programme.series import Series
from facilitator.programme.series_store import SeriesNotFound
from facilitator.storage.lock import SessionLocked
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionNotFound
from facilitator.workspace import Workspace
from tests.helpers import START, FakeClock
from tests.unit.test_series import VISIT, new_series

V1_FILE = Path(__file__).parent.parent / "data" / "session-v1.json"


def workspace(paths: DataPaths, clock: FakeClock) -> Workspace:
    return Workspace(paths, clock)


def kinds(launch: Launch) -> list[NoticeKind]:
    return [n.kind for n in launch.notices]


def with_an_open_action(ws: Workspace, clock: FakeClock) -> Series:
    """A series whose first session left one action open."""
    series = new_series(ws.series)
    first = create_to_run(ws, VISIT, MeetingDetails(), series=series.name)
    assert first.session is not None
    meeting = Meeting(first.session, clock)
    meeting.start()
    meeting.capture("+ Map the migrant organisations @Ilze 15.01.2027")
    meeting.finish()
    meeting.close()
    clock.advance(30 * 24 * 3600)
    return series


def test_a_new_session_on_the_workspace_clock(paths: DataPaths, clock: FakeClock) -> None:
    launch = create_to_run(workspace(paths, clock), VISIT, MeetingDetails("First visit"))
    assert launch.session is not None and launch.refusal is None
    assert launch.notices == [] and not launch.review_added
    assert launch.session.writable
    assert launch.session.info.created_at == START
    assert launch.session.info.title == "First visit"
    assert launch.session.info.series_id == ""
    launch.session.close()


def test_the_next_session_of_a_series_gets_a_review_block_when_asked(
    paths: DataPaths, clock: FakeClock
) -> None:
    ws = workspace(paths, clock)
    series = with_an_open_action(ws, clock)
    launch = create_to_run(ws, VISIT, MeetingDetails(), series=series.name, add_review=True)
    assert launch.session is not None and launch.notices == []
    assert launch.review_added
    info = launch.session.info
    assert (info.series_id, info.series_number) == (series.id, 2)
    assert info.created_at == START + 30 * 24 * 3600
    assert info.agenda.blocks[0].kind is BlockKind.REVIEW
    assert [e.text for e in launch.session.entries()] == ["Map the migrant organisations"]
    launch.session.close()


def test_without_add_review_the_agenda_is_kept_and_actions_still_carry_over(
    paths: DataPaths, clock: FakeClock
) -> None:
    ws = workspace(paths, clock)
    series = with_an_open_action(ws, clock)
    launch = create_to_run(ws, VISIT, MeetingDetails(), series=series.id)
    assert launch.session is not None and not launch.review_added
    assert launch.session.info.agenda.blocks == VISIT.blocks
    assert [e.text for e in launch.session.entries()] == ["Map the migrant organisations"]
    launch.session.close()


def test_a_restored_series_file_is_told_once(paths: DataPaths, clock: FakeClock) -> None:
    ws = workspace(paths, clock)
    series = new_series(ws.series)
    series.name = "Cēsis and Valmiera"
    ws.series.save(series)  # the file before this write becomes the last good copy
    paths.series_file(series.id).write_bytes(b'{"series": {"1": {"id": "x", "na')

    fresh = workspace(paths, clock)
    launch = create_to_run(fresh, VISIT, MeetingDetails(), series=series.id)
    assert launch.session is not None
    assert kinds(launch) == [NoticeKind.RECOVERED]
    assert f"{series.id}.json was damaged" in launch.notices[0].text
    assert fresh.series.recoveries == []  # told here, so not again
    launch.session.close()


def test_an_unknown_series_is_refused_and_its_recoveries_kept(
    paths: DataPaths, clock: FakeClock
) -> None:
    ws = workspace(paths, clock)
    series = new_series(ws.series)
    series.name = "Cēsis and Valmiera"
    ws.series.save(series)
    paths.series_file(series.id).write_bytes(b"[]")

    fresh = workspace(paths, clock)
    launch = create_to_run(fresh, VISIT, MeetingDetails(), series="Nowhere")
    assert launch.session is None
    assert isinstance(launch.refusal, SeriesNotFound)
    assert kinds(launch) == [NoticeKind.NOT_CREATED]
    assert launch.notices[0].text == (
        f"The meeting could not be created in {paths.sessions}: "
        "no series `Nowhere`; `facilitator series list` lists them"
    )
    assert len(fresh.series.recoveries) == 1  # for whoever reports them later
    assert list(paths.sessions.glob("*.json")) == []


def test_a_disk_that_refuses_is_named_with_its_reason(paths: DataPaths, clock: FakeClock) -> None:
    shutil.rmtree(paths.sessions)
    paths.sessions.write_text("a file where the folder should be", encoding="utf-8")
    launch = create_to_run(workspace(paths, clock), VISIT, MeetingDetails())
    assert launch.session is None and isinstance(launch.refusal, OSError)
    assert kinds(launch) == [NoticeKind.NOT_CREATED]
    assert launch.notices[0].text == (
        f"The meeting could not be created in {paths.sessions}: File exists"
    )


def test_a_stored_session_opens_for_writing_by_its_beginning(
    paths: DataPaths, clock: FakeClock
) -> None:
    ws = workspace(paths, clock)
    created = create_to_run(ws, VISIT, MeetingDetails("Kept"))
    assert created.session is not None
    session_id = created.session.id
    created.session.close()
    clock.advance(60)

    launch = open_to_run(ws, session_id[:13])
    assert launch.session is not None and launch.notices == []
    assert launch.session.id == session_id and launch.session.writable
    # A second window is refused while this one holds the session.
    again = open_to_run(workspace(paths, clock), session_id)
    assert again.session is None and isinstance(again.refusal, SessionLocked)
    assert kinds(again) == [NoticeKind.NOT_OPENED]
    assert "open in another facilitator window" in again.notices[0].text
    launch.session.close()
    reopened = open_to_run(ws, session_id)
    assert reopened.session is not None
    reopened.session.close()


def test_an_unknown_session_is_refused_in_words(paths: DataPaths, clock: FakeClock) -> None:
    launch = open_to_run(workspace(paths, clock), "20990101-nothing")
    assert launch.session is None and isinstance(launch.refusal, SessionNotFound)
    assert [(n.kind, n.text) for n in launch.notices] == [
        (
            NoticeKind.NOT_OPENED,
            "no session `20990101-nothing`; `facilitator sessions` lists them",
        )
    ]


def test_a_damaged_session_opens_from_its_last_good_copy_and_says_so(
    paths: DataPaths, clock: FakeClock
) -> None:
    ws = workspace(paths, clock)
    created = create_to_run(ws, VISIT, MeetingDetails())
    assert created.session is not None
    meeting = Meeting(created.session, clock)
    meeting.start()
    meeting.capture("first")
    meeting.capture("second")
    meeting.close()
    file = paths.session_file(created.session.id)
    file.write_bytes(file.read_bytes()[:-40])

    launch = open_to_run(ws, created.session.id)
    assert launch.session is not None
    assert kinds(launch) == [NoticeKind.RECOVERED]
    assert "last good copy" in launch.notices[0].text
    assert [e.text for e in launch.session.entries()] == ["first", "second"]
    launch.session.close()


def test_an_older_session_is_updated_and_says_where_the_original_is(
    paths: DataPaths, clock: FakeClock
) -> None:
    paths.sessions.mkdir(parents=True, exist_ok=True)
    session_id = "20261123-1400-getting-to-know-lv"
    shutil.copy(V1_FILE, paths.session_file(session_id))

    launch = open_to_run(workspace(paths, clock), session_id)
    assert launch.session is not None
    assert [(n.kind, n.text) for n in launch.notices] == [
        (
            NoticeKind.MIGRATED,
            "This session was saved by an older version of facilitator and has been "
            f"updated; the original is kept in {paths.migrated}.",
        )
    ]
    assert (paths.migrated / f"{session_id}.v1.json").exists()
    launch.session.close()
