"""The tildeling workbook (openpyxl): overview, grants, rejections with reasons, scores by
criterion, the rules applied, spread, the greedy comparison and (when compared) changes.

Amounts are numbers (whole kroner) with a kroner number format, so the office can sum and
sort them; scores keep full precision with two decimals shown. Each number format renders the
text the DOCX and the HTML print (:func:`allocation.report.document.format_value`): thousands
grouped, scores to two decimals, shares as :func:`allocation.format.percent` writes them (one
decimal, a trailing ",0" dropped: the format is chosen per cell). Every text from the
applications is written as a string cell (``data_type = "s"``), and a text starting with
``=``, ``+``, ``-`` or ``@`` also gets Excel's quote prefix, so it shows as text and never runs
as a formula.
"""

from __future__ import annotations

import datetime as _dt
import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from allocation import format as fmt
from allocation.format import date as fmt_date
from allocation.report.document import (
    CHANGE,
    COUNT,
    MONEY,
    SCORE,
    SHARE,
    TEXT,
    Innstilling,
    Table,
    is_missing,
)
from allocation.wording import report as W

FORMATS = {
    MONEY: '#,##0" kr"',
    CHANGE: '+#,##0" kr";-#,##0" kr";0" kr"',
    SCORE: "0.00",
    SHARE: "0 %",
    COUNT: "#,##0",
}
#: A share that :func:`allocation.format.percent` prints with its decimal (``62,5 %``).
SHARE_DECIMAL_FORMAT = "0.0 %"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")
BOLD = Font(bold=True)
WRAP_COLUMNS = {
    "title",
    "reason",
    "why",
    "condition",
    "value",
    "criterion",
    "lock",
    "held_out",
    "frame_note",
}
#: Columns of running text that may spill over the empty cells to their right (notes under a
#: table): written unwrapped, and they do not widen their column.
SPILL_COLUMNS = {"note"}
#: The sheets in workbook order: the known order, with "Hva skal til" after the rejections.
SHEETS = (
    W.SHEET_ORDER[: W.SHEET_ORDER.index(W.SHEET_REJECTED) + 1]
    + (W.SHEET_WHAT_IT_TAKES,)
    + W.SHEET_ORDER[W.SHEET_ORDER.index(W.SHEET_REJECTED) + 1 :]
)


def put_text(cell: Any, text: object) -> None:
    """Write ``text`` into ``cell`` as a string that never becomes a formula."""
    value = "" if text is None else str(text)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def put_value(cell: Any, value: Any, kind: str) -> None:
    """Write a raw value: numbers as numbers with a Norwegian-friendly format, text as text."""
    if is_missing(value):
        cell.value = None
        return
    if kind == TEXT or isinstance(value, str):
        put_text(cell, value)
        return
    if kind in (MONEY, CHANGE, COUNT):
        cell.value = int(round(float(value)))
    else:
        cell.value = float(value)
    cell.number_format = _share_format(value) if kind == SHARE else FORMATS[kind]


#: Wrapped text columns: their width (characters) and the height of one line (points).
WRAP_WIDTH = 50
LINE_HEIGHT = 15


def _share_format(share: float) -> str:
    """The number format that shows ``share`` as :func:`allocation.format.percent` does."""
    return SHARE_DECIMAL_FORMAT if fmt.DECIMAL_MARK in fmt.percent(share) else FORMATS[SHARE]


def _write_table(ws: Any, table: Table, start_row: int, widths: dict[int, float]) -> int:
    """Write a table at ``start_row``; returns the next free row."""
    cap = ws.cell(row=start_row, column=1)
    put_text(cap, table.caption)
    cap.font = BOLD
    header_row = start_row + 1
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=header_row, column=j)
        put_text(cell, col.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths[j] = max(widths.get(j, 0), min(len(col.header) + 2, 40))
    r = header_row + 1
    rows = table.rows + ([table.total] if table.total else [])
    for i, row in enumerate(rows):
        is_total = table.total is not None and i == len(rows) - 1
        lines = 1
        for j, col in enumerate(table.columns, start=1):
            cell = ws.cell(row=r, column=j)
            put_value(cell, row.get(col.key), col.kind)
            if is_total:
                cell.font = BOLD
            if col.key in SPILL_COLUMNS:
                pass
            elif col.key in WRAP_COLUMNS:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                widths[j] = max(widths.get(j, 0), WRAP_WIDTH)
                lines = max(lines, math.ceil(len(str(row.get(col.key) or "")) / WRAP_WIDTH))
            else:
                # As shown (grouped, with "kr"); bold sums need a little more room, else "###".
                # A text in a number column (a figure that does not exist, and why) as it is.
                value = row.get(col.key)
                shown = value if isinstance(value, str) else table.cell_text(row, col)
                extra = (1 if col.kind in (MONEY, CHANGE) else 2) + (2 if is_total else 0)
                widths[j] = max(widths.get(j, 0), min(len(shown) + extra, 40))
        if lines > 1:  # set, because LibreOffice does not grow a row for wrapped text itself
            ws.row_dimensions[r].height = LINE_HEIGHT * lines
            for j in range(1, len(table.columns) + 1):  # the row reads from its top line
                cell = ws.cell(row=r, column=j)
                a = cell.alignment
                cell.alignment = Alignment(
                    horizontal=a.horizontal, vertical="top", wrap_text=a.wrap_text
                )
        r += 1
    return r + 1


def build_workbook(inn: Innstilling) -> Workbook:
    """The openpyxl ``Workbook`` of the innstilling."""
    wb = Workbook()
    moment = _dt.datetime.combine(inn.date, _dt.time(0, 0))
    wb.properties.creator = ""
    wb.properties.lastModifiedBy = ""
    wb.properties.title = inn.title
    wb.properties.language = W.DOC_LANGUAGE
    wb.properties.created = moment
    wb.properties.modified = moment

    by_sheet: dict[str, list[Table]] = {}
    for table in inn.tables():
        if table.sheet:
            by_sheet.setdefault(table.sheet, []).append(table)

    ws = wb.active
    ws.title = W.SHEET_OVERVIEW
    put_text(ws.cell(row=1, column=1), inn.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    put_text(ws.cell(row=2, column=1), inn.subtitle)
    put_text(ws.cell(row=3, column=1), f"{W.DATE_LABEL}: {fmt_date(inn.date)}")
    put_text(ws.cell(row=5, column=1), W.OVERVIEW_FIGURES)
    ws.cell(row=5, column=1).font = BOLD
    r = 6
    widths: dict[int, float] = {1: 45, 2: 18}
    for sec in inn.sections:
        for block in sec.blocks:
            if block.kind == "facts":
                for label, value, kind in block.items:
                    put_text(ws.cell(row=r, column=1), label)
                    put_value(ws.cell(row=r, column=2), value, kind)
                    r += 1
    r += 1
    for table in by_sheet.pop(W.SHEET_OVERVIEW, []):
        r = _write_table(ws, table, r, widths)
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = w

    for name in SHEETS[1:]:
        tables = by_sheet.pop(name, [])
        if tables:
            _write_sheet(wb.create_sheet(name), tables)
    for name, tables in by_sheet.items():  # sheets outside the known order
        _write_sheet(wb.create_sheet(name[:31]), tables)
    for sheet in wb.worksheets:
        _print_on_page_width(sheet)
    return wb


def _print_on_page_width(ws: Any) -> None:
    """Printed, a sheet is landscape and one page wide (its rows run on over pages)."""
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _write_sheet(ws: Any, tables: list[Table]) -> None:
    """Write ``tables`` one below the other; one table gets its header rows frozen."""
    widths: dict[int, float] = {}
    r = 1
    for table in tables:
        r = _write_table(ws, table, r, widths)
    if len(tables) == 1:
        ws.freeze_panes = "A3"
    for j, w in widths.items():
        ws.column_dimensions[get_column_letter(j)].width = w


def write_xlsx(inn: Innstilling, path: str | Path) -> None:
    """Write the tildeling workbook to ``path``."""
    build_workbook(inn).save(str(path))
