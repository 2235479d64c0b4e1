"""Print and archive (issue 13, items 4, 6, 7): the workbook on paper, innstilling.pdf, and run
folders a colleague can open.

* The workbook (openpyxl): "Alle søknader" first with an autofilter over every application,
  "Offentlig liste" with the grants only, every sheet landscape one page wide with the scheme's
  name and the date in its header, every table sheet with frozen and repeated header rows,
  one number format per kind, and every figure's column wide enough for it (no "###").
* The workbook printed by LibreOffice (slow): at most 3 pages per sheet (the footer names the
  sheet), every applicant there, no "###".
* ``allocation run`` (slow): innstilling.pdf beside the DOCX, PDF/A-2b where LibreOffice can,
  within an expected page range; none with ``-p pdf false``; without LibreOffice on PATH the
  run still succeeds and says that it skipped the PDF.
* Modes: run folders and files follow the umask (0022: 0755 folders, 0644 files; 0077: 0700
  and 0600); the project never sets a mode itself.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import EXAMPLES_DIR

from allocation import format as fmt
from allocation.cli.main import main
from allocation.errors import ConfigError
from allocation.orchestrator import allocate
from allocation.report import pdf
from allocation.report.content import DOCUMENTS, innstilling_from_result
from allocation.report.document import format_value
from allocation.report.write_xlsx import FORMATS, write_xlsx
from allocation.report.xlsx_tables import SHEET_ALL, SHEET_PUBLIC, workbook_tables
from allocation.round.read import load_round
from allocation.run.config import RunConfig
from allocation.run.folder import staged_folder
from allocation.run.pipeline import run_round
from allocation.run.scenario import load_scenario, save_scenario
from allocation.run.steps import innstilling_step
from allocation.wording import report as W

EXAMPLES = ("regional-2025", "national-2024")
REGIONAL = EXAMPLES_DIR / "regional-2025"
DATE = dt.date(2026, 4, 15)
#: Pages per workbook sheet printed, at most; innstilling.pdf's pages for the example round.
MAX_SHEET_PAGES = 3
INNSTILLING_PAGES = range(4, 41)
HAS_LIBREOFFICE = pdf.find_soffice() is not None and shutil.which("pdftotext") is not None
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice/poppler missing")
posix = pytest.mark.skipif(os.name != "posix", reason="modes and shell scripts: POSIX")


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example round's documents (no notebooks): the folder holding tildeling.xlsx, named
    as the round."""
    out = tmp_path_factory.mktemp("docs") / request.param
    cfg = RunConfig(round=str(EXAMPLES_DIR / request.param), output=str(out))
    innstilling_step(cfg, date=DATE)
    return out


@pytest.fixture(scope="module", params=EXAMPLES)
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example round's workbook, quickly (no charts, no "Hva skal til" sweep), in a folder
    named as the round."""
    out = tmp_path_factory.mktemp("book") / request.param
    out.mkdir()
    result = allocate(load_round(EXAMPLES_DIR / request.param))
    inn = innstilling_from_result(result, date=DATE, charts=False)
    inn.sheet_tables += workbook_tables(result.round, result.allocation)
    write_xlsx(inn, out / DOCUMENTS["xlsx"])
    return out


def _applicants(round_name: str) -> list[str]:
    apps = pd.read_csv(EXAMPLES_DIR / round_name / "applications.csv", dtype=str)
    return sorted(set(apps["applicant"].str.strip()))


# -- the workbook, read back ----------------------------------------------------------------


def test_every_application_first_with_a_filter(book: Path) -> None:
    wb = openpyxl.load_workbook(book / DOCUMENTS["xlsx"])
    assert wb.sheetnames[0] == SHEET_ALL and wb.sheetnames[-1] == SHEET_PUBLIC
    assert wb.sheetnames[1] == W.SHEET_OVERVIEW
    ws = wb[SHEET_ALL]
    header = [c.value for c in ws[2]]
    assert header[:2] == [W.COL_ID, "Søker"] and W.COL_REASON in header
    assert {W.COL_REGION, W.COL_MODEL, W.COL_SCORE, W.COL_REQUESTED, W.COL_DECISION} <= set(header)
    ids = [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if r[0] not in (None, W.TOTAL)]
    apps = pd.read_csv(EXAMPLES_DIR / book.name / "applications.csv")
    assert sorted(ids) == sorted(apps["application_id"].astype(str))
    assert ws.auto_filter.ref == f"A2:K{2 + len(ids)}"  # the sum row outside the filter
    assert ws.freeze_panes == "A3"


def test_the_public_list_has_the_grants_only(book: Path) -> None:
    wb = openpyxl.load_workbook(book / DOCUMENTS["xlsx"])
    ws = wb[SHEET_PUBLIC]
    assert [c.value for c in ws[2]] == [
        "Tilskuddsmottaker",
        "Kommune",
        "Prosjekt",
        "Tilskudd",
        "År",
    ]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] not in (None, W.TOTAL)]
    grants = wb[W.SHEET_GRANTS]
    column = [c.value for c in grants[2]].index(W.COL_RECOMMENDED)
    granted = [
        r[column]
        for r in grants.iter_rows(min_row=3, values_only=True)
        if r[0] not in (None, W.TOTAL)
    ]
    assert sorted(r[3] for r in rows) == sorted(granted) and all(g > 0 for g in granted)
    assert {r[4] for r in rows} == {str(wb[W.SHEET_OVERVIEW]["A2"].value).split()[1]}
    assert all(r[1] for r in rows if r[0] != "Vestland fylkeskommune")  # a kommune's name


def test_every_sheet_is_set_up_for_print(book: Path) -> None:
    wb = openpyxl.load_workbook(book / DOCUMENTS["xlsx"])
    title = wb[W.SHEET_OVERVIEW]["A1"].value
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.oddHeader.left.text == title.replace("&", "&&")
        assert ws.oddHeader.right.text == f"{W.DATE_LABEL}: {fmt.date(DATE)}"
        assert ws.oddFooter.left.text == "&A" and "&P" in ws.oddFooter.right.text
        if ws.title != W.SHEET_OVERVIEW:  # a table sheet: its header frozen and repeated
            assert ws.freeze_panes == "A3", ws.title
            assert ws.print_title_rows == "$1:$2", ws.title


def _cells(wb: openpyxl.Workbook) -> Iterator[tuple[str, openpyxl.cell.Cell]]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_one_number_format_per_kind_and_room_for_every_figure(book: Path) -> None:
    wb = openpyxl.load_workbook(book / DOCUMENTS["xlsx"])
    allowed = {*FORMATS.values(), "0.0 %"}
    kinds = {FORMATS[k]: k for k in FORMATS}
    for sheet, cell in _cells(wb):
        if isinstance(cell.value, str):
            continue
        assert cell.number_format in allowed, (sheet, cell.coordinate, cell.number_format)
        kind = kinds.get(cell.number_format, "share")
        shown = format_value(cell.value, kind)
        width = wb[sheet].column_dimensions[cell.column_letter].width
        room = len(shown) + (2 if cell.font.b else 0)  # bold sums are wider
        assert width >= room, (sheet, cell.coordinate, shown, width)


def test_wrapped_rows_get_their_height(book: Path) -> None:
    wb = openpyxl.load_workbook(book / DOCUMENTS["xlsx"])
    ws = wb[SHEET_ALL]
    reason = [c.value for c in ws[2]].index(W.COL_REASON) + 1
    for r in range(3, ws.max_row + 1):
        text = ws.cell(row=r, column=reason).value or ""
        width = ws.column_dimensions[ws.cell(row=r, column=reason).column_letter].width
        if len(text) > 1.3 * width:  # two lines or more, in any font
            assert (ws.row_dimensions[r].height or 0) >= 30, (r, text)


# -- the workbook printed --------------------------------------------------------------------


def _pages_by_sheet(pdf_path: Path) -> collections.Counter[str]:
    """Pages per sheet, read from each page's footer ("<sheet> ... Side n av m")."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    counts: collections.Counter[str] = collections.Counter()
    for page in text.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if not lines:
            continue
        match = re.match(r"\s*(.*?)\s+Side \d+ av \d+\s*$", lines[-1])
        assert match, lines[-1]
        counts[match.group(1)] += 1
    return counts


@pytest.mark.slow
@needs_libreoffice
def test_the_workbook_prints_on_a_few_pages_per_sheet(example: Path, tmp_path: Path) -> None:
    printed = pdf.convert_to_pdf(example / DOCUMENTS["xlsx"], tmp_path / "tildeling.pdf")
    pages = _pages_by_sheet(printed)
    names = openpyxl.load_workbook(example / DOCUMENTS["xlsx"]).sheetnames
    assert set(pages) == set(names)
    assert max(pages.values()) <= MAX_SHEET_PAGES, pages
    text = subprocess.run(
        ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "###" not in text
    flat = " ".join(text.split())
    missing = [a for a in _applicants(example.name) if a not in flat]
    assert missing == []
    assert "2 805 000 kr" in flat or "3 600 000 kr" in flat  # Norwegian grouping, nb-NO profile


# -- innstilling.pdf -------------------------------------------------------------------------


def _pdfinfo(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@needs_libreoffice
def test_run_writes_innstilling_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(REGIONAL), "--out", str(tmp_path)]) == 0
    (folder,) = (tmp_path / REGIONAL.name).iterdir()
    made = folder / "innstilling.pdf"
    assert made.is_file() and str(made) in capsys.readouterr().out
    pages = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(made)).group(1))  # type: ignore[union-attr]
    assert pages in INNSTILLING_PAGES
    if pdf.supports_pdfa(pdf.find_soffice() or ""):
        meta = _pdfinfo(made, "-meta")
        assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>B" in meta
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert '"innstilling.pdf"' in manifest  # hashed with the other outputs


@pytest.mark.slow
def test_no_pdf_when_switched_off_or_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(REGIONAL), "--out", str(tmp_path / "off"), "-p", "pdf", "false"]) == 0
    (folder,) = (tmp_path / "off" / REGIONAL.name).iterdir()
    assert not (folder / "innstilling.pdf").exists()
    assert W.PDF_NO_LIBREOFFICE not in capsys.readouterr().err  # off is not a problem

    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # no soffice there
    assert pdf.find_soffice() is None
    assert main(["run", str(REGIONAL), "--out", str(tmp_path / "none")]) == 0
    (folder,) = (tmp_path / "none" / REGIONAL.name).iterdir()
    assert not (folder / "innstilling.pdf").exists()
    assert {p.name for p in folder.iterdir()} >= set(DOCUMENTS.values())
    assert W.PDF_NO_LIBREOFFICE in capsys.readouterr().err


def test_the_pdf_parameter() -> None:
    assert RunConfig.from_cli("r", [("pdf", "false")]).pdf is False
    assert RunConfig.from_cli("r", [("pdf", "ja")]).pdf is True
    assert RunConfig(round="r").pdf is None  # the default: written
    with pytest.raises(ConfigError, match="pdf"):
        RunConfig.from_cli("r", [("pdf", "kanskje")])
    assert "pdf" not in RunConfig(round="r").rule_parameters()


def test_archive_pdf_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "a.docx").write_bytes(b"")
    outcome = pdf.archive_pdf(tmp_path / "a.docx")
    assert outcome.path is None and outcome.message == W.PDF_NO_LIBREOFFICE
    with pytest.raises(pdf.PdfError, match="LibreOffice"):
        pdf.convert_to_pdf(tmp_path / "a.docx")


@posix
@pytest.mark.parametrize(
    ("script", "said"),
    [("sleep 30", "stoppet etter 1 s"), ("exit 3", "status 3"), ("true", "ingen PDF")],
    ids=["hung", "failed", "silent"],
)
def test_a_libreoffice_that_fails_is_said_in_words(tmp_path: Path, script: str, said: str) -> None:
    """A hung LibreOffice is stopped at the timeout; an error or no PDF is said in words."""
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8", newline="\n")
    fake.chmod(0o755)
    (tmp_path / "a.docx").write_bytes(b"")
    with pytest.raises(pdf.PdfError, match=said):
        pdf.convert_to_pdf(tmp_path / "a.docx", pdfa=False, timeout=1, program=str(fake))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "soffice"]  # no PDF


# -- modes ----------------------------------------------------------------------------------


@pytest.fixture(params=[(0o022, 0o755, 0o644), (0o077, 0o700, 0o600)], ids=["022", "077"])
def umask(request: pytest.FixtureRequest) -> Iterator[tuple[int, int]]:
    """The process's umask set for the test; yields the expected (folder, file) modes."""
    mask, folder_mode, file_mode = request.param
    old = os.umask(mask)
    try:
        yield folder_mode, file_mode
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix
def test_a_run_folder_follows_the_umask(tmp_path: Path, umask: tuple[int, int]) -> None:
    folder_mode, file_mode = umask

    def documents(name: str, folder: Path, params: dict) -> None:
        if name == "04-innstilling":
            for fname in DOCUMENTS.values():
                (folder / fname).write_bytes(b"")

    cfg = RunConfig(round=str(REGIONAL), pdf=False)
    outcome = run_round(cfg, out_root=tmp_path, progress=False, executor=documents)
    assert outcome.folder is not None
    assert _mode(outcome.folder) == folder_mode
    assert _mode(outcome.folder.parent) == folder_mode  # reports/<round>/, made by mkdir
    for path in outcome.folder.iterdir():
        assert _mode(path) == file_mode, path.name


@posix
def test_staging_solve_out_scenario_and_sheets_follow_the_umask(
    tmp_path: Path, umask: tuple[int, int]
) -> None:
    folder_mode, file_mode = umask
    with staged_folder(tmp_path, "x") as stage:
        assert _mode(stage.path) == folder_mode
    assert main(["solve", str(REGIONAL), "--out", str(tmp_path / "solved")]) == 0
    assert _mode(tmp_path / "solved") == folder_mode
    assert {_mode(p) for p in (tmp_path / "solved").iterdir()} == {file_mode}
    assert main(["sheets", str(REGIONAL), "--out", str(tmp_path / "sheets")]) == 0
    assert _mode(tmp_path / "sheets") == folder_mode
    assert {_mode(p) for p in (tmp_path / "sheets").iterdir()} == {file_mode}


@posix
def test_a_saved_scenario_follows_the_umask(tmp_path: Path, umask: tuple[int, int]) -> None:
    _, file_mode = umask
    source = tmp_path / "a.toml"
    source.write_text(
        '[scenario]\nname = "a"\n\n[parameters]\nbudget = 3000000\n', encoding="utf-8", newline="\n"
    )
    save_scenario(load_scenario(source), tmp_path / "b.toml")
    assert _mode(tmp_path / "b.toml") == file_mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
