"""Reading a round folder (CONTRACT section 1) into a validated :class:`~.data.Round`.

Tables come from CSV or XLSX. A CSV file may be UTF-8 (with or without BOM) or Windows-1252,
``,``- or ``;``-separated; encoding and separator are detected independently. Norwegian Excel
writes ``;``, decimal comma, a space or non-breaking space as thousands separator and ``kr``:
all of that is read. In XLSX the first sheet is read and every cell becomes text the way the
adviser sees it (a numeric ``12`` is ``"12"``, never ``"12.0"``).

Columns are declared once (:data:`APPLICATION_COLUMNS`, :data:`SCORE_COLUMNS`,
:data:`BUDGET_LINE_COLUMNS`): name, kind, whether the column must exist, whether a value is
required, and the default. One generic checker (:func:`check_columns`) converts and checks
every cell against those declarations and reports every problem with the file name, the row
as Excel shows it (header = row 1) and the column.

Amounts are whole kroner. A decimal part of zeros (``"1 000,00 kr"``, the way Excel writes a
currency cell, or ``1000.0`` from an XLSX number) is whole kroner; any other decimal part is
øre and an error. A value that does not parse is an error, never a guess.

What a file cannot be is said plainly, once, without a cascade: an empty file, a header without
rows, a title row above the header, an unclosed quote, a binary file (an ``.xlsx``, an old
``.xls`` or a PDF named ``.csv``, a CSV named ``.xlsx``), a folder where a file should be. A
first line ``sep=;`` (Excel's separator hint, not shown as a row in Excel) is honoured. An XLSX
formula without a stored value (a file written by a program, not saved by Excel) is an error
naming the cell's formula. When the applications have no rows or no ``application_id`` column,
the scores and budget lines are not checked against them.
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.errors import DataValidationError, Problem
from allocation.round.data import Round, Scheme, key
from allocation.round.data import key as _key
from allocation.round.reference import REFERENCE_YEAR, fylke_from_prefix, kommuner
from allocation.round.scheme import SCHEME_FILE, read_scheme_file, suggestion
from allocation.wording import validation as W

# --- kinds of cells and the column declarations ---------------------------------------------

ID = "id"  # text identifier, trimmed
TEXT = "text"  # free text, trimmed
AMOUNT = "amount"  # whole kroner >= 0
INTEGER = "integer"  # whole number >= 0, thousands separators allowed, no unit
SCORE = "score"  # a number (decimal mark . or , where allowed)
KOMMUNENUMMER = "kommunenummer"  # 4 digits, zero-padded


@dataclass(frozen=True)
class Column:
    """Declaration of one column of an input table.

    Attributes
    ----------
    name : str
        Canonical column name (matched after trimming, case-insensitively).
    kind : str
        One of ``id``, ``text``, ``amount``, ``integer``, ``score``, ``kommunenummer``.
    required : bool
        The column must exist.
    nonblank : bool
        Every row needs a value (otherwise a blank cell takes ``default``).
    default : object
        Value of a blank cell, or of every row when the column is absent.
    """

    name: str
    kind: str
    required: bool = False
    nonblank: bool = False
    default: Any = None


APPLICATION_COLUMNS: tuple[Column, ...] = (
    Column("application_id", ID, required=True, nonblank=True),
    Column("applicant", TEXT, required=True, nonblank=True),
    Column("kommunenummer", KOMMUNENUMMER, default=""),
    Column("region", TEXT, default=""),
    Column("applicant_type", TEXT, default="kommune"),
    Column("title", TEXT, required=True, default=""),
    Column("model", TEXT, default=""),
    Column("requested", AMOUNT, required=True, nonblank=True),
    Column("committed", AMOUNT, default=0),
    Column("own_funding", AMOUNT, default=None),
    Column("population", INTEGER, default=None),
)
SCORE_COLUMNS: tuple[Column, ...] = (
    Column("application_id", ID, required=True, nonblank=True),
    Column("assessor", TEXT, required=True, nonblank=True),
    Column("criterion", TEXT, required=True, nonblank=True),
    Column("score", SCORE, required=True),
)
WIDE_SCORE_KEYS: tuple[Column, ...] = SCORE_COLUMNS[:2]
BUDGET_LINE_COLUMNS: tuple[Column, ...] = (
    Column("application_id", ID, required=True, nonblank=True),
    Column("category", TEXT, required=True, default=""),
    Column("amount", AMOUNT, required=True, nonblank=True),
)

#: Columns of ``Round.applications`` before the input's extra columns.
APPLICATION_TABLE_COLUMNS = tuple(c.name for c in APPLICATION_COLUMNS) + ("source_row",)
SCORE_TABLE_COLUMNS = ("application_id", "assessor", "criterion", "score", "source_row")
BUDGET_LINE_TABLE_COLUMNS = ("application_id", "category", "amount", "source_row")

#: Logical table name -> accepted file names, in order of preference.
TABLE_FILES = {
    "applications": ("applications.csv", "applications.xlsx"),
    "scores": ("scores.csv", "scores.xlsx"),
    "budget_lines": ("budget_lines.csv", "budget_lines.xlsx"),
}
REQUIRED_TABLES = ("applications", "scores")
ID_COLUMN = "application_id"

# --- parsing single values -------------------------------------------------------------------

_SPACES = " \u00a0\u202f\u2009"
_UNIT_PREFIX = re.compile(r"^(?:kr\.?|nok)\s*", re.IGNORECASE)
_UNIT_SUFFIX = re.compile(r"\s*(?:kr\.?|nok|,-|\.-)$", re.IGNORECASE)
_WHOLE = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+)(?:([.,])(\d+))?$")
_NUMBER = re.compile(r"^(\d+(?:([.,])\d*)?|([.,])\d+)(?:[eE][+-]?\d+)?$")
_MINUS = ("-", "\u2212")


class ValueProblem(ValueError):
    """A cell that does not parse; ``message`` is the Norwegian text for the adviser."""

    def __init__(self, message: str, warning: str | None = None):
        super().__init__(message)
        self.message = message
        self.warning = warning


def _split_sign(text: str) -> tuple[int, str]:
    if text[:1] in _MINUS:
        return -1, text[1:].lstrip(_SPACES)
    if text[:1] == "+":
        return 1, text[1:].lstrip(_SPACES)
    return 1, text


def _parse_whole(
    text: str, *, decimal_comma: bool, units: bool, bad: str, fraction_error: str
) -> tuple[int, str | None]:
    """Parse a whole number with optional thousands separators (and units); see parse_amount."""
    s = text.strip(_SPACES + "\t")
    if units:
        for _ in range(3):
            stripped = _UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", s)).strip(_SPACES)
            if stripped == s:
                break
            s = stripped
    sign, s = _split_sign(s)
    if units and s != (s2 := _UNIT_PREFIX.sub("", s)):  # "-kr 1 000" / "kr -1 000"
        s = s2.strip(_SPACES)
    if sign == 1:
        sign, s = _split_sign(s)
    match = _WHOLE.match(s)
    if not match:
        raise ValueProblem(bad.format(value=text.strip()))
    whole, mark, fraction = match.groups()
    if mark == "," and not decimal_comma:
        raise ValueProblem(W.DECIMAL_COMMA_NOT_ALLOWED.format(value=text.strip()))
    value = int(re.sub(f"[{_SPACES}]", "", whole))
    warning = None
    if fraction is not None:
        if int(fraction) != 0:
            raise ValueProblem(fraction_error.format(value=text.strip()))
        if len(fraction) == 3 and len(whole) <= 3:
            warning = W.AMOUNT_DOT.format(
                value=text.strip(),
                amount=W.kroner(sign * value),
                value_without_dot=whole + fraction,
            )
    return sign * value, warning


def parse_amount(text: str, *, decimal_comma: bool = True) -> int:
    """Parse an amount in whole kroner as an adviser writes it.

    Accepts thousands separators (space, U+00A0, U+202F), a ``kr``/``NOK`` unit before or after,
    ``,-`` after, and a decimal part of zeros. The decimal mark is ``.``, or ``,`` when
    ``decimal_comma`` (``;``-separated files and XLSX).

    Parameters
    ----------
    text : str
        The cell as read.
    decimal_comma : bool
        Whether ``,`` may be the decimal mark.

    Returns
    -------
    int
        The amount (may be negative; callers check the sign).

    Raises
    ------
    ValueProblem
        With a Norwegian message when the value does not parse or has øre.
    """
    return _parse_whole(
        text, decimal_comma=decimal_comma, units=True, bad=W.BAD_AMOUNT, fraction_error=W.AMOUNT_ORE
    )[0]


def parse_number(text: str, *, decimal_comma: bool = True) -> float:
    """Parse a number (a score): ``4``, ``4.5``, or ``4,5`` when ``decimal_comma``.

    Raises
    ------
    ValueProblem
        With a Norwegian message when the value does not parse.
    """
    s = text.strip(_SPACES + "\t")
    sign, s = _split_sign(s)
    match = _NUMBER.match(s)
    if not match:
        raise ValueProblem(W.BAD_NUMBER.format(value=text.strip()))
    if "," in s:
        if not decimal_comma:
            raise ValueProblem(W.DECIMAL_COMMA_NOT_ALLOWED.format(value=text.strip()))
        s = s.replace(",", ".")
    return sign * float(s)


def parse_kommunenummer(text: str) -> str:
    """A kommunenummer as 4 digits; 1-3 digits (a number that lost its zeros) are zero-padded.

    Raises
    ------
    ValueProblem
        When the value is not 1-4 digits.
    """
    s = text.strip(_SPACES + "\t")
    if not re.fullmatch(r"\d{1,4}", s):
        raise ValueProblem(W.BAD_KOMMUNENUMMER.format(value=text.strip()))
    return s.zfill(4)


# --- reading a table file --------------------------------------------------------------------


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


def _binary_kind(data: bytes) -> str | None:
    """The message for a file that is not text at all (an Excel or zip file named .csv)."""
    if data.startswith(b"PK\x03\x04"):
        return W.FILE_IS_XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return W.FILE_IS_XLS
    if data.startswith(b"%PDF"):
        return W.FILE_IS_PDF
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


def _cell_text(value: Any) -> str:
    """An XLSX cell as text, the way the adviser sees it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
    return str(value)


@dataclass
class RawTable:
    """A table file's cells as text. ``rows`` are the Excel row numbers of ``records``."""

    file: str
    header: list[str]
    records: list[list[str]]
    rows: list[int]
    decimal_comma: bool
    encoding: str = ""
    separator: str = ""


def _clean_header(text: str) -> str:
    """A header cell trimmed of every kind of space, line break and BOM; inner runs of
    whitespace (an Alt+Enter line break inside an Excel header) become one space."""
    return " ".join(text.replace("\ufeff", "").replace("\u00a0", " ").split())


def _records_to_raw(
    file: str, records: list[list[str]], numbers: list[int], decimal_comma: bool
) -> tuple[RawTable | None, list[Problem]]:
    """Find the header (first non-empty record), drop empty rows, check row lengths."""
    problems: list[Problem] = []
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        return None, [Problem(file, W.FILE_EMPTY)]
    header = [_clean_header(h) for h in records[start]]
    filled = [h for h in header if h]
    if len(filled) == 1:  # a title above the table ("Søknader 2025")? Every table has columns.
        for record, number in zip(
            records[start + 1 : start + 21], numbers[start + 1 :], strict=False
        ):
            if sum(1 for c in record if c.strip()) >= 3:
                message = W.TITLE_ROW.format(title=filled[0], row=number)
                return None, [Problem(file, message, row=numbers[start])]
    width = len(header)
    body: list[list[str]] = []
    rows: list[int] = []
    for record, number in zip(records[start + 1 :], numbers[start + 1 :], strict=True):
        if not any(c.strip() for c in record):
            continue
        if len(record) > width:
            if any(c.strip() for c in record[width:]):
                problems.append(Problem(file, W.ROW_TOO_LONG, row=number))
                continue
            record = record[:width]
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        body.append(record)
        rows.append(number)
    # Columns without a header: dropped when empty (Excel's trailing separators), else reported.
    keep = []
    for j, name in enumerate(header):
        if name:
            keep.append(j)
        elif any(r[j].strip() for r in body):
            problems.append(
                Problem(file, W.COLUMN_NAMELESS, row=numbers[start], severity="warning")
            )
    if len(keep) < width:
        header = [header[j] for j in keep]
        body = [[r[j] for j in keep] for r in body]
    return RawTable(file, header, body, rows, decimal_comma), problems


def _read_csv(path: Path) -> tuple[RawTable | None, list[Problem]]:
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, W.FILE_UNREADABLE.format(detail=exc.strerror))]
    binary = _binary_kind(data)
    if binary is not None:
        return None, [Problem(file, binary.format(stem=path.stem))]
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        return None, [Problem(file, W.FILE_ENCODING)]
    if "\x00" in text:
        return None, [Problem(file, W.FILE_BINARY)]
    hint = re.match(r"[\"']?sep=(.)[\"']?[ \t]*(?:\r\n|\n|\r|$)", text, re.IGNORECASE)
    if hint:  # Excel reads a first line "sep=;" as the separator and does not show it as a row
        separator, text = hint.group(1), text[hint.end() :]
    else:
        separator = _detect_separator(text)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=separator)
    try:
        records = list(reader)
    except csv.Error:
        return None, [Problem(file, W.FILE_CSV_BROKEN)]
    numbers = list(range(1, len(records) + 1))
    if records and text.count('"') % 2 and any("\n" in c or "\r" in c for c in records[-1]):
        # An opening quote that is never closed swallows the rest of the file into one field.
        return None, [Problem(file, W.CSV_UNCLOSED_QUOTE, row=numbers[-1])]
    raw, problems = _records_to_raw(file, records, numbers, decimal_comma=separator == ";")
    if raw is not None:
        raw.encoding, raw.separator = encoding, separator
    return raw, problems


#: Marks an XLSX cell holding a formula without a stored value (followed by the formula).
FORMULA_MARK = "\ue000"


def _xlsx_first_sheet(path: Path, *, data_only: bool) -> list[tuple[Any, ...]]:
    """The first sheet's cell values, row by row from row 1."""
    import openpyxl  # imported here: only rounds in XLSX pay for it

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _not_xlsx_message(path: Path) -> str:
    """Why a .xlsx file could not be opened, in words an adviser can act on."""
    try:
        head = path.read_bytes()[:4096]
    except OSError:
        return W.FILE_NOT_XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return W.XLSX_IS_XLS.format(stem=path.stem)
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            text = True
        except UnicodeDecodeError:
            text = not any(b in head for b in b"\x81\x8d\x8f\x90\x9d")
        if text:
            return W.XLSX_IS_TEXT.format(stem=path.stem)
    return W.FILE_NOT_XLSX


def _read_xlsx(path: Path) -> tuple[RawTable | None, list[Problem]]:
    import zipfile

    file = path.name
    try:
        values = _xlsx_first_sheet(path, data_only=True)
        formulas = None
        if any(v is None for row in values for v in row):
            # A formula written by a program (not by Excel) has no stored value: openpyxl
            # gives None. Read the formulas too, so that such a cell is named, not "empty".
            formulas = _xlsx_first_sheet(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        return None, [Problem(file, _not_xlsx_message(path))]
    records: list[list[str]] = []
    for i, row in enumerate(values):
        cells = [_cell_text(v) for v in row]
        if formulas is not None and i < len(formulas):
            for j, value in enumerate(row):
                formula = formulas[i][j] if j < len(formulas[i]) else None
                if value is None and isinstance(formula, str) and formula.startswith("="):
                    cells[j] = FORMULA_MARK + formula
        records.append(cells)
    numbers = list(range(1, len(records) + 1))
    raw, problems = _records_to_raw(file, records, numbers, decimal_comma=True)
    if raw is not None:
        raw.encoding, raw.separator = "xlsx", ""
    return raw, problems


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
    records = [[c.removeprefix(FORMULA_MARK) for c in r] for r in raw.records]
    frame = pd.DataFrame(records, columns=raw.header, index=raw.rows, dtype=object)
    frame.attrs.update(
        encoding=raw.encoding, separator=raw.separator, decimal_comma=raw.decimal_comma
    )
    return frame


# --- the generic column checker --------------------------------------------------------------


@dataclass
class CheckedTable:
    """Cells converted by :func:`check_columns`. A cell that failed is None."""

    file: str
    values: dict[str, list[Any]]
    rows: list[int]
    present: set[str]
    extras: dict[str, list[str]]
    raw_text: dict[str, list[str]]


def _converter(kind: str, decimal_comma: bool) -> Callable[[str], tuple[Any, str | None]]:
    if kind == AMOUNT:
        return lambda s: _parse_whole(
            s,
            decimal_comma=decimal_comma,
            units=True,
            bad=W.BAD_AMOUNT,
            fraction_error=W.AMOUNT_ORE,
        )
    if kind == INTEGER:
        return lambda s: _parse_whole(
            s,
            decimal_comma=decimal_comma,
            units=False,
            bad=W.BAD_INTEGER,
            fraction_error=W.BAD_INTEGER,
        )
    if kind == SCORE:
        return lambda s: (parse_number(s, decimal_comma=decimal_comma), None)
    if kind == KOMMUNENUMMER:
        return lambda s: (parse_kommunenummer(s), None)
    return lambda s: (s.strip(), None)


def convert_cells(
    texts: Sequence[str],
    rows: Sequence[int],
    column: Column,
    file: str,
    decimal_comma: bool,
    problems: list[Problem],
    shown_name: str | None = None,
) -> list[Any]:
    """Convert one column's cells per its declaration, appending problems."""
    convert = _converter(column.kind, decimal_comma)
    name = shown_name or column.name
    out: list[Any] = []
    for text, row in zip(texts, rows, strict=True):
        if text.startswith(FORMULA_MARK):
            message = W.XLSX_FORMULA_NO_VALUE.format(formula=text[1:])
            problems.append(Problem(file, message, row=row, column=name))
            out.append(None)
            continue
        if not text.strip(_SPACES + "\t"):
            if column.nonblank:
                problems.append(Problem(file, W.VALUE_MISSING, row=row, column=name))
            out.append(column.default)
            continue
        try:
            value, warning = convert(text)
        except ValueProblem as exc:
            problems.append(Problem(file, exc.message, row=row, column=name))
            out.append(None)
            continue
        if warning:
            problems.append(Problem(file, warning, row=row, column=name, severity="warning"))
        if column.kind in (AMOUNT, INTEGER) and value < 0:
            problems.append(
                Problem(file, W.AMOUNT_NEGATIVE.format(value=text.strip()), row=row, column=name)
            )
            value = None
        out.append(value)
    return out


def match_columns(raw: RawTable, names: Sequence[str], problems: list[Problem]) -> dict[str, int]:
    """Map canonical names (case-insensitive, trimmed) and extra columns to positions.

    Returns a dict from canonical name (or, for extra columns, the header as written) to the
    column index. A canonical column given twice is an error.
    """
    canonical = {n.casefold(): n for n in names}
    found: dict[str, int] = {}
    for j, header in enumerate(raw.header):
        name = canonical.get(header.casefold(), header)
        if name in found:
            problems.append(Problem(raw.file, W.COLUMN_DUPLICATE.format(column=header), row=1))
            continue
        found[name] = j
    return found


def check_columns(raw: RawTable, specs: Sequence[Column], problems: list[Problem]) -> CheckedTable:
    """Check and convert a table against column declarations (the generic checker).

    Missing required columns, blank required values, values that do not parse and negative
    amounts are reported in ``problems``; absent optional columns take their default.
    """
    positions = match_columns(raw, [c.name for c in specs], problems)
    n = len(raw.records)
    values: dict[str, list[Any]] = {}
    raw_text: dict[str, list[str]] = {}
    for spec in specs:
        if spec.name not in positions:
            if spec.required:
                problems.append(Problem(raw.file, W.COLUMN_MISSING.format(column=spec.name), row=1))
            values[spec.name] = [spec.default] * n
            raw_text[spec.name] = [""] * n
            continue
        j = positions[spec.name]
        texts = [r[j] for r in raw.records]
        raw_text[spec.name] = texts
        values[spec.name] = convert_cells(
            texts, raw.rows, spec, raw.file, raw.decimal_comma, problems, raw.header[j]
        )
    spec_names = {s.name for s in specs}
    extras = {
        name: [r[j].removeprefix(FORMULA_MARK) for r in raw.records]
        for name, j in positions.items()
        if name not in spec_names
    }
    present = {s.name for s in specs if s.name in positions}
    return CheckedTable(raw.file, values, list(raw.rows), present, extras, raw_text)


# --- finding the files -----------------------------------------------------------------------


def find_files(folder: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Locate the round's files (names matched case-insensitively); report missing/double ones."""
    problems: list[Problem] = []
    listing = {p.name.casefold(): p for p in folder.iterdir() if not p.name.startswith("~$")}
    found: dict[str, Path] = {}
    for name, entry in list(listing.items()):
        if entry.is_dir() and (
            name == SCHEME_FILE or any(name in names for names in TABLE_FILES.values())
        ):
            problems.append(Problem(entry.name, W.FILE_IS_DIR))
            del listing[name]
    scheme = listing.get(SCHEME_FILE)
    if scheme is not None:
        found["scheme"] = scheme
    elif SCHEME_FILE not in {p.file.casefold() for p in problems}:
        problems.append(Problem(SCHEME_FILE, W.FILE_MISSING.format(expected=SCHEME_FILE)))
    for table, names in TABLE_FILES.items():
        present = [listing[n] for n in names if n in listing]
        if len(present) > 1:
            problems.append(Problem(names[0], W.FILE_BOTH.format(first=names[0], second=names[1])))
        elif present:
            found[table] = present[0]
        elif table in REQUIRED_TABLES and not any(p.file.casefold() in names for p in problems):
            expected = " eller ".join(names)
            problems.append(Problem(names[0], W.FILE_MISSING.format(expected=expected)))
    return found, problems


# --- the round -------------------------------------------------------------------------------


@dataclass
class _Context:
    problems: list[Problem]
    scheme: Scheme | None
    partial: dict[str, Any]


def _check_applications(raw: RawTable, ctx: _Context) -> tuple[pd.DataFrame, dict[str, int]]:
    """Check the applications table; return the table and application key -> position."""
    p = ctx.problems
    file = raw.file
    t = check_columns(raw, APPLICATION_COLUMNS, p)
    v = t.values
    has_region_column = bool(t.present & {"region", "kommunenummer"})
    if not has_region_column:
        p.append(Problem(file, W.REGION_COLUMNS_MISSING, row=1, column="region"))

    # Unique application_id (compared as a text key).
    first_row: dict[str, int] = {}
    index: dict[str, int] = {}
    for i, (ident, row) in enumerate(zip(v["application_id"], t.rows, strict=True)):
        if not ident:
            continue
        k = key(ident)
        if k in first_row:
            p.append(
                Problem(
                    file,
                    W.DUPLICATE_ID.format(id=ident, first=first_row[k]),
                    row=row,
                    column="application_id",
                )
            )
        else:
            first_row[k] = row
            index[k] = i

    # Kommunenummer against the 2024 list; region derived or compared.
    year = ctx.partial.get("year")
    spread = ctx.partial.get("spread") or {}
    region_rules = (
        spread.get("min_per_region") is not None or spread.get("max_region_share") is not None
    )
    reference = kommuner()
    regions = list(v["region"])
    for i, row in enumerate(t.rows):
        nr = v["kommunenummer"][i]
        region = regions[i] or ""
        if nr:
            kommune = reference.get(nr)
            if kommune is None:
                derived = fylke_from_prefix(nr)
                if year is not None and year < REFERENCE_YEAR:
                    message = W.KOMMUNE_UNKNOWN_OLD.format(nr=nr, year=year)
                    if not region:
                        message += "; " + (
                            W.KOMMUNE_OLD_REGION.format(region=derived)
                            if derived
                            else W.KOMMUNE_OLD_NO_REGION
                        )
                    p.append(
                        Problem(file, message, row=row, column="kommunenummer", severity="warning")
                    )
                    if not region and derived:
                        regions[i] = derived
                else:
                    p.append(
                        Problem(
                            file, W.KOMMUNE_UNKNOWN.format(nr=nr), row=row, column="kommunenummer"
                        )
                    )
            elif not region:
                regions[i] = kommune.fylke
            elif key(region) != key(kommune.fylke):
                p.append(
                    Problem(
                        file,
                        W.REGION_CONTRADICTS.format(
                            region=region, nr=nr, kommune=kommune.name, fylke=kommune.fylke
                        ),
                        row=row,
                        column="region",
                        severity="warning",
                    )
                )
        elif not region and v["kommunenummer"][i] is not None and has_region_column:
            if region_rules:
                p.append(Problem(file, W.REGION_BLANK_ERROR, row=row, column="region"))
            else:
                p.append(
                    Problem(
                        file, W.REGION_BLANK_WARNING, row=row, column="region", severity="warning"
                    )
                )
    v["region"] = [r if r is not None else "" for r in regions]

    table = pd.DataFrame(
        {name: v[name] for name in (c.name for c in APPLICATION_COLUMNS)}, dtype=object
    )
    table["source_row"] = t.rows
    for name, texts in t.extras.items():
        if name in table.columns:
            continue
        table[name] = texts
    return table, index


def _finish_applications(table: pd.DataFrame) -> pd.DataFrame:
    """Fix dtypes once the table is known to be valid."""
    out = table.copy()
    for name in ("requested", "committed"):
        out[name] = out[name].astype("int64")
    for name in ("own_funding", "population"):
        out[name] = pd.array(out[name].tolist(), dtype="Int64")
    for name in ("application_id", "applicant", "kommunenummer", "region", "applicant_type"):
        out[name] = out[name].astype(str)
    for name in ("title", "model"):
        out[name] = out[name].astype(str)
    out["source_row"] = out["source_row"].astype("int64")
    return out


def _is_eligible(applicant_type: str | None, types: Sequence[str] | None) -> bool:
    if types is None:
        return True
    return key(applicant_type) in {key(t) for t in types}


def _check_scores(
    raw: RawTable,
    ctx: _Context,
    applications: pd.DataFrame | None,
    app_index: dict[str, int],
    applications_file: str,
) -> pd.DataFrame:
    """Check scores (long or wide form); return the long table."""
    p = ctx.problems
    file = raw.file
    criteria: list[str] | None = ctx.partial.get("criteria")
    memo: dict[Any, str] = {}

    def key(text: Any) -> str:  # the text key, memoised: scores repeat few distinct values
        found = memo.get(text)
        if found is None:
            found = memo[text] = _key(text)
        return found

    criterion_by_key = {key(c): c for c in criteria} if criteria is not None else None

    app_ids = applications["application_id"].tolist() if applications is not None else []
    headers = {h.casefold() for h in raw.header}
    long_form = "criterion" in headers and "score" in headers

    ids: list[Any]
    assessors: list[Any]
    crits: list[Any] = []
    scores: list[Any] = []
    rows: list[int] = []
    columns_shown: list[str] = []
    present: list[bool] = []  # the row has a score written (parsed or not)
    if long_form:
        t = check_columns(raw, SCORE_COLUMNS, p)
        ids, assessors, rows = t.values["application_id"], t.values["assessor"], t.rows
        columns_shown = ["criterion"] * len(rows)
        for i, row in enumerate(rows):
            crit = t.values["criterion"][i]
            if crit and criterion_by_key is not None:
                if key(crit) in criterion_by_key:
                    crit = criterion_by_key[key(crit)]
                else:
                    tail = suggestion(crit, criteria or [])
                    p.append(
                        Problem(
                            file,
                            W.SCORE_UNKNOWN_CRITERION.format(criterion=crit, suggestion=tail),
                            row=row,
                            column="criterion",
                        )
                    )
                    crit = None
            crits.append(crit)
            score = t.values["score"][i]
            if score is None and not t.raw_text["score"][i].strip() and "score" in t.present:
                p.append(Problem(file, W.SCORE_EMPTY, row=row, column="score", severity="warning"))
            scores.append(score)
            present.append(bool(t.raw_text["score"][i].strip(_SPACES + "\t")))
    else:
        positions = match_columns(raw, [c.name for c in WIDE_SCORE_KEYS], [])
        base = check_columns(raw, WIDE_SCORE_KEYS, p)
        criterion_columns: list[tuple[str, int, str]] = []  # (criterion id, position, header)
        for name, j in positions.items():
            if name in ("application_id", "assessor"):
                continue
            header = raw.header[j]
            if criterion_by_key is not None and key(header) in criterion_by_key:
                criterion_columns.append((criterion_by_key[key(header)], j, header))
                continue
            if criterion_by_key is None:
                continue
            texts = [r[j] for r in raw.records]
            numeric = [s for s in texts if s.strip()]
            looks_numeric = bool(numeric)
            for s in numeric:
                try:
                    parse_number(s, decimal_comma=True)
                except ValueProblem:
                    looks_numeric = False
                    break
            if looks_numeric:
                tail = suggestion(header, criteria or [])
                p.append(
                    Problem(
                        file,
                        W.SCORE_UNKNOWN_COLUMN.format(column=header, suggestion=tail),
                        row=1,
                        column=header,
                    )
                )
            else:
                p.append(
                    Problem(
                        file,
                        W.SCORE_IGNORED_COLUMN.format(column=header),
                        row=1,
                        column=header,
                        severity="warning",
                    )
                )
        if criterion_by_key is not None and not criterion_columns and "score" not in headers:
            p.append(Problem(file, W.SCORE_NO_CRITERIA_COLUMNS, row=1))
        ids, assessors = [], []
        spec = Column("score", SCORE)
        converted = {
            j: convert_cells(
                [r[j] for r in raw.records], raw.rows, spec, file, raw.decimal_comma, p, header
            )
            for _, j, header in criterion_columns
        }
        for i, row in enumerate(raw.rows):
            record = raw.records[i]
            for cid, j, header in criterion_columns:
                if not record[j].strip(_SPACES + "\t"):
                    continue  # an empty cell is no score
                ids.append(base.values["application_id"][i])
                assessors.append(base.values["assessor"][i])
                crits.append(cid)
                scores.append(converted[j][i])
                rows.append(row)
                columns_shown.append(header)
                present.append(True)

    # Scale, unknown applications, duplicates.
    low, high = ctx.partial.get("scale") or (1.0, 6.0)
    seen: dict[tuple[str, str, str], int] = {}
    resolved_ids: list[Any] = []
    for i in range(len(rows)):
        row = rows[i]
        score = scores[i]
        score_column = "score" if long_form else columns_shown[i]
        if score is not None and not low - 1e-9 <= score <= high + 1e-9:
            p.append(
                Problem(
                    file,
                    W.SCORE_OUT_OF_SCALE.format(
                        value=_fmt_number(score), low=_fmt_number(low), high=_fmt_number(high)
                    ),
                    row=row,
                    column=score_column,
                )
            )
        ident = ids[i]
        resolved = ident
        if ident and applications is not None:
            position = app_index.get(key(ident))
            if position is None:
                p.append(
                    Problem(
                        file,
                        W.SCORE_UNKNOWN_APPLICATION.format(
                            id=ident, applications=applications_file
                        ),
                        row=row,
                        column="application_id",
                    )
                )
            else:
                resolved = app_ids[position]
        resolved_ids.append(resolved)
        if ident and assessors[i] and crits[i] and present[i]:
            triple = (key(ident), key(assessors[i]), key(crits[i]))
            if triple in seen:
                p.append(
                    Problem(
                        file,
                        W.SCORE_DUPLICATE.format(
                            assessor=assessors[i], id=ident, criterion=crits[i], first=seen[triple]
                        ),
                        row=row,
                        column="assessor" if long_form else columns_shown[i],
                    )
                )
            else:
                seen[triple] = row

    table = pd.DataFrame(
        {
            "application_id": resolved_ids,
            "assessor": assessors,
            "criterion": crits,
            "score": scores,
            "source_row": rows,
        },
        dtype=object,
    )
    scored = {
        (key(a), key(c))
        for a, c, has in zip(resolved_ids, crits, present, strict=True)
        if a and c and has
    }
    table = table[present] if len(table) else table

    # Every eligible application needs a score for every criterion.
    if applications is not None and criteria is not None:
        types = ctx.partial.get("applicant_types")
        app_types = applications["applicant_type"].tolist()
        app_rows = applications["source_row"].tolist()
        for i, ident in enumerate(app_ids):
            if not ident or not _is_eligible(app_types[i], types):
                continue
            if app_index.get(key(ident)) != i:
                continue  # a repeated application_id: reported once, in the applications
            for cid in criteria:
                if (key(ident), key(cid)) not in scored:
                    p.append(
                        Problem(
                            file,
                            W.SCORE_MISSING.format(
                                id=ident,
                                row=app_rows[i],
                                applications=applications_file,
                                criterion=cid,
                            ),
                            column=cid if not long_form else "criterion",
                        )
                    )
    return table.reset_index(drop=True)


def _fmt_number(x: float) -> str:
    text = f"{x:g}"
    return text.replace(".", ",")


def _check_budget_lines(
    raw: RawTable,
    ctx: _Context,
    applications: pd.DataFrame | None,
    app_index: dict[str, int],
    applications_file: str,
) -> pd.DataFrame:
    p = ctx.problems
    file = raw.file
    t = check_columns(raw, BUDGET_LINE_COLUMNS, p)
    ids = list(t.values["application_id"])
    sums: dict[int, int] = {}
    app_ids = applications["application_id"].tolist() if applications is not None else []
    failed: set[int] = set()
    for i, row in enumerate(t.rows):
        ident = ids[i]
        if not ident or applications is None:
            continue
        position = app_index.get(key(ident))
        if position is None:
            p.append(
                Problem(
                    file,
                    W.BUDGET_UNKNOWN_APPLICATION.format(id=ident, applications=applications_file),
                    row=row,
                    column="application_id",
                )
            )
            continue
        ids[i] = app_ids[position]
        amount = t.values["amount"][i]
        if amount is None:
            failed.add(position)
        else:
            sums[position] = sums.get(position, 0) + amount
    if applications is not None:
        for position, total in sorted(sums.items()):
            requested = applications["requested"].iat[position]
            own = applications["own_funding"].iat[position]
            if position in failed or requested is None:
                continue
            accepted = {requested}
            if own is not None:
                accepted.add(requested + own)
            if total not in accepted:
                p.append(
                    Problem(
                        file,
                        W.BUDGET_SUM_DIFFERS.format(
                            id=app_ids[position],
                            total=W.kroner(total),
                            requested=W.kroner(requested),
                        ),
                        column="amount",
                        severity="warning",
                    )
                )
    table = pd.DataFrame(
        {
            "application_id": ids,
            "category": t.values["category"],
            "amount": t.values["amount"],
            "source_row": t.rows,
        },
        dtype=object,
    )
    for name, texts in t.extras.items():
        if name not in table.columns:
            table[name] = texts
    return table


def _sort_key(problem: Problem) -> tuple[int, str, int]:
    base = problem.file.rsplit(".", 1)[0]
    rank = {"scheme": 0, "applications": 1, "scores": 2, "budget_lines": 3}.get(base, 4)
    return rank, problem.file, problem.row or 0


def check_round(path: str | Path) -> tuple[Round | None, list[Problem]]:
    """Read and validate a round folder without raising.

    Parameters
    ----------
    path : str or Path
        The round folder.

    Returns
    -------
    tuple
        ``(round, problems)``: the round (None when there is any error) and every problem
        found, errors and warnings, sorted by file and row. Input files are only read.
    """
    folder = Path(path)
    if not folder.exists():
        return None, [Problem(str(folder), W.ROUND_NOT_FOUND.format(path=folder))]
    if not folder.is_dir():
        return None, [Problem(str(folder), W.ROUND_NOT_DIR.format(path=folder))]
    files, problems = find_files(folder)
    ctx = _Context(problems, None, {})

    if "scheme" in files:
        result = read_scheme_file(files["scheme"])
        problems.extend(result.problems)
        ctx.scheme, ctx.partial = result.scheme, result.partial

    applications: pd.DataFrame | None = None
    app_index: dict[str, int] = {}
    applications_file = "applications.csv"
    if "applications" in files:
        applications_file = files["applications"].name
        raw, read_problems = read_raw(files["applications"])
        problems.extend(read_problems)
        if raw is not None:
            applications, app_index = _check_applications(raw, ctx)
            if not raw.records:
                problems.append(Problem(raw.file, W.FILE_NO_ROWS))
            if not raw.records or "application_id" not in match_columns(raw, [ID_COLUMN], []):
                # Nothing to check the other tables against: naming every score and budget
                # line as "unknown" would bury the one real problem.
                applications, app_index = None, {}

    scores: pd.DataFrame | None = None
    if "scores" in files:
        raw, read_problems = read_raw(files["scores"])
        problems.extend(read_problems)
        if raw is not None:
            scores = _check_scores(raw, ctx, applications, app_index, applications_file)

    budget_lines = pd.DataFrame({c: [] for c in BUDGET_LINE_TABLE_COLUMNS})
    if "budget_lines" in files:
        raw, read_problems = read_raw(files["budget_lines"])
        problems.extend(read_problems)
        if raw is not None:
            budget_lines = _check_budget_lines(raw, ctx, applications, app_index, applications_file)

    # Available budget B = frame + carry_over - committed.
    frame = ctx.partial.get("frame")
    if frame is not None and applications is not None:
        committed_values = applications["committed"].tolist()
        if all(c is not None for c in committed_values):
            committed = int(sum(committed_values))
            carry_over = ctx.partial.get("carry_over") or 0
            available = frame + carry_over - committed
            if available < 0:
                problems.append(
                    Problem(
                        SCHEME_FILE,
                        W.NEGATIVE_BUDGET.format(
                            frame=W.kroner(frame),
                            carry_over=W.kroner(carry_over),
                            committed=W.kroner(committed),
                            available=W.kroner(available),
                        ),
                        column="budget.frame",
                    )
                )

    problems.sort(key=_sort_key)
    if any(p.severity == "error" for p in problems) or ctx.scheme is None:
        return None, problems
    assert applications is not None and scores is not None
    scores = scores.astype({"score": "float64", "source_row": "int64"})
    scores["application_id"] = scores["application_id"].astype(str)
    scores["assessor"] = scores["assessor"].astype(str)
    scores["criterion"] = scores["criterion"].astype(str)
    budget_lines = budget_lines.astype({"amount": "int64", "source_row": "int64"})
    for name in ("application_id", "category"):
        budget_lines[name] = budget_lines[name].astype(str)
    round_ = Round(
        path=folder,
        scheme=ctx.scheme,
        applications=_finish_applications(applications),
        scores=scores,
        budget_lines=budget_lines,
        files=dict(files),
        warnings=[p for p in problems if p.severity == "warning"],
    )
    return round_, problems


def load_round(path: str | Path) -> Round:
    """Read and validate a round folder.

    Parameters
    ----------
    path : str or Path
        The round folder (scheme.toml, applications, scores, optional budget_lines).

    Returns
    -------
    Round
        The validated round; ``round.warnings`` lists the warnings.

    Raises
    ------
    DataValidationError
        Listing every problem (errors and warnings) when there is any error.
    """
    round_, problems = check_round(path)
    if round_ is None:
        raise DataValidationError(problems)
    return round_
