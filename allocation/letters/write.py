"""A letter's text (:class:`~allocation.letters.compose.LetterText`) written as DOCX.

A4, the office's heading at the top (virksomhet, avdeling), the recipient on the left and the
date and reference on the right, the subject, the body, and the signature by role. Amounts and
percentages never break across lines: the spaces inside them become non-breaking ones here, at
the last step (:func:`allocation.report.document.keep_together`, as in the innstilling), so
that the texts and the tests compare plain figures:

>>> keep_together("et tilskudd på 1 250 000 kr og 60 %") == (
...     "et tilskudd på 1\\u00a0250\\u00a0000\\u00a0kr og 60\\u00a0%")
True
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from allocation.letters.compose import LetterText
from allocation.report.document import NBSP, keep_together

__all__ = ["NBSP", "build_letter", "write_letter"]

_INK = RGBColor(0x1F, 0x3A, 0x5F)


def _language(doc: Any, tag: str) -> None:
    """Mark the Normal style's text as ``tag`` (nb-NO or nn-NO) for spelling and hyphenation."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), tag)
    rpr.append(lang)


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    table._tbl.tblPr.append(borders)


def _para(doc: Any, text: str, *, bold: bool = False, size: float | None = None) -> Any:
    par = doc.add_paragraph()
    run = par.add_run(keep_together(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return par


def _heading(doc: Any, text: LetterText) -> None:
    """The sender, then the recipient (left) beside the date and reference (right)."""
    for n, line in enumerate(text.sender):
        par = _para(doc, line, bold=n == 0, size=14 if n == 0 else 11)
        par.runs[0].font.color.rgb = _INK
        par.paragraph_format.space_after = Pt(0)
    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    grid = doc.add_table(rows=1, cols=2)
    _no_borders(grid)
    left, right = grid.rows[0].cells
    left.width, right.width = Cm(10.0), Cm(7.0)
    left.paragraphs[0].add_run(text.to).bold = True
    right.paragraphs[0].text = ""
    for n, (label, value) in enumerate(text.meta):
        par = right.paragraphs[0] if n == 0 else right.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        par.add_run(f"{label}: ").bold = True
        par.add_run(value)
    doc.add_paragraph()


def build_letter(text: LetterText, date: _dt.date) -> Any:
    """The python-docx ``Document`` of one letter."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    _language(doc, text.lang)
    props = doc.core_properties
    props.title, props.subject = text.subject, text.application
    props.author = props.last_modified_by = props.comments = ""  # never a person's name
    props.language = text.lang
    props.created = props.modified = _dt.datetime.combine(date, _dt.time(0, 0))
    props.revision = 1

    _heading(doc, text)
    _para(doc, text.subject, bold=True, size=13).runs[0].font.color.rgb = _INK
    _para(doc, text.application, bold=True)
    for block in text.body:
        if block.kind == "h":
            par = _para(doc, block.text, bold=True)
            par.paragraph_format.space_before = Pt(8)
            par.paragraph_format.keep_with_next = True
        elif block.kind == "li":
            doc.add_paragraph(keep_together(block.text), style="List Bullet")
        else:
            _para(doc, block.text)
    greeting, note = text.closing
    _para(doc, greeting).paragraph_format.space_before = Pt(12)
    for line in text.signature:
        _para(doc, line).paragraph_format.space_after = Pt(0)
    _para(doc, note).runs[0].italic = True
    footer = section.footer.paragraphs[0]
    footer.text = keep_together(text.footer)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def write_letter(text: LetterText, date: _dt.date, path: str | Path) -> None:
    """Write one letter as DOCX to ``path``."""
    build_letter(text, date).save(str(path))
