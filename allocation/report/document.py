"""The innstilling's content model: what the three writers lay out.

An :class:`Innstilling` is a list of :class:`Section` made of :class:`Block` (paragraphs,
bullet lists, fact lists, tables, charts, the signature fields). Tables hold raw values (int
kroner, float scores, shares) and name the kind of each column; :func:`format_value` is the one
place a raw value becomes the text the DOCX and the HTML show, through :mod:`allocation.format`.
The workbook keeps numbers as numbers, with number formats that render the same text.

This module imports no writer and no builder: the writers (:mod:`allocation.report.write_docx`,
:mod:`allocation.report.write_html`, :mod:`allocation.report.write_xlsx`,
:mod:`allocation.report.charts`) import it, and the builder (:mod:`allocation.report.content`)
imports them.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from allocation import format as fmt
from allocation.wording.language import Lang

# Column kinds: how writers format a cell.
TEXT, MONEY, CHANGE, SCORE, SHARE, COUNT = "text", "money", "change", "score", "share", "count"
#: The kinds shown as numbers (right-aligned, never wrapped).
NUMERIC = frozenset({MONEY, CHANGE, SCORE, SHARE, COUNT})
#: Decimals of a score, wherever it is printed.
SCORE_DIGITS = 2


@dataclass(frozen=True)
class Column:
    """One table column: the row key, the Norwegian header, and the kind of value."""

    key: str
    header: str
    kind: str = TEXT
    in_documents: bool = True  # False: in the workbook only (the page keeps room for others)


@dataclass
class Table:
    """A table with a caption. ``rows`` are dicts of raw values; ``total`` an optional sum row.

    ``id`` is the table's stable name (``"grants"``, ``"spread_region"``, ...): writers and tests
    find a table by it, never by its caption. ``sheet`` names the workbook sheet the table goes
    to (None: documents only).
    """

    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = None
    sheet: str | None = None
    sheet_only: bool = False  # in the workbook only (too wide for a page)
    id: str = ""

    @property
    def doc_columns(self) -> list[Column]:
        """The columns the DOCX and the HTML show (the workbook shows every column)."""
        return [c for c in self.columns if c.in_documents]

    def cell_text(self, row: Mapping[str, Any], col: Column) -> str:
        """The formatted text of a cell (DOCX and HTML)."""
        return format_value(row.get(col.key), col.kind)


@dataclass
class Chart:
    """A chart as PNG bytes with its caption and text alternative."""

    key: str
    caption: str
    alt: str
    png: bytes

    def _repr_png_(self) -> bytes:  # displayed as an image in a notebook
        return self.png


@dataclass
class Block:
    """One piece of a section: kind is "p", "bullets", "facts", "table", "chart", "signature".

    ``facts`` is a list of (label, value, kind) rows shown as a two-column list.
    """

    kind: str
    text: str = ""
    items: list[Any] = field(default_factory=list)
    table: Table | None = None
    chart: Chart | None = None


@dataclass
class Section:
    """One heading and its blocks, in order; the methods append a block and return the section."""

    heading: str
    blocks: list[Block] = field(default_factory=list)
    new_page: bool = False  # starts a new page when printed (the appendix)

    def p(self, text: str) -> Section:
        """Append a paragraph."""
        self.blocks.append(Block("p", text=text))
        return self

    def bullets(self, items: Sequence[str]) -> Section:
        """Append a bullet list (nothing when ``items`` is empty)."""
        if items:
            self.blocks.append(Block("bullets", items=list(items)))
        return self

    def facts(self, rows: Sequence[tuple[str, Any, str]]) -> Section:
        """Append a fact list of (label, raw value, kind) rows."""
        self.blocks.append(Block("facts", items=list(rows)))
        return self

    def add_table(self, table: Table) -> Section:
        """Append a table."""
        self.blocks.append(Block("table", table=table))
        return self

    def add_chart(self, chart: Chart | None) -> Section:
        """Append a chart (nothing when None)."""
        if chart is not None:
            self.blocks.append(Block("chart", chart=chart))
        return self


@dataclass
class Innstilling:
    """The whole innstilling, ready for the writers.

    ``figures`` holds the key numbers (raw) for tests and the workbook's overview;
    ``sheet_tables`` the tables that only the workbook shows.
    """

    title: str
    subtitle: str
    date: _dt.date
    sections: list[Section]
    figures: dict[str, Any]
    sheet_tables: list[Table] = field(default_factory=list)
    #: The heading block (label, value) under the title: office, Til, Fra, Saksnr., Dato.
    letterhead: list[tuple[str, str]] = field(default_factory=list)
    #: The written standard ("nb" or "nn", from ``[case] malform``).
    lang: Lang = "nb"

    def tables(self) -> list[Table]:
        """Every table (document tables first, then workbook-only ones)."""
        out = [b.table for s in self.sections for b in s.blocks if b.kind == "table" and b.table]
        return out + list(self.sheet_tables)

    def table(self, table_id: str) -> Table | None:
        """The table with this id, or None when the innstilling has none (no locks, ...)."""
        return next((t for t in self.tables() if t.id == table_id), None)

    def charts(self) -> list[Chart]:
        """Every chart, in order."""
        return [b.chart for s in self.sections for b in s.blocks if b.kind == "chart" and b.chart]

    def facts(self) -> list[tuple[str, Any, str]]:
        """The rows of every fact list (the budget frame), in order."""
        return [
            row for s in self.sections for b in s.blocks if b.kind == "facts" for row in b.items
        ]


#: The no-break space the DOCX and the HTML put inside amounts, so "2 805 000 kr" never breaks.
NBSP = "\u00a0"
# A space between digit groups ("2 805"), before "kr" or before "%" after a digit.
_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=kr\b)|(?<=\d) (?=%)")


def keep_together(text: str) -> str:
    """``text`` with a no-break space inside every amount, count and percentage.

    :mod:`allocation.format` writes regular spaces (so that the figures can be searched and
    copied); the documents a leader prints must not break "2 805 000 kr" across lines.

    >>> keep_together("til sammen 2 805 000 kr og 62 %") == (
    ...     "til sammen 2\u00a0805\u00a0000\u00a0kr og 62\u00a0%")
    True
    """
    return _AMOUNT_SPACE.sub(NBSP, text)


def is_missing(value: Any) -> bool:
    """None or NaN: an empty cell."""
    return value is None or (isinstance(value, float) and value != value)


def format_value(value: Any, kind: str) -> str:
    """Format one raw value the Norwegian way for DOCX and HTML (:mod:`allocation.format`).

    Examples
    --------
    >>> format_value(1250000, MONEY), format_value(4.125, SCORE), format_value(0.625, SHARE)
    ('1 250 000 kr', '4,13', '62,5 %')
    >>> format_value(-50000, CHANGE), format_value(1200, COUNT), format_value(None, MONEY)
    ('-50 000 kr', '1 200', '')
    """
    if is_missing(value):
        return ""
    if kind == MONEY:
        return fmt.money(value)
    if kind == CHANGE:
        return fmt.money(value, signed=True)
    if kind == SCORE:
        return fmt.decimal(value, SCORE_DIGITS)
    if kind == SHARE:
        return fmt.percent(value)
    if kind == COUNT:
        return fmt.integer(value)
    return str(value)
