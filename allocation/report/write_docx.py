"""The innstilling as a Word document (python-docx): the format the office edits and archives.

Layout: A4 portrait, 2 cm margins, Calibri; the document language is Norwegian bokmål
(nb-NO) so that spelling and screen readers use it; headings are real heading styles;
tables have a repeated, shaded header row and a caption ("Tabell n"); charts carry their
text alternative (``descr``) and a caption ("Figur n"). No author name is stored.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from allocation.format import date as fmt_date
from allocation.report.document import (
    CHANGE,
    COUNT,
    MONEY,
    NUMERIC,
    SCORE,
    SHARE,
    Chart,
    Innstilling,
    Table,
    format_value,
    keep_together,
)
from allocation.wording.innstilling import Words, words

PAGE_WIDTH_CM = 17.0
_NUMERIC = NUMERIC
_WIDTHS = {
    "application_id": 1.9,
    "applicant": 2.3,
    "title": 3.2,
    "reason": 6.4,
    "outcome": 5.0,
    "why": 5.4,
    "lock": 2.2,
    "rule": 5.0,
    "value": 9.0,
    "condition": 12.0,
    "criterion": 5.0,
    "group": 2.2,
    "name": 3.6,
    "decision": 1.8,
    "group_weight": 2.1,
    "within": 2.1,
    "effective": 2.4,
}
_KIND_WIDTHS = {MONEY: 2.2, CHANGE: 2.2, SCORE: 1.3, SHARE: 1.7, COUNT: 1.5}
#: Columns of long text: they shrink last when a table is too wide for the page.
_PROSE = frozenset({"reason", "why", "outcome", "value", "condition", "criterion"})
HEADER_FILL = "D9E2EC"


def _set_lang(element: Any, lang: str) -> None:
    rpr = element.get_or_add_rPr()
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), lang)
    node.set(qn("w:eastAsia"), lang)
    node.set(qn("w:bidi"), lang)


def _shade(cell: Any, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    trpr.append(node)


def _cant_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _cell_text(
    cell: Any, text: str, *, bold: bool = False, right: bool = False, size: float = 8.5
) -> None:
    cell.text = ""
    par = cell.paragraphs[0]
    par.paragraph_format.space_after = Pt(0)
    if right:
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = par.add_run(keep_together(text))
    run.bold = bold
    run.font.size = Pt(size)


# Estimated width of one character of 8.5 pt Calibri (its average is about 0.46 em), with
# some room for bold text and wider substitute fonts; and the cell's left + right padding.
_CHAR_CM = 0.16
_PAD_CM = 0.45
_BOLD = 1.1  # bold characters are about a tenth wider


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _widths(table: Table) -> list[float]:
    """Column widths (cm) filling at most the page width.

    Each column starts from its preferred width (:data:`_WIDTHS`, else by kind) and never
    gets narrower than what it needs so that no word is broken inside (the longest word of
    any cell or the header) and no number wraps (amounts, scores and shares on one line).
    When the preferred widths do not fit on the page, the short columns give up their spare
    room first (in proportion to it), then the long texts (:data:`_PROSE`, such as reasons).
    """
    rows = table.rows + ([table.total] if table.total else [])
    columns = table.doc_columns  # a new list per access: bind once
    preferred, minimum = [], []
    for c in columns:
        want = _WIDTHS.get(
            c.key, _KIND_WIDTHS.get(c.kind, 3.0 if not c.key.startswith("c:") else 1.6)
        )
        texts = [table.cell_text(r, c) for r in rows]
        if c.kind in _NUMERIC:
            # an amount never breaks (no-break spaces), and a sum row is bold: room for it
            chars = max((len(t) for t in texts), default=0) * (_BOLD if table.total else 1.0)
        else:
            chars = max((_longest_word(t) for t in texts), default=0)
        need = max(chars, _longest_word(c.header)) * _CHAR_CM + _PAD_CM
        preferred.append(max(want, need))
        minimum.append(need)
    widths = list(preferred)
    excess = sum(widths) - PAGE_WIDTH_CM
    # First the short columns give up their spare room, then the long texts (reasons).
    for prose in (False, True):
        if excess <= 1e-9:
            break
        idx = [j for j, c in enumerate(columns) if (c.key in _PROSE) == prose]
        spare = sum(widths[j] - minimum[j] for j in idx)
        if spare <= 0:
            continue
        cut = min(1.0, excess / spare)
        for j in idx:
            widths[j] -= (widths[j] - minimum[j]) * cut
        excess = sum(widths) - PAGE_WIDTH_CM
    if excess > 1e-9:  # even the minimums do not fit: scale everything down
        scale = PAGE_WIDTH_CM / sum(widths)
        widths = [w * scale for w in widths]
    return widths


#: A table of at most this many rows (header and sum included) is kept on one page: Word and
#: LibreOffice move it whole to the next page rather than leave a few rows behind.
KEEP_TOGETHER_ROWS = 16


def _keep_on_one_page(t: Any) -> None:
    """Keep-with-next on every row but the last (rows cannot split either: one block)."""
    for row in t.rows[:-1]:
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.keep_with_next = True


def _add_table(doc: Any, table: Table, number: int) -> None:
    cap = doc.add_paragraph(keep_together(f"Tabell {number}: {table.caption}"), style="Caption")
    cap.paragraph_format.keep_with_next = True
    rows = table.rows + ([table.total] if table.total else [])
    columns = table.doc_columns  # a new list per access: bind once, not per row
    t = doc.add_table(rows=1 + len(rows), cols=len(columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    widths = _widths(table)
    header = t.rows[0]
    _repeat_header(header)
    for j, col in enumerate(columns):
        cell = header.cells[j]
        _cell_text(cell, col.header, bold=True, right=col.kind in _NUMERIC, size=8)
        _shade(cell, HEADER_FILL)
    for i, row in enumerate(rows, start=1):
        is_total = table.total is not None and i == len(rows)
        _cant_split(t.rows[i])
        for j, col in enumerate(columns):
            _cell_text(
                t.rows[i].cells[j],
                table.cell_text(row, col),
                bold=is_total,
                right=col.kind in _NUMERIC,
            )
    _set_widths(t, widths)
    if len(t.rows) <= KEEP_TOGETHER_ROWS:
        _keep_on_one_page(t)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _set_widths(t: Any, widths: list[float]) -> None:
    """Column widths for Word (cell widths) and LibreOffice (the table grid), and the table's
    total width."""
    for j, w in enumerate(widths):
        t.columns[j].width = Cm(w)
        for r in t.rows:
            r.cells[j].width = Cm(w)
    tblpr = t._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(int(sum(widths) * 567)))  # twips per cm
    tblw.set(qn("w:type"), "dxa")


def _add_facts(doc: Any, rows: list[tuple[str, Any, str]]) -> None:
    t = doc.add_table(rows=len(rows), cols=2)
    t.style = "Table Grid"
    t.autofit = False
    for i, (label, value, kind) in enumerate(rows):
        _cell_text(t.rows[i].cells[0], label, size=10)
        _cell_text(t.rows[i].cells[1], format_value(value, kind), right=True, size=10)
    _set_widths(t, [9.0, 4.0])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _add_chart(doc: Any, chart: Chart, number: int) -> None:
    par = doc.add_paragraph()
    par.paragraph_format.keep_with_next = True
    shape = par.add_run().add_picture(io.BytesIO(chart.png), width=Cm(15.5))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("title", chart.caption)
    doc.add_paragraph(keep_together(f"Figur {number}: {chart.caption}"), style="Caption")


def _add_signature(doc: Any, roles: list[str], w: Words) -> None:
    """The signature fields, kept together on one page (never a role without its line)."""
    for n, role in enumerate(roles, start=1):
        par = doc.add_paragraph()
        par.paragraph_format.space_before = Pt(18)
        par.paragraph_format.keep_with_next = True
        par.add_run(f"{role}:").bold = True
        line = doc.add_paragraph(
            f"{w.SIGNATURE_NAME}: ________________________________    "
            f"{w.SIGNATURE_DATE}: ________________"
        )
        line.paragraph_format.space_before = Pt(14)
        line.paragraph_format.keep_with_next = n < len(roles)


def _add_letterhead(doc: Any, inn: Innstilling, w: Words) -> None:
    """The heading block: the office on its own line, then Til, Fra, Saksnr. and Dato as a
    borderless two-column table."""
    rows = list(inn.letterhead)
    if rows and rows[0][0] == "":
        office = doc.add_paragraph()
        office.add_run(rows.pop(0)[1]).bold = True
    if not rows:
        return
    t = doc.add_table(rows=len(rows), cols=2)
    t.autofit = False
    for i, (label, value) in enumerate(rows):
        _cell_text(t.rows[i].cells[0], f"{label}:", bold=True, size=10)
        _cell_text(t.rows[i].cells[1], value, size=10)
    _set_widths(t, [2.6, 14.4])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _page_number_footer(section: Any, text: str) -> None:
    par = section.footer.paragraphs[0]
    par.text = ""
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run(f"{text} – side ")
    run.font.size = Pt(8)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def build_docx(inn: Innstilling) -> Any:
    """The python-docx ``Document`` of the innstilling."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)

    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    w = words(inn.lang)
    _set_lang(normal.element, w.DOC_LANGUAGE)
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.font.color.rgb = (
            RGBColor(0x1F, 0x3A, 0x5F) if name != "Caption" else RGBColor(0x33, 0x33, 0x33)
        )
    doc.styles["Title"].font.size = Pt(20)

    props = doc.core_properties
    props.title = inn.title
    props.subject = inn.subtitle
    props.language = w.DOC_LANGUAGE
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = w.DOC_KEYWORDS
    moment = _dt.datetime.combine(inn.date, _dt.time(0, 0))
    props.created = moment
    props.modified = moment
    props.revision = 1

    _add_letterhead(doc, inn, w)
    doc.add_heading(inn.title, level=0)
    sub = doc.add_paragraph()
    sub.add_run(inn.subtitle).bold = True
    if not inn.letterhead:  # the heading block carries the date
        doc.add_paragraph(f"{w.DATE_LABEL}: {fmt_date(inn.date)}")
    _page_number_footer(section, inn.title if len(inn.title) < 90 else inn.title[:87] + "…")

    n_table = n_figure = 0
    for sec in inn.sections:
        heading = doc.add_heading(sec.heading, level=1)
        heading.paragraph_format.page_break_before = sec.new_page
        for block in sec.blocks:
            if block.kind == "p":
                doc.add_paragraph(keep_together(block.text))
            elif block.kind == "bullets":
                for item in block.items:
                    doc.add_paragraph(keep_together(str(item)), style="List Bullet")
            elif block.kind == "facts":
                _add_facts(doc, block.items)
            elif block.kind == "table" and block.table is not None:
                n_table += 1
                _add_table(doc, block.table, n_table)
            elif block.kind == "chart" and block.chart is not None:
                n_figure += 1
                _add_chart(doc, block.chart, n_figure)
            elif block.kind == "signature":
                _add_signature(doc, block.items, w)
    return doc


def write_docx(inn: Innstilling, path: str | Path) -> None:
    """Write the innstilling as DOCX to ``path``."""
    build_docx(inn).save(str(path))
