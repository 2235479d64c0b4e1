"""What an adviser sees in the documents of a run: Word tables fit the page without breaking
words, reasons get the room, the signature block stays together, switched-off rules read as
Norwegian, colours have enough contrast, and application text never becomes markup or a formula
in the real example rounds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import EXAMPLES_DIR, PROJECT_ROOT
from docx import Document

from allocation import format as fmt
from allocation.report import charts as report_charts
from allocation.report.write_docx import _CHAR_CM, _PAD_CM, PAGE_WIDTH_CM, _widths
from allocation.run.config import RunConfig
from allocation.run.steps import innstilling_step
from allocation.wording import report as W
from allocation.wording.innstilling import words

NB = words("nb")

NATIONAL = EXAMPLES_DIR / "national-2024"
REGIONAL = EXAMPLES_DIR / "regional-2025"
EVIL = [
    '<script>alert("x")</script> & <b>fet</b>',
    '=HYPERLINK("http://example.invalid","klikk")',
    "+1",
    "-2",
    "@SUM(A1:A2)",
]


@pytest.fixture(scope="module")
def national_step():
    return innstilling_step(RunConfig(round=str(NATIONAL)))


# -- the Word document's layout ------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def test_docx_tables_fit_the_page_without_breaking_words(national_step) -> None:
    for table in national_step.innstilling.tables():
        if table.sheet_only:
            continue
        widths = _widths(table)
        assert sum(widths) <= PAGE_WIDTH_CM + 1e-6, table.caption
        rows = table.rows + ([table.total] if table.total else [])
        for col, width in zip(table.doc_columns, widths, strict=True):
            texts = [table.cell_text(r, col) for r in rows]
            longest = max((len(w) for t in texts for w in _words(t)), default=0)
            assert width >= longest * _CHAR_CM + _PAD_CM - 1e-6, (table.caption, col.key)


def test_reasons_get_the_room_the_short_columns_can_spare(national_step) -> None:
    table = next(t for t in national_step.innstilling.tables() if t.caption == W.CAP_REJECTED)
    widths = dict(zip((c.key for c in table.doc_columns), _widths(table), strict=True))
    assert widths["reason"] >= 4.8
    assert widths["reason"] == max(widths.values())
    # the rejected table says "Avvist"; why stands in the reason (no half-word column)
    decisions = {r["decision"] for r in table.rows}
    assert decisions <= {"Avslått", "Avvist"} and "Avvist" in decisions
    assert all(r["reason"].startswith("Avvist") for r in table.rows if r["decision"] == "Avvist")


def test_signature_block_is_kept_together(tmp_path: Path) -> None:
    step = innstilling_step(RunConfig(round=str(NATIONAL), output=str(tmp_path)))
    doc = Document(str(step.paths["docx"]))
    paras = doc.paragraphs
    first = next(i for i, p in enumerate(paras) if p.text.startswith(NB.PREPARED_BY))
    block = paras[first : first + 4]  # the roles "Saksbehandler" and "Godkjent av" (issue 13)
    assert [p.text.split(":")[0] for p in block[::2]] == [NB.PREPARED_BY, NB.APPROVED_BY]
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])
    assert not block[-1].paragraph_format.keep_with_next
    # the workbook's date is Norwegian, like the documents'
    ws = openpyxl.load_workbook(step.paths["xlsx"])[W.SHEET_OVERVIEW]
    assert ws["A3"].value == f"{W.DATE_LABEL}: {fmt.date(step.innstilling.date)}"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", ws["A3"].value)


def test_rules_switched_off_read_as_not_in_use(national_step) -> None:
    table = next(t for t in national_step.innstilling.tables() if t.caption == W.CAP_RULES)
    values = {r["rule"]: r["value"] for r in table.rows}
    assert values[W.RULE_MIN_PER_REGION] == W.NOT_USED == "ikke i bruk"


# -- colours ---------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_of_every_text_colour_in_the_html() -> None:
    css = (PROJECT_ROOT / "allocation" / "templates" / "innstilling.html.j2").read_text("utf-8")
    css = css[css.index("<style>") : css.index("</style>")]
    backgrounds = set(re.findall(r"background:\s*(#[0-9a-fA-F]{3,6})", css)) | {"#ffffff"}
    colours = re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", css)
    assert len(colours) >= 5
    for fg in colours:
        for bg in backgrounds:  # any text may sit on any background of the page
            assert contrast(fg, bg) >= 4.5, (fg, bg, round(contrast(fg, bg), 2))


def test_chart_colours_are_seen_on_white() -> None:
    assert contrast(report_charts.TEXT, "#ffffff") >= 4.5
    for colour in (report_charts.BLUE, report_charts.ORANGE, report_charts.GREY):
        assert contrast(colour, "#ffffff") >= 3.0, colour  # WCAG 1.4.11, graphics


# -- application text in the real documents -------------------------------------------------


def test_application_text_is_text_in_every_document(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(REGIONAL, folder)
    apps = pd.read_csv(folder / "applications.csv", dtype=str, keep_default_na=False)
    for i, text in enumerate(EVIL):
        apps.loc[i, "title"] = text
    apps.loc[len(EVIL), "applicant"] = "=1+1"
    apps.to_csv(folder / "applications.csv", index=False)
    out = tmp_path / "out"
    out.mkdir()
    step = innstilling_step(RunConfig(round=str(folder), output=str(out)))

    page = step.paths["html"].read_text("utf-8")
    assert "<script>" not in page and "<b>fet</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;" in page

    wb = openpyxl.load_workbook(step.paths["xlsx"])
    cells: dict[str, list] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    cells.setdefault(cell.value, []).append(cell)
    for text in [*EVIL, "=1+1"]:
        assert text in cells, text  # unchanged
        for cell in cells[text]:
            assert cell.data_type == "s"
            assert cell.quotePrefix == (text[0] in "=+-@")

    doc = Document(str(step.paths["docx"]))
    texts = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    # the funded applications' titles are in the proposed vedtak (issue 13), as plain text
    vedtak = "\n".join(p.text for p in doc.paragraphs)
    assert all(text in texts or f"«{text}»" in vedtak for text in EVIL)
