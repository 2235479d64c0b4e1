"""The columns of the input tables, declared once, and the generic checker of their cells.

Columns are declared once (:data:`APPLICATION_COLUMNS`, :data:`SCORE_COLUMNS`,
:data:`BUDGET_LINE_COLUMNS`): name, kind, whether the column must exist, whether a value is
required, and the default. One generic checker (:func:`check_columns`) converts and checks
every cell against those declarations and reports every problem with the file name, the row
as Excel shows it (header = row 1) and the column.

Cells are converted per column, not per cell: a column's distinct texts are found once
(``pandas.factorize``), the plain ones (digits only, text without a formula) are converted
with vectorised operations, and only the others go through the cell parsers of
:mod:`allocation.round.values`, which define what a cell means and what is wrong with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import Problem
from allocation.round.data import key
from allocation.round.files import FORMULA_MARK, RawTable
from allocation.round.scheme import suggestion
from allocation.round.values import (
    AMOUNT_PROBLEMS,
    BLANK,
    INTEGER_PROBLEMS,
    ValueProblem,
    parse_kommunenummer,
    parse_number,
    parse_whole,
)
from allocation.wording import validation as W
from allocation.wording.validation import Code

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
    # v1.2 (checked further in allocation.round.applications)
    Column("transfer", AMOUNT, default=0),
    Column("partners", TEXT, default=""),
    Column("malform", TEXT, default=""),
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

#: Norwegian headings accepted for a canonical column that is absent (matched like the
#: canonical names: trimmed, case-insensitively). With the canonical column present, an alias
#: is an extra column like any other. Only the columns named here have aliases; docs/round.md
#: lists them. (The long-form scores' ``criterion`` and ``score`` have none: a sheet is told
#: long from wide by those two headings.)
ALIASES: dict[str, tuple[str, ...]] = {
    "application_id": ("søknad_id", "søknadsid", "søknad-id", "referanse", "saksnummer"),
    "applicant": ("søker", "søkernavn"),
    "kommunenummer": ("kommunenr", "kommunenr.", "knr"),
    "applicant_type": ("søkertype", "type søker"),
    "title": ("tittel", "prosjekttittel", "prosjektnavn"),
    "model": ("modell",),
    "requested": ("søkt", "søkt beløp", "søknadsbeløp", "omsøkt"),
    "committed": ("bundet", "forpliktet"),
    "own_funding": ("egenfinansiering", "egenandel"),
    "population": ("innbyggere", "folketall", "innbyggertall"),
    "assessor": ("bedømmer", "vurderer"),
    "category": ("kategori", "kostnadskategori", "kostnadstype"),
    "amount": ("beløp",),
}

#: The project's own optional column of applications: the adviser's own words per application,
#: shown in the innstilling's proposal table. It is read as text like an extra column (kept
#: only when the input has it, so rounds without it give the same outputs as before).
ASSESSMENT_COLUMN = "assessment"

#: Columns of ``Round.applications`` before the input's extra columns.
APPLICATION_TABLE_COLUMNS = tuple(c.name for c in APPLICATION_COLUMNS) + ("source_row",)
SCORE_TABLE_COLUMNS = ("application_id", "assessor", "criterion", "score", "source_row")
BUDGET_LINE_TABLE_COLUMNS = ("application_id", "category", "amount", "source_row")
ID_COLUMN = "application_id"
#: The tables whose unknown headings get a "mente du" warning: in a wide scores sheet the
#: other headings are criterion ids, checked against the scheme instead.
_SUGGESTING = (APPLICATION_COLUMNS, BUDGET_LINE_COLUMNS, SCORE_COLUMNS)

# --- whole columns of values -------------------------------------------------------------------


def map_unique(values: np.ndarray, func: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
    """``func`` applied to each cell, computed once per distinct value (None included).

    Columns repeat few distinct values (assessors, criteria, scores, regions), so this is the
    cheap way to apply a Python function to a whole column.
    """
    codes, uniques = pd.factorize(values)  # None (and NaN) get code -1
    mapped = np.empty(len(uniques) + 1, dtype=dtype)
    for i, value in enumerate(uniques):  # one by one: a result may be a tuple
        mapped[i] = func(value)
    if len(uniques) < len(values) and (codes == -1).any():
        mapped[-1] = func(None)
    return mapped[codes]


def keys(values: np.ndarray) -> np.ndarray:
    """The text key (:func:`~allocation.round.data.key`) of every cell."""
    return map_unique(values, key)


def filled(values: np.ndarray) -> np.ndarray:
    """Which cells hold a value (not None, not empty): ``bool(value)`` for every cell."""
    return map_unique(values, bool, dtype=bool)


def cell_problems(
    file: str,
    code: str,
    at: np.ndarray,
    rows: np.ndarray,
    message: Callable[[int], str],
    column: str | Callable[[int], str],
    severity: str = "error",
) -> list[tuple[int, Problem]]:
    """One problem per position in ``at`` (in that order), as (position, problem).

    ``message(i)`` is the text for position ``i``, ``rows[i]`` its Excel row, and ``column``
    the column named (or a function of ``i``).
    """
    found = []
    for i in np.asarray(at).tolist():
        name = column(i) if callable(column) else column
        problem = Problem(
            file, message(i), row=int(rows[i]), column=name, severity=severity, code=code
        )
        found.append((i, problem))
    return found


# --- converting cells -------------------------------------------------------------------------

#: What converting one distinct text gives: the value and the problems of every cell holding
#: it, as (code, message, severity).
Outcome = tuple[Any, tuple[tuple[str, str, str], ...]]


def _parser(kind: str, decimal_comma: bool) -> Callable[[str], tuple[Any, str | None]]:
    """The cell parser of a kind: text -> (value, warning or None); raises ValueProblem."""
    if kind == AMOUNT:
        return lambda s: parse_whole(s, decimal_comma=decimal_comma, units=True, **AMOUNT_PROBLEMS)
    if kind == INTEGER:
        return lambda s: parse_whole(
            s, decimal_comma=decimal_comma, units=False, **INTEGER_PROBLEMS
        )
    if kind == SCORE:
        return lambda s: (parse_number(s, decimal_comma=decimal_comma), None)
    if kind == KOMMUNENUMMER:
        return lambda s: (parse_kommunenummer(s), None)
    return lambda s: (s.strip(), None)


def _outcome(text: str, column: Column, parse: Callable[[str], tuple[Any, str | None]]) -> Outcome:
    """Convert one distinct text the way every cell holding it is converted."""
    if text.startswith(FORMULA_MARK):
        message = W.XLSX_FORMULA_NO_VALUE.format(formula=text[1:])
        return None, ((Code.FORMULA_WITHOUT_VALUE, message, "error"),)
    if not text.strip(BLANK):
        missing = ((Code.MISSING_VALUE, W.VALUE_MISSING, "error"),)
        return column.default, missing if column.nonblank else ()
    try:
        value, warning = parse(text)
    except ValueProblem as exc:
        return None, ((exc.code, exc.message, "error"),)
    found = ((Code.AMOUNT_DOT, warning, "warning"),) if warning else ()
    if column.kind in (AMOUNT, INTEGER) and value < 0:
        negative = (Code.NEGATIVE_AMOUNT, W.AMOUNT_NEGATIVE.format(value=text.strip()), "error")
        return None, found + (negative,)
    return value, found


_NOT_PLAIN = object()
_PLAIN_SCORE = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def _plain_digits(text: str, width: int = 18) -> bool:
    # ASCII only: str.isdigit (and the parsers' \d) take other scripts' digits too
    return text.isascii() and text.isdigit() and len(text) <= width


def _plain_value(kind: str) -> Callable[[str], Any]:
    """The value of a text that needs no parser (digits only, text without a formula), else
    ``_NOT_PLAIN``: a shortcut with the parsers' result, taken for almost every cell."""
    if kind == AMOUNT:  # 13 digits and more may be above MAX_AMOUNT: the parser says so
        return lambda t: int(t) if _plain_digits(t, 12) else _NOT_PLAIN
    if kind == INTEGER:
        return lambda t: int(t) if _plain_digits(t) else _NOT_PLAIN
    if kind == SCORE:
        return lambda t: float(t) if _PLAIN_SCORE.fullmatch(t) else _NOT_PLAIN
    if kind == KOMMUNENUMMER:
        return lambda t: t if len(t) == 4 and _plain_digits(t) else _NOT_PLAIN
    return lambda t: t.strip() if t.strip(BLANK) and not t.startswith(FORMULA_MARK) else _NOT_PLAIN


def _convert_uniques(uniques: np.ndarray, column: Column, decimal_comma: bool) -> list[Outcome]:
    """The outcome of each distinct text of a column."""
    plain = _plain_value(column.kind)
    parse = _parser(column.kind, decimal_comma)
    outcomes: list[Outcome] = []
    for text in uniques.tolist():
        value = plain(text)
        outcomes.append((value, ()) if value is not _NOT_PLAIN else _outcome(text, column, parse))
    return outcomes


def convert_cells(
    texts: np.ndarray | Sequence[str],
    rows: np.ndarray | Sequence[int],
    column: Column,
    file: str,
    decimal_comma: bool,
    problems: list[Problem],
    shown_name: str | None = None,
) -> np.ndarray:
    """Convert one column's cells per its declaration, appending problems in row order.

    Returns an object array: the value of each cell (``column.default`` for a blank cell,
    None for a cell that failed).
    """
    cells = np.asarray(texts, dtype=object)
    row_numbers = np.asarray(rows)
    out = np.empty(len(cells), dtype=object)
    if not len(cells):
        return out
    codes, uniques = pd.factorize(cells)
    outcomes = _convert_uniques(uniques, column, decimal_comma)
    values = np.empty(len(outcomes), dtype=object)
    values[:] = [value for value, _ in outcomes]
    out[:] = values[codes]
    troubled = np.array([bool(found) for _, found in outcomes], dtype=bool)
    name = shown_name or column.name
    for i in np.flatnonzero(troubled[codes]):
        row = int(row_numbers[i])
        for code, message, severity in outcomes[codes[i]][1]:
            problems.append(
                Problem(file, message, row=row, column=name, severity=severity, code=code)
            )
    return out


# --- the generic column checker --------------------------------------------------------------


@dataclass
class CheckedTable:
    """Cells converted by :func:`check_columns` (object arrays). A cell that failed is None."""

    file: str
    values: dict[str, np.ndarray]
    rows: np.ndarray
    present: set[str]
    extras: dict[str, np.ndarray]
    raw_text: dict[str, np.ndarray]


def match_columns(raw: RawTable, names: Sequence[str], problems: list[Problem]) -> dict[str, int]:
    """Map canonical names (case-insensitive, trimmed) and extra columns to positions.

    Returns a dict from canonical name (or, for extra columns, the header as written) to the
    column index. A canonical column given twice is an error. Where a canonical column is
    absent, its first Norwegian alias present (:data:`ALIASES`) stands for it; with the
    canonical column present, an alias is an extra column like any other.
    """
    canonical = {n.casefold(): n for n in names}
    found: dict[str, int] = {}
    for j, header in enumerate(raw.header):
        name = canonical.get(header.casefold(), header)
        if name in found:
            message = W.COLUMN_DUPLICATE.format(column=header)
            problems.append(Problem(raw.file, message, row=1, code=Code.DUPLICATE_COLUMN))
            continue
        found[name] = j
    return _with_aliases(raw, names, found)


def _with_aliases(raw: RawTable, names: Sequence[str], found: dict[str, int]) -> dict[str, int]:
    """``found`` with each absent canonical column taken from its first alias present."""
    aliases = {a.casefold(): n for n in names for a in ALIASES.get(n, ())}
    if not aliases:
        return found
    out: dict[str, int] = {}
    taken: set[str] = set(found) & set(names)
    for name, j in found.items():
        target = aliases.get(name.casefold()) if name not in names else None
        if target is not None and target not in taken:
            taken.add(target)
            name = target
        out[name] = j
    return out


def _unknown_heading_warnings(
    raw: RawTable, specs: Sequence[Column], positions: dict[str, int]
) -> list[Problem]:
    """A "mente du" warning for each extra column whose heading is close to an absent column
    (or one of its aliases): a misspelt heading is read as an extra column, never in silence."""
    absent = [s.name for s in specs if s.name not in positions]
    if tuple(specs) not in _SUGGESTING or not absent:
        return []
    spec_names = {s.name for s in specs}
    # an alias beside its canonical column is a known heading, read as an extra column
    known = {a.casefold() for s in specs for a in ALIASES.get(s.name, ())}
    spellings = {name: name for name in absent}
    spellings.update({a: name for name in absent for a in ALIASES.get(name, ())})
    found = []
    for header, j in positions.items():
        if header in spec_names or header.casefold() in known or not header.strip():
            continue
        tail = suggestion(header, list(spellings))
        if not tail:
            continue
        close = tail[tail.index("«") + 1 : tail.rindex("»")]
        target = spellings.get(close, close)
        shown = W.SUGGESTION.format(name=target)
        if close != target:  # an alias came closest: name it with its column
            shown = W.SUGGESTION_ALIAS.format(name=close, column=target)
        message = W.COLUMN_UNKNOWN_HEADING.format(column=raw.header[j], suggestion=shown)
        found.append(
            Problem(
                raw.file,
                message,
                row=1,
                column=raw.header[j],
                severity="warning",
                code=Code.UNKNOWN_HEADING,
            )
        )
    return found


def _constant(value: Any, n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = [value] * n
    return out


def without_formula_mark(texts: np.ndarray) -> np.ndarray:
    """The cells as text, an unstored formula shown as its formula."""
    return map_unique(texts, lambda t: t.removeprefix(FORMULA_MARK) if t is not None else None)


def check_columns(raw: RawTable, specs: Sequence[Column], problems: list[Problem]) -> CheckedTable:
    """Check and convert a table against column declarations (the generic checker).

    Missing required columns, blank required values, values that do not parse and negative
    amounts are reported in ``problems``; absent optional columns take their default.
    """
    positions = match_columns(raw, [c.name for c in specs], problems)
    n = raw.n_rows
    values: dict[str, np.ndarray] = {}
    raw_text: dict[str, np.ndarray] = {}
    for spec in specs:
        if spec.name not in positions:
            if spec.required:
                message = W.COLUMN_MISSING.format(column=spec.name)
                problems.append(Problem(raw.file, message, row=1, code=Code.MISSING_COLUMN))
            values[spec.name] = _constant(spec.default, n)
            raw_text[spec.name] = _constant("", n)
            continue
        j = positions[spec.name]
        texts = raw.column(j)
        raw_text[spec.name] = texts
        values[spec.name] = convert_cells(
            texts, raw.rows, spec, raw.file, raw.decimal_comma, problems, raw.header[j]
        )
    spec_names = {s.name for s in specs}
    extras = {
        name: without_formula_mark(raw.column(j))
        for name, j in positions.items()
        if name not in spec_names
    }
    present = {s.name for s in specs if s.name in positions}
    problems.extend(_unknown_heading_warnings(raw, specs, positions))
    return CheckedTable(raw.file, values, raw.rows.copy(), present, extras, raw_text)
