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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from allocation import format as fmt
from allocation.format import date as fmt_date
from allocation.report.document import (
    CHANGE,
    COUNT,
    MONEY,
    NUMERIC,
    SCORE,
    SHARE,
    TEXT,
    Innstilling,
    Table,
    format_value,
    is_missing,
)
from allocation.report.xlsx_print import (
    WrappedCell,
    add_filter,
    fit_row_heights,
    freeze_header,
    page_setup,
    set_widths,
    top_aligned,
)
from allocation.report.xlsx_tables import ALL_ID
from allocation.wording.innstilling import Words, words
from allocation.wording.language import Lang

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


#: Wrapped text columns: their widest (characters); a header wraps past ``HEADER_WIDTH``.
WRAP_WIDTH = 50
#: Wider for the long reasons: fewer, shorter rows, so a sheet of reasons prints on fewer pages.
WRAP_WIDTHS = {"reason": 80, "criterion": 24}
HEADER_WIDTH = 16
#: The widest a column gets for an unwrapped cell; a longer text in a text column wraps.
TEXT_WIDTH = 40


def book_order(lang: Lang) -> tuple[str, ...]:
    """The sheets in workbook order, named in ``lang``: every application first, then the known
    order with "Hva skal til" after the rejections, the public list last."""
    w = words(lang)
    cut = w.SHEET_ORDER.index(w.SHEET_REJECTED) + 1
    known = (*w.SHEET_ORDER[:cut], w.SHEET_WHAT_IT_TAKES, *w.SHEET_ORDER[cut:])
    return (w.SHEET_ALL, *known, w.SHEET_PUBLIC)


def _share_format(share: float) -> str:
    """The number format that shows ``share`` as :func:`allocation.format.percent` does."""
    return SHARE_DECIMAL_FORMAT if fmt.DECIMAL_MARK in fmt.percent(share) else FORMATS[SHARE]


@dataclass
class Layout:
    """A sheet being written: column widths (characters) and the cells whose text wraps."""

    widths: dict[int, float] = field(default_factory=dict)
    wrapped: list[WrappedCell] = field(default_factory=list)

    def widen(self, column: int, width: float) -> None:
        """Make ``column`` at least ``width`` wide."""
        self.widths[column] = max(self.widths.get(column, 0), width)


@dataclass(frozen=True)
class Placed:
    """Where a table went: its header row, its last data row (sum row excluded), the next
    free row."""

    header_row: int
    last_row: int
    next_row: int


def _header_width(header: str) -> float:
    """Room for a header: on one line when short, else wrapped, its longest word whole (bold:
    one more character)."""
    longest = max((len(w) for w in header.split()), default=0)
    return max(min(len(header), HEADER_WIDTH), longest) + 3


def _write_header(ws: Any, table: Table, row: int, layout: Layout) -> None:
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=row, column=j)
        put_text(cell, col.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        # A number column's header sits over its figures (right-aligned, as they are).
        right = "right" if col.kind in NUMERIC else None
        cell.alignment = Alignment(horizontal=right, wrap_text=True, vertical="top")
        layout.widen(j, _header_width(col.header))
        layout.wrapped.append(WrappedCell(row, j, col.header))


def _write_cell(ws: Any, table: Table, row: dict[str, Any], r: int, j: int, bold: bool) -> Any:
    """One cell: the raw value with its format; returns the text as shown (None: spills)."""
    col = table.columns[j - 1]
    cell = ws.cell(row=r, column=j)
    value = row.get(col.key)
    put_value(cell, value, col.kind)
    if bold:
        cell.font = BOLD
    if col.key in SPILL_COLUMNS:
        return None
    # As shown (grouped, with "kr"); a text in a number column (a figure that does not
    # exist, and why) as it is.
    return value if isinstance(value, str) else table.cell_text(row, col)


def _write_table(ws: Any, table: Table, start_row: int, layout: Layout) -> Placed:
    """Write a table (caption, header, rows, sum row) at ``start_row``."""
    cap = ws.cell(row=start_row, column=1)
    put_text(cap, table.caption)
    cap.font = BOLD
    header_row = start_row + 1
    _write_header(ws, table, header_row, layout)
    rows = table.rows + ([table.total] if table.total else [])
    r = header_row
    for i, row in enumerate(rows):
        r = header_row + 1 + i
        is_total = table.total is not None and i == len(rows) - 1
        wraps = False
        for j, col in enumerate(table.columns, start=1):
            shown = _write_cell(ws, table, row, r, j, is_total)
            if shown is None:
                continue
            if col.key in WRAP_COLUMNS or (col.kind == TEXT and len(shown) > TEXT_WIDTH):
                ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top")
                layout.widen(j, min(len(shown) + 2, WRAP_WIDTHS.get(col.key, WRAP_WIDTH)))
                layout.wrapped.append(WrappedCell(r, j, shown))
                wraps = True
            else:
                # Room for the text as shown; bold sums need a little more, else "###".
                extra = (1 if col.kind in (MONEY, CHANGE) else 2) + (2 if is_total else 0)
                layout.widen(j, min(len(shown) + extra, TEXT_WIDTH))
        if wraps:  # the row reads from its top line
            for j in range(1, len(table.columns) + 1):
                top_aligned(ws.cell(row=r, column=j))
    _indent_after_numbers(ws, table, header_row, r)
    last = r - (1 if table.total else 0)
    return Placed(header_row, max(last, header_row), r + 2)


def _indent_after_numbers(ws: Any, table: Table, first: int, last: int) -> None:
    """A text column right of a number column starts one step in: "400 000 kr Avslått", not
    "400 000 krAvslått" (the figures are right-aligned against it)."""
    kinds = [c.kind for c in table.columns]
    for j in range(2, len(kinds) + 1):
        if kinds[j - 2] in NUMERIC and kinds[j - 1] not in NUMERIC:
            for r in range(first, last + 1):
                cell = ws.cell(row=r, column=j)
                a = cell.alignment
                cell.alignment = Alignment(
                    horizontal="left", indent=1, vertical=a.vertical, wrap_text=a.wrap_text
                )


def _finish(ws: Any, layout: Layout) -> None:
    set_widths(ws, layout.widths)
    fit_row_heights(ws, layout.wrapped, layout.widths)


def build_workbook(inn: Innstilling) -> Workbook:
    """The openpyxl ``Workbook`` of the innstilling (sheets in :func:`book_order`, then any
    sheet outside it before the public list), in the innstilling's written standard."""
    w, order = words(inn.lang), book_order(inn.lang)
    wb = Workbook()
    moment = _dt.datetime.combine(inn.date, _dt.time(0, 0))
    wb.properties.creator = ""
    wb.properties.lastModifiedBy = ""
    wb.properties.title = inn.title
    wb.properties.language = w.DOC_LANGUAGE
    wb.properties.created = moment
    wb.properties.modified = moment

    by_sheet: dict[str, list[Table]] = {}
    for table in inn.tables():
        if table.sheet:
            by_sheet.setdefault(table.sheet, []).append(table)
    public = by_sheet.pop(w.SHEET_PUBLIC, [])
    wb.remove(wb.active)
    for name in order[:-1]:
        if name == w.SHEET_OVERVIEW:
            _write_overview(wb.create_sheet(name), inn, by_sheet.pop(name, []), w)
        elif tables := by_sheet.pop(name, []):
            _write_sheet(wb.create_sheet(name), tables)
    for name, tables in by_sheet.items():  # sheets outside the known order
        _write_sheet(wb.create_sheet(name[:31]), tables)
    if public:
        _write_sheet(wb.create_sheet(w.SHEET_PUBLIC), public)
    wb.active = 0
    for sheet in wb.worksheets:
        page_setup(sheet, inn.title, f"{w.DATE_LABEL}: {fmt_date(inn.date)}", w.XLSX_PAGE)
    return wb


def _write_overview(ws: Any, inn: Innstilling, tables: list[Table], w: Words) -> None:
    """Title, subtitle and date, the key figures, then the overview's tables."""
    put_text(ws.cell(row=1, column=1), inn.title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    put_text(ws.cell(row=2, column=1), inn.subtitle)
    put_text(ws.cell(row=3, column=1), f"{w.DATE_LABEL}: {fmt_date(inn.date)}")
    put_text(ws.cell(row=5, column=1), w.OVERVIEW_FIGURES)
    ws.cell(row=5, column=1).font = BOLD
    r = 6
    layout = Layout()
    layout.widen(1, 45)
    layout.widen(2, 18)
    for label, value, kind in inn.facts():
        put_text(ws.cell(row=r, column=1), label)
        put_value(ws.cell(row=r, column=2), value, kind)
        layout.widen(1, min(len(str(label)) + 2, TEXT_WIDTH + 20))
        layout.widen(2, len(format_value(value, kind)) + 2)
        r += 1
    r += 1
    for table in tables:
        r = _write_table(ws, table, r, layout).next_row
    _finish(ws, layout)


def _write_sheet(ws: Any, tables: list[Table]) -> None:
    """Write ``tables`` one below the other, the main one (most rows) first: its caption and
    header rows are frozen and printed on every page; the sheet of every application gets an
    autofilter."""
    ordered = sorted(tables, key=lambda t: -len(t.rows))  # stable: the others keep their order
    layout = Layout()
    r = 1
    for k, table in enumerate(ordered):
        placed = _write_table(ws, table, r, layout)
        if k == 0:
            freeze_header(ws, placed.header_row)
            if table.id == ALL_ID:
                add_filter(ws, placed.header_row, placed.last_row, len(table.columns))
        r = placed.next_row
    _finish(ws, layout)


def write_xlsx(inn: Innstilling, path: str | Path) -> None:
    """Write the tildeling workbook to ``path``."""
    build_workbook(inn).save(str(path))
