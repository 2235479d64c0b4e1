"""Checking the scores table, long or wide form, into the long table of ``Round.scores``.

Long form has the columns ``application_id, assessor, criterion, score``; wide form
``application_id, assessor`` and one column per criterion id, where an empty cell is no score
(CONTRACT section 1). Both become *entries*, one per score written, which are then checked the
same way: on the scale, for a known application, not given twice; and every eligible
application needs a score for every criterion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

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
from allocation.round.files import RawTable
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
    )


def _out_of_scale(e: Entries, scale: tuple[float, float], file: str) -> list[tuple[int, Problem]]:
    low, high = scale
    has = ~pd.isna(e.scores)
    values = np.where(has, e.scores, np.nan).astype(float)
    inside = (low - SCORE_TOLERANCE <= values) & (values <= high + SCORE_TOLERANCE)
    return cell_problems(
        file,
        Code.SCORE_OUT_OF_SCALE,
        np.flatnonzero(has & ~inside),
        e.rows,
        lambda i: W.SCORE_OUT_OF_SCALE.format(
            value=W.number(values[i]), low=W.number(low), high=W.number(high)
        ),
        lambda i: e.score_columns[i],
    )


def _resolve_ids(
    e: Entries, id_keys: np.ndarray, apps: Applications, file: str
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
        file,
        Code.UNKNOWN_APPLICATION,
        np.flatnonzero(~known & (id_keys != "")),
        e.rows,
        lambda i: W.SCORE_UNKNOWN_APPLICATION.format(id=e.ids[i], applications=apps.file),
        "application_id",
    )
    return resolved, positions, found


def _codes(*columns: np.ndarray) -> np.ndarray:
    """One integer per distinct combination of the columns' values (a composite key)."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column)
        combined = combined * (len(uniques) + 1) + codes + 1
    return combined


def _duplicates(e: Entries, id_keys: np.ndarray, file: str) -> list[tuple[int, Problem]]:
    """The same (application, assessor, criterion) given again, naming the first row."""
    counted = np.flatnonzero((id_keys != "") & filled(e.assessors) & filled(e.criteria) & e.present)
    triple = _codes(id_keys[counted], keys(e.assessors[counted]), keys(e.criteria[counted]))
    repeated = pd.Series(triple).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return []
    row_of = dict(zip(triple[~repeated].tolist(), e.rows[counted][~repeated].tolist(), strict=True))
    triple_of = dict(zip(counted.tolist(), triple.tolist(), strict=True))
    return cell_problems(
        file,
        Code.DUPLICATE_SCORE,
        counted[repeated],
        e.rows,
        lambda i: W.SCORE_DUPLICATE.format(
            assessor=e.assessors[i],
            id=e.ids[i],
            criterion=e.criteria[i],
            first=row_of[triple_of[i]],
        ),
        lambda i: e.duplicate_columns[i],
    )


def _missing_scores(
    e: Entries, positions: np.ndarray, apps: Applications, ctx: Context, file: str
) -> None:
    """Every eligible application (its first row, when an id repeats) needs a score for every
    criterion. ``positions`` are the entries' applications (NaN where unknown)."""
    criteria: list[str] | None = ctx.partial.get("criteria")
    if apps.table is None or not criteria:
        return
    table = apps.table
    n = len(table)
    by_key = {key(c): q for q, c in reversed(list(enumerate(criteria)))}
    criterion_at = pd.Series(keys(e.criteria), dtype=object).map(by_key).to_numpy()
    counted = ~pd.isna(positions) & ~pd.isna(criterion_at) & e.present
    scored = np.zeros((n, len(criteria)), dtype=bool)
    scored[positions[counted].astype(np.int64), criterion_at[counted].astype(np.int64)] = True
    app_keys = keys(apps.ids)
    first = pd.Series(app_keys, dtype=object).map(apps.index).to_numpy() == np.arange(n)
    types = ctx.partial.get("applicant_types")
    candidates = (
        (app_keys != "") & eligible(table["applicant_type"].to_numpy(dtype=object), types) & first
    )
    rows = table["source_row"].tolist()
    for i, q in np.argwhere(~scored & candidates[:, None]):
        message = W.SCORE_MISSING.format(
            id=apps.ids[i], row=rows[i], applications=apps.file, criterion=criteria[q]
        )
        column = "criterion" if e.long_form else criteria[q]
        ctx.problems.append(Problem(file, message, column=column, code=Code.MISSING_SCORE))


def check_scores(raw: RawTable, ctx: Context, apps: Applications) -> pd.DataFrame:
    """Check scores (long or wide form); return the long table (entries with a score written)."""
    headers = {h.casefold() for h in raw.header}
    long_form = "criterion" in headers and "score" in headers
    e = long_entries(raw, ctx) if long_form else wide_entries(raw, ctx)
    id_keys = keys(e.ids)
    scale = ctx.partial.get("scale") or (1.0, 6.0)
    resolved, positions, unknown = _resolve_ids(e, id_keys, apps, raw.file)
    found = _out_of_scale(e, scale, raw.file) + unknown + _duplicates(e, id_keys, raw.file)
    # Per entry: scale, then unknown application, then a repeated score (a stable sort).
    found.sort(key=lambda item: item[0])
    ctx.problems.extend(p for _, p in found)
    _missing_scores(e, positions, apps, ctx, raw.file)
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
        table = table[e.present]
    return table.reset_index(drop=True)
