"""The HTML documents printed by a real browser, and read off the paper as a reader would.

Chromium (headless) prints each HTML file to PDF; poppler's `pdftotext` and `pdfinfo` read
the pages back: the words are there in both languages (Latvian letters too), a long action
plan keeps its table's heading row on every page, confidential entries never appear, and
each page's size is A4. The first page of each is kept as a PNG in `test-artefacts/` for a
person to look at. Skipped, saying why, where Chromium or poppler is missing (`.ci/run`
installs both).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from facilitator.documents import html
from facilitator.documents.model import Document
from facilitator.meeting.session import ActionFields, Entry, EntryKind
from facilitator.storage.paths import DataPaths
from tests.helpers import FakeClock
from tests.unit.test_export import FIRST_SESSION, run_first_session

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"

pytestmark = [
    pytest.mark.skipif(
        BROWSER is None, reason="no Chromium to print with (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
        reason="no poppler to read the PDF (apt-get install poppler-utils)",
    ),
]


def printed(document: Document, folder: Path) -> Path:
    """`document` as HTML, printed to PDF by the browser; its first page kept as a PNG."""
    page = folder / f"{document.stem}.html"
    page.write_text(html.write(document), encoding="utf-8")
    pdf = folder / f"{document.stem}.pdf"
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",  # a container's small /dev/shm must not crash it
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    ARTEFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", pdf,
         ARTEFACTS / document.stem],
        check=True,
        timeout=60,
    )  # fmt: skip
    return pdf


def pages(pdf: Path) -> list[str]:
    """The text of each printed page."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def page_size_mm(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(
        ["pdfinfo", pdf], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_minutes_print_on_a4_with_every_word(
    paths: DataPaths, clock: FakeClock, tmp_path: Path, language: str
) -> None:
    words = FIRST_SESSION[language]
    minutes, plan = run_first_session(paths, clock, language).writer().documents()
    text = "\n".join(pages(printed(minutes, tmp_path)))
    assert page_size_mm(tmp_path / f"{minutes.stem}.pdf") == (210, 297)
    flat = " ".join(text.split())
    assert str(words["title"]) in flat
    assert "Ilmārs Kalniņš" in flat
    assert str(words["notes"][0]) in flat
    assert str(words["notes"][1]) not in flat  # confidential
    chart = "Planned and actual time per block" if language == "en" else "Plānotais un faktiskais"
    assert chart in flat  # the chart's title, drawn as text in its picture
    plan_pages = pages(printed(plan, tmp_path))
    assert page_size_mm(tmp_path / f"{plan.stem}.pdf") == (297, 210)  # across the page
    assert str(words["details"][0]) in " ".join(" ".join(plan_pages).split())


def test_a_long_plan_repeats_its_table_heading_on_every_page(
    paths: DataPaths, clock: FakeClock, tmp_path: Path
) -> None:
    writer = run_first_session(paths, clock, "lv").writer()
    extra = [
        Entry(
            f"extra-{n}",
            EntryKind.ACTION,
            f"Sagatavot atskaiti Nr. {n} pilsētas domei",
            5,
            "Goal",
            clock(),
            0.0,
            action=ActionFields(result="atskaite", lead="Ilmārs", deadline="2027-02-01"),
        )
        for n in range(120)
    ]
    writer.entries += extra
    plan = writer.plan.document()
    found = pages(printed(plan, tmp_path))
    # The rows' "expected result" is `atskaite`: the pages the table runs over.
    table_pages = [
        page for page in found if "atskaite " in page or page.rstrip().endswith("atskaite")
    ]
    assert len(table_pages) >= 3
    for page in table_pages:
        assert "Rezultāts" in page and "Termiņš" in page  # the heading row, again
    text = " ".join(" ".join(found).split())
    for n in (0, 59, 119):
        assert f"Sagatavot atskaiti Nr. {n} pilsētas domei" in text


@pytest.mark.parametrize("language", ["en", "lv"])
def test_a_full_months_time_sheet_prints_on_one_a4_page(
    paths: DataPaths, clock: FakeClock, tmp_path: Path, language: str
) -> None:
    from facilitator.documents.time_sheet import TimeSheetWriter
    from facilitator.programme.pupil_records import read_month_sheet
    from tests.unit.test_time_sheet import meet, pupil_month

    month = pupil_month(paths, clock, language)
    agenda = f"school-mentoring-meeting-{language}"
    # The fullest month the rules allow: 20 meetings of one academic hour.
    for day in range(6, 24):
        meet(month.store, month.series, clock, agenda, f"2026-11-{day:02}", f"Tēma {day}", 40)
    sheet = read_month_sheet(month.store, month.series, "2026-11", clock)
    assert len(sheet.meetings) == 20
    document = TimeSheetWriter(sheet).document()
    found = pages(printed(document, tmp_path))
    assert page_size_mm(tmp_path / f"{document.stem}.pdf") == (210, 297)
    assert len(found) == 1
    flat = " ".join(found[0].split())
    signature = "paraksts" if language == "lv" else "signature"
    assert "Jānis Čakste" in flat and flat.count(signature) == 2  # both columns' headings
    assert "Tēma 6" in flat and "Tēma 23" in flat
