"""Finding a round's table files and reading them into text cells (:class:`RawTable`).

Tables come from CSV or XLSX. A CSV file may be UTF-8 (with or without BOM) or Windows-1252,
``,``- or ``;``-separated; encoding and separator are detected independently. In XLSX the first
sheet is read and every cell becomes text the way the adviser sees it (a numeric ``12`` is
``"12"``, never ``"12.0"``).

What a file cannot be is said plainly, once, without a cascade: an empty file, a header without
rows, a title row above the header, an unclosed quote, a binary file (an ``.xlsx``, an old
``.xls`` or a PDF named ``.csv``, a CSV named ``.xlsx``), a folder where a file should be. A
first line ``sep=;`` (Excel's separator hint, not shown as a row in Excel) is honoured. An XLSX
formula without a stored value (a file written by a program, not saved by Excel) is kept as
:data:`FORMULA_MARK` followed by the formula, so that the cell's check can name it.
"""

from __future__ import annotations

import csv
import io as _io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import DataValidationError, Problem
from allocation.round.scheme import SCHEME_FILE
from allocation.wording import reading as R
from allocation.wording import validation as W
from allocation.wording.validation import Code

#: Logical table name -> accepted file names, in order of preference.
TABLE_FILES = {
    "applications": ("applications.csv", "applications.xlsx"),
    "scores": ("scores.csv", "scores.xlsx"),
    "budget_lines": ("budget_lines.csv", "budget_lines.xlsx"),
    "recusals": ("recusals.csv", "recusals.xlsx"),
}
#: The folder of one scores file per assessor (CONTRACT v1.2), instead of a scores file.
SCORES_FOLDER = "scores"
REQUIRED_TABLES = ("applications", "scores")

#: Marks an XLSX cell holding a formula without a stored value (followed by the formula).
FORMULA_MARK = "\ue000"


@dataclass
class RawTable:
    """A table file's cells as text.

    ``cells`` is a 2-D object array (one row per data row, one column per header cell) and
    ``rows`` the Excel row number of each data row (header = row 1).
    """

    file: str
    header: list[str]
    cells: np.ndarray
    rows: np.ndarray
    decimal_comma: bool
    encoding: str = ""
    separator: str = ""

    @property
    def n_rows(self) -> int:
        """The number of data rows."""
        return len(self.rows)

    def column(self, j: int) -> np.ndarray:
        """The text cells of column ``j`` (a 1-D object array)."""
        return self.cells[:, j]


def _cells_array(body: list[list[str]], width: int) -> np.ndarray:
    cells = np.empty((len(body), width), dtype=object)
    if body and width:
        cells[:] = body
    return cells


# --- finding the files -------------------------------------------------------------------------


def skipped_name(name: str) -> bool:
    """Excel's lock files (``~$scores.xlsx``) and hidden files are never read."""
    return name.startswith(("~$", "."))


def score_folder_files(folder: Path) -> list[Path]:
    """The CSV and XLSX files of a ``scores/`` folder, by name (``~$`` and ``.`` files skipped)."""
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.is_file() and not skipped_name(p.name) and p.suffix.casefold() in (".csv", ".xlsx")
        ),
        key=lambda p: p.name.casefold(),
    )


def _scores_folder(
    listing: dict[str, Path], found: dict[str, Path], problems: list[Problem]
) -> bool:
    """A ``scores/`` folder stands for the scores file: never both, never empty. Whether
    there is such a folder (then no scores file is looked for)."""
    folder = listing.get(SCORES_FOLDER)
    if folder is None or not folder.is_dir():
        return False
    del listing[SCORES_FOLDER]
    if any(n in listing for n in TABLE_FILES["scores"]):
        message = W.SCORES_FOLDER_AND_FILE.format(folder=folder.name)
        problems.append(Problem(folder.name + "/", message, code=Code.SCORES_FOLDER_AND_FILE))
    elif not score_folder_files(folder):
        message = W.SCORES_FOLDER_EMPTY.format(folder=folder.name)
        problems.append(Problem(folder.name + "/", message, code=Code.SCORES_FOLDER_EMPTY))
    else:
        found["scores"] = folder
    return True


def find_files(folder: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Locate the round's files (names matched case-insensitively); report missing/double ones.

    ``found["scores"]`` is the scores file, or the ``scores/`` folder standing for it.
    """
    problems: list[Problem] = []
    listing = {p.name.casefold(): p for p in folder.iterdir() if not p.name.startswith("~$")}
    found: dict[str, Path] = {}
    has_folder = _scores_folder(listing, found, problems)
    for name, entry in list(listing.items()):
        if entry.is_dir() and (
            name == SCHEME_FILE or any(name in names for names in TABLE_FILES.values())
        ):
            problems.append(Problem(entry.name, W.FILE_IS_DIR, code=Code.FILE_IS_DIR))
            del listing[name]
    scheme = listing.get(SCHEME_FILE)
    if scheme is not None:
        found["scheme"] = scheme
    elif SCHEME_FILE not in {p.file.casefold() for p in problems}:
        message = W.FILE_MISSING.format(expected=SCHEME_FILE)
        problems.append(Problem(SCHEME_FILE, message, code=Code.MISSING_FILE))
    history = listing.get(R.HISTORY_FILE)  # optional: the scheme's earlier years
    if history is not None and history.is_file():
        found["history"] = history
    for table, names in TABLE_FILES.items():
        present = [listing[n] for n in names if n in listing]
        if table == "scores" and has_folder:
            continue
        if len(present) > 1:
            message = W.FILE_BOTH.format(first=names[0], second=names[1])
            problems.append(Problem(names[0], message, code=Code.DUPLICATE_FILE))
        elif present:
            found[table] = present[0]
        elif table in REQUIRED_TABLES and not any(p.file.casefold() in names for p in problems):
            message = W.FILE_MISSING.format(expected=" eller ".join(names))
            problems.append(Problem(names[0], message, code=Code.MISSING_FILE))
    return found, problems


# --- CSV -----------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; return (text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def _binary_kind(data: bytes) -> tuple[str, str] | None:
    """(code, message) for a file that is not text at all (an Excel or zip file named .csv)."""
    if data.startswith(b"PK\x03\x04"):
        return Code.XLSX_NAMED_CSV, W.FILE_IS_XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Code.XLS_FILE, W.FILE_IS_XLS
    if data.startswith(b"%PDF"):
        return Code.PDF_FILE, W.FILE_IS_PDF
    return None


def _detect_separator(text: str) -> str:
    """The separator of the header line: the most frequent of ``;``, ``,`` and tab."""
    for line in text.splitlines():
        if line.strip():
            header = re.sub(r'"[^"]*"', "", line)
            counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
            best = max(counts, key=lambda s: counts[s])
            return best if counts[best] > 0 else ","
    return ","


def _clean_header(text: str) -> str:
    """A header cell trimmed of every kind of space, line break and BOM; inner runs of
    whitespace (an Alt+Enter line break inside an Excel header) become one space."""
    return " ".join(text.replace("\ufeff", "").replace("\u00a0", " ").split())


def _title_row(file: str, records: list[list[str]], start: int, filled: str) -> Problem | None:
    """A title above the table ("Søknader 2025")? Every table has columns: a first row with
    one filled cell followed, within 20 rows, by a row of three or more is a title."""
    for number, record in enumerate(records[start + 1 : start + 21], start=start + 2):
        if sum(1 for c in record if c.strip()) >= 3:
            message = W.TITLE_ROW.format(title=filled, row=number)
            return Problem(file, message, row=start + 1, code=Code.TITLE_ROW)
    return None


def _body(
    file: str, records: list[list[str]], start: int, width: int, problems: list[Problem]
) -> tuple[list[list[str]], list[int]]:
    """The data rows below the header: empty rows dropped, short rows padded, long ones
    (with values past the header) reported."""
    body: list[list[str]] = []
    rows: list[int] = []
    for number, record in enumerate(records[start + 1 :], start=start + 2):
        if not "".join(record).strip():  # no cell holds anything but whitespace
            continue
        if len(record) != width:
            if len(record) > width:
                if "".join(record[width:]).strip():
                    problems.append(
                        Problem(file, W.ROW_TOO_LONG, row=number, code=Code.ROW_TOO_LONG)
                    )
                    continue
                record = record[:width]
            else:
                record = record + [""] * (width - len(record))
        body.append(record)
        rows.append(number)
    return body, rows


def records_to_raw(
    file: str, records: list[list[str]], decimal_comma: bool
) -> tuple[RawTable | None, list[Problem]]:
    """Find the header (first non-empty record), drop empty rows, check row lengths.

    ``records`` are the file's rows from row 1 on, as lists of text cells.
    """
    problems: list[Problem] = []
    start = next((i for i, r in enumerate(records) if "".join(r).strip()), None)
    if start is None:
        return None, [Problem(file, W.FILE_EMPTY, code=Code.EMPTY_FILE)]
    header = [_clean_header(h) for h in records[start]]
    filled = [h for h in header if h]
    if len(filled) == 1:
        title = _title_row(file, records, start, filled[0])
        if title is not None:
            return None, [title]
    width = len(header)
    body, rows = _body(file, records, start, width, problems)
    cells = _cells_array(body, width)
    # Columns without a header: dropped when empty (Excel's trailing separators), else reported.
    keep = []
    for j, name in enumerate(header):
        if name:
            keep.append(j)
        elif any(c.strip() for c in cells[:, j]):
            message = W.COLUMN_NAMELESS
            problems.append(
                Problem(file, message, row=start + 1, severity="warning", code=Code.NAMELESS_COLUMN)
            )
    if len(keep) < width:
        header = [header[j] for j in keep]
        cells = cells[:, keep]
    table = RawTable(file, header, cells, np.array(rows, dtype=np.int64), decimal_comma)
    return table, problems


def _read_csv(path: Path) -> tuple[RawTable | None, list[Problem]]:
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = W.FILE_UNREADABLE.format(detail=exc.strerror)
        return None, [Problem(file, message, code=Code.UNREADABLE_FILE)]
    binary = _binary_kind(data)
    if binary is not None:
        return None, [Problem(file, binary[1].format(stem=path.stem), code=binary[0])]
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        return None, [Problem(file, W.FILE_ENCODING, code=Code.BAD_ENCODING)]
    if "\x00" in text:
        if text.count("\x00") * 20 > len(text):  # mostly NUL: no table at all
            return None, [Problem(file, W.FILE_BINARY, code=Code.NOT_TEXT)]
        text = text.replace("\x00", _NUL_MARK)  # a stray NUL: named with its row below
    hint = re.match(r"[\"']?sep=(.)[\"']?[ \t]*(?:\r\n|\n|\r|$)", text, re.IGNORECASE)
    if hint:  # Excel reads a first line "sep=;" as the separator and does not show it as a row
        separator, text = hint.group(1), text[hint.end() :]
    else:
        separator = _detect_separator(text)
    records, broken = _csv_records(file, text, separator)
    if broken is not None:
        return None, [broken]
    if records and text.count('"') % 2 and any("\n" in c or "\r" in c for c in records[-1]):
        # An opening quote that is never closed swallows the rest of the file into one field.
        return None, [
            Problem(file, W.CSV_UNCLOSED_QUOTE, row=len(records), code=Code.UNCLOSED_QUOTE)
        ]
    nul_problems = _nul_rows(file, records)
    raw, problems = records_to_raw(file, records, decimal_comma=separator == ";")
    if raw is not None:
        raw.encoding, raw.separator = encoding, separator
    return raw, nul_problems + problems


#: Stands for a NUL character while the CSV is parsed (the csv module and the checks of the
#: cells never see a NUL); a private-use character no adviser types.
_NUL_MARK = "\ue001"


def _csv_records(file: str, text: str, separator: str) -> tuple[list[list[str]], Problem | None]:
    """The CSV records, or the problem of the row that cannot be read (with its row)."""
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=separator)
    records: list[list[str]] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return records, None
        except csv.Error as exc:
            row = len(records) + 1
            message = R.CSV_BROKEN_ROW.format(detail=exc)
            return records, Problem(file, message, row=row, code=Code.BAD_CSV)
        records.append(record)


def _nul_rows(file: str, records: list[list[str]]) -> list[Problem]:
    """One error per row holding a NUL character; the character is dropped from the cells
    so that the rest of the table is still checked (every problem at once)."""
    problems = []
    for number, record in enumerate(records, start=1):
        if any(_NUL_MARK in cell for cell in record):
            problems.append(Problem(file, R.NUL_IN_ROW, row=number, code=Code.NOT_TEXT))
            record[:] = [cell.replace(_NUL_MARK, "") for cell in record]
    return problems


# --- XLSX ----------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    """An XLSX cell as text, the way the adviser sees it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:  # below 1e16 a float's integer is exact
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
    return str(value)


def _xlsx_sheets(
    path: Path, *, data_only: bool, every: bool
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """(title, cell values row by row from row 1) of the first sheet, or of ``every`` sheet
    (hidden ones included)."""
    import openpyxl  # imported here: only rounds in XLSX pay for it

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheets = workbook.worksheets if every else workbook.worksheets[:1]
        if not sheets:
            raise IndexError("no sheet")
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in sheets]
    finally:
        workbook.close()


def _not_xlsx_problem(path: Path) -> Problem:
    """Why a .xlsx file could not be opened, in words an adviser can act on."""
    file = path.name
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return Problem(file, W.FILE_NOT_XLSX, code=Code.BAD_XLSX)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Problem(file, W.XLSX_IS_XLS.format(stem=path.stem), code=Code.XLS_FILE)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            text = True
        except UnicodeDecodeError:
            text = not any(b in head for b in b"\x81\x8d\x8f\x90\x9d")
        if text:
            return Problem(file, W.XLSX_IS_TEXT.format(stem=path.stem), code=Code.CSV_NAMED_XLSX)
    return Problem(file, W.FILE_NOT_XLSX, code=Code.BAD_XLSX)


def _sheet_records(
    values: list[tuple[Any, ...]], formulas: list[tuple[Any, ...]] | None
) -> list[list[str]]:
    """A sheet's cells as text; a formula without a stored value kept as its formula."""
    records: list[list[str]] = []
    for i, row in enumerate(values):
        cells = [_cell_text(v) for v in row]
        if formulas is not None and i < len(formulas):
            for j, value in enumerate(row):
                formula = formulas[i][j] if j < len(formulas[i]) else None
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    cells[j] = FORMULA_MARK + formula
        records.append(cells)
    return records


def _xlsx_records(path: Path, *, every: bool) -> list[tuple[str, list[list[str]]]] | Problem:
    """(sheet title, text cells) per sheet read, or why the file could not be opened."""
    import zipfile

    try:
        values = _xlsx_sheets(path, data_only=True, every=every)
        formulas = None
        if any(v is None for _, rows in values for row in rows for v in row):
            # A formula written by a program (not by Excel) has no stored value: openpyxl
            # gives None. Read the formulas too, so that such a cell is named, not "empty".
            formulas = _xlsx_sheets(path, data_only=False, every=every)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        return _not_xlsx_problem(path)
    return [
        (title, _sheet_records(rows, formulas[k][1] if formulas is not None else None))
        for k, (title, rows) in enumerate(values)
    ]


def _xlsx_raw(file: str, records: list[list[str]]) -> tuple[RawTable | None, list[Problem]]:
    raw, problems = records_to_raw(file, records, decimal_comma=True)
    if raw is not None:
        raw.encoding, raw.separator = "xlsx", ""
    return raw, problems


def _read_xlsx(path: Path) -> tuple[RawTable | None, list[Problem]]:
    sheets = _xlsx_records(path, every=False)
    if isinstance(sheets, Problem):
        return None, [sheets]
    return _xlsx_raw(path.name, sheets[0][1])


@dataclass
class Sheet:
    """One sheet of a table file read sheet by sheet (a CSV file is one sheet named "").

    ``file`` is how problems name it: the file, and the sheet when the workbook has more
    than one (``scores.xlsx, ark «Anna»``).
    """

    name: str
    file: str
    raw: RawTable | None


def _holds_data(records: list[list[str]]) -> bool:
    """A sheet holds data when a cell below row 1 is not empty (CONTRACT v1.2)."""
    return any(c.strip() for record in records[1:] for c in record)


def read_sheets(path: Path, file: str) -> tuple[list[Sheet], list[Problem]]:
    """Every sheet of ``path`` that holds data, with the problems found.

    An XLSX file is read sheet by sheet, hidden sheets included; an empty or header-only
    sheet is a warning naming it (when no sheet holds data the first is read as the file).
    A CSV file is one sheet. ``file`` names the file in problems.
    """
    if path.suffix.lower() != ".xlsx":
        raw, found = _read_csv(path)
        if raw is not None:
            raw.file = file
        return [Sheet("", file, raw)], [replace(p, file=file) for p in found]
    sheets = _xlsx_records(path, every=True)
    if isinstance(sheets, Problem):
        return [], [replace(sheets, file=file)]
    holding = [k for k, (_, records) in enumerate(sheets) if _holds_data(records)] or [0]
    many = len(holding) > 1  # with one sheet of data, the file names it
    out: list[Sheet] = []
    problems: list[Problem] = []
    for k, (title, records) in enumerate(sheets):
        label = W.SHEET_LABEL.format(file=file, sheet=title) if many else file
        if k not in holding:
            message = W.SHEET_EMPTY.format(sheet=title)
            problems.append(Problem(file, message, severity="warning", code=Code.EMPTY_SHEET))
            continue
        raw, sheet_problems = _xlsx_raw(label, records)
        problems.extend(sheet_problems)
        out.append(Sheet(title, label, raw))
    return out, problems


# --- either ------------------------------------------------------------------------------------


def read_raw(path: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV or XLSX table file as text cells, with the problems found."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or XLSX table: every cell as ``str``, header trimmed, dialect detected.

    The index holds the Excel row numbers (header = row 1). ``attrs`` records
    ``encoding``, ``separator`` and ``decimal_comma``.

    Raises
    ------
    DataValidationError
        When the file cannot be read.
    """
    raw, problems = read_raw(Path(path))
    if raw is None or any(p.severity == "error" for p in problems):
        raise DataValidationError(problems)
    records = [[c.removeprefix(FORMULA_MARK) for c in r] for r in raw.cells.tolist()]
    frame = pd.DataFrame(records, columns=raw.header, index=raw.rows.tolist(), dtype=object)
    frame.attrs.update(
        encoding=raw.encoding, separator=raw.separator, decimal_comma=raw.decimal_comma
    )
    return frame
