"""Checking the scores table, long or wide form, into the long table of ``Round.scores``.

Long form has the columns ``application_id, assessor, criterion, score``; wide form
``application_id, assessor`` and one column per criterion id, where an empty cell is no score
(CONTRACT section 1). Both become *entries*, one per score written, which are then checked the
same way: on the scale, for a known application, not given twice; and every eligible
application needs a score for every criterion.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocation import format as F
from allocation.errors import Problem
from allocation.round.applications import eligible
from allocation.round.columns import (
    SCORE,
    SCORE_COLUMNS,
    WIDE_SCORE_KEYS,
    Column,
    cell_problems,
    check_columns,
    convert_cells,
    filled,
    keys,
    map_unique,
    match_columns,
)
from allocation.round.context import Applications, Context
from allocation.round.data import key
from allocation.round.files import RawTable, read_sheets, score_folder_files
from allocation.round.recusals import check_recusals
from allocation.round.scheme import suggestion
from allocation.round.values import BLANK, ValueProblem, parse_number
from allocation.tolerances import SCORE_TOLERANCE
from allocation.wording import validation as W
from allocation.wording.validation import Code

_SEP = "\x00"  # joins the parts of a composite key (no cell holds it after decoding)


@dataclass
class Entries:
    """The scores written, one entry per score (object arrays, one element per entry).

    ``criteria`` holds the criterion ids as scheme.toml spells them (None when unknown or
    blank); ``score_columns`` and ``duplicate_columns`` the column a problem with the score,
    or with a repeated score, names.
    """

    ids: np.ndarray
    assessors: np.ndarray
    criteria: np.ndarray
    scores: np.ndarray
    rows: np.ndarray
    present: np.ndarray  # the entry has a score written (parsed or not)
    score_columns: np.ndarray
    duplicate_columns: np.ndarray
    long_form: bool
    files: np.ndarray  # the file (and sheet) of each entry, as problems name it


def _repeat(value: str, n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = value
    return out


def _canonical_criteria(
    t_criteria: np.ndarray, rows: np.ndarray, file: str, criteria: list[str] | None
) -> tuple[np.ndarray, list[tuple[int, Problem]]]:
    """Criterion cells as scheme.toml spells the id, None for an unknown one (reported)."""
    if criteria is None:
        return t_criteria, []
    by_key = {key(c): c for c in criteria}

    def canonical(crit: Any) -> tuple[Any, bool]:
        if not crit:
            return crit, False
        found = by_key.get(key(crit))
        return (found, False) if found is not None else (None, True)

    mapped = map_unique(t_criteria, canonical)
    unknown = np.array([m[1] for m in mapped], dtype=bool)
    problems = cell_problems(
        file,
        Code.UNKNOWN_CRITERION,
        np.flatnonzero(unknown),
        rows,
        lambda i: W.SCORE_UNKNOWN_CRITERION.format(
            criterion=t_criteria[i], suggestion=suggestion(t_criteria[i], criteria)
        ),
        "criterion",
    )
    values = np.empty(len(mapped), dtype=object)
    values[:] = [m[0] for m in mapped]
    return values, problems


def long_entries(raw: RawTable, ctx: Context) -> Entries:
    """The entries of a long-form sheet (one per row), reporting unknown criteria and empty
    scores."""
    t = check_columns(raw, SCORE_COLUMNS, ctx.problems)
    n = len(t.rows)
    criteria, unknown = _canonical_criteria(
        t.values["criterion"], t.rows, raw.file, ctx.partial.get("criteria")
    )
    ctx.problems.extend(p for _, p in unknown)
    text = t.raw_text["score"]
    scores = t.values["score"]
    if "score" in t.present:
        empty = pd.isna(scores) & (map_unique(text, lambda s: not s.strip(), dtype=bool))
        found = cell_problems(
            raw.file,
            Code.EMPTY_SCORE,
            np.flatnonzero(empty),
            t.rows,
            lambda i: W.SCORE_EMPTY,
            "score",
            severity="warning",
        )
        ctx.problems.extend(p for _, p in found)
    present = map_unique(text, lambda s: bool(s.strip(BLANK)), dtype=bool)
    return Entries(
        ids=t.values["application_id"],
        assessors=t.values["assessor"],
        criteria=criteria,
        scores=scores,
        rows=t.rows,
        present=present,
        score_columns=_repeat("score", n),
        duplicate_columns=_repeat("assessor", n),
        long_form=True,
        files=_repeat(raw.file, n),
    )


def _looks_numeric(texts: np.ndarray) -> bool:
    """Whether a column's filled cells are all numbers (then it is a misspelt criterion)."""
    values = [s for s in pd.unique(texts) if s.strip()]
    for s in values:
        try:
            parse_number(s, decimal_comma=True)
        except ValueProblem:
            return False
    return bool(values)


def _criterion_columns(raw: RawTable, ctx: Context) -> list[tuple[str, int, str]]:
    """The wide sheet's criterion columns as (criterion id, position, header); any other
    column is reported: an error when it holds numbers (a misspelt criterion), else a
    warning that it is not read."""
    criteria: list[str] | None = ctx.partial.get("criteria")
    if criteria is None:
        return []
    by_key = {key(c): c for c in criteria}
    positions = match_columns(raw, [c.name for c in WIDE_SCORE_KEYS], [])
    found: list[tuple[str, int, str]] = []
    for name, j in positions.items():
        if name in ("application_id", "assessor"):
            continue
        header = raw.header[j]
        if key(header) in by_key:
            found.append((by_key[key(header)], j, header))
        elif _looks_numeric(raw.column(j)):
            message = W.SCORE_UNKNOWN_COLUMN.format(
                column=header, suggestion=suggestion(header, criteria)
            )
            ctx.problems.append(
                Problem(raw.file, message, row=1, column=header, code=Code.UNKNOWN_COLUMN)
            )
        else:
            message = W.SCORE_IGNORED_COLUMN.format(column=header)
            ctx.problems.append(
                Problem(
                    raw.file,
                    message,
                    row=1,
                    column=header,
                    severity="warning",
                    code=Code.IGNORED_COLUMN,
                )
            )
    return found


def wide_entries(raw: RawTable, ctx: Context) -> Entries:
    """The entries of a wide-form sheet: one per filled criterion cell, row by row."""
    base = check_columns(raw, WIDE_SCORE_KEYS, ctx.problems)
    columns = _criterion_columns(raw, ctx)
    headers = {h.casefold() for h in raw.header}
    if ctx.partial.get("criteria") is not None and not columns and "score" not in headers:
        ctx.problems.append(
            Problem(raw.file, W.SCORE_NO_CRITERIA_COLUMNS, row=1, code=Code.NO_CRITERIA_COLUMNS)
        )
    spec = Column("score", SCORE)
    converted = [
        convert_cells(
            raw.column(j), raw.rows, spec, raw.file, raw.decimal_comma, ctx.problems, header
        )
        for _, j, header in columns
    ]
    n, k = raw.n_rows, len(columns)
    written = np.zeros((n, k), dtype=bool)
    for c, (_, j, _) in enumerate(columns):
        written[:, c] = map_unique(raw.column(j), lambda s: bool(s.strip(BLANK)), dtype=bool)
    at_row, at_column = np.nonzero(written)  # row by row, then column by column
    scores = np.empty((n, k), dtype=object)
    for c, values in enumerate(converted):
        scores[:, c] = values
    ids = np.empty(k, dtype=object)
    ids[:] = [cid for cid, _, _ in columns]
    shown = np.empty(k, dtype=object)
    shown[:] = [header for _, _, header in columns]
    return Entries(
        ids=base.values["application_id"][at_row],
        assessors=base.values["assessor"][at_row],
        criteria=ids[at_column],
        scores=scores[at_row, at_column],
        rows=raw.rows[at_row],
        present=np.ones(len(at_row), dtype=bool),
        score_columns=shown[at_column],
        duplicate_columns=shown[at_column],
        long_form=False,
        files=_repeat(raw.file, len(at_row)),
    )


def _in_files(found: list[tuple[int, Problem]], e: Entries) -> list[tuple[int, Problem]]:
    """The problems of entries, each naming the file (and sheet) its entry came from."""
    return [(i, replace(p, file=e.files[i])) for i, p in found]


def _out_of_scale(e: Entries, scale: tuple[float, float]) -> list[tuple[int, Problem]]:
    low, high = scale
    has = ~pd.isna(e.scores)
    values = np.where(has, e.scores, np.nan).astype(float)
    inside = (low - SCORE_TOLERANCE <= values) & (values <= high + SCORE_TOLERANCE)
    found = cell_problems(
        "",
        Code.SCORE_OUT_OF_SCALE,
        np.flatnonzero(has & ~inside),
        e.rows,
        lambda i: W.SCORE_OUT_OF_SCALE.format(
            value=W.number(values[i]), low=W.number(low), high=W.number(high)
        ),
        lambda i: e.score_columns[i],
    )
    return _in_files(found, e)


def _resolve_ids(
    e: Entries, id_keys: np.ndarray, apps: Applications
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, Problem]]]:
    """The application ids as the applications table spells them, the applications' positions
    (NaN where unknown), and the unknown ones reported."""
    if apps.table is None:
        return e.ids, np.full(len(e.ids), np.nan), []
    positions = pd.Series(id_keys, dtype=object).map(apps.index).to_numpy()
    known = ~pd.isna(positions)
    resolved = e.ids.copy()
    resolved[known] = apps.ids[positions[known].astype(np.int64)]
    found = cell_problems(
        "",
        Code.UNKNOWN_APPLICATION,
        np.flatnonzero(~known & (id_keys != "")),
        e.rows,
        lambda i: W.SCORE_UNKNOWN_APPLICATION.format(id=e.ids[i], applications=apps.file),
        "application_id",
    )
    return resolved, positions, _in_files(found, e)


def _codes(*columns: np.ndarray) -> np.ndarray:
    """One integer per distinct combination of the columns' values (a composite key)."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column)
        combined = combined * (len(uniques) + 1) + codes + 1
    return combined


def _duplicates(e: Entries, id_keys: np.ndarray) -> list[tuple[int, Problem]]:
    """The same (application, assessor, criterion) given again, naming the first row (and its
    file, when that is another one)."""
    counted = np.flatnonzero((id_keys != "") & filled(e.assessors) & filled(e.criteria) & e.present)
    triple = _codes(id_keys[counted], keys(e.assessors[counted]), keys(e.criteria[counted]))
    repeated = pd.Series(triple).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return []
    first_of = dict(zip(triple[~repeated].tolist(), counted[~repeated].tolist(), strict=True))
    triple_of = dict(zip(counted.tolist(), triple.tolist(), strict=True))

    def message(i: int) -> str:
        first = first_of[triple_of[i]]
        template = (
            W.SCORE_DUPLICATE if e.files[first] == e.files[i] else W.SCORE_DUPLICATE_ELSEWHERE
        )
        return template.format(
            assessor=e.assessors[i],
            id=e.ids[i],
            criterion=e.criteria[i],
            first=e.rows[first],
            file=e.files[first],
        )

    found = cell_problems(
        "",
        Code.DUPLICATE_SCORE,
        counted[repeated],
        e.rows,
        message,
        lambda i: e.duplicate_columns[i],
    )
    return _in_files(found, e)


def _criterion_positions(e: Entries, criteria: list[str]) -> np.ndarray:
    """Each entry's criterion as its position in scheme.toml (NaN where unknown)."""
    by_key = {key(c): q for q, c in reversed(list(enumerate(criteria)))}
    return pd.Series(keys(e.criteria), dtype=object).map(by_key).to_numpy()


def _missing_scores(
    e: Entries,
    counted: np.ndarray,
    positions: np.ndarray,
    apps: Applications,
    ctx: Context,
    file: str,
) -> None:
    """Every eligible application (its first row, when an id repeats) needs a score for every
    criterion. ``positions`` are the entries' applications (NaN where unknown); ``counted``
    the entries that count (a score written, the assessor not recused)."""
    criteria: list[str] | None = ctx.partial.get("criteria")
    if apps.table is None or not criteria:
        return
    table = apps.table
    n = len(table)
    criterion_at = _criterion_positions(e, criteria)
    counted = counted & ~pd.isna(positions) & ~pd.isna(criterion_at)
    scored = np.zeros((n, len(criteria)), dtype=bool)
    scored[positions[counted].astype(np.int64), criterion_at[counted].astype(np.int64)] = True
    app_keys = keys(apps.ids)
    first = pd.Series(app_keys, dtype=object).map(apps.index).to_numpy() == np.arange(n)
    types = ctx.partial.get("applicant_types")
    # CONTRACT v1.2: an application with requested 0 (continuing, or a transfer) needs no scores
    asks = table["requested"].to_numpy() != 0 if "requested" in table else np.ones(n, dtype=bool)
    candidates = (
        (app_keys != "")
        & eligible(table["applicant_type"].to_numpy(dtype=object), types)
        & first
        & asks
    )
    rows = table["source_row"].tolist()
    files = list(dict.fromkeys(e.files.tolist()))
    file = files[0] if len(files) == 1 else file
    for i, q in np.argwhere(~scored & candidates[:, None]):
        message = W.SCORE_MISSING.format(
            id=apps.ids[i], row=rows[i], applications=apps.file, criterion=criteria[q]
        )
        column = "criterion" if e.long_form else criteria[q]
        ctx.problems.append(Problem(file, message, column=column, code=Code.MISSING_SCORE))


def _blank_criteria(
    e: Entries, counted: np.ndarray, positions: np.ndarray, criteria: list[str] | None
) -> list[Problem]:
    """A criterion one assessor left blank on an application that other assessors scored on
    it: a warning naming the assessor, the application and the criterion (at the assessor's
    first row for that application)."""
    if not criteria:
        return []
    criterion_at = _criterion_positions(e, criteria)
    use = np.flatnonzero(counted & ~pd.isna(positions) & ~pd.isna(criterion_at))
    if not len(use):
        return []
    frame = pd.DataFrame(
        {
            "a": positions[use].astype(np.int64),
            "r": keys(e.assessors[use]),
            "c": criterion_at[use].astype(np.int64),
            "i": use,
        }
    )
    by_pair = frame.groupby(["a", "r"], sort=False)
    criteria_of_app = frame.groupby("a")["c"].agg(set).to_dict()
    problems: list[Problem] = []
    for (a, _), group in by_pair:
        gave = set(group["c"].tolist())
        first = int(group["i"].iloc[0])
        for q in sorted(criteria_of_app[a] - gave):
            message = W.SCORE_BLANK_CRITERION.format(
                assessor=e.assessors[first], id=e.ids[first], criterion=criteria[q]
            )
            column = "criterion" if e.long_form else criteria[q]
            problems.append(
                Problem(
                    e.files[first],
                    message,
                    row=int(e.rows[first]),
                    column=column,
                    severity="warning",
                    code=Code.BLANK_CRITERION,
                )
            )
    return problems


def sheet_entries(raw: RawTable, ctx: Context) -> Entries:
    """The entries of one sheet or file, long or wide form (a sheet with both a ``criterion``
    and a ``score`` column is long form)."""
    headers = {h.casefold() for h in raw.header}
    long_form = "criterion" in headers and "score" in headers
    return long_entries(raw, ctx) if long_form else wide_entries(raw, ctx)


def _joined(parts: list[Entries]) -> Entries:
    """The entries of several sheets, sheet after sheet."""
    if len(parts) == 1:
        return parts[0]
    names = [f.name for f in fields(Entries) if f.name != "long_form"]
    joined = {
        name: np.concatenate([getattr(p, name) for p in parts]) if parts else np.empty(0, object)
        for name in names
    }
    return Entries(**joined, long_form=all(p.long_form for p in parts))


def check_score_sheets(
    sheets: list[RawTable],
    ctx: Context,
    apps: Applications,
    *,
    file: str,
    recusals: RawTable | None = None,
) -> pd.DataFrame:
    """Check the scores of every sheet and file together, with the recusals.

    ``file`` names the scores (``scores.xlsx``, ``scores/``) in a problem of no one sheet.

    Returns the long table (entries with a score written), a recused assessor's scores left
    out (CONTRACT v1.2); ``attrs["recusals"]`` holds the recusals that hold, when there is a
    recusals file (:data:`allocation.round.recusals.RECUSAL_TABLE_COLUMNS`).
    """
    parts = [sheet_entries(raw, ctx) for raw in sheets]
    e = _joined(parts) if parts else long_entries(_no_sheet(), ctx)
    id_keys = keys(e.ids)
    scale = ctx.partial.get("scale") or (1.0, 6.0)
    resolved, positions, unknown = _resolve_ids(e, id_keys, apps)
    found = _out_of_scale(e, scale) + unknown + _duplicates(e, id_keys)
    # Per entry: scale, then unknown application, then a repeated score (a stable sort).
    found.sort(key=lambda item: item[0])
    ctx.problems.extend(p for _, p in found)
    recused = np.zeros(len(e.ids), dtype=bool)
    account = None
    if recusals is not None:
        entries = (id_keys, keys(e.assessors), e.present)
        recused, account = check_recusals(recusals, ctx, apps, entries)
    counted = e.present & ~recused
    _missing_scores(e, counted, positions, apps, ctx, file)
    ctx.problems.extend(_blank_criteria(e, counted, positions, ctx.partial.get("criteria")))
    table = pd.DataFrame(
        {
            "application_id": resolved,
            "assessor": e.assessors,
            "criterion": e.criteria,
            "score": e.scores,
            "source_row": e.rows,
        },
        dtype=object,
    )
    if len(table):
        table = table[e.present & ~recused]
    table = table.reset_index(drop=True)
    if account is not None:
        table.attrs["recusals"] = account
    return table


def _no_sheet() -> RawTable:
    """An empty long-form sheet (no sheet held data)."""
    header = ["application_id", "assessor", "criterion", "score"]
    empty = np.empty((0, 4), dtype=object)
    return RawTable("", header, empty, np.empty(0, dtype=np.int64), True)


def check_scores(raw: RawTable, ctx: Context, apps: Applications) -> pd.DataFrame:
    """Check one scores sheet (long or wide form); return the long table."""
    return check_score_sheets([raw], ctx, apps, file=raw.file)


# --- reading the sheets and files --------------------------------------------------------------


def _has_assessor(raw: RawTable) -> bool:
    return any(h.casefold() == "assessor" for h in raw.header)


def with_assessor(raw: RawTable, name: str) -> RawTable:
    """The sheet with an ``assessor`` column holding ``name`` in every row (a sheet without
    one is the assessor its sheet or file is named after, CONTRACT v1.2)."""
    column = np.empty((raw.n_rows, 1), dtype=object)
    column[:] = name
    cells = np.hstack([raw.cells, column]) if raw.n_rows else np.empty((0, len(raw.header) + 1))
    return replace(raw, header=[*raw.header, "assessor"], cells=cells.astype(object))


def read_score_sheets(path: Path, ctx: Context) -> list[RawTable]:
    """The sheets of the scores: every sheet of ``scores.xlsx`` holding data (the assessor
    named by the sheet where there is no ``assessor`` column), ``scores.csv`` as it is, or
    every file of a ``scores/`` folder (each the assessor named by the file, unless it has an
    ``assessor`` column; a file with two sheets holding data needs one)."""
    if not path.is_dir():
        sheets, problems = read_sheets(path, path.name)
        ctx.problems.extend(problems)
        xlsx = path.suffix.lower() == ".xlsx"
        return [
            s.raw if not xlsx or _has_assessor(s.raw) else with_assessor(s.raw, s.name)
            for s in sheets
            if s.raw is not None
        ]
    out: list[RawTable] = []
    for member in score_folder_files(path):
        label = f"{path.name}/{member.name}"
        sheets, problems = read_sheets(member, label)
        ctx.problems.extend(problems)
        for s in sheets:
            if s.raw is None or _has_assessor(s.raw):
                out.extend([s.raw] if s.raw is not None else [])
            elif len(sheets) > 1:
                message = W.SHEETS_NEED_ASSESSOR.format(n=F.integer(len(sheets)))
                ctx.problems.append(Problem(s.file, message, row=1, code=Code.SHEETS_NEED_ASSESSOR))
            else:
                out.append(with_assessor(s.raw, member.stem))
    return out
