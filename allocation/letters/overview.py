"""``brev/oversikt.xlsx``: one row per letter, printed on one page.

Columns: the application's reference, the applicant, the decision, the grant (a number in
kroner), the written standard of the letter and its file name; in the office's written standard
(``[case] malform``). Landscape, fit to one page, the header repeated, frozen and filtered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from allocation import format as fmt
from allocation.letters.content import LetterSet
from allocation.report.document import MONEY
from allocation.report.write_xlsx import FORMATS, put_text
from allocation.wording import letters as WL
from allocation.wording import reasons as WR
from allocation.wording.language import pick

__all__ = ["OVERVIEW_FILE", "build_overview", "write_overview"]

OVERVIEW_FILE = "oversikt.xlsx"
#: The columns (key in :data:`allocation.wording.letters.OVERVIEW`) and their widths.
_COLUMNS = (
    ("application_id", 14),
    ("applicant", 28),
    ("decision", 18),
    ("granted", 16),
    ("malform", 11),
    ("file", 34),
)
_MALFORM_COLUMN = 5


def _rows(letters: LetterSet) -> list[list[Any]]:
    office = letters.office_lang
    names, malforms = pick(WR.DECISION_NAMES, office), pick(WL.MALFORM_NAMES, office)
    return [
        [
            one.application_id,
            one.applicant,
            names[one.decision.value],
            one.granted,
            malforms[one.lang],
            one.file_name,
        ]
        for one in letters.letters
    ]


def _page_setup(ws: Any, title: str, footer: str) -> None:
    """Printed: landscape on one page, the header row on every page, title and date."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.print_title_rows = "2:2"
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = footer


def build_overview(letters: LetterSet) -> Workbook:
    """The overview workbook of ``letters``."""
    texts = pick(WL.OVERVIEW, letters.office_lang)
    wb = Workbook()
    ws = wb.active
    ws.title = texts["sheet"]
    title = texts["title"].format(scheme=letters.scheme_name, year=letters.year)
    put_text(ws.cell(1, 1), title)
    ws.cell(1, 1).font = Font(bold=True, size=12)
    fill = PatternFill("solid", fgColor="D9E2EC")
    for j, (key, width) in enumerate(_COLUMNS, start=1):
        cell = ws.cell(2, j)
        put_text(cell, texts[key])
        cell.font, cell.fill = Font(bold=True), fill
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(_rows(letters), start=3):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(i, j)
            if isinstance(value, int):
                cell.value, cell.number_format = value, FORMATS[MONEY]
            else:
                put_text(cell, value)
                centre = "center" if j == _MALFORM_COLUMN else None
                cell.alignment = Alignment(horizontal=centre, vertical="top")
    last = 2 + len(letters.letters)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(_COLUMNS))}{last}"
    footer = texts["footer"].format(
        n=fmt.integer(len(letters.letters)), date=fmt.date(letters.date)
    )
    _page_setup(ws, title, footer)
    return wb


def write_overview(letters: LetterSet, path: str | Path) -> None:
    """Write ``brev/oversikt.xlsx`` to ``path``."""
    build_overview(letters).save(str(path))
