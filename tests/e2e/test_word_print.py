"""The Word documents opened by a real word processor, and read off the paper.

LibreOffice (headless) opens each DOCX as a city office would and prints it to PDF;
poppler's `pdftotext` reads the pages back. The package must open at all (its charts are
parts written by this project, not pictures), the charts must be drawn with their titles,
bar figures and the skipped block's remark, the tables and Latvian letters must come
through, and confidential entries never appear. The page with the time chart is kept as a
PNG in `test-artefacts/` for a person to look at. Skipped, saying why, where LibreOffice
or poppler is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from facilitator.documents import word
from facilitator.storage.paths import DataPaths
from tests.e2e.test_print import ARTEFACTS, page_size_mm, pages
from tests.helpers import FakeClock
from tests.unit.test_export import FIRST_SESSION, run_first_session

OFFICE = next((b for b in ("soffice", "libreoffice") if shutil.which(b)), None)

pytestmark = [
    pytest.mark.skipif(
        OFFICE is None,
        reason="no LibreOffice to open the Word files (apt-get install libreoffice-writer-nogui)",
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
        reason="no poppler to read the PDF (apt-get install poppler-utils)",
    ),
]

CHART = {
    "en": ("Planned and actual time per block", "(skipped)"),
    "lv": ("Plānotais un faktiskais laiks katrai daļai", "(izlaista)"),
}


def opened(docx: Path, folder: Path) -> Path:
    """`docx` opened by LibreOffice and printed to PDF beside it."""
    assert OFFICE is not None
    subprocess.run(
        [
            OFFICE,
            f"-env:UserInstallation={(folder / 'office').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx.with_suffix(".pdf")
    assert pdf.exists(), "LibreOffice could not open the Word file"
    return pdf


@pytest.mark.parametrize("language", ["en", "lv"])
def test_the_word_minutes_open_and_print_with_their_charts(
    paths: DataPaths, clock: FakeClock, tmp_path: Path, language: str
) -> None:
    words = FIRST_SESSION[language]
    minutes, plan = run_first_session(paths, clock, language).writer().documents()
    files = []
    for document in (minutes, plan):
        path = tmp_path / f"{document.stem}.docx"
        path.write_bytes(word.write(document))
        files.append(path)
    minutes_pdf = opened(files[0], tmp_path)
    found = pages(minutes_pdf)
    flat = " ".join(" ".join(found).split())
    assert page_size_mm(minutes_pdf) == (210, 297)
    assert str(words["title"]) in flat and "Ilmārs Kalniņš" in flat
    assert str(words["notes"][0]) in flat
    assert str(words["notes"][1]) not in flat  # confidential
    title, skipped = CHART[language]
    # Word's own chart: its title, its category labels and its bars' figures are text.
    chart_page = next(n for n, page in enumerate(found, 1) if title in " ".join(page.split()))
    chart_text = " ".join(found[chart_page - 1].split())
    assert skipped in chart_text and "27:00" in chart_text and "8:00" in chart_text
    ARTEFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", str(chart_page), "-l", str(chart_page),
         "-singlefile", minutes_pdf, ARTEFACTS / f"{minutes.stem}-word"],
        check=True,
        timeout=60,
    )  # fmt: skip
    plan_pdf = opened(files[1], tmp_path)
    assert page_size_mm(plan_pdf) == (297, 210)  # across the page
    # Read in the text's own order (not laid out in columns): a cell's words stay together.
    plan_text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", plan_pdf, "-"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()
    )
    assert str(words["details"][0]) in plan_text
    assert str(words["notes"][1]) not in plan_text
