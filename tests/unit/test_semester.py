"""The mentor's end-of-semester evaluation: three closed questions answered with a choice's
number, two open ones, exported with the semester's totals (pupils, meetings, hours per
pupil per month), read back from Markdown and Word."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.cli import main
from facilitator.meeting.live import Meeting
from facilitator.meeting.session import MeetingDetails, SeriesKind
from facilitator.programme.pupil_records import confirm_hours
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock
from tests.unit.test_document_formats import word_reading
from tests.unit.test_export import cell_texts
from tests.unit.test_time_sheet import meet, pupil_month


def test_the_evaluation_holds_the_answers_and_the_semesters_totals(
    paths: DataPaths, clock: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    month = pupil_month(paths, clock, "lv")  # Jānis Čakste: 3 meetings, 2 hours confirmed
    caba = month.store.create(
        "Čaba 2026/27 I", SeriesKind.PUPIL, mentee="Čaba", mentor="Dace Ozola", semester="2026/27 I"
    )
    done = meet(month.store, caba, clock, "school-mentoring-meeting-lv", "2026-11-12", "T", 80)
    confirm_hours(month.store.sessions, done, 2)
    month.store.create(  # another semester: not in the totals
        "Zane 2025/26 II",
        SeriesKind.PUPIL,
        mentee="Zane",
        mentor="Dace Ozola",
        semester="2025/26 II",
    )
    agenda = AgendaLibrary.discover(paths).find("school-mentoring-semester-evaluation-lv")
    assert agenda is not None
    details = MeetingDetails(title="Izvērtējums", facilitator="Dace Ozola", date="2026-12-20")
    meeting = Meeting(month.store.sessions.create(agenda, details), clock)
    meeting.start()
    meeting.capture("2")  # question 1: the second choice
    meeting.go_to(1)
    meeting.capture("Grūti spriest par visiem")
    meeting.capture("1")
    meeting.go_to(3)
    meeting.capture("Jānis sāka apmeklēt matemātiku")
    meeting.finish()
    meeting.close()
    out = tmp_path / "out"
    command = ["evaluation", meeting.session.id, "--semester", "2026/27 I", "--out", str(out)]
    assert main([*command, "--format", "md,docx"]) == 0
    md_path, docx_path = (Path(line) for line in capsys.readouterr().out.split())
    text = md_path.read_text(encoding="utf-8")
    assert "- [x] Daļēji: dažas tikšanās tika izlaistas vai pārceltas" in text
    assert "- [ ] Jā, gandrīz katrā tikšanās reizē" in text
    second = text.split("## Vai riski")[1].split("## ")[0]
    assert "- [x] Jā" in second and "Grūti spriest par visiem" in second
    third = text.split("## Vai mentorings")[1].split("## ")[0]
    assert "- [x]" not in third and "Nav atbildēts." in third
    assert "Jānis sāka apmeklēt matemātiku" in text
    assert text.count("Nav atbildēts.") == 2  # the third closed and the second open question
    rows = cell_texts(text)
    assert rows == [
        ["Skolēns", "Mēnesis", "Tikšanās", "Akadēmiskās stundas", "Nav apstiprinātas"],
        ["Čaba", "2026-11", "1", "2", "0"],
        ["Jānis Čakste", "2026-11", "2", "1", "1"],
        ["Jānis Čakste", "2026-12", "1", "1", "0"],
        ["Kopā", "2 skolēni", "4", "4", "1"],
    ]
    _headings, tables, everything = word_reading(docx_path.read_bytes())
    assert tables == [rows]
    assert "☑\tDaļēji: dažas tikšanās tika izlaistas vai pārceltas" in everything
    # The months as a chart too, its figures in the picture's words (Word's alternative
    # text) and the chart's title as text in the HTML.
    assert main([*command, "--format", "html,docx"]) == 0
    html_path, docx_path = (Path(line) for line in capsys.readouterr().out.split())
    page = html_path.read_text(encoding="utf-8")
    assert "Apstiprinātās akadēmiskās stundas mēnesī, visi skolēni" in page
    assert page.count("<svg") == 1
    with zipfile.ZipFile(docx_path) as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert "visi skolēni: 2026-11: 3; 2026-12: 1." in document
