"""The workbook on paper: page setup, print titles, header and footer, frozen headers, filters.

Every sheet prints landscape, one page wide (its rows run on over pages), with the scheme's
name and the innstilling's date in the header and the sheet's name and "Side n av m" in the
footer. A table sheet repeats its main table's caption and header rows on every printed page
and keeps them frozen on screen; the sheet of every application also gets an autofilter.

Row heights are set here too (:func:`fit_row_heights`): LibreOffice does not grow a row for
wrapped text itself, so a wrapped cell would overlap the row below.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

#: Excel allows 255 characters in a header; a long scheme name is cut before that.
HEADER_MAX = 200
HEADER_FONT_SIZE = 9
#: Height of one line of 11 pt text, in points, and the margins (inches) around a page.
LINE_HEIGHT = 15
#: Characters of running text per unit of column width (see :func:`lines_needed`): in a
#: narrow column, and in a wide one (at least :data:`WIDE_COLUMN` units).
CHARS_PER_UNIT = 1.0
CHARS_PER_UNIT_WIDE = 1.15
WIDE_COLUMN = 30
MARGIN = 0.5
HEADER_MARGIN = 0.25


@dataclass(frozen=True)
class WrappedCell:
    """A cell whose text wraps: its row, its column (1-based) and its text."""

    row: int
    column: int
    text: str


def escape(text: str) -> str:
    """``text`` for a header or footer: ``&`` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, title: str, date_text: str, page_text: str) -> None:
    """Landscape, one page wide, the header (title left, date right) and the footer (the
    sheet's name left, ``page_text`` right: "Side &P av &N", ``&P``/``&N`` the page and the
    page count, in the workbook's written standard)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.gridLines = False
    margins = ws.page_margins
    margins.left = margins.right = margins.top = margins.bottom = MARGIN
    margins.header = margins.footer = HEADER_MARGIN
    cut = title if len(title) <= HEADER_MAX else title[: HEADER_MAX - 1].rstrip() + "…"
    parts = (
        (ws.oddHeader.left, escape(cut)),
        (ws.oddHeader.right, escape(date_text)),
        (ws.oddFooter.left, "&A"),  # the sheet's name
        (ws.oddFooter.right, page_text),
    )
    for part, text in parts:
        part.text = text
        part.size = HEADER_FONT_SIZE


def freeze_header(ws: Worksheet, header_row: int) -> None:
    """Freeze the rows up to ``header_row`` and print them on every page."""
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"1:{header_row}"


def add_filter(ws: Worksheet, header_row: int, last_row: int, columns: int) -> None:
    """An autofilter over a table's header and data rows (its sum row stays outside)."""
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (at least 1).

    A column's width counts the digit "0". Measured in LibreOffice (DejaVu Sans standing in
    for Calibri), a line of a wide column holds up to 1.2 characters per unit, but a narrow one
    breaking at long words only 0.9; Excel (Calibri, or Carlito in LibreOffice) holds more,
    about 1.3. One character per unit in a narrow column and 1.15 in a wide one, less one for
    the word that does not fit, is on the safe side: a row a little high rather than its text
    cut off (with one per unit everywhere, a long reason's row came out half empty).

    >>> lines_needed("kort", 10), lines_needed("en tekst som må brytes over linjer", 12)
    (1, 4)
    """
    rate = CHARS_PER_UNIT_WIDE if width >= WIDE_COLUMN else CHARS_PER_UNIT
    chars = max(1, int(width * rate) - 1)
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in str(text).split("\n"))


def fit_row_heights(ws: Worksheet, cells: Iterable[WrappedCell], widths: dict[int, float]) -> None:
    """Give every row with wrapped text the height of its tallest cell (set, never grown by
    LibreOffice), and let such a row read from its top line."""
    by_row: dict[int, int] = {}
    for cell in cells:
        lines = lines_needed(cell.text, widths.get(cell.column, 10))
        by_row[cell.row] = max(by_row.get(cell.row, 1), lines)
    for row, lines in by_row.items():
        if lines > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * lines


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    """Set the column widths (characters)."""
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = w


def top_aligned(cell: Any) -> None:
    """Keep a cell's alignment and wrapping, but read it from the top of its row."""
    a = cell.alignment
    cell.alignment = Alignment(horizontal=a.horizontal, vertical="top", wrap_text=a.wrap_text)
