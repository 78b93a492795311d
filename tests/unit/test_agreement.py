"""The agreement a mentor and a pupil sign: captured in the first meeting's blocks that
record its four parts, exported with the session's documents, read back from each format."""

from __future__ import annotations

import pytest

from facilitator.agenda.library import AgendaLibrary
from facilitator.documents.formats import parse_formats
from facilitator.meeting.live import Meeting
from facilitator.meeting.participants import parse_participants
from facilitator.meeting.session import MeetingDetails
from facilitator.storage.paths import DataPaths
from facilitator.storage.sessions import SessionStore
from tests.helpers import FakeClock
from tests.unit.test_document_formats import html_reading, word_reading

PARTS = {
    "en": [
        "Situation description",
        "Plan to address the situation",
        "The mentor commits to",
        "The pupil commits to",
    ],
    "lv": [
        "Situācijas apraksts",
        "Plāns situācijas risināšanai",
        "Atbalsta sniedzējs apņemas",
        "Atbalsta saņēmējs apņemas",
    ],
}
LINES = [
    "Bieži kavē matemātiku; grib pabeigt 9. klasi",
    "Tiekamies katru otrdienu skolas bibliotēkā; mērķis: sekmīgs vērtējums",
    "Palīdzēt plānot mācības un uzklausīt",
    "Laikus pateikt, ja tikšanās jāpārceļ",
]


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_agreement_has_its_four_parts_and_two_places_to_sign(
    paths: DataPaths, clock: FakeClock, language: str
) -> None:
    agenda = AgendaLibrary.discover(paths).find(f"school-mentoring-agreement-{language}")
    assert agenda is not None
    details = MeetingDetails(
        title="Vienošanās",
        place="Valmieras 2. vidusskola",
        participants=parse_participants("Jānis Čakste (skolēns), Dace Ozola (mentore)"),
        date="2026-09-08",
    )
    meeting = Meeting(SessionStore(paths, clock).create(agenda, details), clock)
    meeting.start()
    for number, line in enumerate(LINES, 1):
        meeting.go_to(number)
        meeting.capture(line)
    meeting.go_to(1)
    meeting.capture("~ Vecāki šķiras")  # confidential: never in the signed paper
    meeting.finish()
    written = meeting.export(paths.exports, formats=parse_formats("md,html,docx"))
    meeting.close()
    names = [p.name for p in written]
    assert "2026-09-08-vienosanas-agreement.md" in names
    md = next(p for p in written if p.name.endswith("-agreement.md")).read_text(encoding="utf-8")
    page = next(p for p in written if p.name.endswith("-agreement.html")).read_text(
        encoding="utf-8"
    )
    word = next(p for p in written if p.name.endswith("-agreement.docx")).read_bytes()
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == PARTS[language]
    sections = md.split("\n## ")[1:]
    for section, line in zip(sections, LINES, strict=True):
        assert line in section
    word_headings, _tables, everything = word_reading(word)
    assert [text for _style, text in word_headings][1:] == PARTS[language]
    reading = html_reading(page)
    assert reading.headings[1:] == PARTS[language]
    html_text = " ".join(" ".join(reading.text).split())
    for text in (md, everything, html_text):
        assert "Vecāki šķiras" not in text
        assert "Jānis Čakste" in text and "Dace Ozola" in text
        for line in LINES:
            assert line in text
    sign = {
        "en": "Support receiver (pupil): Jānis Čakste",
        "lv": "Atbalsta saņēmējs (skolēns): Jānis Čakste",
    }[language]
    assert sign in md and sign in everything and sign in html_text
    assert page.count('class="signature"') == 2


def test_a_meeting_without_the_agreements_parts_writes_no_agreement(
    paths: DataPaths, clock: FakeClock
) -> None:
    agenda = AgendaLibrary.discover(paths).find("school-mentoring-meeting-en")
    assert agenda is not None
    meeting = Meeting(SessionStore(paths, clock).create(agenda, MeetingDetails()), clock)
    meeting.start()
    meeting.finish()
    written = meeting.export(paths.exports, formats=parse_formats("md"))
    meeting.close()
    assert not any("agreement" in p.name for p in written)
    assert len(written) == 2
