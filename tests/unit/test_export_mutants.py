"""Exported documents the mutation tester found loosely tested (see tools/mutants.md): a
series' whole action plan written out by hand, the plan's version in a series, file names,
and writing into a folder that does not exist yet.

Every expectation here is literal text, as a reader of the document sees it, not derived
from the writer under test."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.agenda.parse import parse_agenda
from facilitator.documents.files import slugify
from facilitator.documents.minutes import MinutesWriter
from facilitator.documents.series_plan import SeriesPlanWriter
from facilitator.meeting.participants import Participant
from facilitator.meeting.session import (
    ActionFields,
    ActionStatus,
    Entry,
    EntryKind,
    Origin,
    SeriesKind,
    SessionInfo,
)
from facilitator.programme.series import PlanItem, Series

VISIT, _ = parse_agenda(
    "# Mentoring visit\n\n## Situation and questions\nDuration: 30 min\n\n"
    "## Action-planning workshop\nDuration: 60 min\nKind: action-planning\n",
    "visit.md",
)


def action(
    entry_id: str,
    text: str,
    fields: ActionFields | None,
    confidential: bool = False,
) -> Entry:
    return Entry(
        id=entry_id,
        kind=EntryKind.ACTION,
        text=text,
        block_index=1,
        block_title="Action-planning workshop",
        created_at=0.0,
        meeting_s=0.0,
        confidential=confidential,
        action=fields,
    )


def second_visit(number: int = 2) -> SessionInfo:
    """The latest session: its own scheme and mentee city differ from the series'."""
    return SessionInfo(
        id="v2",
        title="Second visit",
        agenda=VISIT,
        created_at=0.0,
        language="en",
        date="2027-02-21",
        scheme="Some other scheme",
        mentee_city="Valmiera",
        mentor_city="Fuenlabrada",
        series_id="cesis",
        series_number=number,
    )


def item(entry: Entry, first_in: int) -> PlanItem:
    return PlanItem(entry, Origin(first_in, f"v{first_in}", entry.id), 2)


def cesis(kind: SeriesKind = SeriesKind.VISITS) -> Series:
    # No mentor city of its own: the latest session's is shown.
    return Series("cesis", "IncluCities Cēsis", kind, 0.0, mentee_city="Cēsis")


def plan_items() -> list[PlanItem]:
    mapped = ActionFields(
        result="A list of 10",
        deadline="2027-01-15",
        lead="Ilze",
        resources="The city's register",
        measure="10 organisations contacted",
        status=ActionStatus.DONE,
        note="Done in January",
    )
    return [
        item(action("a1", "Map the migrant organisations", mapped), 1),
        item(action("a2", "Open a one-stop info desk", ActionFields()), 2),
        item(action("a3", "Talk to the mayor's office", ActionFields(), confidential=True), 1),
        # An action whose columns were never stored (an old file): an open row, no note.
        item(action("a4", "Start a language café", None), 2),
        item(action("a5", "Ask the school director", ActionFields(), confidential=True), 2),
    ]


SERIES_PLAN = """\
# Action plan: IncluCities Cēsis

- **Mentoring scheme:** IncluCities Cēsis
- **Mentee city:** Cēsis
- **Mentor city:** Fuenlabrada
- **Date and version:** 21 Feb 2027, version 2

| # | Action | Expected result | Deadline | Who leads | Resources and partners \
| Measuring success | Status | From | Note |
|---|---|---|---|---|---|---|---|---|---|
| 1 | Map the migrant organisations | A list of 10 | 15 Jan 2027 | Ilze | The city's register \
| 10 organisations contacted | done | visit 1 | Done in January |
| 2 | Open a one-stop info desk | _to be agreed_ | _to be agreed_ | _to be agreed_ \
| _to be agreed_ | _to be agreed_ | open | visit 2 |  |
| 3 | Start a language café | _to be agreed_ | _to be agreed_ | _to be agreed_ \
| _to be agreed_ | _to be agreed_ | open | visit 2 |  |

### Still to agree

- [ ] 2. Open a one-stop info desk: who leads, a deadline, a measure of success
- [ ] 3. Start a language café: who leads, a deadline, a measure of success

_2 confidential action items were left out of this plan._
"""


def test_a_series_plan_reads_as_written_by_hand() -> None:
    writer = SeriesPlanWriter(cesis(), plan_items(), second_visit())
    assert writer.action_plan() == SERIES_PLAN


def test_a_mentoring_series_counts_sessions_not_visits() -> None:
    plan = SeriesPlanWriter(cesis(SeriesKind.MENTORING), plan_items(), second_visit())
    rows = plan.action_plan().splitlines()
    assert rows[9].endswith("| done | session 1 | Done in January |")
    assert rows[10].endswith("| open | session 2 |  |")


def test_a_series_plan_with_confidential_actions_says_so_in_its_file_name() -> None:
    shared = SeriesPlanWriter(cesis(), plan_items(), second_visit())
    full = SeriesPlanWriter(cesis(), plan_items(), second_visit(), include_confidential=True)
    assert shared.file_stem() == "2027-02-21-inclucities-cesis-action-plan-v2"
    assert full.file_stem() == "2027-02-21-inclucities-cesis-action-plan-v2-confidential"
    assert "Talk to the mayor's office" in full.action_plan()
    assert "left out" not in full.action_plan()


def test_a_series_plan_is_written_into_a_new_nested_folder(tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "2027"
    (written,) = SeriesPlanWriter(cesis(), plan_items(), second_visit()).write(folder)
    assert written == folder / "2027-02-21-inclucities-cesis-action-plan-v2.md"
    assert written.read_text(encoding="utf-8") == SERIES_PLAN


def session_writer(number: int, entries: list[Entry]) -> MinutesWriter:
    return MinutesWriter(second_visit(number), entries, None)


def test_the_first_session_of_a_series_writes_version_1_of_its_plan() -> None:
    plan = session_writer(1, []).action_plan()
    assert "- **Date and version:** 21 Feb 2027, version 1" in plan
    outside = MinutesWriter(second_visit(0), [], None).action_plan()
    assert "- **Date and version:** 21 Feb 2027, draft 1" in outside


def test_one_and_two_confidential_actions_left_out_of_a_session_plan() -> None:
    one = [action("a1", "Talk to HR", ActionFields(), confidential=True)]
    two = [*one, action("a2", "Ask the director", ActionFields(), confidential=True)]
    assert (
        session_writer(2, one)
        .action_plan()
        .endswith("\n\n_1 confidential action item was left out of this plan._\n")
    )
    assert (
        session_writer(2, two)
        .action_plan()
        .endswith("\n\n_2 confidential action items were left out of this plan._\n")
    )


def test_a_session_is_written_into_a_new_nested_folder(tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "2027"
    written = session_writer(2, []).write(folder)
    assert [p.name for p in written] == [
        "2027-02-21-second-visit-minutes.md",
        "2027-02-21-second-visit-action-plan.md",
    ]
    assert all(p.parent == folder for p in written)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("  Getting to know — each other! ", "getting-to-know-each-other"),
        ("Ķekava: pirmā tikšanās", "kekava-pirma-tiksanas"),
        ("!!!", "meeting"),
        ("日本語", "meeting"),
        ("a" * 60, "a" * 50),
    ],
)
def test_file_names_are_short_ascii_words(title: str, slug: str) -> None:
    assert slugify(title) == slug


def school_meeting() -> SessionInfo:
    """A session with no cities: the plan names the mentees and the mentor."""
    return SessionInfo(
        id="m2",
        title="Second visit",
        agenda=VISIT,
        created_at=0.0,
        language="en",
        date="2027-02-21",
        scheme="Some other scheme",
        participants=[
            Participant("Kārlis", "mentee"),
            Participant("Līga", "mentee"),
            Participant("Anna", "mentor"),
            Participant("Ilze", "coordinator, observer"),
            Participant("Pēteris"),
        ],
        series_number=2,
    )


SESSION_PLAN = """\
# Draft action plan: Second visit

- **Mentoring scheme:** Some other scheme
- **Mentee:** Kārlis, Līga
- **Mentor:** Anna
- **Date and version:** 21 Feb 2027, version 2

| # | Action | Expected result | Deadline | Who leads | Resources and partners \
| Measuring success | Status |
|---|---|---|---|---|---|---|---|
| 1 | Book the hall | _to be agreed_ | 10 Jan 2027 | _to be agreed_ | _to be agreed_ \
| 40 seats | done |
| 2 | Ask the parents | _to be agreed_ | _to be agreed_ | _to be agreed_ | _to be agreed_ \
| _to be agreed_ | open |

### Still to agree

- [ ] 2. Ask the parents: who leads, a deadline, a measure of success
"""


def test_a_session_plan_lists_what_is_still_to_agree_for_every_open_action() -> None:
    # A done action has nothing left to agree (issue 17); one whose columns were never
    # stored lacks them all, numbered as in the table.
    booked = ActionFields(deadline="2027-01-10", measure="40 seats", status=ActionStatus.DONE)
    entries = [action("a1", "Book the hall", booked), action("a2", "Ask the parents", None)]
    assert MinutesWriter(school_meeting(), entries, None).action_plan() == SESSION_PLAN


def test_a_plan_with_every_column_agreed_says_so() -> None:
    agreed = ActionFields(lead="Anna", deadline="2027-01-10", measure="40 seats")
    plan = MinutesWriter(school_meeting(), [action("a1", "Book the hall", agreed)], None)
    assert plan.action_plan().endswith(
        "### Still to agree\n\nEvery action has a lead, a deadline and a measure of success.\n"
    )


def test_the_minutes_name_who_was_present_with_their_roles() -> None:
    minutes = MinutesWriter(school_meeting(), [], None).minutes()
    assert (
        "- **Present:** Kārlis (mentee), Līga (mentee), Anna (mentor), "
        "Ilze (coordinator, observer), Pēteris\n"
    ) in minutes
