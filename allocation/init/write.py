"""Writing a new round folder: ``scheme.toml`` from a template and the empty input workbooks.

The templates are package data (``allocation/data/templates/<scheme>/scheme.toml``) with
Norwegian comments; ``@YEAR@`` and ``@NEXT_YEAR@`` become this year and the next. The
workbooks (``applications.xlsx``, ``budget_lines.xlsx``, ``recusals.xlsx``) hold the headings
only, each with its Norwegian note as a cell comment, Excel data validation where Excel offers
one (kommunenummer as 4-character text, amounts as whole numbers, lists for applicant_type and
malform) and the heading row frozen. The column names stay the canonical English ones, so
the round reads without aliases.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from allocation.paths import DATA_DIR
from allocation.round.columns import APPLICATION_COLUMNS
from allocation.wording import cli as C

#: The template names ``--scheme`` takes; the first is the default.
SCHEMES = ("regional", "hjemmetid", "blank")
TEMPLATES = DATA_DIR / "templates"

#: The columns of each workbook, in order (notes: :data:`allocation.wording.cli.COLUMN_NOTES`).
WORKBOOK_COLUMNS: dict[str, tuple[str, ...]] = {
    # the declared columns, then those of contract v1.2 not (yet) declared
    "applications": tuple(
        dict.fromkeys([c.name for c in APPLICATION_COLUMNS] + ["transfer", "partners", "malform"])
    ),
    "budget_lines": ("application_id", "category", "amount"),
    "recusals": ("application_id", "assessor", "reason"),
}
AMOUNT_COLUMNS = ("requested", "committed", "own_funding", "transfer", "amount")
TEXT_COLUMNS = ("application_id", "kommunenummer")  # text even when the adviser types digits
WIDE_COLUMNS = ("title", "applicant", "partners", "reason", "category")
LAST_ROW = 2000  # data validation reaches this row


def scheme_text(scheme: str, year: int) -> str:
    """The template's ``scheme.toml`` with the year filled in."""
    text = (TEMPLATES / scheme / "scheme.toml").read_text(encoding="utf-8")
    return text.replace("@NEXT_YEAR@", str(year + 1)).replace("@YEAR@", str(year))


def _range(sheet: Worksheet, column: int) -> str:
    letter = get_column_letter(column)
    return f"{letter}2:{letter}{LAST_ROW}"


def _validation(name: str, applicant_types: Sequence[str]) -> DataValidation | None:
    """Excel's input check for a column, or None where Excel offers none that fits."""
    if name in AMOUNT_COLUMNS or name == "population":
        prompt = C.INPUT_POPULATION if name == "population" else C.INPUT_AMOUNT
        check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif name == "kommunenummer":
        prompt = C.INPUT_KOMMUNENUMMER
        check = DataValidation(type="textLength", operator="equal", formula1="4")
    elif name in ("applicant_type", "malform"):
        choices = applicant_types if name == "applicant_type" else C.MALFORMS
        prompt = C.INPUT_LIST.format(choices=", ".join(choices))
        check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"')
        check.errorStyle = "warning"  # another type may be entered: it is then not eligible
    else:
        return None
    check.allow_blank = True
    check.error, check.errorTitle = prompt, C.INPUT_TITLE
    check.prompt = prompt
    check.showErrorMessage = check.showInputMessage = True
    return check


def _sheet(sheet: Worksheet, table: str, applicant_types: Sequence[str]) -> None:
    """Headings with notes, validation, text format and a frozen heading row."""
    notes = C.COLUMN_NOTES[table]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, name in enumerate(WORKBOOK_COLUMNS[table], start=1):
        cell = sheet.cell(row=1, column=j, value=name)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="top")
        cell.comment = Comment(notes[name], "allocation", width=320, height=110)
        letter = get_column_letter(j)
        sheet.column_dimensions[letter].width = 40 if name in WIDE_COLUMNS else 19
        if name in TEXT_COLUMNS:  # the column's style: cells typed in later are text
            sheet.column_dimensions[letter].number_format = "@"
        elif name in AMOUNT_COLUMNS or name == "population":  # 750 000, as Excel shows it
            sheet.column_dimensions[letter].number_format = "#,##0"
        check = _validation(name, applicant_types)
        if check is not None:
            check.add(_range(sheet, j))
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # printed: the headings on every page, the width on one
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(path: Path, table: str, applicant_types: Sequence[str]) -> None:
    """Write one empty input workbook (headings only) for ``table``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table
    _sheet(sheet, table, applicant_types)
    book.save(path)


def _applicant_types(scheme: str) -> tuple[str, ...]:
    """The types offered in the applicant_type list: the template's own first."""
    if scheme == "hjemmetid":
        return ("kommune",) + tuple(t for t in C.APPLICANT_TYPES if t != "kommune")
    return C.APPLICANT_TYPES


def write_round(folder: Path, scheme: str = SCHEMES[0], year: int | None = None) -> list[Path]:
    """Write a ready-to-fill round folder.

    Parameters
    ----------
    folder : Path
        The folder to write; created when absent (the caller checks it is new or empty).
    scheme : str
        The template: ``regional``, ``hjemmetid`` or ``blank``.
    year : int, optional
        The round's year (default: this year).

    Returns
    -------
    list of Path
        The files written: scheme.toml and the three workbooks.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown template {scheme!r}")
    year = year or datetime.date.today().year
    folder.mkdir(parents=True, exist_ok=True)
    scheme_path = folder / "scheme.toml"
    scheme_path.write_text(scheme_text(scheme, year), encoding="utf-8", newline="\n")
    written = [scheme_path]
    for table in WORKBOOK_COLUMNS:
        path = folder / f"{table}.xlsx"
        write_workbook(path, table, _applicant_types(scheme))
        written.append(path)
    return written
